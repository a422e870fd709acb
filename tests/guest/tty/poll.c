/* Readiness of both pty sides through poll, select and epoll: writable from the start;
 * a canonical slave is readable only once a line (or ^D) is complete, a non-canonical one
 * with any byte; the master is readable when the slave wrote (or echoed); a poll blocked
 * on the slave wakes up when a child types a line; the master polls POLLHUP when the
 * slave is closed, the slave POLLIN|POLLOUT|POLLERR|POLLHUP once the master is gone. */
#include "pty.h"
#include <sys/epoll.h>
#include <sys/select.h>

static int m, s;

static void pollboth(const char *label, int ms) {
  struct pollfd p[2] = {{m, POLLIN | POLLOUT | POLLPRI, 0}, {s, POLLIN | POLLOUT | POLLPRI, 0}};
  int r = poll(p, 2, ms);
  printf("%s: poll=%d master=%#x slave=%#x\n", label, r, p[0].revents, p[1].revents);
}

static void pollin(const char *label, int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  int r = poll(&p, 1, ms);
  printf("%s: poll=%d revents=%#x\n", label, r, p.revents);
}

static void drain_now(int fd) {
  char buf[256];
  CHECK(fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  while (read(fd, buf, sizeof buf) > 0) {
  }
  CHECK(fcntl(fd, F_SETFL, O_RDWR) == 0);
}

int main(void) {
  setup(20);
  char path[64];
  open_pty(&m, &s, path, sizeof path);
  lflags(s, 0, ECHO);
  pollboth("fresh pair", 0);

  put(m, "ab");
  pollin("slave, canonical, partial line typed", s, 200);
  put(m, "\n");
  pollin("slave, line completed", s, 2000);
  char buf[64];
  int r = read(s, buf, sizeof buf);
  show("  slave read", buf, r);
  pollin("slave after reading the line", s, 0);
  put(m, "\x04");
  pollin("slave, ^D typed", s, 2000);
  r = read(s, buf, sizeof buf);
  printf("  read after ^D: %d\n", r);

  /* select and epoll see the same. */
  put(m, "sel\n");
  CHECK(wait_readable(s, 2000));
  fd_set rd, wr;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(s, &rd);
  FD_SET(m, &rd);
  FD_SET(m, &wr);
  struct timeval tv = {0, 0};
  int n = select((s > m ? s : m) + 1, &rd, &wr, NULL, &tv);
  printf("select: %d slave readable %d, master readable %d, master writable %d\n", n, FD_ISSET(s, &rd) != 0,
         FD_ISSET(m, &rd) != 0, FD_ISSET(m, &wr) != 0);
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
  CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
  struct epoll_event got[2];
  n = epoll_wait(ep, got, 2, 0);
  printf("epoll with a line pending: %d events %#x data %u\n", n, n > 0 ? got[0].events : 0, n > 0 ? got[0].data.u32 : 0);
  r = read(s, buf, sizeof buf);
  show("  slave read", buf, r);
  n = epoll_wait(ep, got, 2, 0);
  printf("epoll after reading: %d\n", n);
  put(m, "ep\n");
  n = epoll_wait(ep, got, 2, 2000);
  printf("epoll_wait woken by a typed line: %d events %#x\n", n, n > 0 ? got[0].events : 0);
  r = read(s, buf, sizeof buf);
  show("  slave read", buf, r);

  /* The master is readable once the slave wrote something. */
  pollin("master, nothing written", m, 0);
  put(s, "out");
  pollin("master after the slave wrote", m, 2000);
  drain_now(m);

  /* Non-canonical: one byte is enough. */
  lflags(s, 0, ICANON);
  put(m, "z");
  pollin("slave, non-canonical, 1 byte typed", s, 2000);
  r = read(s, buf, sizeof buf);
  show("  slave read", buf, r);
  lflags(s, ICANON, 0);

  /* A poll blocked on the slave wakes when a child types a line. */
  pid_t c = xfork();
  CHECK(c >= 0);
  if (c == 0) {
    usleep(100000);
    put(m, "late\n");
    _exit(0);
  }
  pollin("slave, blocking poll until a child types", s, 5000);
  int st;
  CHECK(waitpid_retry(c, &st, 0) == c);
  r = read(s, buf, sizeof buf);
  show("  slave read", buf, r);

  /* Hangups. */
  close(s);
  pollin("master, slave closed", m, 0);
  {
    struct pollfd p = {m, POLLOUT, 0};
    int k = poll(&p, 1, 0);
    printf("master POLLOUT only, slave closed: poll=%d revents=%#x\n", k, p.revents);
  }
  s = open(path, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  pollboth("slave reopened", 0);
  close(m);
  {
    struct pollfd p = {s, POLLIN | POLLOUT, 0};
    int k = poll(&p, 1, 0);
    printf("slave, master closed: poll=%d revents=%#x\n", k, p.revents);
  }
  return 0;
}
