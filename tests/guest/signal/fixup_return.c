/* Handlers that edit the interrupted context in uc_mcontext and return through
 * rt_sigreturn: skip a faulting load (SIGSEGV), an undefined instruction (SIGILL) and a
 * BRK (SIGTRAP), set x registers, set the NZCV flags through pstate, and change a vector
 * register and FPCR through the fpsimd_context record in __reserved. FPCR is put back
 * before exit so the C library sees round-to-nearest. */
#define _GNU_SOURCE
#include "check.h"
#include <asm/sigcontext.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

static volatile int hits, code_seen, addr_is_pc;

/* Set V1 in the saved context. On a CPU with SVE (qemu-aarch64's default CPU, or Linux on
 * SVE hardware while the task is in SVE state) the sve_context payload, when present, is
 * what rt_sigreturn restores Z1 from, so the low 128 bits of Z1 are set there too. */
static int set_saved_v1(ucontext_t *uc, __uint128_t value) {
  int found = 0;
  struct _aarch64_ctx *c = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
  while (c->magic != 0) {
    if (c->magic == FPSIMD_MAGIC) {
      struct fpsimd_context *fp = (struct fpsimd_context *)c;
      fp->vregs[1] = value;
      fp->fpcr |= 3u << 22; /* round toward zero */
      found = 1;
    } else if (c->magic == SVE_MAGIC && c->size > sizeof(struct sve_context)) {
      struct sve_context *sve = (struct sve_context *)c;
      unsigned vq = sve_vq_from_vl(sve->vl);
      memcpy((char *)c + SVE_SIG_ZREG_OFFSET(vq, 1), &value, sizeof value);
    }
    c = (struct _aarch64_ctx *)((char *)c + c->size);
  }
  return found;
}

static void handler(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  mcontext_t *mc = &uc->uc_mcontext;
  hits++;
  code_seen = si->si_code;
  addr_is_pc = (unsigned long)si->si_addr == mc->pc;
  if (sig == SIGSEGV) {
    mc->regs[0] = 0x5a5a;
  } else if (sig == SIGILL) {
    mc->regs[1] = 7;
    mc->pstate = (mc->pstate & ~0xf0000000UL) | 0x40000000UL; /* Z only */
  } else if (sig == SIGTRAP) {
    mc->regs[2] = set_saved_v1(uc, ((__uint128_t)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL);
  }
  mc->pc += 4;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
  CHECK(sigaction(SIGILL, &sa, NULL) == 0);
  CHECK(sigaction(SIGTRAP, &sa, NULL) == 0);

  unsigned long x0;
  __asm__ volatile("mov x1, #16\n mov x0, #1\n ldr x0, [x1]\n mov %0, x0" : "=r"(x0) : : "x0", "x1", "memory");
  printf("SIGSEGV skipped: x0=%#lx hits=%d code=%d\n", x0, hits, code_seen);

  unsigned long x1, z;
  __asm__ volatile("mov x1, #1\n cmp x1, #0\n .inst 0x00000000\n mov %0, x1\n cset %1, eq"
                   : "=r"(x1), "=r"(z) : : "x1", "cc", "memory");
  /* si_code is not printed: Linux says ILL_ILLOPC, qemu-aarch64 ILL_ILLOPN. */
  printf("SIGILL skipped: x1=%lu z=%lu hits=%d si_addr_is_pc=%d\n", x1, z, hits, addr_is_pc);

  unsigned long v1[2], x2, fpcr;
  __asm__ volatile("mov x2, #0\n movi v1.2d, #0\n brk #0x7\n mov %0, x2\n st1 {v1.2d}, [%2]\n mrs %1, fpcr"
                   : "=&r"(x2), "=&r"(fpcr)
                   : "r"(v1)
                   : "x2", "v1", "memory");
  printf("SIGTRAP skipped: found_fpsimd=%lu v1=%016lx%016lx rmode=%lu hits=%d code=%d si_addr_is_pc=%d\n", x2, v1[1],
         v1[0], (fpcr >> 22) & 3, hits, code_seen, addr_is_pc);
  __asm__ volatile("msr fpcr, %0" : : "r"(fpcr & ~(3UL << 22)));
  return 0;
}
