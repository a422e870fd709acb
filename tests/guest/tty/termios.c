/* termios ioctls on a fresh pseudo-terminal: the TCGETS defaults (flags and c_cc) seen on
 * the slave and on the master, TCSETS round trip (flags, c_cc, speed), cfmakeraw,
 * TCSETSF flushing pending input, TCSETSW, tcflush(TCIFLUSH) on either side, tcdrain,
 * tcflow (TCXONC) stopping and restarting output, FIONREAD, and ENOTTY on a pipe. */
#include "pty.h"

struct flag {
  tcflag_t bit;
  const char *name;
};

static const struct flag IFLAGS[] = {
    {IGNBRK, "IGNBRK"}, {BRKINT, "BRKINT"}, {IGNPAR, "IGNPAR"}, {PARMRK, "PARMRK"}, {INPCK, "INPCK"},
    {ISTRIP, "ISTRIP"}, {INLCR, "INLCR"},   {IGNCR, "IGNCR"},   {ICRNL, "ICRNL"},   {IUCLC, "IUCLC"},
    {IXON, "IXON"},     {IXANY, "IXANY"},   {IXOFF, "IXOFF"},   {IMAXBEL, "IMAXBEL"}, {IUTF8, "IUTF8"},
    {0, 0}};
static const struct flag OFLAGS[] = {{OPOST, "OPOST"}, {OLCUC, "OLCUC"}, {ONLCR, "ONLCR"}, {OCRNL, "OCRNL"},
                                     {ONOCR, "ONOCR"}, {ONLRET, "ONLRET"}, {OFILL, "OFILL"}, {OFDEL, "OFDEL"},
                                     {0, 0}};
static const struct flag CFLAGS[] = {{CSTOPB, "CSTOPB"}, {CREAD, "CREAD"}, {PARENB, "PARENB"}, {PARODD, "PARODD"},
                                     {HUPCL, "HUPCL"},   {CLOCAL, "CLOCAL"}, {0, 0}};
static const struct flag LFLAGS[] = {
    {ISIG, "ISIG"},       {ICANON, "ICANON"}, {ECHO, "ECHO"},       {ECHOE, "ECHOE"},   {ECHOK, "ECHOK"},
    {ECHONL, "ECHONL"},   {NOFLSH, "NOFLSH"}, {TOSTOP, "TOSTOP"},   {ECHOCTL, "ECHOCTL"}, {ECHOPRT, "ECHOPRT"},
    {ECHOKE, "ECHOKE"},   {FLUSHO, "FLUSHO"}, {PENDIN, "PENDIN"},   {IEXTEN, "IEXTEN"}, {EXTPROC, "EXTPROC"},
    {0, 0}};

static void print_flags(const char *label, tcflag_t v, const struct flag *f) {
  printf("  %s %#o:", label, v);
  for (; f->name; f++)
    if (v & f->bit) printf(" %s", f->name);
  printf("\n");
}

static void print_termios(const char *label, const struct termios *t) {
  printf("%s\n", label);
  print_flags("iflag", t->c_iflag, IFLAGS);
  print_flags("oflag", t->c_oflag, OFLAGS);
  print_flags("cflag", t->c_cflag, CFLAGS);
  printf("  cflag CSIZE=%s CBAUD=%#o\n",
         (t->c_cflag & CSIZE) == CS8 ? "CS8" : (t->c_cflag & CSIZE) == CS7 ? "CS7" : "other", t->c_cflag & CBAUD);
  print_flags("lflag", t->c_lflag, LFLAGS);
  printf("  c_line %d c_cc:", t->c_line);
  for (int i = 0; i < 17; i++) printf(" %d", t->c_cc[i]);
  printf("\n");
}

/* The kernel's own struct termios (36 bytes), read with the raw ioctl. */
struct kernel_termios {
  unsigned c_iflag, c_oflag, c_cflag, c_lflag;
  unsigned char c_line;
  unsigned char c_cc[19];
};

