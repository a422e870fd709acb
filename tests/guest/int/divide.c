/* Division by constants (multiply-high sequences) and by variables, signed and
 * unsigned, 32 and 64 bits, including division by zero through inline asm SDIV/UDIV
 * (which gives 0 on AArch64, no trap). */
#include "check.h"
#include <inttypes.h>

#define DIVS(X) X(3) X(5) X(7) X(10) X(12) X(60) X(100) X(641) X(1000) X(1000000007) X(-3) X(-10)

int main(void) {
  uint64_t h = FNV_INIT, s = 99;
  for (int i = 0; i < 4000; i++) {
    uint64_t u = rnd_next(&s) >> (i & 31);
    int64_t v = (int64_t)u * ((i & 1) ? -1 : 1);
    uint32_t u32 = (uint32_t)u;
    int32_t v32 = (int32_t)u;
#define X(d) h = fnv64(h, (uint64_t)(v / (d))); h = fnv64(h, (uint64_t)(v % (d))); \
             h = fnv64(h, (uint64_t)(v32 / (d))); h = fnv64(h, (uint64_t)(v32 % (d)));
    DIVS(X)
#undef X
#define X(d) if ((d) > 0) { h = fnv64(h, u / (uint64_t)(d)); h = fnv64(h, u32 % (uint32_t)(d)); }
    DIVS(X)
#undef X
    uint64_t dv = (rnd_next(&s) >> (i % 60)) | 1;
    CHECK((u / dv) * dv + u % dv == u);
  }
  volatile uint64_t zero = 0, num = 12345;
  uint64_t q;
  int64_t sq;
  __asm__ volatile("udiv %0, %1, %2" : "=r"(q) : "r"(num), "r"(zero));
  CHECK(q == 0);
  __asm__ volatile("sdiv %0, %1, %2" : "=r"(sq) : "r"((int64_t)-5), "r"((int64_t)zero));
  CHECK(sq == 0);
  int64_t mn = INT64_MIN, m1 = -1;
  __asm__ volatile("sdiv %0, %1, %2" : "=r"(sq) : "r"(mn), "r"(m1));
  CHECK(sq == INT64_MIN);
  int32_t w;
  __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(w) : "r"((int32_t)INT32_MIN), "r"((int32_t)-1));
  CHECK(w == INT32_MIN);
  printf("checksum %016" PRIx64 "\n", h);
  return 0;
}
