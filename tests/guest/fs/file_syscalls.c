#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <limits.h>

#define CHECK(x) do { long _r = (long)(x); printf("%-60s -> %ld%s%s\n", #x, _r, _r < 0 ? " errno=" : "", _r < 0 ? strerrorname_np(errno) : ""); } while (0)

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  char tmpl[] = "/tmp/flintfsx.XXXXXX";
  char *dir = mkdtemp(tmpl);
  if (!dir) return 1;
  CHECK(chdir(dir));
  char buf[256];
  int fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "hello world\n", 12));
  CHECK(lseek(fd, 0, SEEK_CUR));
  CHECK(lseek(fd, 6, SEEK_SET));
  memset(buf, 0, sizeof buf);
  CHECK(read(fd, buf, 100)); printf("buf=%s", buf);
  CHECK(read(fd, buf, 100));
  CHECK(pwrite(fd, "W", 1, 0));
  memset(buf, 0, sizeof buf);
  CHECK(pread(fd, buf, 5, 0)); printf("pread=%s\n", buf);
  CHECK(lseek(fd, 0, SEEK_END));
  CHECK(lseek(fd, -100, SEEK_SET));
  CHECK(lseek(fd, 0, 9));
  struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cde", 3}};
  CHECK(writev(fd, iov, 3));
  char x1[4] = {0}, x2[20] = {0};
  struct iovec rv[2] = {{x1, 3}, {x2, 19}};
  CHECK(lseek(fd, 0, SEEK_SET));
  CHECK(readv(fd, rv, 2)); printf("readv=%s|%s\n", x1, x2);
  struct stat st;
  CHECK(fstat(fd, &st)); printf("size=%ld mode=%o nlink=%ld isreg=%d\n", (long)st.st_size, st.st_mode & 07777, (long)st.st_nlink, S_ISREG(st.st_mode));
  CHECK(fcntl(fd, F_GETFL) & O_ACCMODE);
  CHECK(fcntl(fd, F_GETFD));
  CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
  CHECK(fcntl(fd, F_GETFD));
  CHECK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
  CHECK(fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK | O_ACCMODE));
  CHECK(write(fd, "END", 3));
  CHECK(lseek(fd, 0, SEEK_CUR));
  CHECK(fcntl(fd, F_DUPFD, 30));
  CHECK(dup(fd));
  CHECK(dup2(fd, 20));
  CHECK(dup3(fd, fd, 0));
  CHECK(dup3(fd, 21, O_CLOEXEC));
  CHECK(fcntl(21, F_GETFD));
  CHECK(close(21));
  CHECK(close(21));
  CHECK(fcntl(99, F_GETFD));
  CHECK(ftruncate(fd, 4));
  CHECK(fstat(fd, &st)); printf("size=%ld\n", (long)st.st_size);
  CHECK(close(fd));
  CHECK(open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0600));
  CHECK(open("a.txt", O_RDONLY | O_DIRECTORY));
  CHECK(open("a.txt/", O_RDONLY));
  CHECK(open("nope", O_RDONLY));
  CHECK(open(".", O_WRONLY));
  CHECK(mkdir("d", 0755));
  CHECK(mkdir("d", 0755));
  CHECK(mkdir("d/e", 0700));
  CHECK(rmdir("d"));
  CHECK(unlink("d"));
  CHECK(open("d/e/f", O_CREAT | O_WRONLY, 0640) >= 0);
  CHECK(symlink("a.txt", "lnk"));
  CHECK(symlink("loop", "loop"));
  CHECK(open("loop", O_RDONLY));
  CHECK(open("lnk", O_RDONLY | O_NOFOLLOW));
  memset(buf, 0, sizeof buf);
  CHECK(readlink("lnk", buf, sizeof buf)); printf("readlink=%s\n", buf);
  CHECK(readlink("a.txt", buf, sizeof buf));
  CHECK(lstat("lnk", &st)); printf("lnk islnk=%d size=%ld\n", S_ISLNK(st.st_mode), (long)st.st_size);
  CHECK(stat("lnk", &st)); printf("lnk->size=%ld\n", (long)st.st_size);
  CHECK(link("a.txt", "hard"));
  CHECK(stat("a.txt", &st)); printf("nlink=%ld\n", (long)st.st_nlink);
  CHECK(link("d", "hd"));
  CHECK(rename("hard", "d/e/moved"));
  CHECK(renameat2(AT_FDCWD, "a.txt", AT_FDCWD, "d/e/moved", RENAME_NOREPLACE));
  CHECK(rename("d", "d/e/x"));
  CHECK(access("a.txt", R_OK | W_OK));
  CHECK(access("nope", F_OK));
  CHECK(faccessat(AT_FDCWD, "lnk", F_OK, AT_SYMLINK_NOFOLLOW));
  CHECK(truncate("a.txt", 100));
  CHECK(stat("a.txt", &st)); printf("size=%ld\n", (long)st.st_size);
  struct timespec ts[2] = {{1000000000, 5}, {1234567890, 123456000}};
  CHECK(utimensat(AT_FDCWD, "a.txt", ts, 0));
  CHECK(stat("a.txt", &st)); printf("mtime=%ld.%09ld atime=%ld\n", (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long)st.st_atim.tv_sec);
  CHECK(chmod("a.txt", 0600));
  CHECK(stat("a.txt", &st)); printf("mode=%o\n", st.st_mode & 07777);
  struct statx sx;
  CHECK(statx(AT_FDCWD, "a.txt", 0, STATX_BASIC_STATS, &sx)); printf("statx size=%llu mode=%o mask_basic=%d\n", (unsigned long long)sx.stx_size, sx.stx_mode & 07777, (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
  // directory listing
  DIR *dp = opendir(".");
  char *names[64]; int n = 0; struct dirent *de;
  while ((de = readdir(dp)) && n < 64) names[n++] = strdup(de->d_name);
  qsort(names, n, sizeof *names, cmp);
  for (int i = 0; i < n; i++) printf("entry %s\n", names[i]);
  rewinddir(dp);
  int n2 = 0; while (readdir(dp)) n2++;
  printf("after rewind %d\n", n2);
  closedir(dp);
  // cwd
  CHECK(getcwd(buf, sizeof buf) != NULL); printf("cwd ends with dir: %d\n", strcmp(buf, dir) == 0);
  CHECK(getcwd(buf, 3) != NULL);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  CHECK(fchdir(dfd));
  CHECK(getcwd(buf, sizeof buf) != NULL); printf("cwd tail=%s\n", strrchr(buf, '/'));
  CHECK(chdir(".."));
  CHECK(openat(dfd, "e/f", O_RDONLY) >= 0);
  CHECK(fstatat(dfd, "", &st, AT_EMPTY_PATH)); printf("isdir=%d\n", S_ISDIR(st.st_mode));
  CHECK(mkdirat(dfd, "g", 0755));
  CHECK(unlinkat(dfd, "g", AT_REMOVEDIR));
  CHECK(unlinkat(dfd, "e", 0));
  CHECK(chdir("a.txt"));
  // devices
  int nul = open("/dev/null", O_RDWR);
  CHECK(write(nul, "xx", 2));
  CHECK(read(nul, buf, 10));
  int z = open("/dev/zero", O_RDONLY);
  buf[0] = 1; CHECK(read(z, buf, 10)); printf("zero=%d\n", buf[0] + buf[9]);
  int full = open("/dev/full", O_WRONLY);
  CHECK(write(full, "x", 1));
  int ur = open("/dev/urandom", O_RDONLY);
  CHECK(read(ur, buf, 16));
  CHECK(fstat(nul, &st)); printf("null chr=%d rdev=%lx\n", S_ISCHR(st.st_mode), (unsigned long)st.st_rdev);
  CHECK(ioctl(nul, TCGETS, buf));
  // /proc
  memset(buf, 0, sizeof buf);
  { long r = readlink("/proc/self/exe", buf, sizeof buf); fprintf(stderr, "exe readlink %ld %s\n", r, r > 0 ? buf : ""); }
  int cl = open("/proc/self/cmdline", O_RDONLY);
  memset(buf, 0, sizeof buf);
  long cn = read(cl, buf, sizeof buf); printf("cmdline bytes=%ld argv1=%s\n", cn, buf + strlen(buf) + 1);
  // poll/select
  struct pollfd pf[3] = {{nul, POLLIN | POLLOUT, 0}, {99, POLLIN, 0}, {-1, POLLIN, 0}};
  CHECK(poll(pf, 3, 0)); printf("revents %x %x %x\n", pf[0].revents, pf[1].revents, pf[2].revents);
  fd_set rs; FD_ZERO(&rs); FD_SET(nul, &rs);
  struct timeval tv = {0, 0};
  CHECK(select(nul + 1, &rs, NULL, NULL, &tv)); printf("isset=%d\n", FD_ISSET(nul, &rs));
  // sendfile
  int src = open("a.txt", O_RDWR); CHECK(write(src, "0123456789", 10)); CHECK(lseek(src, 0, SEEK_SET));
  int dst = open("copy", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  off_t off = 2;
  CHECK(sendfile(dst, src, &off, 5)); printf("off=%ld\n", (long)off);
  CHECK(sendfile(dst, src, NULL, 3));
  CHECK(lseek(src, 0, SEEK_CUR));
  CHECK(stat("copy", &st)); printf("copy size=%ld\n", (long)st.st_size);
  struct statfs sf;
  CHECK(statfs("/tmp", &sf));
  CHECK(fsync(src));
  CHECK(isatty(src));
  char longname[300]; memset(longname, 'x', 299); longname[299] = 0;
  CHECK(open(longname, O_RDONLY));
  CHECK(umask(077));
  CHECK(umask(022));
  // cleanup
  unlink("copy"); unlink("a.txt"); unlink("lnk"); unlink("loop"); unlink("d/e/moved"); unlink("d/e/f"); rmdir("d/e"); rmdir("d");
  CHECK(chdir("/"));
  CHECK(rmdir(dir));
  return 0;
}
