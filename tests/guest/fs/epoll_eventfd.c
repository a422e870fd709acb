/* eventfd counters and semaphores, epoll over pipes, eventfd, nested epoll and the
 * console (level-triggered, EPOLLET, EPOLLONESHOT, MOD/DEL errors, timeouts), and the
 * time ppoll/pselect write back. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define T(x) do { errno = 0; long _r = (long)(x); printf("%-62s %ld %s\n", #x, _r, _r < 0 ? strerrorname_np(errno) : ""); } while (0)

static int wait_show(int ep, int timeout) {
  struct epoll_event ev[8];
  memset(ev, 0, sizeof ev);
  int n = epoll_wait(ep, ev, 8, timeout);
  printf("  epoll_wait(%d) = %d", timeout, n);
  for (int i = 0; i < n; i++) printf(" [data=%llu ev=%x]", (unsigned long long)ev[i].data.u64, ev[i].events);
  printf("\n");
  return n;
}

static int add(int ep, int op, int fd, uint32_t events, uint64_t data) {
  struct epoll_event ev = {.events = events, .data.u64 = data};
  return epoll_ctl(ep, op, fd, &ev);
}

static double secs(struct timespec a) { return a.tv_sec + a.tv_nsec / 1e9; }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  uint64_t v = 0;
  /* eventfd */
  int e = eventfd(3, EFD_NONBLOCK);
  T(e >= 0);
  T(read(e, &v, 4));
  T(read(e, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
  T(read(e, &v, 8));
  v = 5; T(write(e, &v, 8));
  v = 7; T(write(e, &v, 8));
  T(read(e, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
  v = UINT64_MAX; T(write(e, &v, 8));
  v = UINT64_MAX - 1; T(write(e, &v, 8));
  v = 1; T(write(e, &v, 8));
  T(read(e, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
  T(fcntl(e, F_GETFL) & O_NONBLOCK);
  int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
  T(fcntl(s, F_GETFD));
  T(read(s, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
  T(read(s, &v, 8)); printf("  value %llu\n", (unsigned long long)v);
  T(read(s, &v, 8));
  T(eventfd(0, 0x10));
  struct stat st;
  T(fstat(e, &st)); printf("  mode %o\n", st.st_mode);
  struct pollfd pf = {e, POLLIN | POLLOUT, 0};
  T(poll(&pf, 1, 0)); printf("  revents %x\n", pf.revents);

  /* epoll basics */
  int ep = epoll_create1(EPOLL_CLOEXEC);
  T(ep >= 0);
  T(fcntl(ep, F_GETFD));
  T(epoll_create1(1));
  int p[2]; T(pipe2(p, O_NONBLOCK));
  T(add(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 100));
  T(add(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 100));
  T(add(ep, EPOLL_CTL_MOD, p[1], EPOLLOUT, 1));
  T(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
  T(add(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0));
  T(add(ep, 99, p[0], EPOLLIN, 0));
  T(add(ep, EPOLL_CTL_ADD, 99, EPOLLIN, 0));
  T(add(p[0], EPOLL_CTL_ADD, p[1], EPOLLIN, 0));
  char tmpl[] = "/tmp/flintepoll.XXXXXX";
  int reg = mkstemp(tmpl);
  unlink(tmpl);
  T(add(ep, EPOLL_CTL_ADD, reg, EPOLLIN, 0));
  T(wait_show(ep, 0));
  T(epoll_wait(ep, NULL, 0, 0));
  /* level-triggered: reported while readable */
  T(write(p[1], "abc", 3));
  wait_show(ep, 0);
  wait_show(ep, 0);
  char buf[16];
  T(read(p[0], buf, sizeof buf));
  wait_show(ep, 0);
  /* edge-triggered: once per new write */
  T(add(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 200));
  wait_show(ep, 0);
  T(write(p[1], "d", 1));
  wait_show(ep, 0);
  wait_show(ep, 0);
  T(write(p[1], "e", 1));
  wait_show(ep, 0);
  T(read(p[0], buf, 1));
  wait_show(ep, 0);
  T(read(p[0], buf, sizeof buf));
  /* one-shot: reported once, then disarmed until MOD */
  T(add(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 300));
  T(write(p[1], "f", 1));
  wait_show(ep, 0);
  wait_show(ep, 0);
  T(add(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 301));
  wait_show(ep, 0);
  T(read(p[0], buf, sizeof buf));
  /* the write end, eventfd, and hang-up */
  T(add(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 400));
  T(add(ep, EPOLL_CTL_ADD, e, EPOLLIN, 500));
  T(add(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 100));
  wait_show(ep, 0);
  v = 9; T(write(e, &v, 8));
  wait_show(ep, 0);
  T(read(e, &v, 8));
  T(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
  T(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
  int w2 = dup(p[1]);
  T(close(p[1]));
  wait_show(ep, 0);
  T(close(w2));
  wait_show(ep, 0);
  /* a closed fd whose description is still open stays registered */
  int p2[2]; T(pipe(p2));
  int keep = dup(p2[0]);
  T(add(ep, EPOLL_CTL_ADD, p2[0], EPOLLIN, 600));
  T(close(p2[0]));
  T(write(p2[1], "z", 1));
  T(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
  T(epoll_ctl(ep, EPOLL_CTL_DEL, e, NULL));
  wait_show(ep, 0);
  T(close(keep));
  wait_show(ep, 0);
  /* nesting: an epoll fd is readable when its own set has events */
  int outer = epoll_create1(0);
  int inner = epoll_create1(0);
  int q[2]; T(pipe(q));
  T(add(inner, EPOLL_CTL_ADD, q[0], EPOLLIN, 7));
  T(add(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 8));
  T(add(inner, EPOLL_CTL_ADD, outer, EPOLLIN, 9));
  wait_show(outer, 0);
  T(write(q[1], "n", 1));
  wait_show(outer, 0);
  wait_show(inner, 0);
  /* timeouts */
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int empty = epoll_create1(0);
  T(epoll_wait(empty, (struct epoll_event[1]){0}, 1, 50));
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("  waited >= 50ms: %d\n", secs(t1) - secs(t0) >= 0.049);
  sigset_t ss; sigemptyset(&ss); sigaddset(&ss, SIGUSR1);
  T(epoll_pwait(empty, (struct epoll_event[1]){0}, 1, 10, &ss));
  /* ppoll and pselect write back the time left */
  struct timespec ts = {5, 0};
  struct pollfd rp = {q[0], POLLIN, 0};
  T(ppoll(&rp, 1, &ts, NULL));
  printf("  ppoll left between 4 and 5 s: %d\n", ts.tv_sec == 4 || (ts.tv_sec == 5 && ts.tv_nsec == 0));
  ts.tv_sec = 0; ts.tv_nsec = 20000000;
  struct pollfd none = {q[1], POLLIN, 0};
  T(ppoll(&none, 1, &ts, &ss));
  printf("  ppoll left after timeout: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
  fd_set rs; FD_ZERO(&rs); FD_SET(q[0], &rs);
  ts.tv_sec = 3; ts.tv_nsec = 0;
  T(pselect(q[0] + 1, &rs, NULL, NULL, &ts, NULL));
  printf("  pselect (glibc keeps its copy) %ld\n", (long)ts.tv_sec);
  struct timeval tv = {2, 0};
  FD_ZERO(&rs); FD_SET(q[0], &rs);
  T(select(q[0] + 1, &rs, NULL, NULL, &tv));
  printf("  select left between 1 and 2 s: %d\n", tv.tv_sec == 1 || (tv.tv_sec == 2 && tv.tv_usec == 0));
  tv.tv_sec = 0; tv.tv_usec = 10000;
  FD_ZERO(&rs); FD_SET(q[1], &rs);
  T(select(q[1] + 1, &rs, NULL, NULL, &tv));
  printf("  select left after timeout: %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
  /* the blocked mask is back after the call */
  sigset_t cur; sigprocmask(SIG_SETMASK, NULL, &cur);
  printf("  SIGUSR1 blocked after ppoll: %d\n", sigismember(&cur, SIGUSR1));
  return 0;
}
