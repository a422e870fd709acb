/* execve of this program (found through /proc/self/exe) with a new argv and
 * envp: the image is replaced, the pid kept, O_CLOEXEC descriptors closed and
 * the others kept. (qemu-user cannot execve("/proc/self/exe") itself, so the
 * link is read first and reexec.h bridges qemu-user; Flint's unit tests exec
 * /proc/self/exe directly.) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"
#include "reexec.h"

extern char **environ;

static int second(int argc, char **argv) {
  printf("second: argc=%d", argc);
  for (int i = 1; i < argc - 1; i++) printf(" [%s]", argv[i]);
  printf(" FOO=%s BAR=%s", getenv("FOO") ? getenv("FOO") : "(null)", getenv("BAR") ? getenv("BAR") : "(null)");
  int keep = atoi(argv[2]), cloexec = atoi(argv[3]);
  char pidbuf[32];
  snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
  printf(" pid_kept=%d", strcmp(pidbuf, argv[4]) == 0);
  errno = 0;
  int r1 = fcntl(keep, F_GETFD);
  int r2 = fcntl(cloexec, F_GETFD);
  printf(" keep_open=%d cloexec_closed=%d", r1 >= 0, r2 == -1 && errno == EBADF);
  /* The ignored signal stays ignored; the caught one is back to default. */
  struct sigaction sa;
  sigaction(SIGUSR1, 0, &sa);
  printf(" usr1_ign=%d", sa.sa_handler == SIG_IGN);
  sigaction(SIGUSR2, 0, &sa);
  printf(" usr2_dfl=%d", sa.sa_handler == SIG_DFL);
  sigset_t m;
  sigprocmask(SIG_BLOCK, 0, &m);
  printf(" mask_kept=%d\n", sigismember(&m, SIGHUP));
  char buf[8] = {0};
  CHECK(read(keep, buf, 5) == 5);
  printf("read through kept fd: %s\n", buf);
  return 7;
}

static void handler(int s) { (void)s; }

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "second") == 0) return second(argc, argv);
  int fds[2];
  CHECK(pipe(fds) == 0);
  CHECK(write(fds[1], "hello", 5) == 5);
  int cl = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  CHECK(cl >= 0);
  signal(SIGUSR1, SIG_IGN);
  signal(SIGUSR2, handler);
  sigset_t m;
  sigemptyset(&m);
  sigaddset(&m, SIGHUP);
  sigprocmask(SIG_BLOCK, &m, 0);
  char a1[16], a2[16], a3[16];
  snprintf(a1, sizeof a1, "%d", fds[0]);
  snprintf(a2, sizeof a2, "%d", cl);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    snprintf(a3, sizeof a3, "%d", getpid());
    char *args[] = {"renamed", "second", a1, a2, a3, 0};
    char *env[] = {"FOO=bar baz", "BAR=", 0};
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) _exit(98);
    self[n] = 0;
    exec_program(self, args, env);
    _exit(99);
  }
  int st;
  CHECK(waitpid(p, &st, 0) == p);
  printf("child status %d\n", WEXITSTATUS(st));
  /* A failed exec returns to the caller with errno set and changes nothing. */
  char *args[] = {"x", 0};
  errno = 0;
  CHECK(execve("/nonexistent/program", args, environ) == -1 && errno == ENOENT);
  errno = 0;
  CHECK(execve("/proc/self", args, environ) == -1 && errno == EACCES);
  /* E2BIG: one string longer than MAX_ARG_STRLEN (32 pages). */
  char *huge = malloc(33 * 4096);
  memset(huge, 'a', 33 * 4096 - 1);
  huge[33 * 4096 - 1] = 0;
  char *bigargs[] = {"x", huge, 0};
  errno = 0;
  CHECK(execve("/bin/sh", bigargs, environ) == -1 && errno == E2BIG);
  printf("exec errors ok\n");
  return 0;
}
