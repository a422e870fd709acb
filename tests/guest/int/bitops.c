/* clz/ctz/clrsb/popcount/parity/bswap and bit-reversal over 32- and 64-bit values. */
#include "check.h"
#include <inttypes.h>

static uint64_t rbit64(uint64_t x) {
  uint64_t r = 0;
  for (int i = 0; i < 64; i++) r |= ((x >> i) & 1) << (63 - i);
  return r;
}

int main(void) {
  uint64_t s = 0x1234567;
  uint64_t h = FNV_INIT;
  static const uint64_t fixed[] = {0, 1, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x00000000ffffffffULL,
                                   0x0000000100000000ULL, 0x5555555555555555ULL, 0x7fffffffffffffffULL};
  for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
    volatile uint64_t x = fixed[i];
    printf("%016" PRIx64 ": clz=%d ctz=%d pop=%d par=%d clrsb=%d bswap=%016" PRIx64 " clz32=%d pop32=%d\n", x,
           x ? __builtin_clzll(x) : 64, x ? __builtin_ctzll(x) : 64, __builtin_popcountll(x),
           __builtin_parityll(x), __builtin_clrsbll((int64_t)x), __builtin_bswap64(x),
           (uint32_t)x ? __builtin_clz((uint32_t)x) : 32, __builtin_popcount((uint32_t)x));
  }
  for (int i = 0; i < 3000; i++) {
    uint64_t x = rnd_next(&s) >> (i % 64);
    uint32_t w = (uint32_t)x;
    if (x) {
      CHECK((x >> (63 - __builtin_clzll(x))) == 1);
      CHECK(((x >> __builtin_ctzll(x)) & 1) == 1);
    }
    int pc = 0;
    for (uint64_t t = x; t; t &= t - 1) pc++;
    CHECK(pc == __builtin_popcountll(x));
    CHECK(__builtin_bswap64(__builtin_bswap64(x)) == x);
    h = fnv64(h, (uint64_t)(x ? __builtin_clzll(x) : 99));
    h = fnv64(h, (uint64_t)(w ? __builtin_ctz(w) : 99));
    h = fnv64(h, (uint64_t)__builtin_popcountll(x));
    h = fnv64(h, (uint64_t)__builtin_clrsb((int32_t)w));
    h = fnv64(h, __builtin_bswap32(w));
    h = fnv64(h, __builtin_bswap16((uint16_t)w));
    h = fnv64(h, rbit64(x));
  }
  printf("checksum %016" PRIx64 "\n", h);
  return 0;
}
