/* All four rounding modes (fesetround): arithmetic, sqrt, conversions, rint family and
 * printf rounding under each mode. */
#include "check.h"
#include <fenv.h>
#include <math.h>
#include <inttypes.h>

static volatile double a = 1.0, b = 3.0, c = -2.0, big = 0x1.fffffffffffffp1023, half = 2.5, nhalf = -2.5;

int main(void) {
  static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  static const char *names[] = {"nearest", "upward", "downward", "towardzero"};
  for (int i = 0; i < 4; i++) {
    CHECK(fesetround(modes[i]) == 0);
    CHECK(fegetround() == modes[i]);
    printf("%s\n", names[i]);
    printf("  1/3 %a -1/3 %a 2/3 %a\n", a / b, -a / b, c / -b);
    printf("  sqrt2 %a f1/3 %a\n", sqrt(c * c / 2.0), (double)((float)a / (float)b));
    printf("  big+big %a big*-2 %a\n", big + big, big * c);
    printf("  rint %g %g nearbyint %g %g lrint %ld %ld llrint %lld\n", rint(half), rint(nhalf), nearbyint(1.5),
           nearbyint(-1.5), lrint(half), lrint(nhalf), llrint(0.5 + a));
    printf("  d2f %a %a\n", (double)(float)(a / b), (double)(float)(-a / b));
    printf("  i2f %a i2d %a\n", (double)(float)(int64_t)(0x7fffffffffffffffLL - (int64_t)a), (double)(int64_t)0x7fffffffffffffffLL);
    printf("  fma %a\n", fma(a / b, b, -a));
    printf("  printf %.2f %.2f %.0f\n", 0.125, -0.125, 0.5);
    printf("  sum %a\n", 0.1 + 0.2);
    double t = 1.0;
    for (int k = 0; k < 50; k++) t = t * 1.1 + 0.3;
    printf("  loop %a\n", t);
  }
  fesetround(FE_TONEAREST);
  return 0;
}
