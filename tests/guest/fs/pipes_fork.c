/* Pipes, FIFOs, eventfd/epoll and record locks between processes: a blocking write
 * larger than the pipe completes while a child reads, PIPE_BUF writes of two writers
 * never interleave, FIFO opens wait for their partner, readers sleeping in poll/epoll
 * wake for another process's write, F_SETLKW waits for the holder and EDEADLK is
 * reported for a cycle. Output is printed by the parent only, after each child ends. */
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char big[300000];
static char in[300000];

static void nap(int ms) { struct timespec d = {ms / 1000, (ms % 1000) * 1000000L}; nanosleep(&d, NULL); }

static int reap(pid_t c) {
  int st = 0;
  if (waitpid(c, &st, 0) != c) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int lk(int fd, int cmd, short type, off_t start, off_t len) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  return fcntl(fd, cmd, &fl);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i % 251);

  /* 1. a blocking write larger than the pipe */
  int p[2];
  pipe(p);
  pid_t c = fork();
  if (c == 0) {
    close(p[1]);
    size_t n = 0;
    ssize_t r;
    while ((r = read(p[0], in + n, 1000)) > 0) n += (size_t)r;
    _exit(n == sizeof big && memcmp(in, big, n) == 0 ? 0 : 1);
  }
  close(p[0]);
  long w = write(p[1], big, sizeof big);
  close(p[1]);
  printf("1. write returned %ld, child verified: %d\n", w, reap(c));

  /* 2. PIPE_BUF atomicity with two writers */
  pipe(p);
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    kids[k] = fork();
    if (kids[k] == 0) {
      close(p[0]);
      char rec[4096];
      memset(rec, 'A' + k, sizeof rec);
      for (int i = 0; i < 200; i++)
        if (write(p[1], rec, sizeof rec) != (ssize_t)sizeof rec) _exit(1);
      _exit(0);
    }
  }
  close(p[1]);
  static char all[2 * 200 * 4096];
  size_t n = 0;
  ssize_t r;
  while ((r = read(p[0], all + n, 3000)) > 0) n += (size_t)r;
  close(p[0]);
  int whole = 1, as = 0;
  for (size_t off = 0; off < n; off += 4096) {
    for (size_t j = 1; j < 4096; j++) if (all[off + j] != all[off]) whole = 0;
    as += all[off] == 'A';
  }
  printf("2. read %zu bytes, records whole: %d, from A: %d, writers: %d %d\n", n, whole, as, reap(kids[0]), reap(kids[1]));

  /* 3. FIFO opens wait for the other side */
  char dir[] = "/tmp/flintpf.XXXXXX";
  mkdtemp(dir);
  char fifo[64];
  snprintf(fifo, sizeof fifo, "%s/f", dir);
  mkfifo(fifo, 0600);
  c = fork();
  if (c == 0) {
    nap(50);
    int fd = open(fifo, O_WRONLY);
    if (fd < 0) _exit(2);
    write(fd, "through the fifo", 16);
    _exit(0);
  }
  int fd = open(fifo, O_RDONLY);
  memset(in, 0, 64);
  n = 0;
  while ((r = read(fd, in + n, 64)) > 0) n += (size_t)r;
  close(fd);
  printf("3. reader got '%s', writer: %d\n", in, reap(c));
  c = fork();
  if (c == 0) {
    nap(50);
    int fd2 = open(fifo, O_RDONLY);
    char b[8] = {0};
    read(fd2, b, 5);
    _exit(strcmp(b, "early") == 0 ? 0 : 1);
  }
  fd = open(fifo, O_WRONLY);
  printf("3. writer open returned %d\n", fd >= 0);
  write(fd, "early", 5);
  close(fd);
  printf("3. reader: %d\n", reap(c));
  unlink(fifo);

  /* 4. EPIPE and SIGPIPE when the reader process is gone */
  pipe(p);
  c = fork();
  if (c == 0) _exit(0);
  close(p[0]);
  reap(c);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  w = write(p[1], "x", 1);
  printf("4. write %ld %s\n", w, strerrorname_np(errno));
  signal(SIGPIPE, SIG_DFL);
  c = fork();
  if (c == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  printf("4. child writing to a broken pipe: %d\n", reap(c));
  close(p[1]);

  /* 5. poll and epoll wake for another process */
  pipe(p);
  c = fork();
  if (c == 0) {
    nap(50);
    write(p[1], "w", 1);
    _exit(0);
  }
  struct pollfd pf = {p[0], POLLIN, 0};
  int pr = poll(&pf, 1, 10000);
  printf("5. poll %d revents %x, child %d\n", pr, pf.revents, reap(c));
  int efd = eventfd(0, 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 5};
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  c = fork();
  if (c == 0) {
    nap(50);
    uint64_t one = 4;
    write(efd, &one, 8);
    _exit(0);
  }
  memset(&ev, 0, sizeof ev);
  int er = epoll_wait(ep, &ev, 1, 10000);
  uint64_t val = 0;
  read(efd, &val, 8);
  printf("5. epoll_wait %d data %llu value %llu, child %d\n", er, (unsigned long long)ev.data.u64, (unsigned long long)val, reap(c));
  c = fork();
  if (c == 0) {
    nap(50);
    _exit(0);
  }
  uint64_t got = 0;
  int efd2 = eventfd(0, EFD_SEMAPHORE);
  pid_t c2 = fork();
  if (c2 == 0) {
    nap(30);
    uint64_t three = 3;
    write(efd2, &three, 8);
    _exit(0);
  }
  long rr = read(efd2, &got, 8);
  printf("5. semaphore read %ld value %llu, children %d %d\n", rr, (unsigned long long)got, reap(c2), reap(c));

  /* 6. record locks between processes */
  char path[64];
  snprintf(path, sizeof path, "%s/lock", dir);
  int lfd = open(path, O_CREAT | O_RDWR, 0600);
  write(lfd, "0123456789", 10);
  lk(lfd, F_SETLK, F_WRLCK, 0, 5);
  c = fork();
  if (c == 0) {
    int cfd = open(path, O_RDWR);
    if (lk(cfd, F_SETLK, F_WRLCK, 0, 1) != -1 || (errno != EAGAIN && errno != EACCES)) _exit(1);
    struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 3, .l_len = 10};
    if (fcntl(cfd, F_GETLK, &q) != 0 || q.l_type != F_WRLCK || q.l_pid != getppid() || q.l_start != 0 || q.l_len != 5) _exit(2);
    if (lk(cfd, F_SETLK, F_WRLCK, 5, 5) != 0) _exit(3);
    if (lk(cfd, F_SETLKW, F_WRLCK, 0, 5) != 0) _exit(4);
    _exit(0);
  }
  nap(300);
  struct flock q = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  fcntl(lfd, F_GETLK, &q);
  printf("6. parent sees child's lock: type %d start %ld len %ld pid is child %d\n", q.l_type, (long)q.l_start, (long)q.l_len, q.l_pid == c);
  lk(lfd, F_SETLK, F_UNLCK, 0, 0);
  printf("6. child: %d\n", reap(c));
  /* a deadlock cycle */
  lk(lfd, F_SETLK, F_WRLCK, 0, 1);
  c = fork();
  if (c == 0) {
    int cfd = open(path, O_RDWR);
    lk(cfd, F_SETLK, F_WRLCK, 1, 1);
    int rc = lk(cfd, F_SETLKW, F_WRLCK, 0, 1);
    _exit(rc == 0 ? 0 : 10 + errno % 10);
  }
  nap(300);
  errno = 0;
  int dl = lk(lfd, F_SETLKW, F_WRLCK, 1, 1);
  printf("6. parent's request in the cycle: %d %s\n", dl, dl < 0 ? strerrorname_np(errno) : "");
  close(lfd);
  printf("6. child: %d\n", reap(c));
  unlink(path);
  rmdir(dir);
  return 0;
}
