/* Packet mode (TIOCPKT on the master), as used by script/telnetd-like programs: each master
 * read starts with a status byte, TIOCPKT_DATA (0) before data, or a single byte of event
 * flags: FLUSHREAD after the slave flushes its input, FLUSHWRITE after it flushes its
 * output, STOP/START for tcflow and for ^S/^Q typed with IXON, NOSTOP/DOSTOP when IXON
 * is turned off/on. Also: a zero-length slave read returns 0 at once. */
#include "pty.h"

static int m, s;

static void master_reads(const char *label, int want) {
  char buf[64];
  int r = drain(m, buf, want, 1000);
  show(label, buf, r);
}

int main(void) {
  setup(20);
  open_pty(&m, &s, NULL, 0);
  lflags(s, 0, ECHO);
  int one = 1;
  CHECK(ioctl(m, TIOCPKT, &one) == 0);

  put(s, "hi");
  master_reads("slave wrote \"hi\"", 3);

  put(m, "x\n");
  CHECK(wait_readable(s, 2000));
  CHECK(tcflush(s, TCIFLUSH) == 0);
  master_reads("slave tcflush(TCIFLUSH)", 1);
  CHECK(tcflush(s, TCOFLUSH) == 0);
  master_reads("slave tcflush(TCOFLUSH)", 1);
  CHECK(tcflow(s, TCOOFF) == 0);
  master_reads("slave tcflow(TCOOFF)", 1);
  CHECK(tcflow(s, TCOON) == 0);
  master_reads("slave tcflow(TCOON)", 1);
  iflags(s, 0, IXON);
  master_reads("slave clears IXON", 1);
  iflags(s, IXON, 0);
  master_reads("slave sets IXON", 1);

  /* ^S and ^Q typed on the master. */
  put(m, "\x13");
  master_reads("^S typed", 1);
  put(m, "\x11");
  master_reads("^Q typed", 1);

  /* Data after events. */
  put(s, "ok\n");
  master_reads("slave wrote \"ok\\n\"", 5);
  int zero = 0;
  CHECK(ioctl(m, TIOCPKT, &zero) == 0);
  put(s, "plain");
  master_reads("packet mode off", 5);

  char buf[8];
  printf("zero-length slave read: %d\n", (int)read(s, buf, 0));
  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("leftover", read(m, buf, sizeof buf));
  return 0;
}
