/* Orphans are adopted: when a child exits before its own child, the
 * grandchild gets a new parent (the machine's init under Flint, the host's
 * init or subreaper under Linux, possibly outside its pid namespace, where
 * getppid() is 0) and keeps running. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

int main(void) {
  int fds[2], go[2];
  CHECK(pipe(fds) == 0 && pipe(go) == 0);
  pid_t mid = fork();
  if (mid == 0) {
    pid_t g = fork();
    if (g == 0) {
      char c;
      /* Wait until the top process has reaped our parent. */
      CHECK(read(go[0], &c, 1) == 1);
      pid_t pp = getppid();
      CHECK(write(fds[1], &pp, sizeof pp) == sizeof pp);
      _exit(5);
    }
    _exit(1);
  }
  int st;
  CHECK(waitpid(mid, &st, 0) == mid && WEXITSTATUS(st) == 1);
  CHECK(write(go[1], "g", 1) == 1);
  pid_t pp;
  CHECK(read(fds[0], &pp, sizeof pp) == sizeof pp);
  printf("orphan adopted by another process: %d\n", pp != mid);
  return 0;
}
