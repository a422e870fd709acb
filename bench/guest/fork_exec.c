/* fork+exec+wait loop: each child execs this program again (argv[1] = "child"),
 * which exits at once. Under qemu-user without binfmt_misc the exec goes through
 * qemu-aarch64 (proc/reexec.h), as binfmt_misc would do.
 * Usage: fork_exec [COUNT]   (default 200) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "proc/reexec.h"

extern char **environ;

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return 3;
  int n = argc > 1 ? atoi(argv[1]) : 200;
  static char self[4096];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return 1;
  self[len] = 0;
  long sum = 0;
  for (int i = 0; i < n; i++) {
    pid_t p = fork();
    if (p < 0) return 1;
    if (p == 0) {
      char *args[] = {argv[0], "child", 0};
      exec_program(self, args, environ);
      _exit(127);
    }
    int st;
    if (waitpid(p, &st, 0) != p) return 2;
    sum += WEXITSTATUS(st);
  }
  printf("%d execs, status sum %ld\n", n, sum);
  return 0;
}
