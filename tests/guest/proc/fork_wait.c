/* fork and wait: exit statuses, death by SIGKILL from kill(), abort()'s SIGABRT,
 * WNOHANG while the child runs, ECHILD without children, waitid, rusage. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static void show(const char *what, int st) {
  printf("%s: raw=0x%x exited=%d", what, st, WIFEXITED(st));
  if (WIFEXITED(st)) printf(" code=%d", WEXITSTATUS(st));
  if (WIFSIGNALED(st)) printf(" signaled sig=%d core=%d", WTERMSIG(st), WCOREDUMP(st) ? 1 : 0);
  if (WIFSTOPPED(st)) printf(" stopped sig=%d", WSTOPSIG(st));
  printf("\n");
}

int main(void) {
  int st;
  pid_t me = getpid();
  /* Exit codes, including the truncation to 8 bits. */
  int codes[] = {0, 1, 42, 255, 256 + 7};
  for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    pid_t p = fork();
    CHECK(p >= 0);
    if (p == 0) {
      if (getppid() != me) _exit(100);
      _exit(codes[i]);
    }
    CHECK(waitpid(p, &st, 0) == p);
    show("exit", st);
  }
  /* exit() from main flushes stdio in the child only once: the buffer is copied at fork. */
  printf("before fork (buffered)\n");
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    printf("child says hi\n");
    exit(3);
  }
  CHECK(wait(&st) == p);
  show("child exit()", st);

  /* Killed by SIGKILL while sleeping. */
  p = fork();
  if (p == 0) {
    for (;;) pause();
  }
  CHECK(waitpid(p, &st, WNOHANG) == 0);
  CHECK(kill(p, SIGKILL) == 0);
  CHECK(waitpid(p, &st, 0) == p);
  show("SIGKILL", st);

  /* SIGTERM default action. */
  p = fork();
  if (p == 0) {
    for (;;) pause();
  }
  CHECK(kill(p, SIGTERM) == 0);
  CHECK(waitpid(p, &st, 0) == p);
  show("SIGTERM", st);

  /* abort(): SIGABRT's default action. */
  p = fork();
  if (p == 0) abort();
  CHECK(waitpid(p, &st, 0) == p);
  show("abort", st);

  /* Segmentation fault in the child. */
  p = fork();
  if (p == 0) {
    volatile int *volatile bad = (volatile int *)16;
    *bad = 1;
    _exit(0);
  }
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  CHECK(wait4(p, &st, 0, &ru) == p);
  show("SIGSEGV", st);
  CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);

  /* waitid with WNOWAIT leaves the zombie for a later wait. */
  p = fork();
  if (p == 0) _exit(9);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  CHECK(waitid(P_PID, p, &si, WEXITED | WNOWAIT) == 0);
  printf("waitid WNOWAIT: signo=%d code=%d status=%d pid_ok=%d\n", si.si_signo, si.si_code, si.si_status, si.si_pid == p);
  memset(&si, 0, sizeof si);
  CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
  printf("waitid: signo=%d code=%d status=%d pid_ok=%d\n", si.si_signo, si.si_code, si.si_status, si.si_pid == p);

  /* waitid WNOHANG with a running child: returns 0 and si_pid == 0. */
  int fds[2];
  CHECK(pipe(fds) == 0);
  p = fork();
  if (p == 0) {
    char c;
    close(fds[1]);
    ssize_t n = read(fds[0], &c, 1);
    _exit(n == 0 ? 4 : 5);
  }
  close(fds[0]);
  memset(&si, 0x55, sizeof si);
  CHECK(waitid(P_PID, p, &si, WEXITED | WNOHANG) == 0);
  printf("waitid WNOHANG running: pid=%d\n", si.si_pid);
  close(fds[1]);
  CHECK(waitpid(p, &st, 0) == p);
  show("pipe EOF", st);

  /* No children left. */
  errno = 0;
  CHECK(wait(&st) == -1 && errno == ECHILD);
  errno = 0;
  CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
  errno = 0;
  CHECK(waitpid(me + 100000, &st, 0) == -1 && errno == ECHILD);
  errno = 0;
  CHECK(waitpid(-1, &st, 0x4000000) == -1 && errno == EINVAL);
  printf("ECHILD ok\n");
  return 0;
}
