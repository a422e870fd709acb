/* Sessions and process groups, the error rules: setsid (EPERM for a group leader; the new
 * session and group are the caller's pid, children inherit them), getsid/getpgid (ESRCH
 * for no such process, allowed across sessions), setpgid (EINVAL for a negative pgid,
 * ESRCH for a process that is neither the caller nor its child, EPERM for a session leader,
 * a child in another session or a group that does not exist in the session, EACCES for a
 * child that has called execve, success for a child before exec and into an existing group).
 * The top process never calls setsid (whether it leads a group depends on the runner). */
#include "pty.h"
#include "../proc/reexec.h"

#define NOPID (1 << 30)

extern char **environ;

/* After exec: tell the parent (fd argv[2]) and wait for EOF on fd argv[3]. */
static int execed(char **argv) {
  int tell = atoi(argv[2]), hold = atoi(argv[3]);
  send_byte(tell, 'e');
  wait_eof(hold);
  return 0;
}

static void show_err(const char *label, int r) {
  printf("%s: %s\n", label, r < 0 ? errname(errno) : "0");
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "execed") == 0) return execed(argv);
  setup(20);
  int st;
  printf("getsid(0) == getsid(self): %d\n", getsid(0) == getsid(getpid()));
  printf("getpgid(0) == getpgrp(): %d\n", getpgid(0) == getpgrp());
  errno = 0;
  show_err("getsid(no such pid)", getsid(NOPID));
  errno = 0;
  show_err("getpgid(no such pid)", getpgid(NOPID));
  errno = 0;
  show_err("setpgid(0, -1)", setpgid(0, -1));
  errno = 0;
  show_err("setpgid(no such pid, 0)", setpgid(NOPID, 0));

  /* A child: group leader cannot setsid; a fresh child can. */
  pid_t c = xfork();
  CHECK(c >= 0);
  if (c == 0) {
    errno = 0;
    show_err("child: setpgid(getppid(), 0) (not a child)", setpgid(getppid(), 0));
    CHECK(setpgid(0, 0) == 0);
    errno = 0;
    show_err("child: setsid as group leader", setsid());
    _exit(0);
  }
  CHECK(waitpid_retry(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* A child that makes its own session. */
  pid_t top_pgrp = getpgrp();
  int ready[2], hold[2];
  CHECK(pipe(ready) == 0 && pipe(hold) == 0);
  c = xfork();
  CHECK(c >= 0);
  if (c == 0) {
    close(hold[1]);
    pid_t sid = setsid();
    printf("child: setsid() == pid %d, getsid == pid %d, getpgrp == pid %d\n", sid == getpid(), getsid(0) == getpid(),
           getpgrp() == getpid());
    errno = 0;
    show_err("child: setsid again", setsid());
    errno = 0;
    show_err("child: setpgid(0, 0) as session leader", setpgid(0, 0));
    /* A grandchild inherits session and group. */
    pid_t g = xfork();
    CHECK(g >= 0);
    if (g == 0) {
      printf("grandchild: same session %d, same group %d\n", getsid(0) == getppid(), getpgrp() == getppid());
      errno = 0;
      show_err("grandchild: setpgid(0, a group of the old session)", setpgid(0, top_pgrp));
      _exit(0);
    }
    CHECK(waitpid_retry(g, &st, 0) == g);
    send_byte(ready[1], 'r');
    wait_eof(hold[0]);
    _exit(0);
  }
  close(hold[0]);
  CHECK(recv_byte(ready[0]) == 'r');
  printf("parent: getsid(child) == child %d, getpgid(child) == child %d\n", getsid(c) == c, getpgid(c) == c);
  errno = 0;
  show_err("parent: setpgid(child in another session, child)", setpgid(c, c));
  errno = 0;
  show_err("parent: setpgid(child in another session, own group)", setpgid(c, getpgrp()));
  close(hold[1]);
  CHECK(waitpid_retry(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* setpgid before and after the child's execve. */
  int tell[2];
  CHECK(pipe(tell) == 0 && pipe(hold) == 0);
  int go[2];
  CHECK(pipe(go) == 0);
  c = xfork();
  CHECK(c >= 0);
  if (c == 0) {
    close(hold[1]);
    close(tell[0]);
    CHECK(recv_byte(go[0]) == 'g');
    char a2[16], a3[16];
    snprintf(a2, sizeof a2, "%d", tell[1]);
    snprintf(a3, sizeof a3, "%d", hold[0]);
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    CHECK(n > 0);
    self[n] = 0;
    char *args[] = {argv[0], "execed", a2, a3, NULL};
    exec_program(self, args, environ);
    _exit(99);
  }
  close(hold[0]);
  close(tell[1]);
  errno = 0;
  show_err("parent: setpgid(child before exec, child)", setpgid(c, c));
  errno = 0;
  show_err("parent: setpgid(child, own group) (an existing group)", setpgid(c, getpgrp()));
  printf("child back in the parent's group: %d\n", getpgid(c) == getpgrp());
  errno = 0;
  show_err("parent: setpgid(child, no such group)", setpgid(c, NOPID));
  send_byte(go[1], 'g');
  CHECK(recv_byte(tell[0]) == 'e');
  errno = 0;
  show_err("parent: setpgid(child after exec, child)", setpgid(c, c));
  close(hold[1]);
  CHECK(waitpid_retry(c, &st, 0) == c);
  print_status("exec'd child", st);
  return 0;
}
