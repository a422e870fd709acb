/* Conversions between integers and floats in every direction and width, including
 * out-of-range inputs (AArch64 saturates) via inline FCVTZS/FCVTZU/SCVTF/UCVTF, and
 * fixed-point conversions. */
#include "check.h"
#include <inttypes.h>
#include <math.h>

static volatile double dv[] = {0.0, -0.0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.5, -1.5, -2.5, 1e10, -1e10, 4294967295.5,
                               4294967296.0, 2147483647.9, -2147483648.9, 9.2233720368547758e18, -9.3e18, 1.8446744073709552e19,
                               2e19, 1e300, -1e300, INFINITY, -INFINITY, NAN, 123.456, -987.654};
#define N (sizeof dv / sizeof dv[0])

int main(void) {
  for (unsigned i = 0; i < N; i++) {
    double d = dv[i];
    int32_t s32; uint32_t u32; int64_t s64; uint64_t u64;
    __asm__("fcvtzs %w0, %d1" : "=r"(s32) : "w"(d));
    __asm__("fcvtzu %w0, %d1" : "=r"(u32) : "w"(d));
    __asm__("fcvtzs %x0, %d1" : "=r"(s64) : "w"(d));
    __asm__("fcvtzu %x0, %d1" : "=r"(u64) : "w"(d));
    printf("%a: zs32=%d zu32=%u zs64=%" PRId64 " zu64=%" PRIu64, d, s32, u32, s64, u64);
    int64_t a, m, n, p;
    __asm__("fcvtas %x0, %d1" : "=r"(a) : "w"(d));
    __asm__("fcvtms %x0, %d1" : "=r"(m) : "w"(d));
    __asm__("fcvtns %x0, %d1" : "=r"(n) : "w"(d));
    __asm__("fcvtps %x0, %d1" : "=r"(p) : "w"(d));
    printf(" as=%" PRId64 " ms=%" PRId64 " ns=%" PRId64 " ps=%" PRId64, a, m, n, p);
    int32_t fx;
    __asm__("fcvtzs %w0, %d1, #8" : "=r"(fx) : "w"(d));
    float f = (float)d;
    printf(" fix8=%d f=%a\n", fx, (double)f);
  }
  static volatile int64_t iv[] = {0, 1, -1, 16777217, -16777217, 9007199254740993LL, INT64_MAX, INT64_MIN,
                                  0x7ffffffffffffe00LL, 123456789};
  for (unsigned i = 0; i < sizeof iv / sizeof iv[0]; i++) {
    int64_t v = iv[i];
    printf("%" PRId64 ": d=%a ud=%a f=%a uf=%a d32=%a u32f=%a\n", v, (double)v, (double)(uint64_t)v, (double)(float)v,
           (double)(float)(uint64_t)v, (double)(int32_t)v, (double)(float)(uint32_t)v);
    double fxd;
    __asm__("scvtf %d0, %x1, #16" : "=w"(fxd) : "r"(v));
    printf("  scvtf#16 %a\n", fxd);
  }
  volatile double big = 1e20;
  CHECK((int64_t)(float)16777217 == 16777216);
  CHECK(lround(2.5) == 3 && lrint(2.5) == 2 && llround(-2.5) == -3);
  volatile float hf = 1.0f / 3.0f;
  double back = hf;
  printf("f2d %a d2f %a %a\n", back, (double)(float)big, (double)(float)1e-46);
  _Float16 h16 = (_Float16)(float)hf;
  printf("half %a\n", (double)h16);
  return 0;
}
