/* Process groups and sessions: setpgid/getpgid/getsid/setsid, waiting by
 * group (waitpid(0), waitpid(-pgid), waitid(P_PGID)) and kill(-pgid). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static pid_t child_in_group(pid_t pgid, int code, int sleep_forever) {
  pid_t p = fork();
  if (p == 0) {
    if (sleep_forever) {
      for (;;) pause();
    }
    _exit(code);
  }
  CHECK(setpgid(p, pgid == 0 ? p : pgid) == 0);
  return p;
}

int main(void) {
  pid_t me = getpid();
  CHECK(getpgid(0) == getpgrp());
  CHECK(getsid(0) == getsid(me));
  /* A child in our group and two in a new group led by the first of them. */
  int go[2];
  CHECK(pipe(go) == 0);
  pid_t a = fork();
  if (a == 0) {
    char c;
    CHECK(read(go[0], &c, 1) == 1);
    _exit(11);
  }
  CHECK(setpgid(a, a) == 0);
  CHECK(getpgid(a) == a);
  pid_t b = child_in_group(a, 12, 0);
  CHECK(getpgid(b) == a);
  pid_t c = child_in_group(getpgrp(), 13, 0);
  CHECK(getpgid(c) == getpgrp());
  int st;
  /* waitpid(0): only children in our own group. */
  CHECK(waitpid(0, &st, 0) == c && WEXITSTATUS(st) == 13);
  errno = 0;
  CHECK(waitpid(0, &st, WNOHANG) == -1 && errno == ECHILD);
  /* waitpid(-a) and waitid(P_PGID). */
  CHECK(waitpid(-a, &st, 0) == b && WEXITSTATUS(st) == 12);
  CHECK(write(go[1], "x", 1) == 1);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  CHECK(waitid(P_PGID, a, &si, WEXITED) == 0 && si.si_pid == a && si.si_status == 11);
  printf("group waits ok\n");
  /* kill(-pgid) reaches every member of the group. */
  pid_t l = child_in_group(0, 0, 1);
  pid_t m = child_in_group(l, 0, 1);
  usleep(10000);
  CHECK(kill(-l, SIGTERM) == 0);
  int got = 0;
  for (int i = 0; i < 2; i++) {
    pid_t w = waitpid(-l, &st, 0);
    CHECK(w == l || w == m);
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) got++;
  }
  printf("kill(-pgid) ended %d\n", got);
  errno = 0;
  CHECK(kill(-l, SIGTERM) == -1 && errno == ESRCH);
  /* setsid in a child: a new session and group; a group leader cannot. */
  pid_t s = fork();
  if (s == 0) {
    pid_t sid = setsid();
    int ok = sid == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
    errno = 0;
    int again = setsid() == -1 && errno == EPERM;
    _exit(ok && again ? 0 : 1);
  }
  CHECK(waitpid(s, &st, 0) == s && WEXITSTATUS(st) == 0);
  errno = 0;
  CHECK(setpgid(me + 100000, 0) == -1 && errno == ESRCH);
  printf("sessions ok\n");
  return 0;
}
