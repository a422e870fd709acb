/* Calling convention corners: variadic functions with mixed ints/doubles/long doubles,
 * structs passed and returned by value (small, HFA, large), many arguments on the stack. */
#include "check.h"
#include <stdarg.h>

struct small { char c; short s; int i; };
struct hfa { double x, y, z; };
struct hfa4 { float a, b, c, d; };
struct large { long v[9]; };

static double mix(int n, ...) {
  va_list ap;
  va_start(ap, n);
  double acc = 0;
  for (int i = 0; i < n; i++) {
    switch (i % 4) {
      case 0: acc += va_arg(ap, int); break;
      case 1: acc += va_arg(ap, double); break;
      case 2: acc += (double)va_arg(ap, long double); break;
      default: acc += (double)va_arg(ap, long long); break;
    }
  }
  va_end(ap);
  return acc;
}

static struct small mk_small(int k) { struct small s = {(char)k, (short)(k * 3), k * 1000}; return s; }
static struct hfa scale(struct hfa h, double f) { h.x *= f; h.y *= f; h.z *= f; return h; }
static struct hfa4 swap4(struct hfa4 h) { struct hfa4 r = {h.d, h.c, h.b, h.a}; return r; }
static struct large bump(struct large l) { for (int i = 0; i < 9; i++) l.v[i] += i; return l; }

static long many(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j, double x1, double x2,
                 double x3, double x4, double x5, double x6, double x7, double x8, double x9, float y1, long k) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j +
         (long)(x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 * 10 + y1) + 11 * k;
}

int main(void) {
  double m = mix(8, 1, 2.5, 3.25L, 4LL, 5, 6.5, 7.75L, 8LL);
  printf("mix %a\n", m);
  CHECK(m == 38.0);
  struct small s = mk_small(7);
  printf("small %d %d %d\n", s.c, s.s, s.i);
  struct hfa h = scale((struct hfa){1.5, -2.0, 0.25}, 4.0);
  printf("hfa %g %g %g\n", h.x, h.y, h.z);
  struct hfa4 q = swap4((struct hfa4){1, 2, 3, 4});
  printf("hfa4 %g %g %g %g\n", q.a, q.b, q.c, q.d);
  struct large l = {{1, 2, 3, 4, 5, 6, 7, 8, 9}};
  struct large l2 = bump(l);
  printf("large %ld %ld %ld\n", l2.v[0], l2.v[4], l2.v[8]);
  CHECK(l.v[8] == 9 && l2.v[8] == 17);
  printf("many %ld\n", many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 0.5f, 12));
  char out[128];
  snprintf(out, sizeof out, "%d %f %Lf %s %lld %c", 1, 2.0, 3.0L, "four", 5LL, '6');
  printf("%s\n", out);
  return 0;
}
