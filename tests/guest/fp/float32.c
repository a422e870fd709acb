/* Single precision: arithmetic, float libm and float<->double round trips, printed %a. */
#include "check.h"
#include <math.h>

int main(void) {
  volatile float v[] = {0.0f, 1.0f, -1.5f, 3.14159265f, 1e-40f, 3.4e38f, 0.1f, 100.5f, -7e-3f};
  unsigned n = sizeof v / sizeof v[0];
  float acc = 0;
  for (unsigned i = 0; i < n; i++) {
    float x = v[i], y = v[(i + 3) % n];
    printf("%a %a: %a %a %a %a %a %a\n", (double)x, (double)y, (double)(x + y), (double)(x - y), (double)(x * y),
           (double)(x / y), (double)fmaf(x, y, 1.0f), (double)fminf(x, y));
    printf("  %a %a %a %a %a %a\n", (double)sinf(x), (double)expf(x / 10), (double)logf(fabsf(x) + 1),
           (double)powf(fabsf(x), 0.3f), (double)roundf(x), (double)truncf(x * 3));
    acc += x * y;
  }
  float s = 0;
  for (int i = 0; i < 100000; i++) s += 0.01f;
  printf("sum %a %.9g acc %a\n", (double)s, (double)s, (double)acc);
  CHECK(s != 1000.0f);
  return 0;
}
