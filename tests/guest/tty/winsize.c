/* Window size: TIOCGWINSZ of a fresh pty is all zero; TIOCSWINSZ on the master is seen by
 * the slave (all four fields) and sends SIGWINCH to the foreground process group only,
 * and only when the size changes; TIOCSWINSZ on the slave does the same.
 * The foreground group is a session leader "A" with the pty as controlling terminal; "B"
 * is in a background group of the same session. Both count SIGWINCH and report the count
 * when asked through a pipe (the signal is sent during the ioctl, so it has been handled
 * by the time the question is read). */
#include "pty.h"

static volatile sig_atomic_t winches;

static void on_winch(int sig) {
  (void)sig;
  winches++;
}

/* Serves count requests: 'r' -> the number of SIGWINCH so far; 'q' -> exit. */
static void counter(int cmd, int ans) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_winch;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGWINCH, &sa, NULL);
  send_byte(ans, 'k');
  for (;;) {
    char c = recv_byte(cmd);
    if (c != 'r') _exit(0);
    send_byte(ans, (char)('0' + winches));
  }
}

static int a_cmd[2], a_ans[2], b_cmd[2], b_ans[2];

static void counts(const char *label) {
  send_byte(a_cmd[1], 'r');
  char ca = recv_byte(a_ans[0]);
  send_byte(b_cmd[1], 'r');
  char cb = recv_byte(b_ans[0]);
  printf("%s: SIGWINCH foreground=%c background=%c\n", label, ca, cb);
}

static void setsize(int fd, int rows, int cols, int xp, int yp) {
  struct winsize w = {.ws_row = rows, .ws_col = cols, .ws_xpixel = xp, .ws_ypixel = yp};
  CHECK(ioctl(fd, TIOCSWINSZ, &w) == 0);
}

static void getsize(const char *label, int fd) {
  struct winsize w;
  memset(&w, 0xff, sizeof w);
  CHECK(ioctl(fd, TIOCGWINSZ, &w) == 0);
  printf("%s: %dx%d pixels %dx%d\n", label, w.ws_row, w.ws_col, w.ws_xpixel, w.ws_ypixel);
}

int main(void) {
  setup(20);
  int m, s, done[2];
  open_pty(&m, &s, NULL, 0);
  getsize("fresh slave", s);
  getsize("fresh master", m);
  CHECK(pipe(a_cmd) == 0 && pipe(a_ans) == 0 && pipe(b_cmd) == 0 && pipe(b_ans) == 0 && pipe(done) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    CHECK(setsid() == getpid());
    CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
    pid_t b = xfork();
    CHECK(b >= 0);
    if (b == 0) {
      CHECK(setpgid(0, 0) == 0);
      counter(b_cmd[0], b_ans[1]);
    }
    counter(a_cmd[0], a_ans[1]);
  }
  close(done[1]);
  CHECK(recv_byte(a_ans[0]) == 'k' && recv_byte(b_ans[0]) == 'k');
  counts("start");

  setsize(m, 24, 80, 640, 480);
  getsize("slave after master TIOCSWINSZ", s);
  getsize("master", m);
  counts("after 24x80 on the master");
  setsize(m, 24, 80, 640, 480);
  counts("after the same size again");
  setsize(m, 24, 80, 800, 600);
  counts("after changing only the pixels");
  setsize(s, 50, 132, 0, 0);
  getsize("master after slave TIOCSWINSZ", m);
  counts("after 50x132 on the slave");
  setsize(m, 50, 133, 0, 0);
  counts("after one more column");

  send_byte(a_cmd[1], 'q');
  send_byte(b_cmd[1], 'q');
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("A", st);
  wait_eof(done[0]);
  return 0;
}
