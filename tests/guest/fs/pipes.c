/* Pipes in one process: 64 KiB capacity in page slots, PIPE_BUF atomicity, EAGAIN,
 * FIONREAD, F_GETPIPE_SZ/F_SETPIPE_SZ, EOF after the last writer, EPIPE (SIGPIPE
 * ignored) and finally death by SIGPIPE with the default action. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define T(x) do { errno = 0; long _r = (long)(x); printf("%-58s %ld %s\n", #x, _r, _r < 0 ? strerrorname_np(errno) : ""); } while (0)

static char big[300000];

static int avail(int fd) { int n = -1; ioctl(fd, FIONREAD, &n); return n; }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int p[2];
  T(pipe2(p, O_NONBLOCK));
  T(fcntl(p[0], F_GETPIPE_SZ));
  T(PIPE_BUF);
  long count = 0;
  while (write(p[1], "x", 1) == 1) count++;
  printf("one-byte writes until full: %ld (%s)\n", count, strerrorname_np(errno));
  T(avail(p[0]));
  struct pollfd pf[2] = {{p[0], POLLIN | POLLOUT, 0}, {p[1], POLLIN | POLLOUT, 0}};
  T(poll(pf, 2, 0)); printf("revents %x %x\n", pf[0].revents, pf[1].revents);
  T(read(p[0], big, 100));
  T(write(p[1], big, 10));
  T(read(p[0], big, 4000));
  T(write(p[1], big, 10));
  T(write(p[1], big, 5000));
  T(read(p[0], big, sizeof big));
  T(avail(p[0]));
  T(read(p[0], big, 1));
  /* Large non-blocking writes fill whole slots. */
  T(write(p[1], big, sizeof big));
  T(read(p[0], big, 1000));
  T(write(p[1], big, 4096));
  T(read(p[0], big, 5000));
  T(write(p[1], big, 4096));
  T(write(p[1], big, 4097));
  T(read(p[0], big, sizeof big));
  /* Small writes share a slot. */
  for (int i = 0; i < 20; i++) write(p[1], "0123456789", 10);
  T(avail(p[0]));
  T(write(p[1], big, sizeof big));
  T(read(p[0], big, sizeof big));
  /* Resizing. */
  T(fcntl(p[1], F_SETPIPE_SZ, 5000));
  T(fcntl(p[0], F_GETPIPE_SZ));
  T(write(p[1], big, sizeof big));
  T(fcntl(p[1], F_SETPIPE_SZ, 4096));
  T(fcntl(p[1], F_SETPIPE_SZ, 0));
  T(read(p[0], big, sizeof big));
  T(fcntl(p[1], F_SETPIPE_SZ, 4096));
  T(fcntl(p[1], F_GETPIPE_SZ));
  T(write(p[1], big, 100));
  T(write(p[1], big, 4000));
  T(write(p[1], big, 4000));
  T(read(p[0], big, sizeof big));
  T(fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
  T(fcntl(p[1], F_SETPIPE_SZ, 65536));
  T(fcntl(0, F_GETPIPE_SZ) > 0 || errno == EBADF);
  int fd = open("/dev/null", O_RDONLY);
  T(fcntl(fd, F_GETPIPE_SZ));
  /* Data, then EOF after the last writer. */
  T(write(p[1], "tail", 4));
  int w2 = dup(p[1]);
  T(close(p[1]));
  memset(pf, 0, sizeof pf); pf[0].fd = p[0]; pf[0].events = POLLIN;
  T(poll(pf, 1, 0)); printf("revents %x\n", pf[0].revents);
  T(close(w2));
  T(poll(pf, 1, 0)); printf("revents %x\n", pf[0].revents);
  T(read(p[0], big, 100));
  T(read(p[0], big, 100));
  T(close(p[0]));
  /* EPIPE: no reader left. */
  T(pipe(p));
  T(close(p[0]));
  memset(pf, 0, sizeof pf); pf[0].fd = p[1]; pf[0].events = POLLOUT;
  T(poll(pf, 1, 0)); printf("revents %x\n", pf[0].revents);
  signal(SIGPIPE, SIG_IGN);
  T(write(p[1], "x", 1));
  signal(SIGPIPE, SIG_DFL);
  /* A blocking pipe: a write that fits completes at once. */
  int q[2];
  T(pipe(q));
  T(write(q[1], big, 65536));
  T(read(q[0], big, 65536));
  printf("now dying of SIGPIPE\n");
  write(p[1], "x", 1);
  printf("not reached\n");
  return 0;
}
