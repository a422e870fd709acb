/* FIFOs in one process: mkfifo/mknod, the open rules (a non-blocking reader opens at once,
 * a non-blocking writer without reader is ENXIO, O_RDWR never waits), data through the
 * name, EOF and POLLHUP, and mknod's type checks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define T(x) do { errno = 0; long _r = (long)(x); printf("%-62s %ld %s\n", #x, _r, _r < 0 ? strerrorname_np(errno) : ""); } while (0)

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  char dir[] = "/tmp/flintfifo.XXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  umask(022);
  T(mkfifo("f", 0666));
  T(mkfifo("f", 0666));
  struct stat st;
  T(stat("f", &st)); printf("fifo=%d perm=%o size=%ld\n", S_ISFIFO(st.st_mode), st.st_mode & 07777, (long)st.st_size);
  T(open("f", O_WRONLY | O_NONBLOCK));
  int r = open("f", O_RDONLY | O_NONBLOCK);
  T(r >= 0);
  char buf[64] = {0};
  T(read(r, buf, sizeof buf));
  struct pollfd pf = {r, POLLIN, 0};
  T(poll(&pf, 1, 0)); printf("revents %x\n", pf.revents);
  int w = open("f", O_WRONLY | O_NONBLOCK);
  T(w >= 0);
  T(write(w, "through the name", 16));
  int n = -1; T(ioctl(r, FIONREAD, &n)); printf("fionread %d\n", n);
  T(fcntl(w, F_GETPIPE_SZ));
  T(read(r, buf, sizeof buf)); printf("got %s\n", buf);
  T(read(r, buf, sizeof buf));
  T(close(w));
  T(poll(&pf, 1, 0)); printf("revents %x\n", pf.revents);
  T(read(r, buf, sizeof buf));
  int rw = open("f", O_RDWR);
  T(rw >= 0);
  T(write(rw, "rw", 2));
  memset(buf, 0, sizeof buf);
  T(read(r, buf, 1)); printf("got %s\n", buf);
  T(read(rw, buf, 1)); printf("got %s\n", buf);
  T(close(rw));
  T(close(r));
  /* A fresh open after everyone closed finds an empty pipe. */
  rw = open("f", O_RDWR | O_NONBLOCK);
  T(read(rw, buf, 1));
  T(close(rw));
  T(lseek(open("f", O_RDWR), 0, SEEK_SET));
  T(mknod("n", S_IFIFO | 0600, 0));
  T(stat("n", &st)); printf("fifo=%d perm=%o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);
  T(mknod("reg", S_IFREG | 0640, 0));
  T(stat("reg", &st)); printf("reg=%d perm=%o\n", S_ISREG(st.st_mode), st.st_mode & 07777);
  T(mknod("plain", 0600, 0));
  T(stat("plain", &st)); printf("reg=%d\n", S_ISREG(st.st_mode));
  T(mknod("dir", S_IFDIR | 0700, 0));
  T(mknod("bad", 0170000 | 0600, 0));
  T(mknod("f", S_IFIFO | 0600, 0));
  T(mknod("nodir/x", S_IFIFO | 0600, 0));
  T(mkfifoat(AT_FDCWD, "g", 0600));
  T(unlink("f")); T(unlink("n")); T(unlink("g")); T(unlink("reg")); T(unlink("plain"));
  T(chdir("/"));
  T(rmdir(dir));
  return 0;
}
