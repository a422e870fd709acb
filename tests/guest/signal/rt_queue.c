/* Real-time signals queue: three sigqueue() calls while blocked give three deliveries in
 * order with their values, lower-numbered real-time signals first, while a standard signal
 * sent three times is delivered once. sigwaitinfo takes a blocked pending signal without
 * running its handler and fills siginfo; sigtimedwait with nothing pending times out. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int seen[16];
static volatile int nseen;

static void handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (nseen < 16) seen[nseen++] = (sig - SIGRTMIN) * 100 + (si->si_code == SI_QUEUE ? si->si_value.sival_int : 0);
}

static void usr_handler(int sig) {
  (void)sig;
  if (nseen < 16) seen[nseen++] = -1;
}

static void print_seen(const char *what) {
  printf("%s:", what);
  for (int i = 0; i < nseen; i++) printf(" %d", seen[i]);
  printf("\n");
  nseen = 0;
}

int main(void) {
  int rt0 = SIGRTMIN, rt1 = SIGRTMIN + 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, rt0);
  sigaddset(&sa.sa_mask, rt1);
  CHECK(sigaction(rt0, &sa, NULL) == 0);
  CHECK(sigaction(rt1, &sa, NULL) == 0);
  CHECK(signal(SIGUSR1, usr_handler) != SIG_ERR);

  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, rt0);
  sigaddset(&block, rt1);
  sigaddset(&block, SIGUSR1);
  CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
  for (int i = 1; i <= 3; i++) {
    union sigval v = {.sival_int = i};
    CHECK(sigqueue(getpid(), rt1, v) == 0);
    v.sival_int = 10 + i;
    CHECK(sigqueue(getpid(), rt0, v) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
  }
  CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0);
  print_seen("delivered (rt*100 + value, -1 for SIGUSR1)");

  CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
  union sigval v = {.sival_int = 77};
  CHECK(sigqueue(getpid(), rt0, v) == 0);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  int sig = sigwaitinfo(&block, &si);
  printf("sigwaitinfo: sig=rt%d code_queue=%d value=%d pid_ok=%d handler_runs=%d\n", sig - SIGRTMIN,
         si.si_code == SI_QUEUE, si.si_value.sival_int, si.si_pid == getpid(), nseen);

  struct timespec ts = {0, 1000000};
  int r = sigtimedwait(&block, &si, &ts);
  printf("sigtimedwait with nothing pending: r=%d EAGAIN=%d\n", r, errno == EAGAIN);
  CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0);
  return 0;
}
