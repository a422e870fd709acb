/* qsort of pseudo-random ints through glibc's qsort and a comparison callback.
 * Usage: qsort [COUNT]   (default 1,000,000) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000L;
  int *v = malloc((size_t)n * sizeof *v);
  if (!v) return 1;
  uint64_t s = 88172645463325252ULL;
  for (long i = 0; i < n; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; v[i] = (int)(s >> 33); }
  qsort(v, (size_t)n, sizeof *v, cmp);
  uint64_t h = 1469598103934665603ULL;
  for (long i = 0; i < n; i++) {
    if (i && v[i - 1] > v[i]) return 2;
    h = (h ^ (uint32_t)v[i]) * 1099511628211ULL;
  }
  printf("qsort %ld min %d max %d hash %016llx\n", n, v[0], v[n - 1], (unsigned long long)h);
  free(v);
  return 0;
}
