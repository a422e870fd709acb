/* Job control on the controlling terminal, from a background process group of the
 * terminal's session (the "shell" A is a session leader in the foreground; each job is a
 * child in its own group):
 * - read: SIGTTIN stops the job; made foreground and continued, its read gets the line;
 *   SIGTTIN ignored or blocked -> EIO; caught (no SA_RESTART) -> handler, EINTR;
 * - write: allowed without TOSTOP; with TOSTOP SIGTTOU stops the job, unless SIGTTOU is
 *   ignored or blocked (then the write happens);
 * - tcsetattr stops with SIGTTOU even without TOSTOP (unless ignored); tcgetattr is allowed;
 *   so do tcdrain, tcflush, tcflow, TCSETSW, tcsendbreak; TIOCSWINSZ/TIOCGWINSZ/FIONREAD do not;
 * - tcsetpgrp from the background: SIGTTOU, unless blocked (then it takes the terminal);
 * - an orphaned background group reading or writing (TOSTOP) gets EIO, not a stop. */
#include "pty.h"

static int m, s;

enum how { DFL, IGN, BLOCK, CATCH };

static volatile sig_atomic_t caught;
static void on_sig(int sig) {
  (void)sig;
  caught++;
}

static void dispose(int sig, enum how how) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = how == IGN ? SIG_IGN : how == CATCH ? on_sig : SIG_DFL;
  sigaction(sig, &sa, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(how == BLOCK ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static pid_t start_job(void) {
  pid_t j = xfork();
  CHECK(j >= 0);
  if (j == 0) {
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    return 0;
  }
  setpgid(j, j);
  return j;
}

static void finish(pid_t j, int stopped_kill) {
  int st;
  CHECK(waitpid_retry(j, &st, WUNTRACED) == j);
  print_status("  job", st);
  if (WIFSTOPPED(st) && stopped_kill) {
    CHECK(kill(j, SIGKILL) == 0);
    CHECK(waitpid_retry(j, &st, 0) == j);
    print_status("  job", st);
  }
}

static void master_output(const char *label, int want) {
  char buf[128];
  int r = drain(m, buf, want, 1000);
  printf("  ");
  show(label, buf, r);
}

static void bg_read(const char *label, enum how how) {
  printf("background read, SIGTTIN %s\n", label);
  pid_t j = start_job();
  if (j == 0) {
    dispose(SIGTTIN, how);
    char buf[64];
    errno = 0;
    int r = read(s, buf, sizeof buf);
    printf("  job: read %d %s, handler ran %d\n", r, r < 0 ? errname(errno) : "", (int)caught);
    _exit(0);
  }
  finish(j, 1);
}

static void bg_write(const char *label, int tostop, enum how how) {
  printf("background write, %s, SIGTTOU %s\n", tostop ? "TOSTOP" : "-TOSTOP", label);
  lflags(m, tostop ? TOSTOP : 0, tostop ? 0 : TOSTOP);
  pid_t j = start_job();
  if (j == 0) {
    dispose(SIGTTOU, how);
    errno = 0;
    int r = write(s, "bg\n", 3);
    printf("  job: write %d %s\n", r, r < 0 ? errname(errno) : "");
    _exit(0);
  }
  finish(j, 1);
  master_output("master got", 4);
  lflags(m, 0, TOSTOP);
}

static void bg_tcsetattr(const char *label, enum how how) {
  printf("background tcsetattr, SIGTTOU %s\n", label);
  pid_t j = start_job();
  if (j == 0) {
    dispose(SIGTTOU, how);
    struct termios t;
    errno = 0;
    int g = tcgetattr(s, &t);
    printf("  job: tcgetattr %d\n", g);
    int r = tcsetattr(s, TCSANOW, &t);
    printf("  job: tcsetattr %d %s\n", r, r < 0 ? errname(errno) : "");
    _exit(0);
  }
  finish(j, 1);
}

static void bg_tcsetpgrp(const char *label, enum how how) {
  printf("background tcsetpgrp, SIGTTOU %s\n", label);
  pid_t j = start_job();
  if (j == 0) {
    dispose(SIGTTOU, how);
    errno = 0;
    int r = tcsetpgrp(s, getpgrp());
    printf("  job: tcsetpgrp %d %s, now foreground %d\n", r, r < 0 ? errname(errno) : "", tcgetpgrp(s) == getpgrp());
    _exit(0);
  }
  finish(j, 1);
  printf("  job's group is the foreground: %d\n", tcgetpgrp(s) == j);
  CHECK(tcsetpgrp(s, getpgrp()) == 0);
}

/* Other terminal ioctls from the background: the ones that change the terminal stop the
 * job with SIGTTOU (even without TOSTOP); size queries and FIONREAD, and TIOCSWINSZ, do not. */
static void bg_ioctl(const char *label, int op) {
  printf("background %s\n", label);
  pid_t j = start_job();
  if (j == 0) {
    struct winsize w = {.ws_row = 10, .ws_col = 20};
    struct termios t;
    int n, r = -2;
    errno = 0;
    switch (op) {
      case 0: r = tcdrain(s); break;
      case 1: r = tcflush(s, TCIFLUSH); break;
      case 2: r = tcflow(s, TCOON); break;
      case 3:
        CHECK(tcgetattr(s, &t) == 0);
        r = tcsetattr(s, TCSADRAIN, &t);
        break;
      case 4: r = tcsendbreak(s, 0); break;
      case 5: r = ioctl(s, TIOCSWINSZ, &w); break;
      case 6: r = ioctl(s, TIOCGWINSZ, &w); break;
      case 7: r = ioctl(s, FIONREAD, &n); break;
    }
    printf("  job: %d %s\n", r, r < 0 ? errname(errno) : "");
    _exit(0);
  }
  finish(j, 1);
}

/* The shell: A, a session leader with the pty as controlling terminal, in the foreground. */
static int shell(void) {
  CHECK(setsid() == getpid());
  CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
  dispose(SIGTTOU, BLOCK);
  lflags(m, 0, ECHO);

  /* Stopped by SIGTTIN, then brought to the foreground ("fg") and continued. */
  printf("background read, SIGTTIN default, then fg\n");
  pid_t j = start_job();
  if (j == 0) {
    char buf[64];
    int r = read(s, buf, sizeof buf);
    printf("  job: ");
    show("read", buf, r > 0 ? r : 0);
    _exit(0);
  }
  int st;
  CHECK(waitpid_retry(j, &st, WUNTRACED) == j);
  print_status("  job", st);
  CHECK(tcsetpgrp(s, j) == 0);
  put(m, "fg input\n");
  CHECK(kill(j, SIGCONT) == 0);
  CHECK(waitpid_retry(j, &st, 0) == j);
  print_status("  job", st);
  CHECK(tcsetpgrp(s, getpgrp()) == 0);

  bg_read("ignored", IGN);
  bg_read("blocked", BLOCK);
  bg_read("caught", CATCH);
  bg_write("default", 0, DFL);
  bg_write("default", 1, DFL);
  bg_write("ignored", 1, IGN);
  bg_write("blocked", 1, BLOCK);
  bg_tcsetattr("default", DFL);
  bg_tcsetattr("ignored", IGN);
  bg_tcsetpgrp("default", DFL);
  bg_tcsetpgrp("blocked", BLOCK);

  bg_ioctl("tcdrain (TCSBRK)", 0);
  bg_ioctl("tcflush (TCFLSH)", 1);
  bg_ioctl("tcflow (TCXONC)", 2);
  bg_ioctl("tcsetattr TCSADRAIN (TCSETSW)", 3);
  bg_ioctl("tcsendbreak (TCSBRK 0)", 4);
  bg_ioctl("TIOCSWINSZ", 5);
  bg_ioctl("TIOCGWINSZ", 6);
  bg_ioctl("FIONREAD", 7);

  /* An orphaned background group: K's parent J exits, K's new parent is outside the session. */
  printf("orphaned background group\n");
  int go[2], rep[2];
  CHECK(pipe(go) == 0 && pipe(rep) == 0);
  lflags(m, TOSTOP, 0);
  j = xfork();
  CHECK(j >= 0);
  if (j == 0) {
    pid_t k = xfork();
    CHECK(k >= 0);
    if (k == 0) {
      CHECK(setpgid(0, 0) == 0);
      dispose(SIGTTOU, DFL);
      CHECK(recv_byte(go[0]) == 'g');
      char buf[64];
      errno = 0;
      int r = read(s, buf, sizeof buf);
      printf("  orphan: read %d %s\n", r, r < 0 ? errname(errno) : "");
      errno = 0;
      r = write(s, "orphan\n", 7);
      printf("  orphan: write with TOSTOP %d %s\n", r, r < 0 ? errname(errno) : "");
      send_byte(rep[1], 'd');
      _exit(0);
    }
    _exit(0);
  }
  CHECK(waitpid_retry(j, &st, 0) == j);
  send_byte(go[1], 'g');
  CHECK(recv_byte(rep[0]) == 'd');
  lflags(m, 0, TOSTOP);

  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  char buf[64];
  errno = 0;
  result("leftover output on the master", read(m, buf, sizeof buf));
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
