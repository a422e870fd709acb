/* Shared helpers for the terminal programs: every program makes its own pseudo-terminal
 * (so nothing depends on the runner's stdin or controlling terminal) and prints only
 * deterministic text (never a pid or a pty number).
 *
 * Conventions:
 * - stdout is unbuffered (setup() below), so output order is the order of the writes even
 *   across fork, and no buffer is duplicated by fork.
 * - The top process never opens a tty without O_NOCTTY: under Flint it is pid 1 (maybe a
 *   session leader), under qemu it is not, and acquiring a controlling tty would differ.
 *   Controlling terminals are only ever acquired by children that called setsid().
 * - Every descendant holds the write end of a "done" pipe; the top process reads it to EOF
 *   before exiting, so no process outlives the program (orphans are not always the top
 *   process's children, so it cannot always wait for them).
 * - alarm() is a safety net: a hang ends in SIGALRM (status 142) rather than a test timeout;
 *   children are made with xfork(), which re-arms it in the child.
 * - A job that touches the terminal waits until the shell has made it the foreground. */
#ifndef FLINT_GUEST_TTY_PTY_H
#define FLINT_GUEST_TTY_PTY_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

static unsigned safety_seconds;

/* Unbuffered stdout and an alarm as the safety net. */
static inline void setup(unsigned seconds) {
  setvbuf(stdout, NULL, _IONBF, 0);
  safety_seconds = seconds;
  alarm(seconds);
}

/* fork, with the safety alarm re-armed in the child (alarms are not inherited). */
static inline pid_t xfork(void) {
  pid_t p = fork();
  if (p == 0 && safety_seconds) alarm(safety_seconds);
  return p;
}

/* openpty by hand: a master from /dev/ptmx and its unlocked slave, both O_NOCTTY. The
 * slave's path goes to name (when not NULL). Exits with 240+ on failure. */
static inline void open_pty(int *master, int *slave, char *name, size_t namelen) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0) { printf("posix_openpt: %s\n", strerror(errno)); exit(240); }
  if (grantpt(m) != 0) { printf("grantpt: %s\n", strerror(errno)); exit(241); }
  if (unlockpt(m) != 0) { printf("unlockpt: %s\n", strerror(errno)); exit(242); }
  char buf[64];
  if (ptsname_r(m, buf, sizeof buf) != 0) { printf("ptsname_r: %s\n", strerror(errno)); exit(243); }
  int s = open(buf, O_RDWR | O_NOCTTY);
  if (s < 0) { printf("open slave: %s\n", strerror(errno)); exit(244); }
  if (name) snprintf(name, namelen, "%s", buf);
  *master = m;
  *slave = s;
}

/* Waits up to ms milliseconds for fd to become readable; 1 when it is. */
static inline int wait_readable(int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  int r;
  do r = poll(&p, 1, ms); while (r < 0 && errno == EINTR);
  return r == 1 && (p.revents & POLLIN);
}

/* Reads from fd until `want` bytes arrived, EOF/error, or nothing came for idle_ms.
 * Used for the master side, where a pty's output may arrive in several pieces. */
static inline int drain(int fd, char *buf, int want, int idle_ms) {
  int got = 0;
  while (got < want) {
    if (!wait_readable(fd, idle_ms)) break;
    int r = read(fd, buf + got, want - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += r;
  }
  return got;
}

/* Prints label and the bytes with control characters escaped, then a newline. */
static inline void show(const char *label, const char *buf, int n) {
  printf("%s (%d): \"", label, n);
  for (int i = 0; i < n; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c == '\n') printf("\\n");
    else if (c == '\r') printf("\\r");
    else if (c == '\b') printf("\\b");
    else if (c == '\\') printf("\\\\");
    else if (c == '"') printf("\\\"");
    else if (c < 0x20 || c >= 0x7f) printf("\\x%02x", c);
    else putchar(c);
  }
  printf("\"\n");
}

static inline void write_all(int fd, const char *s, int n) {
  int done = 0;
  while (done < n) {
    int r = write(fd, s + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    CHECK(r > 0);
    done += r;
  }
}

static inline void put(int fd, const char *s) { write_all(fd, s, (int)strlen(s)); }

static inline void get_termios(int fd, struct termios *t) { CHECK(tcgetattr(fd, t) == 0); }

/* Sets (on) or clears (off) local-mode bits on fd's terminal. */
static inline void lflags(int fd, tcflag_t on, tcflag_t off) {
  struct termios t;
  get_termios(fd, &t);
  t.c_lflag = (t.c_lflag | on) & ~off;
  CHECK(tcsetattr(fd, TCSANOW, &t) == 0);
}

static inline void iflags(int fd, tcflag_t on, tcflag_t off) {
  struct termios t;
  get_termios(fd, &t);
  t.c_iflag = (t.c_iflag | on) & ~off;
  CHECK(tcsetattr(fd, TCSANOW, &t) == 0);
}

static inline void oflags(int fd, tcflag_t on, tcflag_t off) {
  struct termios t;
  get_termios(fd, &t);
  t.c_oflag = (t.c_oflag | on) & ~off;
  CHECK(tcsetattr(fd, TCSANOW, &t) == 0);
}

/* Milliseconds on the monotonic clock. */
static inline long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A one-byte message on a pipe (retrying EINTR), and reading one. */
static inline void send_byte(int fd, char c) { write_all(fd, &c, 1); }

static inline char recv_byte(int fd) {
  char c;
  int r;
  do r = read(fd, &c, 1); while (r < 0 && errno == EINTR);
  return r == 1 ? c : 0;
}

/* Waits for EOF on fd (every writer gone). */
static inline void wait_eof(int fd) {
  char buf[64];
  int r;
  do r = read(fd, buf, sizeof buf); while (r > 0 || (r < 0 && errno == EINTR));
}

/* A name for a wait status, independent of pids: "exit N", "signal NAME", "stopped NAME", "continued". */
static inline const char *signame(int sig) {
  switch (sig) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGALRM: return "SIGALRM";
    case SIGCONT: return "SIGCONT";
    case SIGSTOP: return "SIGSTOP";
    case SIGTSTP: return "SIGTSTP";
    case SIGTTIN: return "SIGTTIN";
    case SIGTTOU: return "SIGTTOU";
    case SIGWINCH: return "SIGWINCH";
    case SIGUSR1: return "SIGUSR1";
    default: return "other";
  }
}

static inline void print_status(const char *label, int st) {
  if (WIFEXITED(st)) printf("%s: exit %d\n", label, WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) printf("%s: killed by %s\n", label, signame(WTERMSIG(st)));
  else if (WIFSTOPPED(st)) printf("%s: stopped by %s\n", label, signame(WSTOPSIG(st)));
  else if (WIFCONTINUED(st)) printf("%s: continued\n", label);
  else printf("%s: status %#x\n", label, st);
}

static inline int waitpid_retry(pid_t pid, int *st, int flags) {
  int r;
  do r = waitpid(pid, st, flags); while (r < 0 && errno == EINTR);
  return r;
}

static inline const char *errname(int e) {
  switch (e) {
    case 0: return "0";
    case EIO: return "EIO";
    case EINTR: return "EINTR";
    case EAGAIN: return "EAGAIN";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case ENXIO: return "ENXIO";
    case ENOENT: return "ENOENT";
    case EBADF: return "EBADF";
    default: return "other";
  }
}

/* "ok" or "-1 ENAME" for a call's result. */
static inline void result(const char *label, long r) {
  if (r < 0) printf("%s: -1 %s\n", label, errname(errno));
  else printf("%s: %ld\n", label, r);
}

#endif
