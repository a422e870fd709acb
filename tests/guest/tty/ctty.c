/* The controlling terminal, in a child "A" that made its own session:
 * - without one: /dev/tty gives ENXIO; TIOCGSID/TIOCGPGRP on a tty that is not ours ENOTTY;
 *   the master's TIOCGPGRP reads 0 and TIOCGSID ENOTTY while the pty has no session;
 * - O_NOCTTY and opening /dev/ptmx do not acquire it; a session leader opening the slave
 *   does; TIOCSCTTY by a non-leader is EPERM; on our own ctty it is 0, on a second tty EPERM;
 * - /dev/tty then reaches the pty; TIOCGSID/TIOCGPGRP on the slave, /dev/tty and master;
 * - TIOCSPGRP: ESRCH, EINVAL, EPERM (group of another session), 0 (own session's group);
 * - TIOCNOTTY by a non-leader: only that process loses the ctty, nobody is signalled;
 * - TIOCNOTTY by the leader: SIGHUP then SIGCONT to the foreground group, the whole session
 *   loses the ctty, the pty has no session, and the leader can take it again;
 * - TIOCSCTTY on a master fd makes its slave the controlling terminal;
 * - another session leader's TIOCSCTTY on a tty owned by a session: EPERM; arg 1 as root steals. */
#include "pty.h"

#define NOPID_VALUE (1 << 30)

static int m, s;
static char path[64];
static pid_t top_pgrp;

static void sid_of(const char *label, int fd) {
  pid_t v = -7;
  errno = 0;
  int r = ioctl(fd, TIOCGSID, &v);
  if (r < 0) printf("%s TIOCGSID: -1 %s\n", label, errname(errno));
  else {
    /* qemu-aarch64 7.2 returns 0 without storing the value, so only a stored value is checked. */
    CHECK(v == -7 || v == getsid(0));
    printf("%s TIOCGSID: 0\n", label);
  }
}

static void pgrp_of(const char *label, int fd) {
  pid_t v = -7;
  errno = 0;
  int r = ioctl(fd, TIOCGPGRP, &v);
  if (r < 0) printf("%s TIOCGPGRP: -1 %s\n", label, errname(errno));
  else printf("%s TIOCGPGRP: %s\n", label, v == getpgrp() ? "our group" : v == 0 ? "0" : "another");
}

static void devtty(const char *label) {
  errno = 0;
  int fd = open("/dev/tty", O_RDWR);
  if (fd < 0) {
    printf("%s open /dev/tty: -1 %s\n", label, errname(errno));
    return;
  }
  printf("%s open /dev/tty: ok\n", label);
  close(fd);
}

static volatile sig_atomic_t nsig;
static volatile int sigs[8];
static void on_sig(int sig) {
  if (nsig < 8) sigs[nsig++] = sig;
}

