/* alarm + pause (EINTR), setitimer/getitimer with an interval, and how a caught signal
 * ends blocking calls: read on a pipe fails with EINTR without SA_RESTART and restarts
 * with it, nanosleep and poll fail with EINTR either way (nanosleep writes the time
 * left). SIGCHLD carries the child's pid, CLD_EXITED and its status; default actions
 * terminate (SIGTERM), a fault with SIGSEGV blocked still kills, SIGSTOP stops and
 * SIGKILL kills a paused child. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alrm, chld_pid, chld_code, chld_status;

/* The one-shot alarm that interrupts a blocking call: long enough that the call is
 * already blocked when it fires, even on a loaded host (else the call would run its full
 * course and the output would depend on timing). */
#define BLOCK_ALARM_US 250000

static void on_alrm(int sig) {
  (void)sig;
  alrm++;
}

static void on_chld(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  chld_pid = si->si_pid;
  chld_code = si->si_code;
  chld_status = si->si_status;
}

static void catch_alrm(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alrm;
  sa.sa_flags = flags;
  CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
}

static void one_shot(long usec) {
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = usec;
  CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  catch_alrm(0);
  alarm(1);
  unsigned left = alarm(1);
  int r = pause();
  printf("pause: r=%d EINTR=%d alrm=%d alarm_left=%u\n", r, errno == EINTR, alrm, left);

  struct itimerval it = {{0, 20000}, {0, 20000}}, got;
  CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
  CHECK(getitimer(ITIMER_REAL, &got) == 0);
  printf("getitimer: interval=%ld value_ok=%d\n", (long)got.it_interval.tv_usec,
         got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 20000);
  alrm = 0;
  while (alrm < 3) pause();
  memset(&it, 0, sizeof it);
  CHECK(setitimer(ITIMER_REAL, &it, &got) == 0);
  printf("interval timer fired 3 times; old interval=%ld\n", (long)got.it_interval.tv_usec);

  int p[2];
  char c = 0;
  CHECK(pipe(p) == 0);
  one_shot(BLOCK_ALARM_US);
  r = read(p[0], &c, 1);
  printf("read without SA_RESTART: r=%d EINTR=%d\n", r, errno == EINTR);

  catch_alrm(SA_RESTART);
  alrm = 0;
  pid_t writer = fork();
  if (writer == 0) {
    usleep(4 * BLOCK_ALARM_US);
    CHECK(write(p[1], "x", 1) == 1);
    _exit(0);
  }
  one_shot(BLOCK_ALARM_US);
  r = read(p[0], &c, 1);
  printf("read with SA_RESTART: r=%d c=%c alrm=%d\n", r, c, alrm);
  CHECK(waitpid(writer, NULL, 0) == writer);

  one_shot(BLOCK_ALARM_US);
  struct timespec ts = {5, 0}, rem = {0, 0};
  r = nanosleep(&ts, &rem);
  printf("nanosleep with SA_RESTART: r=%d EINTR=%d rem_ok=%d\n", r, errno == EINTR, rem.tv_sec >= 4 && rem.tv_sec <= 5);

  one_shot(BLOCK_ALARM_US);
  r = poll(NULL, 0, 5000);
  printf("poll with SA_RESTART: r=%d EINTR=%d\n", r, errno == EINTR);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO;
  CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
  pid_t kid = fork();
  if (kid == 0) _exit(7);
  int st;
  CHECK(waitpid(kid, &st, 0) == kid);
  printf("SIGCHLD: pid_ok=%d code=%d status=%d\n", chld_pid == kid, chld_code, chld_status);
  CHECK(signal(SIGCHLD, SIG_DFL) != SIG_ERR);

  kid = fork();
  if (kid == 0) {
    signal(SIGUSR1, SIG_IGN);
    kill(getpid(), SIGUSR1);
    raise(SIGTERM);
    _exit(1);
  }
  CHECK(waitpid(kid, &st, 0) == kid);
  printf("SIGUSR1 ignored, SIGTERM default: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

  kid = fork();
  if (kid == 0) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGSEGV);
    sigprocmask(SIG_BLOCK, &s, NULL);
    *(volatile int *)8 = 1;
    _exit(1);
  }
  CHECK(waitpid(kid, &st, 0) == kid);
  printf("fault with SIGSEGV blocked: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

  kid = fork();
  if (kid == 0) {
    pause();
    _exit(3);
  }
  usleep(10000);
  CHECK(kill(kid, SIGSTOP) == 0);
  CHECK(waitpid(kid, &st, WUNTRACED) == kid);
  printf("SIGSTOP: stopped=%d sig=%d\n", WIFSTOPPED(st), WSTOPSIG(st));
  CHECK(kill(kid, SIGCONT) == 0);
  CHECK(kill(kid, SIGKILL) == 0);
  CHECK(waitpid(kid, &st, 0) == kid);
  printf("SIGKILL: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
  return 0;
}
