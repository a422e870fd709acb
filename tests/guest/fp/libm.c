/* libm: elementary and special functions in double and single precision, printed %a. */
#include "check.h"
#include <math.h>

static volatile double xs[] = {0.0, 0.5, 1.0, -1.5, 2.0, 3.14159, 10.0, -20.5, 100.25, 1e-5, 700.0, 0.7853981633974483};
#define N (sizeof xs / sizeof xs[0])

#define F1(f) printf("  " #f " %a\n", f(x))
#define F1F(f) printf("  " #f " %a\n", (double)f((float)x))

int main(void) {
  for (unsigned i = 0; i < N; i++) {
    double x = xs[i];
    double y = xs[(i + 5) % N];
    printf("x=%a y=%a\n", x, y);
    F1(sin); F1(cos); F1(tan); F1(asin); F1(acos); F1(atan); F1(sinh); F1(cosh); F1(tanh);
    F1(asinh); F1(exp); F1(exp2); F1(expm1); F1(log); F1(log2); F1(log10); F1(log1p); F1(cbrt);
    F1(sqrt); F1(erf); F1(erfc); F1(lgamma); F1(tgamma); F1(floor); F1(ceil); F1(round); F1(trunc);
    F1(rint); F1(fabs); F1(logb);
    printf("  pow %a atan2 %a hypot %a fmod %a remainder %a fma %a copysign %a nextafter %a\n", pow(fabs(x), y),
           atan2(x, y), hypot(x, y), fmod(x, y), remainder(x, y), fma(x, y, -x), copysign(x, y), nextafter(x, y));
    int e;
    double m = frexp(x, &e);
    printf("  frexp %a %d ldexp %a modf ", m, e, ldexp(x, 17));
    double ip;
    double fp = modf(x, &ip);
    printf("%a %a ilogb %d\n", fp, ip, x != 0 ? ilogb(x) : 0);
    F1F(sinf); F1F(cosf); F1F(expf); F1F(logf); F1F(sqrtf); F1F(cbrtf); F1F(tanhf); F1F(atanf);
    printf("  powf %a atan2f %a\n", (double)powf(fabsf((float)x), (float)y), (double)atan2f((float)x, (float)y));
  }
  CHECK(fabs(sin(M_PI / 6) - 0.5) < 1e-15);
  CHECK(exp(log(10.0)) > 9.999999 && exp(log(10.0)) < 10.000001);
  CHECK(sqrt(2.0) * sqrt(2.0) - 2.0 < 1e-15);
  CHECK(cbrt(27.0) == 3.0);
  int sg;
  double lg = lgamma_r(-2.5, &sg);
  printf("lgamma_r(-2.5) %a sign %d\n", lg, sg);
  return 0;
}
