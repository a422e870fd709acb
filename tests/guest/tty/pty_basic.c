/* Pseudo-terminal pairs: posix_openpt/grantpt/unlockpt/ptsname, the /dev/pts/N node
 * (a char device of major 136 that exists while the master is open), TIOCGPTN, isatty,
 * ttyname, TIOCSPTLCK (a locked slave cannot be opened: EIO), data both ways, the master
 * reading EIO (and polling POLLHUP) once every slave fd is closed and recovering when a
 * slave is opened again (output written before the close is read first; typed input and
 * termios survive), the node vanishing when the master closes; TIOCGPTPEER and
 * glibc's openpty (which uses it). */
#include "pty.h"
#include <pty.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

int main(void) {
  setup(20);
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(m >= 0);
  CHECK(isatty(m));
  CHECK(grantpt(m) == 0);
  CHECK(unlockpt(m) == 0);
  char *name = ptsname(m);
  CHECK(name != NULL);
  char path[64];
  snprintf(path, sizeof path, "%s", name);
  printf("ptsname prefix: %.9s\n", path);
  CHECK(strncmp(path, "/dev/pts/", 9) == 0);
  unsigned n;
  CHECK(ioctl(m, TIOCGPTN, &n) == 0);
  char expect[64];
  snprintf(expect, sizeof expect, "/dev/pts/%u", n);
  CHECK(strcmp(expect, path) == 0);
  printf("TIOCGPTN matches ptsname\n");

  struct stat st;
  CHECK(stat(path, &st) == 0);
  printf("slave node: chr=%d major=%d minor_is_ptn=%d\n", S_ISCHR(st.st_mode), (int)major(st.st_rdev),
         minor(st.st_rdev) == n);
  CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 136);
  CHECK(stat("/dev/ptmx", &st) == 0);
  printf("/dev/ptmx: chr=%d %d:%d\n", S_ISCHR(st.st_mode), (int)major(st.st_rdev), (int)minor(st.st_rdev));

  /* Lock again: opening the slave fails with EIO; unlock: it opens. */
  int lock = 1;
  CHECK(ioctl(m, TIOCSPTLCK, &lock) == 0);
  errno = 0;
  int s = open(path, O_RDWR | O_NOCTTY);
  result("open locked slave", s);
  CHECK(s == -1 && errno == EIO);
  lock = 0;
  CHECK(ioctl(m, TIOCSPTLCK, &lock) == 0);
  s = open(path, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  printf("open unlocked slave: ok\n");
  CHECK(isatty(s));
  char tn[64];
  CHECK(ttyname_r(s, tn, sizeof tn) == 0);
  printf("ttyname(slave) == ptsname: %d\n", strcmp(tn, path) == 0);
  /* The master is not a /dev/pts node. */
  unsigned n2;
  errno = 0;
  result("TIOCGPTN on the slave", ioctl(s, TIOCGPTN, &n2));

  /* A second pair gets a different number while the first is open. */
  int m2 = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(m2 >= 0);
  unsigned nb;
  CHECK(ioctl(m2, TIOCGPTN, &nb) == 0);
  printf("second pair has another number: %d\n", nb != n);
  close(m2);

  /* Data both ways (raw, so no line discipline gets in the way here). */
  struct termios t;
  CHECK(tcgetattr(s, &t) == 0);
  cfmakeraw(&t);
  CHECK(tcsetattr(s, TCSANOW, &t) == 0);
  put(m, "to slave");
  char buf[64];
  CHECK(wait_readable(s, 2000));
  int r = drain(s, buf, 8, 1000);
  show("slave read", buf, r);
  put(s, "to master");
  r = drain(m, buf, 9, 1000);
  show("master read", buf, r);

  /* Nothing pending: a non-blocking master read gives EAGAIN while the slave is open. */
  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("master read, slave open, nothing pending", read(m, buf, sizeof buf));
  struct pollfd p = {m, POLLIN | POLLOUT, 0};
  CHECK(poll(&p, 1, 0) == 1);
  printf("master poll, slave open: %#x\n", p.revents);

  /* Every slave fd closed: the master reads EIO and polls POLLHUP. */
  close(s);
  errno = 0;
  result("master read, slave closed", read(m, buf, sizeof buf));
  p.revents = 0;
  CHECK(poll(&p, 1, 0) == 1);
  printf("master poll, slave closed: %#x\n", p.revents);
  CHECK(fcntl(m, F_SETFL, O_RDWR) == 0);
  errno = 0;
  result("blocking master read, slave closed", read(m, buf, sizeof buf));

  /* Reopening the slave brings the master back. */
  s = open(path, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  /* What the slave wrote before closing is read first, then EIO. */
  put(s, "bye");
  close(s);
  r = drain(m, buf, 3, 1000);
  show("master read after the slave wrote and closed", buf, r);
  errno = 0;
  result("then", read(m, buf, sizeof buf));
  /* Typed input and the termios survive while no slave is open. */
  put(m, "kept");
  s = open(path, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  CHECK(wait_readable(s, 2000));
  r = drain(s, buf, 4, 1000);
  show("slave reopened reads what was typed meanwhile", buf, r);
  get_termios(s, &t);
  printf("still raw after reopening: %d\n", (t.c_lflag & ICANON) == 0);
  CHECK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK) == 0);
  errno = 0;
  result("master read, slave reopened", read(m, buf, sizeof buf));
  CHECK(fcntl(m, F_SETFL, O_RDWR) == 0);

  /* TIOCGPTPEER opens the slave through the master. */
  int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  CHECK(peer >= 0);
  CHECK(ttyname_r(peer, tn, sizeof tn) == 0);
  printf("TIOCGPTPEER gives the slave: %d\n", strcmp(tn, path) == 0);
  put(peer, "peer");
  r = drain(m, buf, 4, 1000);
  show("master read from the peer", buf, r);
  close(peer);

  /* glibc's openpty. */
  int om, os;
  char oname[64];
  CHECK(openpty(&om, &os, oname, NULL, NULL) == 0);
  printf("openpty name prefix: %.9s\n", oname);
  put(om, "o\n");
  r = read(os, buf, sizeof buf);
  show("openpty slave read", buf, r);
  close(om);
  close(os);

  /* Closing the master removes /dev/pts/N at once; the open slave fd stays. */
  close(m);
  errno = 0;
  result("stat slave node after master close", stat(path, &st));
  errno = 0;
  result("open slave path after master close", open(path, O_RDWR | O_NOCTTY));
  close(s);
  return 0;
}