static int leader(void) {
  CHECK(setsid() == getpid());
  devtty("no ctty:");
  sid_of("no ctty: slave", s);
  pgrp_of("no ctty: slave", s);
  sid_of("no ctty: master", m);
  pgrp_of("no ctty: master", m);
  int pm = posix_openpt(O_RDWR);
  CHECK(pm >= 0);
  devtty("after opening /dev/ptmx without O_NOCTTY:");
  int s2 = open(path, O_RDWR | O_NOCTTY);
  CHECK(s2 >= 0);
  devtty("after opening the slave with O_NOCTTY:");
  close(s2);

  /* A non-leader cannot TIOCSCTTY. */
  pid_t b = xfork();
  CHECK(b >= 0);
  if (b == 0) {
    CHECK(setpgid(0, 0) == 0);
    errno = 0;
    result("non-leader TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
    _exit(0);
  }
  int st;
  CHECK(waitpid_retry(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* Opening the slave without O_NOCTTY makes it the controlling terminal. */
  s2 = open(path, O_RDWR);
  CHECK(s2 >= 0);
  devtty("after opening the slave:");
  sid_of("ctty: slave", s);
  pgrp_of("ctty: slave", s);
  sid_of("ctty: master", m);
  pgrp_of("ctty: master", m);
  int t = open("/dev/tty", O_RDWR);
  CHECK(t >= 0);
  sid_of("ctty: /dev/tty", t);
  put(t, "via /dev/tty\n");
  char buf[64];
  int r = drain(m, buf, 14, 1000);
  show("master read", buf, r);
  errno = 0;
  result("TIOCSCTTY on our own ctty", ioctl(s, TIOCSCTTY, 0));
  unlockpt(pm);
  char p2[64];
  CHECK(ptsname_r(pm, p2, sizeof p2) == 0);
  int other = open(p2, O_RDWR | O_NOCTTY);
  CHECK(other >= 0);
  errno = 0;
  result("TIOCSCTTY on a second tty", ioctl(other, TIOCSCTTY, 0));
  sid_of("second tty:", other);

  /* TIOCSPGRP. */
  pid_t g = NOPID_VALUE;
  errno = 0;
  result("TIOCSPGRP to no such group", ioctl(s, TIOCSPGRP, &g));
  g = -5;
  errno = 0;
  result("TIOCSPGRP to a negative group", ioctl(s, TIOCSPGRP, &g));
  g = top_pgrp;
  errno = 0;
  result("TIOCSPGRP to a group of another session", ioctl(s, TIOCSPGRP, &g));
  g = getpgrp();
  errno = 0;
  result("TIOCSPGRP to our own group", ioctl(s, TIOCSPGRP, &g));

  /* TIOCNOTTY by a non-leader. */
  int rep[2], go[2];
  CHECK(pipe(rep) == 0 && pipe(go) == 0);
  b = xfork();
  CHECK(b >= 0);
  if (b == 0) {
    signal(SIGHUP, on_sig);
    signal(SIGCONT, on_sig);
    devtty("member:");
    int s3 = open(p2, O_RDWR);
    CHECK(s3 >= 0);
    sid_of("member, after opening another slave:", s3);
    errno = 0;
    result("member TIOCNOTTY", ioctl(s, TIOCNOTTY));
    devtty("member after TIOCNOTTY:");
    sid_of("member after TIOCNOTTY: slave", s);
    printf("member signals: %d\n", (int)nsig);
    _exit(0);
  }
  CHECK(waitpid_retry(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  devtty("leader after the member's TIOCNOTTY:");

  /* TIOCNOTTY by the leader, with a job in the foreground. */
  b = xfork();
  CHECK(b >= 0);
  if (b == 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCONT, &sa, NULL);
    CHECK(setpgid(0, 0) == 0);
    send_byte(rep[1], 'r');
    CHECK(recv_byte(go[0]) == 'g');
    /* Both are pending together; the order their handlers run in is not checked. */
    int hup = 0, cont = 0;
    for (int i = 0; i < nsig; i++) {
      hup += sigs[i] == SIGHUP;
      cont += sigs[i] == SIGCONT;
    }
    printf("job signals: SIGHUP %d, SIGCONT %d, others %d\n", hup, cont, nsig - hup - cont);
    devtty("job:");
    sid_of("job: slave", s);
    _exit(0);
  }
  setpgid(b, b);
  CHECK(recv_byte(rep[0]) == 'r');
  CHECK(tcsetpgrp(s, b) == 0);
  signal(SIGHUP, on_sig);
  signal(SIGCONT, on_sig);
  errno = 0;
  result("leader TIOCNOTTY", ioctl(s, TIOCNOTTY));
  send_byte(go[1], 'g');
  CHECK(waitpid_retry(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  printf("leader signals: %d\n", (int)nsig);
  devtty("leader after TIOCNOTTY:");
  sid_of("no session: master", m);
  pgrp_of("no session: master", m);
  errno = 0;
  result("leader TIOCSCTTY again", ioctl(s, TIOCSCTTY, 0));
  devtty("leader after TIOCSCTTY:");
  sid_of("ctty again: slave", s);
  pgrp_of("ctty again: slave", s);

  /* TIOCSCTTY through the master fd makes the slave the controlling terminal. */
  b = xfork();
  CHECK(b >= 0);
  if (b == 0) {
    CHECK(setsid() == getpid());
    int pm2 = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(pm2 >= 0 && unlockpt(pm2) == 0);
    errno = 0;
    result("TIOCSCTTY on a master fd", ioctl(pm2, TIOCSCTTY, 0));
    int fd = open("/dev/tty", O_RDWR);
    CHECK(fd >= 0);
    char n1[64], n2[64];
    CHECK(ptsname_r(pm2, n1, sizeof n1) == 0);
    CHECK(ttyname_r(fd, n2, sizeof n2) == 0);
    printf("ttyname of the /dev/tty fd: %s\n", n2);
    put(fd, "t");
    char c;
    CHECK(drain(pm2, &c, 1, 1000) == 1 && c == 't');
    printf("/dev/tty reaches that pty: 1\n");
    _exit(0);
  }
  CHECK(waitpid_retry(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* Another session leader. */
  b = xfork();
  CHECK(b >= 0);
  if (b == 0) {
    CHECK(setsid() == getpid());
    errno = 0;
    result("other session's TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
    errno = 0;
    result("other session's TIOCSCTTY(1) as root", ioctl(s, TIOCSCTTY, 1));
    sid_of("other session after stealing: slave", s);
    _exit(0);
  }
  CHECK(waitpid_retry(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  devtty("leader after the theft:");
  return 0;
}

int main(void) {
  setup(20);
  int done[2];
  open_pty(&m, &s, path, sizeof path);
  top_pgrp = getpgrp();
  CHECK(pipe(done) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    _exit(leader());
  }
  close(done[1]);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("leader", st);
  wait_eof(done[0]);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
