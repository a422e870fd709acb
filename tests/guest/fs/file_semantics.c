/* File semantics a writable file system must keep: an unlinked file lives while open,
 * hard links share an inode and count links, directory link counts, rename(2) with
 * RENAME_NOREPLACE and RENAME_EXCHANGE, truncate and holes reading as zeros, O_TRUNC
 * even with O_RDONLY, and which timestamps operations move. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define T(x) do { errno = 0; long _r = (long)(x); printf("%-62s %ld %s\n", #x, _r, _r < 0 ? strerrorname_np(errno) : ""); } while (0)

static struct stat st;
static long nlink(const char *p) { return stat(p, &st) == 0 ? (long)st.st_nlink : -errno; }
static long size(const char *p) { return stat(p, &st) == 0 ? (long)st.st_size : -errno; }
static int later(struct timespec a, struct timespec b) { return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec); }
static void pause_a_bit(void) { struct timespec d = {0, 20000000}; nanosleep(&d, NULL); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  char dir[] = "/tmp/flintsem.XXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  umask(022);
  /* unlinked but open */
  int fd = open("gone", O_CREAT | O_RDWR, 0644);
  T(write(fd, "still here", 10));
  T(unlink("gone"));
  T(access("gone", F_OK));
  T(fstat(fd, &st)); printf("  nlink=%ld size=%ld\n", (long)st.st_nlink, (long)st.st_size);
  char buf[64] = {0};
  T(pread(fd, buf, sizeof buf, 0)); printf("  %s\n", buf);
  T(write(fd, "!", 1));
  T(fstat(fd, &st)); printf("  size=%ld\n", (long)st.st_size);
  T(close(fd));
  /* hard links */
  close(open("a", O_CREAT | O_WRONLY, 0644));
  T(link("a", "b"));
  T(link("a", "c"));
  T(nlink("a"));
  struct stat sa, sb; stat("a", &sa); stat("b", &sb);
  printf("  same inode %d\n", sa.st_ino == sb.st_ino);
  T(unlink("a"));
  T(nlink("b"));
  T(link("nothere", "d"));
  /* directory link counts */
  T(mkdir("d", 0755));
  T(nlink("d"));
  T(mkdir("d/e", 0755));
  T(mkdir("d/f", 0755));
  T(nlink("d"));
  T(rmdir("d/e"));
  T(nlink("d"));
  T(rename("d/f", "f"));
  T(nlink("d"));
  T(nlink("."));
  /* rename flags */
  int x = open("x", O_CREAT | O_WRONLY, 0644); write(x, "xx", 2); close(x);
  int y = open("y", O_CREAT | O_WRONLY, 0644); write(y, "yyyy", 4); close(y);
  T(renameat2(AT_FDCWD, "x", AT_FDCWD, "y", RENAME_NOREPLACE));
  T(renameat2(AT_FDCWD, "x", AT_FDCWD, "y", RENAME_EXCHANGE));
  T(size("x"));
  T(size("y"));
  T(renameat2(AT_FDCWD, "x", AT_FDCWD, "nope", RENAME_EXCHANGE));
  T(renameat2(AT_FDCWD, "x", AT_FDCWD, "z", RENAME_NOREPLACE));
  T(renameat2(AT_FDCWD, "z", AT_FDCWD, "y", RENAME_NOREPLACE | RENAME_EXCHANGE));
  T(renameat2(AT_FDCWD, "z", AT_FDCWD, "f", RENAME_EXCHANGE));
  T(size("z") > 0);
  T(rename("z", "b"));
  T(rename("f", "b"));
  T(rename("b", "d"));
  T(rename("y", "y"));
  T(rename("b", "b"));
  /* truncate and holes */
  fd = open("sparse", O_CREAT | O_RDWR, 0644);
  T(pwrite(fd, "end", 3, 10000));
  T(size("sparse"));
  memset(buf, 1, sizeof buf);
  T(pread(fd, buf, 4, 5000)); printf("  %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
  T(ftruncate(fd, 10001));
  T(pread(fd, buf, 10, 9999)); printf("  %d %c\n", buf[0], buf[1]);
  T(ftruncate(fd, 20000));
  T(pread(fd, buf, 4, 10000)); printf("  %c %d %d\n", buf[0], buf[1], buf[2]);
  T(truncate("sparse", 3));
  T(size("sparse"));
  T(close(fd));
  T(open("sparse", O_RDONLY | O_TRUNC) >= 0);
  T(size("sparse"));
  /* timestamps */
  fd = open("t", O_CREAT | O_RDWR, 0644);
  struct stat t0, t1;
  fstat(fd, &t0); pause_a_bit();
  write(fd, "x", 1);
  fstat(fd, &t1);
  printf("  write moves mtime %d ctime %d\n", later(t1.st_mtim, t0.st_mtim), later(t1.st_ctim, t0.st_ctim));
  t0 = t1; pause_a_bit();
  fchmod(fd, 0600);
  fstat(fd, &t1);
  printf("  chmod moves mtime %d ctime %d\n", later(t1.st_mtim, t0.st_mtim), later(t1.st_ctim, t0.st_ctim));
  t0 = t1; pause_a_bit();
  link("t", "t2");
  fstat(fd, &t1);
  printf("  link moves mtime %d ctime %d\n", later(t1.st_mtim, t0.st_mtim), later(t1.st_ctim, t0.st_ctim));
  struct stat d0, d1;
  stat(".", &d0); pause_a_bit();
  close(open("new", O_CREAT | O_WRONLY, 0644));
  stat(".", &d1);
  printf("  create moves dir mtime %d ctime %d\n", later(d1.st_mtim, d0.st_mtim), later(d1.st_ctim, d0.st_ctim));
  t0 = t1; pause_a_bit();
  ftruncate(fd, 0);
  fstat(fd, &t1);
  printf("  truncate moves mtime %d ctime %d\n", later(t1.st_mtim, t0.st_mtim), later(t1.st_ctim, t0.st_ctim));
  struct timespec ts[2] = {{100, 0}, {200, 250000000}};
  T(futimens(fd, ts));
  fstat(fd, &t1); printf("  atime %ld mtime %ld.%09ld\n", (long)t1.st_atim.tv_sec, (long)t1.st_mtim.tv_sec, t1.st_mtim.tv_nsec);
  T(close(fd));
  /* clean up */
  unlink("t"); unlink("t2"); unlink("new"); unlink("sparse"); unlink("b"); unlink("c"); unlink("x"); unlink("y"); unlink("z");
  rmdir("d/f"); rmdir("d"); rmdir("f");
  T(chdir("/"));
  T(rmdir(dir));
  return 0;
}
