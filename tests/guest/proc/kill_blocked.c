/* kill() of children blocked in read(), pause() and waitpid(): the default
 * action of the signal terminates them. SIGSTOP/SIGCONT report through
 * WUNTRACED/WCONTINUED. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static pid_t spawn_blocked(int how, int fd) {
  pid_t p = fork();
  if (p == 0) {
    char c;
    if (how == 0) (void)read(fd, &c, 1);
    else if (how == 1) pause();
    else {
      /* The grandchild blocks on a pipe only this child can write: when the
       * child is killed the pipe closes and the grandchild ends too. */
      int gp[2];
      if (pipe(gp) != 0) _exit(51);
      pid_t g = fork();
      if (g == 0) {
        close(gp[1]);
        (void)read(gp[0], &c, 1);
        _exit(0);
      }
      close(gp[0]);
      waitpid(g, 0, 0);
    }
    _exit(50);
  }
  return p;
}

int main(void) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  int sigs[] = {SIGKILL, SIGTERM, SIGINT, SIGUSR1, SIGHUP};
  for (int how = 0; how < 3; how++) {
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
      pid_t p = spawn_blocked(how, fds[0]);
      usleep(20000);
      int st;
      CHECK(waitpid(p, &st, WNOHANG) == 0);
      CHECK(kill(p, sigs[i]) == 0);
      CHECK(waitpid(p, &st, 0) == p);
      printf("how=%d sig=%d -> signaled=%d termsig=%d\n", how, sigs[i], WIFSIGNALED(st), WTERMSIG(st));
    }
  }
  /* Stop and continue. */
  pid_t p = spawn_blocked(1, fds[0]);
  int st;
  CHECK(kill(p, SIGSTOP) == 0);
  CHECK(waitpid(p, &st, WUNTRACED) == p);
  printf("stopped=%d sig=%d\n", WIFSTOPPED(st), WSTOPSIG(st));
  CHECK(kill(p, SIGCONT) == 0);
  CHECK(waitpid(p, &st, WCONTINUED) == p);
  printf("continued=%d\n", WIFCONTINUED(st));
  CHECK(kill(p, SIGKILL) == 0);
  CHECK(waitpid(p, &st, 0) == p);
  printf("killed=%d\n", WTERMSIG(st));
  return 0;
}
