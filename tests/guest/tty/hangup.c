/* Hangups.
 * 1. The master closes while the session leader A is blocked reading the slave (its
 *    controlling terminal): the blocked read fails with EIO, A gets SIGHUP and SIGCONT,
 *    then reads return 0, writes and TCGETS fail with EIO, the session has no controlling
 *    terminal any more (/dev/tty ENXIO), and B, another process of A's (foreground) group,
 *    gets no signal and also reads 0 through the same open file.
 * 2. The session leader exits with a job B2 in the foreground: B2's group gets SIGHUP
 *    (no SIGCONT), C2 in the background group gets nothing, the session loses the
 *    controlling terminal, but the pty itself is not hung up (B2 still reads from it).
 * 3. A leader with SIGHUP at its default action is killed by the master's close.
 * Blocked-reader timing: A signals it is about to read and the master is closed 300 ms
 * later; that is the only sleep-based ordering here. */
#include "pty.h"

static volatile sig_atomic_t hups, conts;
static void on_sig(int sig) {
  if (sig == SIGHUP) hups++;
  if (sig == SIGCONT) conts++;
}

static void catch_both(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGCONT, &sa, NULL);
}

static void devtty(const char *label) {
  errno = 0;
  int fd = open("/dev/tty", O_RDWR);
  printf("%s open /dev/tty: %s\n", label, fd >= 0 ? "ok" : errname(errno));
  if (fd >= 0) close(fd);
}

static void io_after(const char *who, int s) {
  char buf[16];
  errno = 0;
  int r = read(s, buf, sizeof buf);
  printf("%s read: %d %s\n", who, r, r < 0 ? errname(errno) : "");
  errno = 0;
  r = write(s, "x", 1);
  printf("%s write: %d %s\n", who, r, r < 0 ? errname(errno) : "");
  struct termios t;
  errno = 0;
  r = tcgetattr(s, &t);
  printf("%s tcgetattr: %d %s\n", who, r, r < 0 ? errname(errno) : "");
}

static void master_close(void) {
  printf("1. master closes\n");
  int m, s, done[2], ready[2], go_a[2], go_b[2], ack[2];
  open_pty(&m, &s, NULL, 0);
  CHECK(pipe(done) == 0 && pipe(ready) == 0 && pipe(go_a) == 0 && pipe(go_b) == 0 && pipe(ack) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    close(m);
    CHECK(setsid() == getpid());
    CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
    catch_both();
    pid_t b = xfork();
    CHECK(b >= 0);
    if (b == 0) {
      CHECK(recv_byte(go_b[0]) == 'g');
      printf("  B (same group): SIGHUP %d SIGCONT %d\n", (int)hups, (int)conts);
      devtty("  B:");
      io_after("  B", s);
      send_byte(ack[1], 'b');
      _exit(0);
    }
    send_byte(ready[1], 'r');
    char buf[16];
    errno = 0;
    int r = read(s, buf, sizeof buf);
    printf("  A's blocked read: %d %s\n", r, r < 0 ? errname(errno) : "");
    CHECK(recv_byte(go_a[0]) == 'g');
    printf("  A (leader): SIGHUP %d SIGCONT %d\n", (int)hups, (int)conts);
    devtty("  A:");
    io_after("  A", s);
    send_byte(go_b[1], 'g');
    CHECK(recv_byte(ack[0]) == 'b');
    int st;
    CHECK(waitpid_retry(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    _exit(0);
  }
  close(done[1]);
  close(s);
  CHECK(recv_byte(ready[0]) == 'r');
  usleep(300000);
  close(m);
  send_byte(go_a[1], 'g');
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("  A", st);
  wait_eof(done[0]);
}

static void leader_exit(void) {
  printf("2. the session leader exits\n");
  int m, s, done[2], ready[2], go[2], go_c[2], ack[2];
  open_pty(&m, &s, NULL, 0);
  CHECK(pipe(done) == 0 && pipe(ready) == 0 && pipe(go) == 0 && pipe(go_c) == 0 && pipe(ack) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    close(m);
    CHECK(setsid() == getpid());
    CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
    pid_t b = xfork();
    CHECK(b >= 0);
    if (b == 0) {
      catch_both();
      CHECK(setpgid(0, 0) == 0);
      send_byte(ready[1], 'b');
      CHECK(recv_byte(go[0]) == 'g');
      printf("  B2 (foreground group): SIGHUP %d SIGCONT %d\n", (int)hups, (int)conts);
      devtty("  B2:");
      errno = 0;
      pid_t v;
      int r = ioctl(s, TIOCGPGRP, &v);
      printf("  B2 TIOCGPGRP on the slave: %d %s\n", r, r < 0 ? errname(errno) : "");
      send_byte(ack[1], 'r');
      char buf[16];
      r = read(s, buf, sizeof buf);
      printf("  B2 ");
      show("read", buf, r > 0 ? r : 0);
      send_byte(ack[1], 'd');
      _exit(0);
    }
    setpgid(b, b);
    pid_t c = xfork();
    CHECK(c >= 0);
    if (c == 0) {
      catch_both();
      send_byte(ready[1], 'c');
      CHECK(recv_byte(go_c[0]) == 'g');
      printf("  C2 (background group): SIGHUP %d SIGCONT %d\n", (int)hups, (int)conts);
      send_byte(ack[1], 'c');
      _exit(0);
    }
    CHECK(recv_byte(ready[0]) != 0 && recv_byte(ready[0]) != 0);
    CHECK(tcsetpgrp(s, b) == 0);
    _exit(0);
  }
  close(done[1]);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("  A2", st);
  send_byte(go[1], 'g');
  CHECK(recv_byte(ack[0]) == 'r');
  send_byte(go_c[1], 'g');
  CHECK(recv_byte(ack[0]) == 'c');
  put(m, "still\n");
  CHECK(recv_byte(ack[0]) == 'd');
  char buf[32];
  int r = drain(m, buf, 7, 1000);
  printf("  master ");
  show("echo", buf, r);
  wait_eof(done[0]);
  close(s);
  close(m);
}

/* The usual case: a leader with SIGHUP at its default action dies when the master closes. */
static void master_close_kills(void) {
  printf("3. master closes, the leader has no SIGHUP handler\n");
  int m, s, done[2], ready[2];
  open_pty(&m, &s, NULL, 0);
  CHECK(pipe(done) == 0 && pipe(ready) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    close(m);
    CHECK(setsid() == getpid());
    CHECK(ioctl(s, TIOCSCTTY, 0) == 0);
    send_byte(ready[1], 'r');
    char buf[16];
    for (;;) {
      int r = read(s, buf, sizeof buf);
      if (r <= 0) break;
    }
    _exit(5);
  }
  close(done[1]);
  close(s);
  CHECK(recv_byte(ready[0]) == 'r');
  close(m);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("  leader", st);
  wait_eof(done[0]);
}

int main(void) {
  setup(20);
  master_close();
  leader_exit();
  master_close_kills();
  return 0;
}
