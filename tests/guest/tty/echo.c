/* What the master reads back as echo of what it typed (ISIG off here; the signal
 * characters' echo is in isig.c): plain echo through ONLCR, ECHOE "\b \b" (also for
 * control characters shown as two columns and for tabs), ECHOCTL "^A" on and off, erase
 * without ECHOE, ECHOPRT, VKILL with ECHOKE and with ECHOK only, VWERASE, ^D, ECHONL with
 * and without ECHO, no echo at all, echo in non-canonical mode, VREPRINT (^R), erasing a
 * UTF-8 character with and without IUTF8.
 * Each case reads the slave's line (so the input was processed) and then exactly the
 * expected number of echo bytes from the master (more or fewer shows in the next line). */
#include "pty.h"

static int m, s;

static void slave_line(void) {
  char buf[256];
  int r;
  do r = read(s, buf, sizeof buf); while (r < 0 && errno == EINTR);
  CHECK(r >= 0);
}

/* Types `in`, optionally reads a line on the slave, then shows `want` echo bytes. */
static void echo_case(const char *label, const char *in, int read_line, int want) {
  put(m, in);
  if (read_line) slave_line();
  char buf[256];
  int r = drain(m, buf, want, 1000);
  show(label, buf, r);
}

int main(void) {
  setup(30);
  open_pty(&m, &s, NULL, 0);
  lflags(s, 0, ISIG);

  echo_case("plain", "hi\n", 1, 4);
  echo_case("ECHOE erase", "ab\x7f" "c\n", 1, 8);
  echo_case("ECHOCTL ^A", "x\x01y\n", 1, 6);
  echo_case("ECHOE erase of ^A", "\x01\x7f\n", 1, 10);
  echo_case("erase of a tab", "a\t\x7f\n", 1, 11);
  echo_case("ECHOKE kill", "abc\x15\n", 1, 14);
  echo_case("werase", "one two\x17\n", 1, 18);
  echo_case("^D at line start", "\x04", 1, 0);
  echo_case("^D mid-line", "ab\x04", 1, 2);
  echo_case("erase at line start (nothing to erase)", "\x7f\n", 1, 2);

  echo_case("VREPRINT", "abc\x12" "d\n", 1, 13);
  echo_case("VREPRINT after an erase", "xy\x7f\x12\n", 1, 12);
  iflags(s, IUTF8, 0);
  echo_case("IUTF8 erase of a 2-byte character", "a\xc3\xa9\x7f\n", 1, 8);
  echo_case("IUTF8 erase of a 3-byte character", "\xe2\x82\xac\x7f" "b\n", 1, 9);
  iflags(s, 0, IUTF8);
  echo_case("-IUTF8 erase of a 2-byte character", "a\xc3\xa9\x7f\n", 1, 8);

  lflags(s, 0, ECHOCTL);
  echo_case("-ECHOCTL ^A", "x\x01y\n", 1, 5);
  echo_case("-ECHOCTL erase of ^A", "\x01\x7f\n", 1, 3);
  lflags(s, ECHOCTL, 0);

  lflags(s, 0, ECHOE);
  echo_case("-ECHOE erase", "ab\x7f" "c\n", 1, 7);
  lflags(s, ECHOE, 0);

  lflags(s, ECHOPRT, 0);
  echo_case("ECHOPRT erase", "abc\x7f\x7f" "d\n", 1, 10);
  lflags(s, 0, ECHOPRT);

  lflags(s, 0, ECHOKE);
  echo_case("ECHOK without ECHOKE", "abc\x15z\n", 1, 10);
  lflags(s, 0, ECHOK);
  echo_case("neither ECHOK nor ECHOKE", "abc\x15z\n", 1, 8);
  lflags(s, ECHOK | ECHOKE, 0);

  lflags(s, ECHONL, 0);
  echo_case("ECHONL with ECHO", "n\n", 1, 3);
  lflags(s, 0, ECHO);
  echo_case("ECHONL without ECHO", "secret\n", 1, 2);
  lflags(s, 0, ECHONL);
  echo_case("no ECHO", "secret\x7f\x15x\n", 1, 0);
  lflags(s, ECHO, 0);

  lflags(s, 0, ICANON);
  echo_case("non-canonical echo", "q\n\x7f\x01", 0, 7);
  char buf[64];
  CHECK(wait_readable(s, 1000));
  int r = drain(s, buf, 4, 1000);
  show("non-canonical input", buf, r);
  lflags(s, ICANON, 0);

  /* Nothing else was echoed. */
  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("leftover echo", read(m, buf, sizeof buf));
  return 0;
}
