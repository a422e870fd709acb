/* File I/O in a fresh temporary directory: create/write/read/lseek/pread/pwrite,
 * fstat/stat, rename/unlink, mkdir/rmdir, readdir (names sorted), ftruncate, dup,
 * fcntl, stdio streams. Only deterministic facts are printed. */
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  char dir[] = "/tmp/flint-io-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK(chdir(dir) == 0);
  int fd = open("data.bin", O_CREAT | O_EXCL | O_RDWR, 0644);
  CHECK(fd >= 0);
  unsigned char buf[10000];
  for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (unsigned char)(i * 7);
  CHECK(write(fd, buf, sizeof buf) == (ssize_t)sizeof buf);
  CHECK(lseek(fd, 0, SEEK_CUR) == 10000);
  CHECK(lseek(fd, 100, SEEK_SET) == 100);
  unsigned char rb[256];
  CHECK(read(fd, rb, 256) == 256 && memcmp(rb, buf + 100, 256) == 0);
  CHECK(lseek(fd, -10, SEEK_END) == 9990);
  CHECK(read(fd, rb, 256) == 10);
  CHECK(read(fd, rb, 256) == 0);
  CHECK(pwrite(fd, "HELLO", 5, 5000) == 5);
  CHECK(pread(fd, rb, 7, 4999) == 7 && memcmp(rb + 1, "HELLO", 5) == 0);
  CHECK(lseek(fd, 0, SEEK_CUR) == 10000);
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  printf("size %lld regular %d mode %o nlink %ld\n", (long long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777,
         (long)st.st_nlink);
  CHECK(lseek(fd, 20000, SEEK_SET) == 20000 && write(fd, "x", 1) == 1);
  CHECK(pread(fd, rb, 4, 15000) == 4 && rb[0] == 0 && rb[3] == 0);
  CHECK(ftruncate(fd, 123) == 0 && fstat(fd, &st) == 0 && st.st_size == 123);
  int fd2 = dup(fd);
  CHECK(fd2 > fd);
  CHECK(lseek(fd2, 7, SEEK_SET) == 7 && lseek(fd, 0, SEEK_CUR) == 7);
  CHECK(fcntl(fd2, F_GETFD) == 0 && fcntl(fd2, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd2, F_GETFD) == FD_CLOEXEC);
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
  CHECK(close(fd2) == 0 && close(fd) == 0);
  errno = 0;
  CHECK(close(fd) == -1 && errno == EBADF);
  errno = 0;
  CHECK(open("data.bin", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
  errno = 0;
  CHECK(open("missing", O_RDONLY) == -1 && errno == ENOENT);
  CHECK(rename("data.bin", "moved.bin") == 0);
  CHECK(stat("data.bin", &st) == -1 && errno == ENOENT);
  CHECK(stat("moved.bin", &st) == 0 && st.st_size == 123);
  CHECK(mkdir("sub", 0755) == 0 && mkdir("sub/inner", 0700) == 0);
  errno = 0;
  CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST);
  CHECK(stat("sub", &st) == 0 && S_ISDIR(st.st_mode));
  FILE *f = fopen("sub/text.txt", "w");
  CHECK(f != NULL);
  for (int i = 0; i < 100; i++) fprintf(f, "line %d of %d\n", i, 100);
  CHECK(fclose(f) == 0);
  f = fopen("sub/text.txt", "r");
  CHECK(f != NULL);
  char line[64];
  int lines = 0;
  uint64_t h = FNV_INIT;
  while (fgets(line, sizeof line, f)) { lines++; h = fnv(h, line, strlen(line)); }
  CHECK(fclose(f) == 0);
  printf("lines %d checksum %016llx\n", lines, (unsigned long long)h);
  for (int i = 0; i < 12; i++) {
    char name[32];
    snprintf(name, sizeof name, "f%02d", (i * 5) % 12);
    int t = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    CHECK(t >= 0 && write(t, name, 3) == 3 && close(t) == 0);
  }
  CHECK(symlink("moved.bin", "link") == 0);
  char target[64];
  ssize_t tl = readlink("link", target, sizeof target);
  CHECK(tl == 9 && memcmp(target, "moved.bin", 9) == 0);
  CHECK(lstat("link", &st) == 0 && S_ISLNK(st.st_mode) && stat("link", &st) == 0 && st.st_size == 123);
  CHECK(link("moved.bin", "hard") == 0 && stat("hard", &st) == 0 && st.st_nlink == 2);
  DIR *d = opendir(".");
  CHECK(d != NULL);
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 64) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp_name);
  printf("entries %d:", n);
  for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
  printf("\n");
  char cwd[256];
  CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
  CHECK(access("moved.bin", R_OK | W_OK) == 0 && access("nothing", F_OK) == -1);
  for (int i = 0; i < 12; i++) {
    char name[32];
    snprintf(name, sizeof name, "f%02d", i);
    CHECK(unlink(name) == 0);
  }
  CHECK(unlink("link") == 0 && unlink("hard") == 0 && unlink("moved.bin") == 0);
  CHECK(unlink("sub/text.txt") == 0 && rmdir("sub/inner") == 0);
  errno = 0;
  CHECK(rmdir("nothing") == -1 && errno == ENOENT);
  CHECK(rmdir("sub") == 0);
  CHECK(chdir("/") == 0 && rmdir(dir) == 0);
  printf("done\n");
  return 0;
}
