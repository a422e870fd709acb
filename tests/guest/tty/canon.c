/* Canonical mode input (echo off so only the slave's reads are observed): VERASE,
 * VKILL, VWERASE, ^D at the start of a line (read returns 0) and in the middle (returns the
 * partial line without the ^D), one line per read, a short buffer taking a line in pieces,
 * VEOL/VEOL2 as extra line ends, VLNEXT quoting, ICRNL/INLCR/IGNCR, erase at the start of a
 * line, changed control characters, _POSIX_VDISABLE, ^O and ^R, IUTF8 erase, ISTRIP, IUCLC,
 * a ^D-ended line read in pieces, EAGAIN for O_NONBLOCK with no complete line. */
#include "pty.h"

static int m, s;

/* Types `in` on the master, then reads one line (one read call) on the slave. */
static void line(const char *label, const char *in) {
  put(m, in);
  char buf[256];
  int r;
  do r = read(s, buf, sizeof buf); while (r < 0 && errno == EINTR);
  CHECK(r >= 0);
  show(label, buf, r);
}

static void one_read(const char *label, int cap) {
  char buf[256];
  int r = read(s, buf, cap);
  CHECK(r >= 0);
  show(label, buf, r);
}

int main(void) {
  setup(20);
  open_pty(&m, &s, NULL, 0);
  lflags(s, 0, ECHO);

  line("erase", "abc\x7f" "d\n");
  line("erase twice", "abc\x7f\x7f\x7fxy\n");
  line("erase at line start", "\x7f\x7fok\n");
  line("kill", "garbage\x15" "fresh\n");
  line("werase", "one two\x17three\n");
  line("werase with trailing blanks", "one two  \x17" "2\n");
  line("werase of the only word", "word\x17w\n");
  line("werase of a tab-separated word", "alpha\tbeta\x17gamma\n");
  line("EOF at line start", "\x04");
  line("EOF mid-line", "partial\x04");
  line("empty line", "\n");
  line("VLNEXT quotes ^U", "a\x16\x15z\n");
  line("VLNEXT quotes erase", "a\x16\x7f\n");
  line("VDISCARD (^O) is data", "a\x0f" "b\n");
  line("VREPRINT with ECHO off is data", "ab\x12" "c\n");
  iflags(s, IUTF8, 0);
  line("IUTF8: erase takes a whole character", "a\xc3\xa9\x7f\xe2\x82\xac\x7f" "b\n");
  line("IUTF8: werase", "x \xc3\xa9\xc3\xa9\x17y\n");
  iflags(s, 0, IUTF8);
  line("-IUTF8: erase takes one byte", "a\xc3\xa9\x7f\n");
  iflags(s, ISTRIP, 0);
  line("ISTRIP", "\xe1\xe2\n");
  iflags(s, IUCLC, ISTRIP);
  line("IUCLC", "MiXeD\n");
  iflags(s, 0, IUCLC);

  /* Erase and kill do not reach into a line that is complete but not yet read. */
  put(m, "done\n\x7f\x7f\x15new\n");
  one_read("complete line", 256);
  one_read("next line after erase/kill at its start", 256);
  /* Two lines typed at once: one read returns one line. */
  put(m, "first\nsecond\n");
  one_read("line 1 of 2", 256);
  one_read("line 2 of 2", 256);
  /* A short buffer gets the line in pieces. */
  put(m, "0123456789\n");
  one_read("short read 1", 4);
  one_read("short read 2", 4);
  one_read("short read 3", 4);
  /* EOF after a line: the line, then 0. */
  put(m, "last\n\x04");
  one_read("line before EOF", 256);
  one_read("the EOF", 256);

  /* ^D ending a line longer than the buffer: the rest, then no EOF left over. */
  put(m, "abcdef\x04");
  one_read("^D line, read 3", 3);
  one_read("^D line, the rest", 256);
  /* Non-blocking: nothing, or only a partial line, is EAGAIN. */
  CHECK(fcntl(s, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  {
    char buf[16];
    errno = 0;
    result("non-blocking read, nothing typed", read(s, buf, sizeof buf));
    put(m, "part");
    usleep(100000);
    errno = 0;
    result("non-blocking read, partial line typed", read(s, buf, sizeof buf));
  }
  CHECK(fcntl(s, F_SETFL, O_RDWR) == 0);
  line("partial line completed", "\n");

  /* Carriage returns: ICRNL (default) maps CR to NL. */
  line("ICRNL", "cr\r");
  iflags(s, 0, ICRNL);
  line("-ICRNL: CR is data", "a\rb\n");
  iflags(s, IGNCR, 0);
  line("IGNCR", "c\rd\n");
  iflags(s, INLCR, IGNCR);
  put(m, "e\nf\r");
  line("INLCR (NL->CR is data, CR alone is data, ends with ^D)", "\x04");
  iflags(s, ICRNL, INLCR);

  /* VEOL and VEOL2 end a line and are part of it. */
  struct termios t;
  get_termios(s, &t);
  t.c_cc[VEOL] = ';';
  t.c_cc[VEOL2] = '|';
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  line("VEOL", "x;");
  line("VEOL2", "y|");
  /* Changed editing characters. */
  t.c_cc[VERASE] = '#';
  t.c_cc[VKILL] = '@';
  t.c_cc[VEOF] = '!';
  t.c_cc[VEOL] = _POSIX_VDISABLE;
  t.c_cc[VEOL2] = _POSIX_VDISABLE;
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  line("VERASE=#", "ab#c\n");
  line("VKILL=@", "junk@kept\n");
  line("VEOF=!", "bang!");
  line("old erase is data", "q\x7f;|\n");
  /* Disabled: a NUL is data, not a control character. */
  t.c_cc[VERASE] = _POSIX_VDISABLE;
  t.c_cc[VWERASE] = _POSIX_VDISABLE;
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  line("VERASE disabled", "a#b\x17\n");
  write_all(m, "nul\0mid\n", 8);
  one_read("NUL is data", 256);
  /* -IEXTEN turns off VWERASE and VLNEXT. */
  t.c_cc[VERASE] = 0x7f;
  t.c_cc[VWERASE] = 0x17;
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  lflags(s, 0, IEXTEN);
  line("-IEXTEN: werase is data", "a b\x17\n");
  line("-IEXTEN: lnext is data", "a\x16\x7f" "b\n");
  return 0;
}
