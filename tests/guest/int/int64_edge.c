/* 64-bit integer edge cases: arithmetic, division, shifts and conversions on values
 * the compiler cannot fold (volatile), printed in hex and checked against identities. */
#include "check.h"
#include <inttypes.h>
#include <limits.h>

static volatile int64_t vs[] = {0, 1, -1, 2, -2, 7, -7, 0x7fffffffffffffffLL, -0x7fffffffffffffffLL - 1,
                                0x100000000LL, -0x100000000LL, 0xffffffffLL, 0x123456789abcdefLL,
                                -0x123456789abcdefLL, 1000000007, 0x8000000000000LL};
#define N (sizeof vs / sizeof vs[0])

int main(void) {
  uint64_t h = FNV_INIT;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = 0; j < N; j++) {
      int64_t a = vs[i], b = vs[j];
      uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
      h = fnv64(h, ua + ub);
      h = fnv64(h, ua - ub);
      h = fnv64(h, ua * ub);
      if (b != 0) {
        h = fnv64(h, ua / ub);
        h = fnv64(h, ua % ub);
        if (!(a == INT64_MIN && b == -1)) {
          int64_t q = a / b, r = a % b;
          CHECK(q * b + r == a);
          h = fnv64(h, (uint64_t)q);
          h = fnv64(h, (uint64_t)r);
        }
      }
      h = fnv64(h, (uint64_t)(a < b) | (uint64_t)(ua < ub) << 1 | (uint64_t)(a == b) << 2);
      unsigned s = (unsigned)(ub & 63);
      h = fnv64(h, ua << s);
      h = fnv64(h, ua >> s);
      h = fnv64(h, (uint64_t)(a >> s));
      h = fnv64(h, (ua >> s) | (ua << ((64 - s) & 63)));
    }
    int32_t lo = (int32_t)vs[i];
    uint32_t ulo = (uint32_t)vs[i];
    printf("%2u: %016" PRIx64 " sext32=%016" PRIx64 " zext32=%016" PRIx64 " neg=%016" PRIx64 " not=%016" PRIx64 "\n",
           i, (uint64_t)vs[i], (uint64_t)(int64_t)lo, (uint64_t)ulo, (uint64_t)(0 - (uint64_t)vs[i]),
           ~(uint64_t)vs[i]);
    printf("    s8=%d u8=%u s16=%d u16=%u abs=%016" PRIx64 "\n", (int8_t)vs[i], (uint8_t)vs[i], (int16_t)vs[i],
           (uint16_t)vs[i], (uint64_t)(vs[i] < 0 ? -(uint64_t)vs[i] : (uint64_t)vs[i]));
  }
  volatile int32_t a32 = INT32_MIN, m1 = -1;
  CHECK((uint32_t)(a32 * m1) == 0x80000000u);
  volatile uint32_t x = 0xdeadbeef, y = 13;
  printf("u32: %08x %08x %08x %08x %08x\n", x / y, x % y, x * y, x >> (y & 31), x << (y & 31));
  volatile int64_t big = INT64_MAX;
  CHECK(big + 0 == 0x7fffffffffffffffLL);
  printf("checksum %016" PRIx64 "\n", h);
  return 0;
}
