/* A shell-like session running a three-process pipeline job on the pty: reader (reads
 * the terminal) | upcase | writer (writes the terminal), all in one process group.
 * - in the foreground, a typed line comes back echoed and then upper-cased;
 * - ^Z stops all three (WUNTRACED reports each);
 * - "bg": the shell takes the terminal and sends SIGCONT to the group; the reader's read
 *   from the background sends SIGTTIN to the whole group, which stops all three again;
 * - "fg": tcsetpgrp to the job and SIGCONT; the reader's read goes on in the foreground;
 * - ^C kills all three with SIGINT.
 * The order in which echo and the job's output reach the master is not asserted. */
#include "pty.h"
#include <ctype.h>

static int m, s;

static void reader(int out) {
  char buf[128];
  for (;;) {
    int r = read(s, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) _exit(2);
    write_all(out, buf, r);
  }
}

static void upcase(int in, int out) {
  char buf[128];
  for (;;) {
    int r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) _exit(3);
    for (int i = 0; i < r; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
    write_all(out, buf, r);
  }
}

static void writer(int in) {
  char buf[128];
  for (;;) {
    int r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) _exit(4);
    write_all(s, buf, r);
  }
}

/* Waits for n status changes of group pgid and prints them sorted (pids vary). */
static void collect(pid_t pgid, int n, int flags) {
  char lines[3][64];
  for (int i = 0; i < n; i++) {
    int st;
    CHECK(waitpid_retry(-pgid, &st, flags) > 0);
    if (WIFEXITED(st)) snprintf(lines[i], 64, "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) snprintf(lines[i], 64, "killed by %s", signame(WTERMSIG(st)));
    else if (WIFSTOPPED(st)) snprintf(lines[i], 64, "stopped by %s", signame(WSTOPSIG(st)));
    else snprintf(lines[i], 64, "continued");
  }
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (strcmp(lines[j], lines[i]) < 0) {
        char t[64];
        memcpy(t, lines[i], 64);
        memcpy(lines[i], lines[j], 64);
        memcpy(lines[j], t, 64);
      }
  for (int i = 0; i < n; i++) printf("  job member: %s\n", lines[i]);
}

/* Reads the master until both the echo and the job's output of `word` arrived. */
static void typed_line(const char *word) {
  char in[32], echo[32], out[32], got[128];
  snprintf(in, sizeof in, "%s\n", word);
  snprintf(echo, sizeof echo, "%s\r\n", word);
  snprintf(out, sizeof out, "%s", echo);
  for (char *p = out; *p; p++) *p = (char)toupper((unsigned char)*p);
  put(m, in);
  int want = (int)(strlen(echo) + strlen(out));
  int r = drain(m, got, want, 2000);
  got[r] = 0;
  printf("  typed %s: master got %d bytes, echo %d, job output %d\n", word, r, strstr(got, echo) != NULL,
         strstr(got, out) != NULL);
}

static void echo(int want) {
  char buf[32];
  int r = drain(m, buf, want, 1000);
  printf("  ");
  show("echo", buf, r);
}

static int shell(void) {
  CHECK(setsid() == getpid());
  CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
  sigset_t ttou;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  sigprocmask(SIG_BLOCK, &ttou, NULL);
  int p1[2], p2[2], start[2];
  CHECK(pipe(p1) == 0 && pipe(p2) == 0 && pipe(start) == 0);
  pid_t pg = 0;
  for (int i = 0; i < 3; i++) {
    pid_t c = xfork();
    CHECK(c >= 0);
    if (c == 0) {
      setpgid(0, pg);
      sigprocmask(SIG_UNBLOCK, &ttou, NULL);
      /* Start once the shell has put the job in the foreground (closed `start`). */
      close(start[1]);
      wait_eof(start[0]);
      close(start[0]);
      if (i == 0) {
        close(p1[0]);
        close(p2[0]);
        close(p2[1]);
        reader(p1[1]);
      }
      if (i == 1) {
        close(p1[1]);
        close(p2[0]);
        upcase(p1[0], p2[1]);
      }
      close(p1[0]);
      close(p1[1]);
      close(p2[1]);
      writer(p2[0]);
    }
    setpgid(c, pg ? pg : c);
    if (!pg) pg = c;
  }
  close(p1[0]);
  close(p1[1]);
  close(p2[0]);
  close(p2[1]);
  CHECK(tcsetpgrp(s, pg) == 0);
  close(start[0]);
  close(start[1]);

  printf("foreground job\n");
  typed_line("hello");
  printf("^Z\n");
  put(m, "\x1a");
  collect(pg, 3, WUNTRACED);
  echo(2);
  printf("bg\n");
  CHECK(tcsetpgrp(s, getpgrp()) == 0);
  CHECK(kill(-pg, SIGCONT) == 0);
  collect(pg, 3, WUNTRACED);
  printf("fg\n");
  CHECK(tcsetpgrp(s, pg) == 0);
  CHECK(kill(-pg, SIGCONT) == 0);
  typed_line("world");
  printf("^C\n");
  put(m, "\x03");
  collect(pg, 3, 0);
  echo(2);
  CHECK(tcsetpgrp(s, getpgrp()) == 0);
  return 0;
}

int main(void) {
  setup(30);
  int done[2];
  open_pty(&m, &s, NULL, 0);
  CHECK(pipe(done) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    _exit(shell());
  }
  close(done[1]);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("shell", st);
  wait_eof(done[0]);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
