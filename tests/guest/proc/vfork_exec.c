/* vfork: the parent sleeps until the child execs or exits. (qemu-user runs
 * vfork as fork, so the shared memory and posix_spawn, which relies on it to
 * report errors, are checked by Flint's unit tests, not here.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"
#include "reexec.h"

extern char **environ;

int main(int argc, char **argv) {
  if (argc > 1) {
    printf("exec'd child: %s %s\n", argv[1], argc > 2 ? argv[2] : "");
    return atoi(argv[1]);
  }
  static char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  CHECK(n > 0);
  self[n] = 0;
  pid_t p = vfork();
  if (p == 0) _exit(3);
  int st;
  CHECK(waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 3);
  printf("vfork child exit status %d\n", WEXITSTATUS(st));
  fflush(stdout);
  p = vfork();
  if (p == 0) {
    char *args[] = {argv[0], "4", "vfork", 0};
    exec_program(self, args, environ);
    _exit(99);
  }
  CHECK(waitpid(p, &st, 0) == p);
  printf("vfork+exec status %d\n", WEXITSTATUS(st));
  fflush(stdout);
  return 0;
}
