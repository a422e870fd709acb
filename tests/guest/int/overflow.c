/* Overflow-checking builtins on 8..64-bit signed and unsigned operands. */
#include "check.h"
#include <inttypes.h>
#include <limits.h>

static volatile int64_t vals[] = {0, 1, -1, 127, -128, 255, 32767, -32768, 65535, INT32_MAX, INT32_MIN, UINT32_MAX,
                                  INT64_MAX, INT64_MIN, 0x40000000, 0x100000000LL, 3037000499LL, 3037000500LL};
#define N (sizeof vals / sizeof vals[0])

int main(void) {
  uint64_t h = FNV_INIT;
  unsigned count = 0;
  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++) {
      int64_t a = vals[i], b = vals[j];
      int64_t r64;
      uint64_t u64;
      int32_t r32;
      uint32_t u32;
      int16_t r16;
      uint8_t u8;
      unsigned bits = 0;
      bits |= (unsigned)__builtin_add_overflow(a, b, &r64) << 0;
      h = fnv64(h, (uint64_t)r64);
      bits |= (unsigned)__builtin_sub_overflow(a, b, &r64) << 1;
      h = fnv64(h, (uint64_t)r64);
      bits |= (unsigned)__builtin_mul_overflow(a, b, &r64) << 2;
      h = fnv64(h, (uint64_t)r64);
      bits |= (unsigned)__builtin_add_overflow((uint64_t)a, (uint64_t)b, &u64) << 3;
      h = fnv64(h, u64);
      bits |= (unsigned)__builtin_mul_overflow((uint64_t)a, (uint64_t)b, &u64) << 4;
      h = fnv64(h, u64);
      bits |= (unsigned)__builtin_add_overflow((int32_t)a, (int32_t)b, &r32) << 5;
      bits |= (unsigned)__builtin_mul_overflow((int32_t)a, (int32_t)b, &r32) << 6;
      h = fnv64(h, (uint64_t)(uint32_t)r32);
      bits |= (unsigned)__builtin_sub_overflow((uint32_t)a, (uint32_t)b, &u32) << 7;
      bits |= (unsigned)__builtin_mul_overflow((uint32_t)a, (uint32_t)b, &u32) << 8;
      h = fnv64(h, u32);
      bits |= (unsigned)__builtin_add_overflow(a, b, &r16) << 9;
      bits |= (unsigned)__builtin_mul_overflow(a, b, &u8) << 10;
      bits |= (unsigned)__builtin_mul_overflow(a, b, &r32) << 11;
      h = fnv64(h, bits);
      count += (unsigned)__builtin_popcount(bits);
    }
  int64_t r;
  CHECK(__builtin_add_overflow(INT64_MAX, (volatile int64_t)1, &r) && r == INT64_MIN);
  CHECK(!__builtin_mul_overflow((volatile int64_t)3037000499LL, (volatile int64_t)3037000499LL, &r));
  CHECK(__builtin_mul_overflow((volatile int64_t)3037000500LL, (volatile int64_t)3037000500LL, &r));
  printf("overflows %u checksum %016" PRIx64 "\n", count, h);
  return 0;
}
