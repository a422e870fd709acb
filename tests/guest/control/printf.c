/* snprintf with many formats: integer widths/flags/lengths, floating %e/%f/%g/%a with
 * precision, strings, chars, %n, positional arguments, truncation and return values. */
#include "check.h"
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <stdarg.h>
#include <math.h>

static char buf[512];

#define P(...) do { int n_ = snprintf(buf, sizeof buf, __VA_ARGS__); printf("%3d [%s]\n", n_, buf); } while (0)

static int vfmt(char *out, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(out, n, fmt, ap);
  va_end(ap);
  return r;
}

int main(void) {
  P("%d %i %u %x %X %o", -42, 42, 42u, 0xbeefu, 0xbeefu, 8u);
  P("%5d|%-5d|%05d|%+d|% d|%+05d", 42, 42, 42, 42, 42, -42);
  P("%#x %#o %#X %#.0o", 255u, 8u, 255u, 0u);
  P("%hhd %hhu %hd %hu %ld %lu %lld %llu", (signed char)-1, (unsigned char)255, (short)-32768, (unsigned short)65535,
    (long)INT64_MIN, (unsigned long)UINT64_MAX, (long long)INT64_MAX, 0ULL);
  P("%zu %zd %td %jd %ju", (size_t)12345, (ssize_t)-1, (ptrdiff_t)-7, (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
  P("%" PRId8 " %" PRIu16 " %" PRIx32 " %" PRIX64, (int8_t)-5, (uint16_t)65535, (uint32_t)0xdeadbeef, (uint64_t)0xfeedfacecafebeefULL);
  P("%.3d|%.0d|%8.3d|%-8.3d|", 5, 0, -5, 5);
  P("%*d|%-*d|%.*d", 6, 1, 6, 2, 4, 3);
  P("%f %F %e %E %g %G", 3.14159, 2.5, 12345.678, 0.000123, 0.0001, 1e20);
  P("%.0f %.1f %.2f %.10f %.20f", 0.5, 0.25, 1.005, 1.0 / 3, 0.1);
  P("%10.4f|%-10.2e|%+g|% g|%#g|%#.0f", 3.14159, 31415.9, 1.5, 2.5, 1.0, 3.0);
  P("%g %g %g %g %g %g", 100000.0, 1000000.0, 1e-4, 1e-5, 123456789.0, 0.1 + 0.2);
  P("%.17g %.17g %.3g %.10g", 0.1, 1.0 / 3, 2.0 / 3, 1e100);
  P("%a %A %.3a %a %a", 1.0, 255.5, 3.14159, 0x1p-1074, -0.0);
  P("%f %e %g %f", INFINITY, -INFINITY, NAN, -NAN);
  P("%e %f", 1.7976931348623157e308, 1e-310);
  P("%Lf %Le %Lg %La", 1.5L, 2.5e-300L, 1e4000L, 1.0L / 3);
  P("%s|%10s|%-10s|%.3s|%*.*s", "hello", "right", "left", "truncate", 7, 2, "ab");
  P("%c%c%c|%5c|%-3c|", 'a', 'b', 'c', 'x', 'y');
  P("%%|%%%d%%|", 5);
  P("%2$s %1$s %2$s", "world", "hello");
  P("%1$d %1$x %1$o %2$.3f", 4096, 2.0);
  P("%p %p", (void *)0, (void *)0x1234);
  int pos = 0;
  snprintf(buf, sizeof buf, "abc%ndef", &pos);
  printf("n=%d\n", pos);
  char small[8];
  const char *volatile longstr = "0123456789abcdef";
  int full = snprintf(small, sizeof small, "%s", longstr);
  printf("trunc %d [%s]\n", full, small);
  CHECK(full == 16 && strcmp(small, "0123456") == 0);
  CHECK(snprintf(NULL, 0, "%d", 123456) == 6);
  char vb[32];
  CHECK(vfmt(vb, sizeof vb, "%s-%d-%.1f", "v", 9, 0.25) == 7);
  printf("v [%s]\n", vb);
  for (int i = -3; i <= 3; i++) {
    double v = pow(10.0, i * 5) * 1.234567;
    P("%e|%f|%g|%.3g|%12.4e", v, v, v, v, v);
  }
  return 0;
}