int main(void) {
  setup(20);
  int m, s;
  open_pty(&m, &s, NULL, 0);

  struct termios t;
  get_termios(s, &t);
  print_termios("slave defaults", &t);
  printf("  ispeed B38400=%d ospeed B38400=%d\n", cfgetispeed(&t) == B38400, cfgetospeed(&t) == B38400);
  struct termios tm;
  get_termios(m, &tm);
  printf("master TCGETS equals slave's: %d\n", t.c_iflag == tm.c_iflag && t.c_oflag == tm.c_oflag &&
                                                    t.c_cflag == tm.c_cflag && t.c_lflag == tm.c_lflag &&
                                                    memcmp(t.c_cc, tm.c_cc, 19) == 0);

  struct kernel_termios kt;
  memset(&kt, 0xee, sizeof kt);
  CHECK(ioctl(s, TCGETS, &kt) == 0);
  printf("raw TCGETS c_cc[17..18]: %d %d\n", kt.c_cc[17], kt.c_cc[18]);

  /* TCSETS round trip: flags, control characters and speed come back as set. */
  struct termios w = t;
  w.c_iflag = IGNBRK | INLCR | IXOFF | IUTF8;
  w.c_oflag = OPOST | OCRNL | ONLRET;
  w.c_lflag = ISIG | ECHO | ECHONL | NOFLSH | TOSTOP | ECHOPRT | IEXTEN;
  w.c_cc[VINTR] = 'i';
  w.c_cc[VMIN] = 7;
  w.c_cc[VTIME] = 9;
  w.c_cc[VEOL] = 'e';
  w.c_cc[VEOL2] = 'f';
  cfsetispeed(&w, B9600);
  cfsetospeed(&w, B9600);
  CHECK(tcsetattr(s, TCSANOW, &w) == 0);
  struct termios back;
  get_termios(s, &back);
  print_termios("after TCSETS", &back);
  printf("  ospeed B9600=%d\n", cfgetospeed(&back) == B9600);
  CHECK(back.c_iflag == w.c_iflag && back.c_oflag == w.c_oflag && back.c_lflag == w.c_lflag);
  CHECK(memcmp(back.c_cc, w.c_cc, 17) == 0);
  /* The master sets the same termios (it is the slave's). */
  CHECK(tcsetattr(m, TCSANOW, &t) == 0);
  get_termios(s, &back);
  printf("TCSETS through the master reaches the slave: %d\n", back.c_lflag == t.c_lflag && back.c_iflag == t.c_iflag);

  /* cfmakeraw. */
  w = t;
  cfmakeraw(&w);
  CHECK(tcsetattr(s, TCSANOW, &w) == 0);
  get_termios(s, &back);
  print_termios("after cfmakeraw", &back);
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);

  /* Canonical FIONREAD counts only complete lines. */
  lflags(s, 0, ECHO);
  put(m, "ab\ncd");
  CHECK(wait_readable(s, 2000));
  int avail = -1;
  CHECK(ioctl(s, FIONREAD, &avail) == 0);
  printf("FIONREAD with \"ab\\ncd\" typed, canonical: %d\n", avail);
  /* Raw: every byte counts. */
  lflags(s, 0, ICANON);
  CHECK(ioctl(s, FIONREAD, &avail) == 0);
  printf("FIONREAD after switching to non-canonical: %d\n", avail);
  /* tcflush(TCIFLUSH) drops it. */
  CHECK(tcflush(s, TCIFLUSH) == 0);
  CHECK(ioctl(s, FIONREAD, &avail) == 0);
  printf("FIONREAD after tcflush(TCIFLUSH): %d\n", avail);
  CHECK(fcntl(s, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  char buf[64];
  errno = 0;
  result("slave read after TCIFLUSH", read(s, buf, sizeof buf));

  /* TCSETSF (TCSAFLUSH) discards pending input too. */
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  lflags(s, 0, ECHO);
  put(m, "pending\n");
  CHECK(wait_readable(s, 2000));
  get_termios(s, &w);
  CHECK(tcsetattr(s, TCSAFLUSH, &w) == 0);
  errno = 0;
  result("slave read after TCSETSF", read(s, buf, sizeof buf));
  /* TCSETSW (TCSADRAIN) keeps it. */
  put(m, "kept\n");
  CHECK(wait_readable(s, 2000));
  CHECK(tcsetattr(s, TCSADRAIN, &w) == 0);
  int r = read(s, buf, sizeof buf);
  show("slave read after TCSETSW", buf, r);
  CHECK(fcntl(s, F_SETFL, O_RDWR) == 0);

  /* tcflush(TCIFLUSH) on the master drops what the slave wrote. */
  put(s, "xyz");
  CHECK(wait_readable(m, 2000));
  CHECK(tcflush(m, TCIFLUSH) == 0);
  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("master read after tcflush(master, TCIFLUSH)", read(m, buf, sizeof buf));
  CHECK(tcflush(s, TCOFLUSH) == 0 && tcflush(s, TCIOFLUSH) == 0);
  errno = 0;
  result("tcflush with a bad queue selector", ioctl(s, TCFLSH, 7));
  CHECK(tcdrain(s) == 0);
  printf("tcdrain: 0\n");

  /* tcflow: output stopped, a non-blocking slave write cannot proceed; restarted, it does. */
  CHECK(tcflow(s, TCOOFF) == 0);
  CHECK(fcntl(s, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("slave write while output is stopped", write(s, "w", 1));
  CHECK(tcflow(s, TCOON) == 0);
  result("slave write after TCOON", write(s, "w", 1));
  r = drain(m, buf, 1, 1000);
  show("master read after TCOON", buf, r);
  CHECK(fcntl(s, F_SETFL, O_RDWR) == 0);

  /* Not a terminal. */
  int p[2];
  CHECK(pipe(p) == 0);
  errno = 0;
  result("TCGETS on a pipe", ioctl(p[0], TCGETS, &kt));
  printf("isatty(pipe): %d\n", isatty(p[0]));
  return 0;
}
