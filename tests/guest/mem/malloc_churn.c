/* malloc/calloc/realloc/free churn: many small blocks (brk heap) and large blocks over
 * 128 KiB (mmap), each filled with a pattern and verified before it is freed. */
#include "check.h"
#include <string.h>
#include <malloc.h>

#define SLOTS 256
static unsigned char *blk[SLOTS];
static size_t sz[SLOTS];

static unsigned char pat(size_t slot, size_t i) { return (unsigned char)(slot * 31 + i * 7 + (i >> 9)); }

static void verify(size_t k) {
  for (size_t i = 0; i < sz[k]; i += (sz[k] > 4096 ? 61 : 1)) CHECK(blk[k][i] == pat(k, i));
  if (sz[k]) CHECK(blk[k][sz[k] - 1] == pat(k, sz[k] - 1));
}

static void fill(size_t k) {
  size_t step = sz[k] > 4096 ? 61 : 1;
  for (size_t i = 0; i < sz[k]; i += step) blk[k][i] = pat(k, i);
  if (sz[k]) blk[k][sz[k] - 1] = pat(k, sz[k] - 1);
}

int main(void) {
  uint64_t s = 42;
  size_t live_max = 0, large = 0, reallocs = 0;
  for (int it = 0; it < 1500; it++) {
    size_t k = rnd_next(&s) % SLOTS;
    uint64_t r = rnd_next(&s);
    if (blk[k]) {
      verify(k);
      if (r % 3 == 0) {
        size_t nsz = (r >> 8) % 1024;
        if (r % 29 == 0) nsz = 200000 + (r >> 20) % 300000;
        unsigned char *p = realloc(blk[k], nsz);
        CHECK(p != NULL || nsz == 0);
        size_t keep = nsz < sz[k] ? nsz : sz[k];
        for (size_t i = 0; i < keep; i += (sz[k] > 4096 ? 61 : 1)) CHECK(p[i] == pat(k, i));
        blk[k] = p;
        sz[k] = nsz;
        fill(k);
        reallocs++;
      } else {
        free(blk[k]);
        blk[k] = NULL;
        sz[k] = 0;
      }
    } else {
      size_t n = (r >> 4) % 512 + 1;
      if (r % 41 == 0) { n = 131072 + (r >> 12) % 400000; large++; }
      if (r % 5 == 0) {
        blk[k] = calloc(1, n);
        CHECK(blk[k] != NULL);
        for (size_t i = 0; i < n; i += 67) CHECK(blk[k][i] == 0);
      } else {
        blk[k] = malloc(n);
        CHECK(blk[k] != NULL);
      }
      CHECK(((uintptr_t)blk[k] & 15) == 0);
      sz[k] = n;
      fill(k);
    }
    size_t live = 0;
    if (it % 500 == 0) {
      for (size_t j = 0; j < SLOTS; j++) live += blk[j] != NULL;
      if (live > live_max) live_max = live;
    }
  }
  for (size_t k = 0; k < SLOTS; k++) {
    if (blk[k]) verify(k);
    free(blk[k]);
  }
  void *big = malloc(16 << 20);
  CHECK(big != NULL);
  memset(big, 0x5a, 16 << 20);
  CHECK(((unsigned char *)big)[(16 << 20) - 1] == 0x5a);
  free(big);
  void *al = memalign(4096, 10000);
  CHECK(al && ((uintptr_t)al & 4095) == 0);
  free(al);
  void *pm = NULL;
  CHECK(posix_memalign(&pm, 256, 333) == 0 && ((uintptr_t)pm & 255) == 0);
  free(pm);
  printf("large %zu reallocs %zu live_max %zu\n", large, reallocs, live_max);
  return 0;
}
