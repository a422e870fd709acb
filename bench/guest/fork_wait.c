/* fork+exit+wait loop: process creation and teardown cost.
 * Usage: fork_wait [COUNT]   (default 2,000) */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  long sum = 0;
  for (int i = 0; i < n; i++) {
    pid_t p = fork();
    if (p < 0) return 1;
    if (p == 0) _exit(i & 0x7f);
    int st;
    if (waitpid(p, &st, 0) != p) return 2;
    sum += WEXITSTATUS(st);
  }
  printf("%d children, status sum %ld\n", n, sum);
  return 0;
}
