/* NaN and infinity handling: classification, comparisons, min/max, signs and
 * propagation through arithmetic and conversions. */
#include "check.h"
#include <math.h>
#include <string.h>
#include <inttypes.h>
#include <float.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double frombits(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

int main(void) {
  volatile double inf = INFINITY, zero = 0.0, one = 1.0;
  volatile double qnan = frombits(0x7ff8000000001234ULL);
  volatile double snan = frombits(0x7ff0000000005678ULL);
  double vals[] = {inf, -inf, zero, -zero, one, qnan, -qnan, snan, 0x1p-1074, DBL_MAX};
  unsigned n = sizeof vals / sizeof vals[0];
  for (unsigned i = 0; i < n; i++) {
    double x = vals[i];
    printf("%016" PRIx64 " %a class=%d nan=%d inf=%d fin=%d norm=%d sign=%d\n", bits(x), x, fpclassify(x), isnan(x) != 0,
           isinf(x), isfinite(x) != 0, isnormal(x) != 0, signbit(x) != 0);
    for (unsigned j = 0; j < n; j++) {
      double y = vals[j];
      printf(" %d%d%d%d%d%d", x < y, x <= y, x == y, x != y, isunordered(x, y), isless(x, y));
      printf(" %016" PRIx64 " %016" PRIx64 " %016" PRIx64, bits(x + y), bits(x * y), bits(x / y));
      printf(" %016" PRIx64 " %016" PRIx64 "\n", bits(fmin(x, y)), bits(fmax(x, y)));
    }
  }
  printf("0/0 %016" PRIx64 " inf-inf %016" PRIx64 " 0*inf %016" PRIx64 " sqrt(-1) %016" PRIx64 "\n", bits(zero / zero),
         bits(inf - inf), bits(zero * inf), bits(sqrt(-one)));
  printf("1/0 %a -1/0 %a 1/-0 %a\n", one / zero, -one / zero, one / -zero);
  printf("nan %a %f %e %g inf %f %e %g\n", qnan, qnan, -qnan, qnan, inf, -inf, inf);
  float fnan = (float)snan;
  uint32_t fb;
  memcpy(&fb, &fnan, 4);
  printf("snan->float %08x qnan->float %08x\n", fb, (unsigned)((union { float f; uint32_t u; }){(float)qnan}).u);
  CHECK(isnan(qnan) && !(qnan == qnan));
  CHECK(isinf(-inf) && -inf < 0);
  CHECK(copysign(1.0, -zero) == -1.0);
  CHECK(fmax(qnan, one) == one && fmin(one, qnan) == one);
  return 0;
}
