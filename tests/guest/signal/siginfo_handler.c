/* Handlers with SA_SIGINFO: si_signo/si_code/si_pid/si_uid for raise() (SI_TKILL),
 * kill() (SI_USER) and sigqueue() (SI_QUEUE with a value); the handler's mask (its own
 * signal plus sa_mask, or not with SA_NODEFER); SA_RESETHAND; a plain sa_handler; and
 * the interrupted context (x registers, NZCV, vector registers, FPCR) is restored
 * exactly after a handler that clobbers all of them returns. */
#define _GNU_SOURCE
#include "check.h"
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static volatile int last_sig, last_code, last_pid_ok, last_uid_ok, last_value;
static volatile int self_blocked, usr2_blocked, ctx_ok;

static void info_handler(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  hits++;
  last_sig = si->si_signo == sig ? sig : -1;
  last_code = si->si_code;
  last_pid_ok = si->si_pid == getpid();
  last_uid_ok = si->si_uid == getuid();
  last_value = si->si_code == SI_QUEUE ? si->si_value.sival_int : 0;
  self_blocked = sigismember(&cur, sig);
  usr2_blocked = sigismember(&cur, SIGUSR2);
  ctx_ok = uc != NULL && uc->uc_link == NULL && (void *)uc > (void *)si;
}

static void plain_handler(int sig) {
  hits++;
  last_sig = sig;
}

static void install(int sig, int flags, int mask_usr2) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = info_handler;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  if (mask_usr2) sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK(sigaction(sig, &sa, NULL) == 0);
}

static const char *code_name(int code) {
  switch (code) {
  case SI_USER: return "SI_USER";
  case SI_TKILL: return "SI_TKILL";
  case SI_QUEUE: return "SI_QUEUE";
  default: return "other";
  }
}

static void report(const char *what) {
  printf("%s: hits=%d sig=%d code=%s pid_ok=%d uid_ok=%d value=%d self_blocked=%d usr2_blocked=%d ctx_ok=%d\n", what,
         (int)hits, last_sig, code_name(last_code), last_pid_ok, last_uid_ok, last_value, self_blocked, usr2_blocked,
         ctx_ok);
  hits = 0;
}

/* A handler that scribbles over caller-saved and callee-saved registers, flags and FP state. */
static void clobber_handler(int sig) {
  (void)sig;
  __asm__ volatile(
      "mov x9, #0x1111\n mov x10, #0x2222\n mov x15, #0x3333\n mov x19, #0x4444\n"
      "movi v0.16b, #0x55\n movi v8.16b, #0x66\n movi v16.16b, #0x77\n movi v31.16b, #0x88\n"
      "mrs x9, fpcr\n orr x9, x9, #0x00c00000\n msr fpcr, x9\n"
      "cmp xzr, xzr\n"
      ::: "x9", "x10", "x15", "x19", "v0", "v8", "v16", "v31", "cc", "memory");
  hits++;
}

/* Set registers, send ourselves SIGUSR1 with a raw tgkill while they are live, check them after. */
static int context_survives(void) {
  long pid = getpid(), tid = syscall(SYS_gettid);
  unsigned long x9, x10, x15, x19, nzcv, fpcr;
  unsigned long v0[2], v8[2], v16[2], v31[2];
  register long a0 __asm__("x0") = pid;
  register long a1 __asm__("x1") = tid;
  register long a2 __asm__("x2") = SIGUSR1;
  __asm__ volatile(
      "mov x9, #0xa9\n mov x10, #0xaa\n mov x15, #0xaf\n mov x19, #0xb3\n"
      "movi v0.2d, #0xff00ff00ff00ff00\n movi v8.2d, #0x00ff00ff00ff00ff\n"
      "movi v16.4s, #0x12\n movi v31.8h, #0x34\n"
      "mov x8, #131\n" /* tgkill */
      "mov x3, #-1\n adds x3, x3, #1\n" /* Z and C set, N and V clear */
      "svc #0\n"
      "mrs %[nzcv], nzcv\n mrs %[fpcr], fpcr\n"
      "mov %[x9], x9\n mov %[x10], x10\n mov %[x15], x15\n mov %[x19], x19\n"
      "st1 {v0.2d}, [%[pv0]]\n st1 {v8.2d}, [%[pv8]]\n st1 {v16.2d}, [%[pv16]]\n st1 {v31.2d}, [%[pv31]]\n"
      : [nzcv] "=&r"(nzcv), [fpcr] "=&r"(fpcr), [x9] "=&r"(x9), [x10] "=&r"(x10), [x15] "=&r"(x15), [x19] "=&r"(x19),
        "+r"(a0), "+r"(a1), "+r"(a2)
      : [pv0] "r"(v0), [pv8] "r"(v8), [pv16] "r"(v16), [pv31] "r"(v31)
      : "x3", "x8", "x9", "x10", "x15", "x19", "v0", "v8", "v16", "v31", "cc", "memory");
  int ok = 1;
  ok &= a0 == 0;
  ok &= x9 == 0xa9 && x10 == 0xaa && x15 == 0xaf && x19 == 0xb3;
  ok &= nzcv == 0x60000000UL;
  ok &= (fpcr & 0x00c00000) == 0;
  ok &= v0[0] == 0xff00ff00ff00ff00UL && v0[1] == 0xff00ff00ff00ff00UL;
  ok &= v8[0] == 0x00ff00ff00ff00ffUL && v16[0] == 0x0000001200000012UL && v31[1] == 0x0034003400340034UL;
  printf("context after handler: x=%lx,%lx,%lx,%lx nzcv=%lx fpcr_rmode=%lx ok=%d\n", x9, x10, x15, x19, nzcv,
         (fpcr >> 22) & 3, ok);
  return ok;
}

int main(void) {
  install(SIGUSR1, 0, 1);
  CHECK(raise(SIGUSR1) == 0);
  report("raise");
  CHECK(kill(getpid(), SIGUSR1) == 0);
  report("kill");
  union sigval v = {.sival_int = 4242};
  CHECK(sigqueue(getpid(), SIGUSR1, v) == 0);
  report("sigqueue");

  install(SIGUSR2, SA_NODEFER, 0);
  CHECK(raise(SIGUSR2) == 0);
  report("nodefer");

  install(SIGUSR2, SA_RESETHAND, 0);
  CHECK(raise(SIGUSR2) == 0);
  report("resethand");
  struct sigaction old;
  CHECK(sigaction(SIGUSR2, NULL, &old) == 0);
  printf("after SA_RESETHAND: %s\n", old.sa_handler == SIG_DFL ? "SIG_DFL" : "still set");

  CHECK(signal(SIGUSR2, plain_handler) != SIG_ERR);
  CHECK(raise(SIGUSR2) == 0);
  printf("plain handler: hits=%d sig=%d\n", (int)hits, last_sig);
  hits = 0;

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = clobber_handler;
  CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
  CHECK(context_survives());
  printf("clobber handler ran %d time(s)\n", (int)hits);
  return 0;
}
