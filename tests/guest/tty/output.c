/* Output processing of what the slave writes, as the master reads it: ONLCR "\n" ->
 * "\r\n" (the default), -ONLCR, -OPOST (bytes untouched), OCRNL, ONOCR (no CR at column
 * 0), ONLRET, OLCUC, TAB3, and the write count being the caller's byte count, not the expanded one;
 * IXON flow control typed on the master (^S stops the slave's output, ^Q or with IXANY any
 * key restarts it, neither reaches the reader; with -IXON both are data). */
#include "pty.h"

static int m, s;

static void out_case(const char *label, const char *text, int want) {
  int n = (int)strlen(text);
  int w = write(s, text, n);
  CHECK(w == n);
  char buf[256];
  int r = drain(m, buf, want, 1000);
  show(label, buf, r);
}

/* Types `in` on the master, waits until the slave has input, and shows what it reads. */
static void typed(const char *in, const char *label) {
  put(m, in);
  CHECK(wait_readable(s, 2000));
  char buf[64];
  int r = read(s, buf, sizeof buf);
  show(label, buf, r);
}

static int nb_write(int fd, const char *c) {
  CHECK(fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  int r = write(fd, c, 1);
  int e = errno;
  CHECK(fcntl(fd, F_SETFL, O_RDWR) == 0);
  errno = e;
  return r;
}

int main(void) {
  setup(20);
  open_pty(&m, &s, NULL, 0);
  out_case("ONLCR", "a\nb\n", 6);
  out_case("ONLCR with CR already there", "c\r\n", 4);
  oflags(s, 0, ONLCR);
  out_case("-ONLCR", "d\ne\n", 4);
  oflags(s, OCRNL, 0);
  out_case("OCRNL", "f\rg\r", 4);
  oflags(s, ONOCR, OCRNL);
  out_case("ONOCR", "\rhi\r\r", 4);
  oflags(s, ONLCR, ONOCR);
  oflags(s, OLCUC, 0);
  out_case("OLCUC", "Mixed Case 1\n", 14);
  oflags(s, 0, OLCUC);
  oflags(s, ONLRET, ONLCR);
  out_case("ONLRET", "j\nk\n", 4);
  oflags(s, ONLCR, ONLRET);
  {
    struct termios t;
    get_termios(s, &t);
    t.c_oflag = (t.c_oflag & ~TABDLY) | TAB3;
    CHECK(tcsetattr(s, TCSANOW, &t) == 0);
    out_case("TAB3 (tabs to spaces)", "a\tbc\t\td\n", 27);
    t.c_oflag &= ~TABDLY;
    CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  }
  oflags(s, OCRNL | OLCUC, OPOST);
  out_case("-OPOST (other flags ignored)", "raw\n\rbytes\n", 11);
  oflags(s, OPOST, OCRNL | OLCUC);
  /* A long write: the count is the input size even though output grows. */
  char big[2000];
  for (int i = 0; i < 2000; i++) big[i] = (i % 50 == 49) ? '\n' : 'x';
  int w = write(s, big, sizeof big);
  printf("write of 2000 bytes with 40 newlines returns %d\n", w);
  static char got[4096];
  int r = drain(m, got, 2040, 1000);
  int cr = 0;
  for (int i = 0; i < r; i++) cr += got[i] == '\r';
  printf("master read %d bytes, %d CRs\n", r, cr);

  /* IXON: ^S typed on the master stops the slave's output, ^Q restarts it (and with IXANY
   * any key does); ^S and ^Q do not reach the reader; with -IXON they are data. The slave
   * is non-canonical here so that reading the byte typed with each control character
   * shows the input was processed. */
  lflags(s, 0, ECHO | ICANON);
  typed("a\x13", "typed a ^S");
  errno = 0;
  result("slave write after ^S", nb_write(s, "1"));
  typed("\x11" "b", "typed ^Q b");
  result("slave write after ^Q", nb_write(s, "2"));
  r = drain(m, got, 1, 1000);
  show("master read", got, r);
  iflags(s, IXANY, 0);
  typed("c\x13", "typed c ^S (IXANY)");
  errno = 0;
  result("slave write after ^S", nb_write(s, "3"));
  typed("d", "typed d (IXANY)");
  result("slave write after d", nb_write(s, "4"));
  r = drain(m, got, 1, 1000);
  show("master read", got, r);
  iflags(s, 0, IXON | IXANY);
  typed("\x13\x11", "typed ^S ^Q (-IXON)");
  result("slave write", nb_write(s, "5"));
  r = drain(m, got, 1, 1000);
  show("master read", got, r);

  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("leftover output", read(m, got, sizeof got));
  return 0;
}
