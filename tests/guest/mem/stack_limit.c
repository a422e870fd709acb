/* The stack grows on demand down to RLIMIT_STACK (8 MiB): a recursion that
 * keeps going overflows it, and the SIGSEGV that follows runs a handler on an
 * alternate signal stack, which sees how deep the recursion got. */
#define _GNU_SOURCE
#include "check.h"
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static char *top;
static char *volatile lowest;
static char altstack[64 * 1024];

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  long used = (long)(top - lowest);
  printf("SIGSEGV (%d) after using more than 7 MiB of stack: %d, at most 8 MiB: %d\n", sig == SIGSEGV,
         used > 7L * 1024 * 1024, used <= 8L * 1024 * 1024);
  printf("the fault address is below the deepest frame: %d\n", (char *)si->si_addr < lowest + 4096);
  fflush(stdout);
  _exit(0);
}

static int recurse(int n) {
  volatile char buf[4000];
  buf[0] = (char)n;
  lowest = (char *)buf;
  return recurse(n + 1) + buf[0];
}

int main(void) {
  struct rlimit rl;
  CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
  printf("RLIMIT_STACK %lu KiB\n", (unsigned long)rl.rlim_cur / 1024);
  char here;
  top = &here;
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  CHECK(sigaltstack(&ss, 0) == 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  CHECK(sigaction(SIGSEGV, &sa, 0) == 0);
  return recurse(0);
}
