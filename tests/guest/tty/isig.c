/* ISIG: characters typed on the master signal the slave's foreground process group.
 * A "shell" child makes a new session with the pty as controlling terminal (setsid +
 * TIOCSCTTY) and runs a "job" in its own process group in the foreground (tcsetpgrp).
 * ^C -> SIGINT (echo "^C", pending partial line flushed; kept with NOFLSH), ^\ -> SIGQUIT,
 * ^Z -> SIGTSTP stops the job (WUNTRACED), SIGCONT resumes it (WCONTINUED) and its read
 * goes on, -ISIG makes them data, a changed VINTR, and ^C with the default action kills;
 * ^Z to an orphaned group (the shell's own) is discarded.
 * The job reports each signal from its handler and each line it reads on a pipe. */
#include "pty.h"

static int m, s, rep[2], go[2];

static void report(const char *text) { write_all(rep[1], text, (int)strlen(text)); }

static void on_sig(int sig) {
  int e = errno;
  report(sig == SIGINT ? "handler: SIGINT\n" : sig == SIGQUIT ? "handler: SIGQUIT\n" : "handler: other\n");
  errno = e;
}

static void job(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGQUIT, &sa, NULL);
  report("job ready\n");
  /* Read the terminal only once the shell has made this group the foreground. */
  CHECK(recv_byte(go[0]) == 'g');
  for (;;) {
    char buf[128], line[300];
    int r = read(s, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      snprintf(line, sizeof line, "job read: %d %s\n", r, r < 0 ? errname(errno) : "");
      report(line);
      _exit(3);
    }
    int n = snprintf(line, sizeof line, "job read %d:", r);
    for (int i = 0; i < r; i++) n += snprintf(line + n, sizeof line - n, " %02x", (unsigned char)buf[i]);
    snprintf(line + n, sizeof line - n, "\n");
    report(line);
    if (r == 4 && memcmp(buf, "dfl\n", 4) == 0) {
      signal(SIGINT, SIG_DFL);
      report("job: SIGINT back to default\n");
    }
  }
}

/* Reads one report line from the job and prints it. */
static void expect_report(void) {
  char line[300];
  int n = 0;
  while (n < (int)sizeof line - 1) {
    char c = recv_byte(rep[0]);
    if (c == 0) break;
    line[n++] = c;
    if (c == '\n') break;
  }
  line[n] = 0;
  printf("  %s", n ? line : "(no report)\n");
  CHECK(n > 0);
}

static void echo(const char *label, int want) {
  char buf[64];
  int r = drain(m, buf, want, 1000);
  printf("  ");
  show(label, buf, r);
}

static void set_master_lflags(tcflag_t on, tcflag_t off) { lflags(m, on, off); }

static int shell(void) {
  CHECK(setsid() == getpid());
  CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
  sigset_t ttou;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  sigprocmask(SIG_BLOCK, &ttou, NULL);
  pid_t b = xfork();
  CHECK(b >= 0);
  if (b == 0) {
    setpgid(0, 0);
    sigprocmask(SIG_UNBLOCK, &ttou, NULL);
    job();
  }
  setpgid(b, b);
  CHECK(tcsetpgrp(s, b) == 0);
  expect_report();
  send_byte(go[1], 'g');
  pid_t fg;
  CHECK(ioctl(m, TIOCGPGRP, &fg) == 0);
  printf("  master TIOCGPGRP is the job: %d\n", fg == b);

  printf("^C\n");
  put(m, "\x03");
  expect_report();
  echo("echo", 2);

  printf("partial line then ^C (flushed)\n");
  put(m, "abc");
  echo("echo", 3);
  put(m, "\x03");
  expect_report();
  echo("echo", 2);
  put(m, "x\n");
  expect_report();
  echo("echo", 3);

  printf("NOFLSH: partial line then ^C (kept)\n");
  set_master_lflags(NOFLSH, 0);
  put(m, "abc");
  echo("echo", 3);
  put(m, "\x03");
  expect_report();
  echo("echo", 2);
  put(m, "x\n");
  expect_report();
  echo("echo", 3);
  set_master_lflags(0, NOFLSH);

  printf("^\\\n");
  put(m, "\x1c");
  expect_report();
  echo("echo", 2);

  printf("^Z\n");
  put(m, "\x1a");
  int st;
  CHECK(waitpid_retry(b, &st, WUNTRACED) == b);
  print_status("  job", st);
  echo("echo", 2);
  CHECK(kill(b, SIGCONT) == 0);
  CHECK(waitpid_retry(b, &st, WCONTINUED) == b);
  print_status("  job", st);
  put(m, "after stop\n");
  expect_report();
  echo("echo", 12);

  printf("-ISIG: the characters are data\n");
  set_master_lflags(0, ISIG);
  put(m, "\x03\x1c\x1a\n");
  expect_report();
  echo("echo", 8);
  set_master_lflags(ISIG, 0);

  printf("VINTR changed to 'q'\n");
  struct termios t;
  get_termios(m, &t);
  t.c_cc[VINTR] = 'q';
  CHECK(tcsetattr(m, TCSANOW, &t) == 0);
  put(m, "\x03");
  echo("echo", 2);
  put(m, "q");
  expect_report();
  echo("echo", 1);
  put(m, "\n");
  expect_report();
  echo("echo", 2);
  t.c_cc[VINTR] = 3;
  CHECK(tcsetattr(m, TCSANOW, &t) == 0);

  printf("^C with the default action\n");
  put(m, "dfl\n");
  expect_report();
  expect_report();
  echo("echo", 5);
  put(m, "\x03");
  CHECK(waitpid_retry(b, &st, 0) == b);
  print_status("  job", st);
  echo("echo", 2);

  /* The shell takes the terminal back from the background (SIGTTOU is blocked). */
  CHECK(tcgetpgrp(s) == b);
  CHECK(tcsetpgrp(s, getpgrp()) == 0);
  printf("shell back in the foreground: %d\n", tcgetpgrp(s) == getpgrp());

  /* The shell's own group is orphaned (its parent is in another session): a ^Z with
   * SIGTSTP at its default action is discarded instead of stopping it. */
  printf("^Z to the shell's orphaned group\n");
  put(m, "\x1a");
  echo("echo", 2);
  put(m, "x\n");
  char buf[16];
  int r = read(s, buf, sizeof buf);
  printf("  shell still running, ");
  show("read", buf, r);
  echo("echo", 3);
  return 0;
}

int main(void) {
  setup(30);
  int done[2];
  open_pty(&m, &s, NULL, 0);
  CHECK(pipe(rep) == 0 && pipe(go) == 0 && pipe(done) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    _exit(shell());
  }
  close(done[1]);
  close(rep[1]);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("shell", st);
  wait_eof(done[0]);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
