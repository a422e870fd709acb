/* poll, select and epoll on standard input (a pipe the test closes at once: end of input). */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/select.h>

int main(void) {
  struct pollfd p = {0, POLLIN, 0};
  int r = poll(&p, 1, 200);
  printf("poll=%d rev=%x\n", r, p.revents);
  r = poll(&p, 1, -1);
  printf("poll=%d rev=%x\n", r, p.revents);
  char b[10];
  int n = read(0, b, 10);
  printf("read=%d\n", n);
  fd_set s;
  FD_ZERO(&s);
  FD_SET(0, &s);
  struct timeval tv = {0, 100000};
  r = select(1, &s, 0, 0, &tv);
  printf("select=%d\n", r);
  n = read(0, b, 10);
  printf("read=%d\n", n);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 77};
  printf("epoll_ctl=%d\n", epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev));
  memset(&ev, 0, sizeof ev);
  r = epoll_wait(ep, &ev, 1, 100);
  printf("epoll_wait=%d events=%x data=%llu\n", r, ev.events, (unsigned long long)ev.data.u64);
  return 0;
}
