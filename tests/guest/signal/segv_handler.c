/* SIGSEGV/SIGBUS handlers that read si_addr and si_code and siglongjmp out: a read of an
 * unmapped address (SEGV_MAPERR), writes to a read-only mmap page and to a string literal
 * (SEGV_ACCERR), a call into a non-executable page, a page unmapped after use, and a
 * misaligned exclusive load (SIGBUS, BUS_ADRALN). sigsetjmp(env, 1) restores the mask, so
 * every fault is caught again; the fault address in uc_mcontext matches si_addr. */
#define _GNU_SOURCE
#include "check.h"
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile unsigned long got_fault_address;

static void handler(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  got_sig = sig;
  got_code = si->si_code;
  got_addr = si->si_addr;
  got_fault_address = uc->uc_mcontext.fault_address;
  siglongjmp(env, 1);
}

static const char *code_name(int sig, int code) {
  if (sig == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
  if (sig == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
  if (sig == SIGBUS && code == BUS_ADRALN) return "BUS_ADRALN";
  return "other";
}

/* Run fn(arg) expecting a fault at `expect`; print what the handler saw. */
static void expect_fault(const char *what, void (*fn)(void *), void *arg, void *expect) {
  got_sig = 0;
  got_addr = NULL;
  if (sigsetjmp(env, 1) == 0) {
    fn(arg);
    printf("%s: no fault\n", what);
    return;
  }
  printf("%s: sig=%d code=%s addr_ok=%d fault_address_ok=%d\n", what, got_sig, code_name(got_sig, got_code),
         got_addr == expect, got_fault_address == (unsigned long)expect || got_sig == SIGBUS);
}

static void do_read(void *p) { (void)*(volatile int *)p; }
static void do_write(void *p) { *(volatile char *)p = 1; }
static void do_call(void *p) { ((void (*)(void))p)(); }
static void do_ldxr(void *p) {
  unsigned long v;
  __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
  (void)v;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
  CHECK(sigaction(SIGBUS, &sa, NULL) == 0);

  expect_fault("null+16 read", do_read, (void *)16, (void *)16);

  long page = sysconf(_SC_PAGESIZE);
  char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(ro != MAP_FAILED);
  CHECK(ro[100] == 0);
  expect_fault("read-only page write", do_write, ro + 100, ro + 100);

  char *lit = (char *)"a string literal";
  expect_fault("string literal write", do_write, lit + 3, lit + 3);

  char *rw = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(rw != MAP_FAILED);
  memset(rw, 0, page);
  expect_fault("call into a non-executable page", do_call, rw, rw);

  CHECK(munmap(rw, page) == 0);
  expect_fault("unmapped page write", do_write, rw + 8, rw + 8);

  CHECK(mprotect(ro, page, PROT_NONE) == 0);
  expect_fault("PROT_NONE read", do_read, ro + 64, ro + 64);

  static unsigned long words[4];
  expect_fault("misaligned ldxr", do_ldxr, (char *)words + 4, (char *)words + 4);

  /* The mask was restored by siglongjmp each time: nothing is left blocked. */
  sigset_t cur;
  CHECK(sigprocmask(SIG_BLOCK, NULL, &cur) == 0);
  printf("SIGSEGV blocked after siglongjmp: %d\n", sigismember(&cur, SIGSEGV));
  return 0;
}
