/* sigaltstack with SA_ONSTACK: the handler runs on the alternate stack (and a nested one
 * further down it), sigaltstack reports SS_ONSTACK inside and 0 outside, uc_stack holds the
 * settings, changing the stack while on it is EPERM, a handler without SA_ONSTACK stays on
 * the normal stack, SS_DISABLE turns it off, and a stack overflow is caught on the
 * alternate stack and left with siglongjmp. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#define ALT_SIZE (128 * 1024)
static char alt[ALT_SIZE] __attribute__((aligned(16)));
static volatile int on_alt, nested_on_alt, nested_below, inside_flags, eperm, uc_ok, depth_ok;
static volatile unsigned long outer_local;
static sigjmp_buf env;

static int in_alt(const void *p) { return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE; }

static void nested_handler(int sig) {
  volatile char here = 0;
  (void)sig;
  nested_on_alt = in_alt((const void *)&here);
  nested_below = (unsigned long)&here < outer_local;
}

static void handler(int sig, siginfo_t *si, void *ucv) {
  volatile char here = 0;
  ucontext_t *uc = ucv;
  stack_t cur, other;
  (void)sig;
  (void)si;
  on_alt = in_alt((const void *)&here);
  outer_local = (unsigned long)&here;
  CHECK(sigaltstack(NULL, &cur) == 0);
  inside_flags = cur.ss_flags;
  memset(&other, 0, sizeof other);
  other.ss_sp = alt;
  other.ss_size = ALT_SIZE / 2;
  eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
  uc_ok = uc->uc_stack.ss_sp == alt && uc->uc_stack.ss_size == ALT_SIZE && uc->uc_stack.ss_flags == 0;
  raise(SIGUSR2);
}

static void plain_handler(int sig) {
  volatile char here = 0;
  (void)sig;
  on_alt = in_alt((const void *)&here);
}

static void overflow_handler(int sig, siginfo_t *si, void *ucv) {
  volatile char here = 0;
  (void)si;
  (void)ucv;
  on_alt = in_alt((const void *)&here) && sig == SIGSEGV;
  siglongjmp(env, 1);
}

static volatile int recursion_limit = 1 << 30;

static int recurse(int n) {
  volatile char pad[1024];
  if (n > recursion_limit) return 0;
  pad[0] = (char)n;
  pad[1023] = (char)n;
  return recurse(n + 1) + pad[0] + pad[1023];
}

static void set_action(int sig, void (*h)(int, siginfo_t *, void *), void (*plain)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  if (h != NULL) {
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | flags;
  } else {
    sa.sa_handler = plain;
    sa.sa_flags = flags;
  }
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(sig, &sa, NULL) == 0);
}

int main(void) {
  stack_t ss, cur;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = alt;
  ss.ss_size = ALT_SIZE;
  CHECK(sigaltstack(&ss, NULL) == 0);
  CHECK(sigaltstack(NULL, &cur) == 0);
  printf("outside: ss_flags=%d sp_ok=%d size_ok=%d\n", cur.ss_flags, cur.ss_sp == alt, cur.ss_size == ALT_SIZE);

  set_action(SIGUSR1, handler, NULL, SA_ONSTACK);
  set_action(SIGUSR2, NULL, nested_handler, SA_ONSTACK);
  CHECK(raise(SIGUSR1) == 0);
  printf("SA_ONSTACK handler: on_alt=%d inside_flags=%d eperm=%d uc_stack_ok=%d nested_on_alt=%d nested_below=%d\n",
         on_alt, inside_flags, eperm, uc_ok, nested_on_alt, nested_below);
  CHECK(sigaltstack(NULL, &cur) == 0);
  printf("after return: ss_flags=%d size_ok=%d\n", cur.ss_flags, cur.ss_size == ALT_SIZE);

  set_action(SIGUSR2, NULL, plain_handler, 0);
  CHECK(raise(SIGUSR2) == 0);
  printf("handler without SA_ONSTACK: on_alt=%d\n", on_alt);

  set_action(SIGSEGV, overflow_handler, NULL, SA_ONSTACK);
  on_alt = 0;
  if (sigsetjmp(env, 1) == 0) {
    recurse(0);
    printf("no overflow?\n");
  }
  printf("stack overflow caught on the alternate stack: %d\n", on_alt);

  ss.ss_flags = SS_DISABLE;
  CHECK(sigaltstack(&ss, NULL) == 0);
  CHECK(sigaltstack(NULL, &cur) == 0);
  printf("disabled: ss_flags=%d\n", cur.ss_flags);
  set_action(SIGUSR2, NULL, plain_handler, SA_ONSTACK);
  CHECK(raise(SIGUSR2) == 0);
  printf("SA_ONSTACK with the stack disabled: on_alt=%d\n", on_alt);
  return 0;
}
