/* A pipe inside one process: pipe2 with O_CLOEXEC, write then read back, partial reads,
 * EOF after the write end closes, EPIPE (SIGPIPE ignored) after the read end closes,
 * O_NONBLOCK giving EAGAIN on an empty pipe. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  int p[2];
  CHECK(pipe2(p, O_CLOEXEC) == 0);
  CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
  CHECK(write(p[1], "ping-pong", 9) == 9);
  char buf[16] = {0};
  CHECK(read(p[0], buf, 4) == 4 && memcmp(buf, "ping", 4) == 0);
  CHECK(read(p[0], buf, 16) == 5 && memcmp(buf, "-pong", 5) == 0);
  CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0);
  errno = 0;
  CHECK(read(p[0], buf, 16) == -1 && errno == EAGAIN);
  static char big[60000];
  memset(big, 'z', sizeof big);
  CHECK(write(p[1], big, sizeof big) == (ssize_t)sizeof big);
  size_t got = 0;
  ssize_t r;
  while ((r = read(p[0], big, sizeof big)) > 0) got += (size_t)r;
  printf("read back %zu bytes\n", got);
  CHECK(got == sizeof big);
  CHECK(close(p[1]) == 0);
  CHECK(read(p[0], buf, 16) == 0);
  CHECK(close(p[0]) == 0);
  CHECK(pipe(p) == 0);
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  CHECK(close(p[0]) == 0);
  errno = 0;
  CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
  CHECK(close(p[1]) == 0);
  printf("pipe ok\n");
  return 0;
}
