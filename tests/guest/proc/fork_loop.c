/* 300 fork+exit+wait cycles; each child has a fresh pid, statuses exact. (Pids are not
   checked to increase: under qemu-aarch64 they are host pids, which wrap at pid_max.) */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

int main(void) {
  pid_t last = getpid();
  unsigned long sum = 0;
  for (int i = 0; i < 300; i++) {
    pid_t p = fork();
    CHECK(p >= 0);
    if (p == 0) _exit(i & 0x7f);
    CHECK(p > 0 && p != last && p != getpid());
    last = p;
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (i & 0x7f));
    sum += WEXITSTATUS(st);
  }
  printf("300 children, status sum %lu\n", sum);
  return 0;
}
