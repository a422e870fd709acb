/* FPSR cumulative exception flags via feclearexcept/fetestexcept after each kind of
 * operation, in double and single precision and in conversions. */
#include "check.h"
#include <fenv.h>
#include <math.h>
#include <stdint.h>

static void show(const char *what) {
  int f = fetestexcept(FE_ALL_EXCEPT);
  printf("%-14s %s%s%s%s%s\n", what, f & FE_INVALID ? "I" : "-", f & FE_DIVBYZERO ? "Z" : "-", f & FE_OVERFLOW ? "O" : "-",
         f & FE_UNDERFLOW ? "U" : "-", f & FE_INEXACT ? "X" : "-");
  feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
  volatile double one = 1.0, zero = 0.0, three = 3.0, big = 1e308, tiny = 1e-308, two = 2.0;
  volatile float fone = 1.0f, fzero = 0.0f, fbig = 3e38f, ftiny = 1e-38f;
  volatile double r;
  volatile float fr;
  volatile int64_t i64;
  volatile int32_t i32;
  feclearexcept(FE_ALL_EXCEPT);
  show("none");
  r = one + two; show("exact add");
  r = one / three; show("1/3");
  r = one / zero; show("1/0");
  r = zero / zero; show("0/0");
  r = big * big; show("overflow");
  r = tiny * tiny; show("underflow");
  r = tiny / 4.0; show("subnormal");
  r = sqrt(-one); show("sqrt(-1)");
  r = sqrt(two); show("sqrt(2)");
  fr = fone / fzero; show("f 1/0");
  fr = fbig * fbig; show("f overflow");
  fr = ftiny * ftiny; show("f underflow");
  fr = (float)(one / three); show("f narrow");
  fr = (float)big; show("f narrow big");
  i64 = (int64_t)(big); show("cvt d->i64 big");
  i32 = (int32_t)(1e10 * one); show("cvt d->i32 big");
  i32 = (int32_t)(2.5 * one); show("cvt 2.5->i32");
  i64 = (int64_t)(-0.0 * one); show("cvt -0->i64");
  r = (double)(int64_t)0x7fffffffffffffffLL; show("cvt i64->d");
  r = fma(big, two, -big); show("fma");
  r = nearbyint(2.5 * one); show("nearbyint");
  r = rint(2.5 * one); show("rint");
  r = exp(1000.0 * one); show("exp(1000)");
  r = log(zero); show("log(0)");
  r = log(-one); show("log(-1)");
  r = pow(zero, -one); show("pow(0,-1)");
  (void)r; (void)fr; (void)i64; (void)i32;
  feraiseexcept(FE_OVERFLOW | FE_INEXACT);
  CHECK(fetestexcept(FE_OVERFLOW) == FE_OVERFLOW);
  show("raised");
  fenv_t env;
  fegetenv(&env);
  r = one / zero;
  fesetenv(&env);
  show("after setenv");
  return 0;
}
