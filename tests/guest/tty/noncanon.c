/* Non-canonical reads, the four VMIN/VTIME cases. Only timing-independent facts are
 * asserted: what a read returns, and that a timed-out read waited at least most of VTIME
 * (a lower bound; no upper bounds). Bytes typed "later" come from a child that sleeps
 * first; VTIME is generous wherever the data must win the race against the timer.
 * Also: O_NONBLOCK with MIN=0/TIME=0 (0) and MIN=1 (EAGAIN), poll honouring VMIN, a read
 * smaller than VMIN, and switching from canonical mode with a partial line pending. */
#include "pty.h"

static int m, s;

static void mode(int min, int time) {
  struct termios t;
  get_termios(s, &t);
  t.c_lflag &= ~(ICANON | ECHO);
  t.c_cc[VMIN] = min;
  t.c_cc[VTIME] = time;
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
}

/* Types `in` on the master and waits until the slave has it (VMIN=1 while waiting). */
static void typed(const char *in) {
  struct termios t;
  get_termios(s, &t);
  mode(1, 0);
  put(m, in);
  CHECK(wait_readable(s, 2000));
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
}

/* A child types `in` after `ms` milliseconds. */
static pid_t type_later(const char *in, int ms) {
  pid_t p = xfork();
  CHECK(p >= 0);
  if (p == 0) {
    usleep(ms * 1000);
    put(m, in);
    _exit(0);
  }
  return p;
}

static void reap(pid_t p) {
  int st;
  CHECK(waitpid_retry(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void timed_read(const char *label, int cap, int at_least_ms) {
  char buf[64];
  long t0 = now_ms();
  errno = 0;
  int r = read(s, buf, cap);
  long dt = now_ms() - t0;
  if (r < 0) printf("%s: -1 %s\n", label, errname(errno));
  else {
    printf("%s: ", label);
    show("read", buf, r);
  }
  if (at_least_ms > 0) printf("  waited at least %d ms: %d\n", at_least_ms, dt >= at_least_ms);
}

int main(void) {
  setup(30);
  open_pty(&m, &s, NULL, 0);

  printf("MIN=0 TIME=0 (polling read)\n");
  mode(0, 0);
  timed_read("  nothing typed", 64, 0);
  typed("abc");
  timed_read("  3 typed, read 2", 2, 0);
  timed_read("  then read 64", 64, 0);

  printf("MIN=0 TIME=2 (read with timeout)\n");
  mode(0, 2);
  timed_read("  nothing typed", 64, 150);
  typed("de");
  timed_read("  2 already typed", 64, 0);
  mode(0, 30);
  pid_t p = type_later("f", 100);
  timed_read("  1 typed later, TIME=30", 64, 50);
  reap(p);

  printf("MIN=3 TIME=0 (counted read)\n");
  mode(3, 0);
  typed("gh");
  {
    struct pollfd pf = {s, POLLIN, 0};
    printf("  poll with 2 of 3 typed: %d\n", poll(&pf, 1, 100));
  }
  p = type_later("ij", 100);
  timed_read("  2 typed then 2 more later", 64, 50);
  reap(p);
  typed("kl");
  timed_read("  2 typed, read of 2 (smaller than MIN)", 2, 0);
  typed("mnopq");
  timed_read("  5 typed, read 64", 64, 0);

  printf("MIN=2 TIME=2 (interbyte timer)\n");
  mode(2, 2);
  typed("r");
  timed_read("  1 typed: returns after the timer", 64, 150);
  p = type_later("s", 100);
  timed_read("  nothing typed, 1 byte later: waits for it, then the timer", 64, 150);
  reap(p);
  typed("tu");
  timed_read("  2 typed", 64, 0);
  mode(2, 30);
  p = type_later("vw", 100);
  timed_read("  2 typed later, TIME=30", 64, 50);
  reap(p);

  printf("O_NONBLOCK\n");
  CHECK(fcntl(s, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  mode(0, 0);
  timed_read("  MIN=0 TIME=0, nothing typed", 64, 0);
  mode(1, 0);
  timed_read("  MIN=1, nothing typed", 64, 0);
  mode(0, 5);
  timed_read("  MIN=0 TIME=5, nothing typed", 64, 0);
  CHECK(fcntl(s, F_SETFL, O_RDWR) == 0);

  printf("canonical -> non-canonical with a partial line\n");
  struct termios t;
  get_termios(s, &t);
  t.c_lflag |= ICANON;
  t.c_lflag &= ~ECHO;
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  put(m, "line\npart");
  char buf[64];
  int r = read(s, buf, sizeof buf);
  show("  canonical read", buf, r);
  mode(1, 0);
  r = read(s, buf, sizeof buf);
  show("  after switching to MIN=1", buf, r);
  return 0;
}
