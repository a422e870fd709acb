/* Hand-written exclusive-monitor sequences (LDXR/STXR, LDAXR/STLXR, LDXP/STXP, CLREX)
 * and, when AT_HWCAP reports LSE, CAS/CASP/LDADD/SWP on every size. The printed output
 * must not depend on LSE being present. */
#include "check.h"
#include <inttypes.h>
#include <sys/auxv.h>

#define HWCAP_ATOMICS_BIT (1UL << 8)

static uint64_t cell[2] __attribute__((aligned(16)));

int main(void) {
  uint64_t old, status;
  cell[0] = 10;
  __asm__ volatile("1: ldxr %0, [%2]\n add %0, %0, #5\n stxr %w1, %0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(old), "=&r"(status) : "r"(cell) : "memory");
  CHECK(cell[0] == 15);
  uint32_t w;
  __asm__ volatile("1: ldaxr %w0, [%2]\n orr %w0, %w0, #0x100\n stlxr %w1, %w0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(w), "=&r"(status) : "r"(cell) : "memory");
  CHECK(cell[0] == 0x10f);
  uint64_t lo, hi;
  cell[0] = 1;
  cell[1] = 2;
  __asm__ volatile("1: ldxp %0, %1, [%3]\n add %0, %0, #10\n add %1, %1, #20\n stxp %w2, %0, %1, [%3]\n cbnz %w2, 1b"
                   : "=&r"(lo), "=&r"(hi), "=&r"(status) : "r"(cell) : "memory");
  CHECK(cell[0] == 11 && cell[1] == 22);
  __asm__ volatile("ldxr %0, [%2]\n clrex\n stxr %w1, %0, [%2]" : "=&r"(old), "=&r"(status) : "r"(cell) : "memory");
  printf("stxr after clrex fails %d\n", status == 1);
  uint16_t hw;
  cell[0] = 0xffff;
  __asm__ volatile("1: ldxrh %w0, [%2]\n add %w0, %w0, #1\n stxrh %w1, %w0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(hw), "=&r"(status) : "r"(cell) : "memory");
  printf("ldxrh wraps %d cell %016" PRIx64 "\n", hw == 0, cell[0]);
  uint8_t b;
  __asm__ volatile("1: ldaxrb %w0, [%2]\n add %w0, %w0, #3\n stlxrb %w1, %w0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(b), "=&r"(status) : "r"(cell) : "memory");
  printf("byte %02x\n", b);
  uint64_t v;
  __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(cell) : "memory");
  __asm__ volatile("stlr %0, [%1]" : : "r"(v + 1), "r"(cell) : "memory");
  CHECK(cell[0] == 4);
  if (getauxval(AT_HWCAP) & HWCAP_ATOMICS_BIT) {
    uint64_t cmp = 4, nv = 77;
    __asm__ volatile(".arch armv8.1-a\n casal %0, %2, [%1]" : "+r"(cmp) : "r"(cell), "r"(nv) : "memory");
    CHECK(cmp == 4 && cell[0] == 77);
    uint64_t add = 3, prev;
    __asm__ volatile(".arch armv8.1-a\n ldaddal %1, %0, [%2]" : "=r"(prev) : "r"(add), "r"(cell) : "memory");
    CHECK(prev == 77 && cell[0] == 80);
    uint32_t sw = 5, prevw;
    __asm__ volatile(".arch armv8.1-a\n swpal %w1, %w0, [%2]" : "=r"(prevw) : "r"(sw), "r"(cell) : "memory");
    CHECK(prevw == 80 && (uint32_t)cell[0] == 5);
    register uint64_t x0 __asm__("x0") = 5, x1 __asm__("x1") = 22;
    register uint64_t x2 __asm__("x2") = 100, x3 __asm__("x3") = 200;
    __asm__ volatile(".arch armv8.1-a\n caspal x0, x1, x2, x3, [%2]" : "+r"(x0), "+r"(x1) : "r"(cell), "r"(x2), "r"(x3) : "memory");
    CHECK(x0 == 5 && x1 == 22 && cell[0] == 100 && cell[1] == 200);
    uint16_t hv = 0x8000, hp;
    __asm__ volatile(".arch armv8.1-a\n ldsmaxh %w1, %w0, [%2]" : "=r"(hp) : "r"(hv), "r"(cell) : "memory");
    uint8_t bv = 0xff, bp;
    __asm__ volatile(".arch armv8.1-a\n ldumaxb %w1, %w0, [%2]" : "=r"(bp) : "r"(bv), "r"(cell) : "memory");
    CHECK(hp == 100 && bp == 100 && (uint8_t)cell[0] == 0xff);
    cell[0] = 100;
    cell[1] = 200;
  } else {
    cell[0] = 100;
    cell[1] = 200;
  }
  printf("final %" PRIu64 " %" PRIu64 "\n", cell[0], cell[1]);
  return 0;
}
