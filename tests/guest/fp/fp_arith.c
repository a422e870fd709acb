/* Double and single precision arithmetic printed exactly (%a) and with 17 digits,
 * including subnormals, signed zeros, huge and tiny values. */
#include "check.h"
#include <math.h>
#include <float.h>

static volatile double dv[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 2.5, -7.25, 1e300, -1e-300, 4.9e-324,
                               2.2250738585072014e-308, 1.7976931348623157e308, 123456789.125, 3.141592653589793,
                               0.5000000000000001};
#define N (sizeof dv / sizeof dv[0])

int main(void) {
  for (unsigned i = 0; i < N; i++) {
    double a = dv[i], b = dv[(i * 7 + 3) % N];
    printf("%u a=%a b=%a\n", i, a, b);
    printf("  + %a %.17g\n", a + b, a + b);
    printf("  - %a %.17g\n", a - b, a - b);
    printf("  * %a %.17g\n", a * b, a * b);
    printf("  / %a %.17g\n", a / b, a / b);
    printf("  sqrt %a fma %a\n", sqrt(fabs(a)), fma(a, b, a));
    float fa = (float)a, fb = (float)b;
    printf("  f %a %a %a %a %a\n", (double)fa, (double)(fa + fb), (double)(fa * fb), (double)(fa / fb),
           (double)sqrtf(fabsf(fa)));
    printf("  e %.6e f %.3f g %g\n", a, a * 1e-290 + 0.0, b);
  }
  double acc = 0.0;
  for (int i = 1; i <= 20000; i++) acc += 1.0 / ((double)i * i);
  printf("basel %.17g %a\n", acc, acc);
  float facc = 0.0f;
  for (int i = 1; i <= 20000; i++) facc += 1.0f / ((float)i * (float)i);
  printf("basel_f %.9g %a\n", (double)facc, (double)facc);
  volatile double x = 1.0;
  int steps = 0;
  while (x / 2 > 0) { x /= 2; steps++; }
  printf("halvings %d min_sub %a\n", steps, x);
  CHECK(steps == 1074);
  volatile double nz = -0.0;
  CHECK(signbit(nz * 1.0) && !signbit(nz + 0.0));
  return 0;
}
