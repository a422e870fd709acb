/* fcntl record locks in one process: POSIX locks never conflict with the process's own
 * and are split, merged and released per range; open-file-description locks conflict
 * with other descriptions and with POSIX locks, and report l_pid -1; closing any fd of
 * the file drops the process's POSIX locks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define T(x) do { errno = 0; long _r = (long)(x); printf("%-58s %ld %s\n", #x, _r, _r < 0 ? strerrorname_np(errno) : ""); } while (0)

static int lk(int fd, int cmd, short type, off_t start, off_t len) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  return fcntl(fd, cmd, &fl);
}

static void get(int fd, int cmd, short type, off_t start, off_t len) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  int r = fcntl(fd, cmd, &fl);
  printf("  getlk(%d,%ld,%ld) = %d %s type=%d start=%ld len=%ld pid=%s\n", type, (long)start, (long)len, r,
         r < 0 ? strerrorname_np(errno) : "", fl.l_type, (long)fl.l_start, (long)fl.l_len,
         fl.l_type == F_UNLCK ? "-" : fl.l_pid == getpid() ? "self" : fl.l_pid == -1 ? "-1" : "other");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  char path[] = "/tmp/flintlock.XXXXXX";
  int a = mkstemp(path);
  T(write(a, "0123456789abcdefghij", 20));
  int b = open(path, O_RDWR);
  int ro = open(path, O_RDONLY);
  /* POSIX locks of one process */
  T(lk(a, F_SETLK, F_WRLCK, 0, 10));
  T(lk(b, F_SETLK, F_WRLCK, 5, 10));
  get(a, F_GETLK, F_WRLCK, 0, 0);
  T(lk(ro, F_SETLK, F_WRLCK, 0, 1));
  T(lk(ro, F_SETLK, F_RDLCK, 0, 1));
  T(lk(a, F_SETLK, 7, 0, 1));
  T(lk(a, F_SETLK, F_RDLCK, -5, 1));
  /* OFD locks conflict with the process's POSIX locks */
  T(lk(b, F_OFD_SETLK, F_RDLCK, 0, 1));
  get(b, F_OFD_GETLK, F_RDLCK, 0, 1);
  T(lk(b, F_OFD_SETLK, F_WRLCK, 100, 0));
  get(a, F_GETLK, F_RDLCK, 200, 5);
  get(a, F_OFD_GETLK, F_RDLCK, 200, 5);
  T(lk(a, F_SETLK, F_RDLCK, 150, 1));
  /* an OFD lock on another description conflicts, on the same one it does not */
  T(lk(ro, F_OFD_SETLK, F_RDLCK, 120, 1));
  T(lk(b, F_OFD_SETLK, F_RDLCK, 120, 1));
  get(ro, F_OFD_GETLK, F_RDLCK, 100, 0);
  int bdup = dup(b);
  T(close(bdup));
  get(ro, F_OFD_GETLK, F_WRLCK, 100, 0);
  T(close(b));
  get(ro, F_OFD_GETLK, F_WRLCK, 100, 0);
  /* closing any fd of the file drops the process's POSIX locks */
  get(ro, F_OFD_GETLK, F_WRLCK, 0, 0);
  T(close(ro));
  b = open(path, O_RDWR);
  get(b, F_OFD_GETLK, F_WRLCK, 0, 0);
  /* splitting: unlock the middle of a POSIX lock, an OFD lock sees the hole */
  T(lk(a, F_SETLK, F_WRLCK, 0, 30));
  T(lk(a, F_SETLK, F_UNLCK, 10, 10));
  get(b, F_OFD_GETLK, F_WRLCK, 12, 2);
  get(b, F_OFD_GETLK, F_WRLCK, 5, 10);
  get(b, F_OFD_GETLK, F_WRLCK, 25, 10);
  /* downgrade to a read lock: OFD readers may share it */
  T(lk(a, F_SETLK, F_RDLCK, 0, 30));
  T(lk(b, F_OFD_SETLK, F_RDLCK, 0, 5));
  T(lk(b, F_OFD_SETLK, F_WRLCK, 0, 5));
  /* SEEK_CUR and negative lengths */
  T(lseek(a, 40, SEEK_SET));
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 0, .l_len = -5};
  T(fcntl(a, F_SETLK, &fl));
  get(b, F_OFD_GETLK, F_WRLCK, 30, 100);
  fl.l_pid = 1;
  fl.l_whence = SEEK_SET;
  T(fcntl(b, F_OFD_SETLK, &fl));
  T(lk(a, F_SETLKW, F_WRLCK, 50, 1));
  T(lk(b, F_OFD_SETLK, F_UNLCK, 0, 0));
  T(close(a));
  get(b, F_OFD_GETLK, F_WRLCK, 0, 0);
  /* flock: whole-file locks of open file descriptions, apart from fcntl locks */
  int f1 = open(path, O_RDWR), f2 = open(path, O_RDWR);
  T(flock(f1, LOCK_EX | LOCK_NB));
  T(flock(f2, LOCK_SH | LOCK_NB));
  T(lk(f2, F_OFD_SETLK, F_WRLCK, 0, 0));
  T(lk(f2, F_OFD_SETLK, F_UNLCK, 0, 0));
  T(flock(f1, LOCK_SH));
  T(flock(f2, LOCK_SH | LOCK_NB));
  T(flock(f1, LOCK_EX | LOCK_NB));
  T(flock(f2, LOCK_EX | LOCK_NB));
  T(flock(f2, LOCK_UN));
  T(flock(f2, LOCK_UN));
  T(flock(f1, LOCK_EX | LOCK_NB));
  int f3 = dup(f1);
  T(close(f1));
  T(flock(f2, LOCK_SH | LOCK_NB));
  T(close(f3));
  T(flock(f2, LOCK_SH | LOCK_NB));
  T(flock(f2, 99));
  T(flock(f2, LOCK_NB));
  T(flock(99, LOCK_SH));
  T(close(f2));
  unlink(path);
  return 0;
}
