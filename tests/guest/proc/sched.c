/* Scheduling calls: nice/getpriority/setpriority (inherited by fork),
 * sched_yield, sched_getaffinity, and two busy processes that both finish. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

int main(void) {
  errno = 0;
  int p0 = getpriority(PRIO_PROCESS, 0);
  CHECK(errno == 0);
  CHECK(setpriority(PRIO_PROCESS, 0, 5) == 0);
  CHECK(getpriority(PRIO_PROCESS, 0) == 5);
  errno = 0;
  CHECK(nice(2) == 7 && errno == 0);
  pid_t p = fork();
  if (p == 0) _exit(getpriority(PRIO_PROCESS, 0));
  int st;
  CHECK(waitpid(p, &st, 0) == p);
  printf("nice start %d, child inherited %d\n", p0, WEXITSTATUS(st));
  CHECK(sched_yield() == 0);
  cpu_set_t set;
  CPU_ZERO(&set);
  CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
  CHECK(CPU_COUNT(&set) >= 1);
  errno = 0;
  CHECK(getpriority(99, 0) == -1 && errno == EINVAL);
  /* Two CPU-bound children: preemption lets both run to completion. */
  pid_t kids[2];
  for (int i = 0; i < 2; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      volatile unsigned long x = 0;
      for (unsigned long j = 0; j < 3000000; j++) x += j;
      _exit((int)(x & 0x3f));
    }
  }
  for (int i = 0; i < 2; i++) {
    CHECK(waitpid(kids[i], &st, 0) == kids[i]);
    printf("busy child %d: %d\n", i, WEXITSTATUS(st));
  }
  return 0;
}
