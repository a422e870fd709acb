/* long double is IEEE binary128 on AArch64, done in software by libgcc: a workout for
 * 64-bit integer arithmetic. Printed with %La and %.30Lg. */
#include "check.h"
#include <math.h>

int main(void) {
  volatile long double a = 1.0L, b = 3.0L;
  long double third = a / b;
  printf("1/3 %La\n    %.33Lg\n", third, third);
  long double s = 0;
  for (int i = 1; i <= 500; i++) s += 1.0L / ((long double)i * i);
  printf("basel500 %La\n", s);
  long double x = sqrtl(2.0L * a);
  printf("sqrt2 %La %.34Lg\n", x, x);
  printf("conv %La %La %lld %a\n", (long double)0x7fffffffffffffffLL, (long double)1e300, (long long)(1e18L * b),
         (double)third);
  CHECK(x * x - 2.0L < 1e-30L && x * x - 2.0L > -1e-30L);
  CHECK((double)(long double)0.1 == 0.1);
  long double f = 1;
  for (int i = 1; i <= 30; i++) f *= i;
  printf("30! %.0Lf\n", f);
  printf("cmp %d %d %d\n", third < 0.34L, third > 0.33L, third == 1.0L / 3.0L);
  return 0;
}
