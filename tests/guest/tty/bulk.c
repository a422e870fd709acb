/* Bulk data through a pty, with blocking in both directions: 100000 pseudo-random bytes
 * typed on the master reach a raw slave intact and in order (checksum), and 100000 bytes
 * the slave writes reach the master intact (OPOST off); a writer that is not read from
 * eventually gets EAGAIN (non-blocking) on either side, and a reader then drains it all;
 * a canonical line longer than the 4095-byte line buffer. */
#include "pty.h"

#define TOTAL 100000

static void fill(unsigned char *buf, int n, uint64_t *seed) {
  for (int i = 0; i < n; i++) buf[i] = (unsigned char)rnd_next(seed);
}

/* A child writes TOTAL bytes to `to` in chunks; the parent reads them from `from`. */
static void transfer(const char *label, int to, int from) {
  pid_t c = xfork();
  CHECK(c >= 0);
  if (c == 0) {
    uint64_t seed = 12345;
    unsigned char buf[1000];
    for (int done = 0; done < TOTAL; done += 1000) {
      fill(buf, 1000, &seed);
      write_all(to, (char *)buf, 1000);
    }
    _exit(0);
  }
  uint64_t h = FNV_INIT;
  int got = 0;
  static unsigned char buf[8192];
  while (got < TOTAL) {
    int r = read(from, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    CHECK(r > 0);
    h = fnv(h, buf, r);
    got += r;
  }
  uint64_t seed = 12345, e = FNV_INIT;
  for (int done = 0; done < TOTAL; done += 1000) {
    fill(buf, 1000, &seed);
    e = fnv(e, buf, 1000);
  }
  int st;
  CHECK(waitpid_retry(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  printf("%s: %d bytes, checksum %016llx, as sent %d\n", label, got, (unsigned long long)h, h == e);
}

/* Non-blocking writes to `fd` until EAGAIN; returns the byte count. */
static long fill_up(int fd) {
  CHECK(fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  char buf[512];
  memset(buf, 'q', sizeof buf);
  long total = 0;
  for (;;) {
    int r = write(fd, buf, sizeof buf);
    if (r < 0) {
      CHECK(errno == EAGAIN);
      break;
    }
    total += r;
    CHECK(total < (1L << 26));
  }
  CHECK(fcntl(fd, F_SETFL, O_RDWR) == 0);
  return total;
}

static long drain_count(int fd) {
  long total = 0;
  char buf[4096];
  while (wait_readable(fd, 1000)) {
    int r = read(fd, buf, sizeof buf);
    if (r <= 0) break;
    total += r;
  }
  return total;
}

int main(void) {
  setup(60);
  int m, s;
  open_pty(&m, &s, NULL, 0);
  struct termios t;
  get_termios(s, &t);
  struct termios raw = t;
  cfmakeraw(&raw);
  CHECK(tcsetattr(s, TCSANOW, &raw) == 0);
  transfer("master -> raw slave", m, s);
  transfer("slave -> master", s, m);

  long wrote = fill_up(s);
  printf("slave writes until EAGAIN: more than 4096 bytes accepted %d\n", wrote > 4096);
  long read_back = drain_count(m);
  printf("master drains exactly what was accepted: %d\n", read_back == wrote);
  wrote = fill_up(m);
  printf("master writes until EAGAIN: more than 4096 bytes accepted %d\n", wrote > 4096);
  read_back = drain_count(s);
  printf("slave drains exactly what was accepted: %d\n", read_back == wrote);

  /* Canonical: a 5000-byte line. */
  t.c_lflag &= ~ECHO;
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  static char line[5001];
  memset(line, 'L', 5000);
  line[5000] = '\n';
  write_all(m, line, 5001);
  static char buf[8192];
  int r = read(s, buf, sizeof buf);
  int ls = 0;
  for (int i = 0; i < r; i++) ls += buf[i] == 'L';
  printf("5000-character line: read %d bytes, %d L, ends with newline %d\n", r, ls, r > 0 && buf[r - 1] == '\n');
  CHECK(fcntl(s, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("then", read(s, buf, sizeof buf));
  return 0;
}
