/* Loops written to be auto-vectorized by gcc (-O3 for these functions): byte and int
 * arithmetic, reductions, min/max, conditional selects, widening and narrowing,
 * interleaved data, float dot products. Results printed as checksums and values. */
#include "check.h"
#include <string.h>

#define N 1003
static uint8_t u8a[N], u8b[N], u8r[N];
static int16_t s16a[N], s16r[N];
static int32_t s32a[N], s32b[N], s32r[N];
static float fa[N], fb[N];
static double da[N];
static uint8_t rgb[3 * N];

__attribute__((optimize("O3"))) static void kernels(uint64_t *h, int32_t *sum, int32_t *mn, int32_t *mx, float *dot, double *dsum) {
  for (int i = 0; i < N; i++) u8r[i] = (uint8_t)((u8a[i] + u8b[i] + 1) >> 1);
  *h = fnv(*h, u8r, N);
  for (int i = 0; i < N; i++) u8r[i] = u8a[i] > u8b[i] ? u8a[i] - u8b[i] : u8b[i] - u8a[i];
  *h = fnv(*h, u8r, N);
  for (int i = 0; i < N; i++) s16r[i] = (int16_t)(s16a[i] * 3 - (u8a[i] << 2));
  *h = fnv(*h, s16r, sizeof s16r);
  for (int i = 0; i < N; i++) s32r[i] = s32a[i] * s32b[i] + (s32a[i] >> 3);
  *h = fnv(*h, s32r, sizeof s32r);
  for (int i = 0; i < N; i++) s32r[i] = s32a[i] < 0 ? -s32a[i] : s32b[i];
  *h = fnv(*h, s32r, sizeof s32r);
  int32_t s = 0, lo = s32a[0], hi = s32a[0];
  for (int i = 0; i < N; i++) { s += s32a[i]; lo = s32a[i] < lo ? s32a[i] : lo; hi = s32a[i] > hi ? s32a[i] : hi; }
  *sum = s; *mn = lo; *mx = hi;
  uint32_t bsum = 0;
  for (int i = 0; i < N; i++) bsum += u8a[i];
  *h = fnv64(*h, bsum);
  for (int i = 0; i < N; i++) u8r[i] = (uint8_t)((rgb[3 * i] * 77 + rgb[3 * i + 1] * 150 + rgb[3 * i + 2] * 29) >> 8);
  *h = fnv(*h, u8r, N);
  float d = 0;
  for (int i = 0; i < N; i++) d += fa[i] * fb[i];
  *dot = d;
  for (int i = 0; i < N; i++) fa[i] = fa[i] * 0.5f + fb[i];
  *h = fnv(*h, fa, sizeof fa);
  double ds = 0;
  for (int i = 0; i < N; i++) { da[i] = da[i] * 1.0001 + (double)s32a[i]; ds += da[i]; }
  *dsum = ds;
  for (int i = 0; i < N; i++) s16r[i] = (int16_t)(s32a[i] >> 16);
  *h = fnv(*h, s16r, sizeof s16r);
  for (int i = 0; i < N; i++) u8r[i] = (uint8_t)(s16a[i] > 255 ? 255 : s16a[i] < 0 ? 0 : s16a[i]);
  *h = fnv(*h, u8r, N);
}

int main(void) {
  uint64_t s = 77;
  for (int i = 0; i < N; i++) {
    u8a[i] = (uint8_t)rnd_next(&s); u8b[i] = (uint8_t)rnd_next(&s);
    s16a[i] = (int16_t)rnd_next(&s); s32a[i] = (int32_t)rnd_next(&s); s32b[i] = (int32_t)(rnd_next(&s) >> 40);
    fa[i] = (float)(int32_t)rnd_next(&s) / 1e9f; fb[i] = (float)(i % 17) - 8.0f; da[i] = i * 0.25;
  }
  for (int i = 0; i < 3 * N; i++) rgb[i] = (uint8_t)rnd_next(&s);
  uint64_t h = FNV_INIT;
  int32_t sum, mn, mx;
  float dot;
  double dsum;
  for (int rep = 0; rep < 3; rep++) kernels(&h, &sum, &mn, &mx, &dot, &dsum);
  printf("sum %d min %d max %d dot %a dsum %a\n", sum, mn, mx, (double)dot, dsum);
  printf("checksum %016llx\n", (unsigned long long)h);
  CHECK(mn <= mx);
  return 0;
}
