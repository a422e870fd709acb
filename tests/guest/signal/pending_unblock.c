/* Blocked signals stay pending (sigpending shows them, a standard signal raised twice is
 * pending once) and are delivered inside the sigprocmask call that unblocks them, before it
 * returns. Two signals unblocked together are delivered lowest number first, so the second
 * frame goes on top and its handler runs first, unless the first handler's sa_mask blocks
 * it; then it runs when the first handler returns. SIG_IGN discards a pending signal, and
 * sigsuspend runs a pending handler, returns EINTR and puts the old mask back. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static char trace[64];
static volatile int ntrace;

static void note(char c) {
  if (ntrace < (int)sizeof trace - 1) trace[ntrace++] = c;
}

static void handler(int sig) {
  note(sig == SIGUSR1 ? '1' : sig == SIGUSR2 ? '2' : sig == SIGTERM ? 'T' : '?');
}

static void flush_trace(const char *what) {
  trace[ntrace] = 0;
  printf("%s: %s\n", what, trace);
  ntrace = 0;
}

static void set_handler(int sig, int mask_sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  if (mask_sig) sigaddset(&sa.sa_mask, mask_sig);
  CHECK(sigaction(sig, &sa, NULL) == 0);
}

static sigset_t set_of(int a, int b) {
  sigset_t s;
  sigemptyset(&s);
  if (a) sigaddset(&s, a);
  if (b) sigaddset(&s, b);
  return s;
}

int main(void) {
  set_handler(SIGUSR1, 0);
  set_handler(SIGUSR2, 0);
  set_handler(SIGTERM, 0);

  sigset_t s1 = set_of(SIGUSR1, 0), pend;
  CHECK(sigprocmask(SIG_BLOCK, &s1, NULL) == 0);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(raise(SIGUSR1) == 0);
  note('r');
  CHECK(sigpending(&pend) == 0);
  printf("pending while blocked: USR1=%d USR2=%d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
  note('u');
  CHECK(sigprocmask(SIG_UNBLOCK, &s1, NULL) == 0);
  note('a');
  CHECK(sigpending(&pend) == 0);
  printf("pending after unblock: USR1=%d\n", sigismember(&pend, SIGUSR1));
  flush_trace("raise twice while blocked, unblock");

  sigset_t s12 = set_of(SIGUSR1, SIGUSR2);
  CHECK(sigprocmask(SIG_BLOCK, &s12, NULL) == 0);
  CHECK(raise(SIGUSR2) == 0);
  CHECK(raise(SIGUSR1) == 0);
  note('u');
  CHECK(sigprocmask(SIG_UNBLOCK, &s12, NULL) == 0);
  note('a');
  flush_trace("USR2 then USR1 pending, unblock both");

  set_handler(SIGUSR1, SIGUSR2);
  CHECK(sigprocmask(SIG_BLOCK, &s12, NULL) == 0);
  CHECK(raise(SIGUSR2) == 0);
  CHECK(raise(SIGUSR1) == 0);
  note('u');
  CHECK(sigprocmask(SIG_UNBLOCK, &s12, NULL) == 0);
  note('a');
  flush_trace("same, USR1's sa_mask blocks USR2");

  CHECK(sigprocmask(SIG_BLOCK, &s1, NULL) == 0);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
  CHECK(sigpending(&pend) == 0);
  printf("pending after SIG_IGN: USR1=%d\n", sigismember(&pend, SIGUSR1));
  set_handler(SIGUSR1, 0);
  note('u');
  CHECK(sigprocmask(SIG_UNBLOCK, &s1, NULL) == 0);
  note('a');
  flush_trace("ignored while pending, unblock");

  sigset_t sterm = set_of(SIGTERM, 0), empty, now;
  sigemptyset(&empty);
  CHECK(sigprocmask(SIG_BLOCK, &sterm, NULL) == 0);
  CHECK(raise(SIGTERM) == 0);
  note('s');
  int r = sigsuspend(&empty);
  int e = errno;
  note('a');
  CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
  printf("sigsuspend: r=%d EINTR=%d TERM still blocked=%d\n", r, e == EINTR, sigismember(&now, SIGTERM));
  flush_trace("sigsuspend with TERM pending");
  CHECK(sigprocmask(SIG_UNBLOCK, &sterm, NULL) == 0);
  return 0;
}
