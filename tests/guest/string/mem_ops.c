/* memcpy/memmove/memset/memcmp/memchr at every alignment 0..15 for each length 0..64
 * and at 4 rotating alignments for each length 65..300 (these take glibc's SIMD paths),
 * verified byte by byte against simple reference loops; a checksum of the results is
 * printed so differences show. */
#include "check.h"
#include <string.h>

#define MAXLEN 300
#define PAD 64
static unsigned char src[MAXLEN + 2 * PAD], dst[MAXLEN + 3 * PAD], ref[MAXLEN + 3 * PAD];

static void fill(unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 131 + seed * 7 + (i >> 3));
}

int main(void) {
  uint64_t h = FNV_INIT;
  fill(src, sizeof src, 1);
  for (unsigned len = 0; len <= MAXLEN; len++) {
    for (unsigned al = 0; al < 16; al++) {
      if (len > 64 && (al & 3) != (len & 3)) continue; /* 4 alignments per length above 64 */
      unsigned sa = al, da = (al * 7 + len) % 16;
      /* memcpy */
      memset(dst, 0xEE, sizeof dst);
      memcpy(dst + PAD + da, src + sa, len);
      for (unsigned i = 0; i < len; i++) CHECK(dst[PAD + da + i] == src[sa + i]);
      CHECK(dst[PAD + da - 1] == 0xEE && dst[PAD + da + len] == 0xEE);
      /* memset */
      memset(dst + PAD + sa, (int)(len & 0xff), len);
      for (unsigned i = 0; i < len; i++) CHECK(dst[PAD + sa + i] == (unsigned char)len);
      h = fnv(h, dst + PAD - 16, len + 48);
      /* memcmp: equal, then one byte differs at a varying position */
      memcpy(dst + PAD + da, src + sa, len);
      CHECK(memcmp(dst + PAD + da, src + sa, len) == 0);
      if (len) {
        unsigned pos = (len * 37 + al) % len;
        dst[PAD + da + pos] ^= 0x80;
        int c = memcmp(dst + PAD + da, src + sa, len);
        CHECK((c > 0) == (dst[PAD + da + pos] > src[sa + pos]) && c != 0);
        /* memchr finds the first occurrence */
        unsigned char want = src[sa + pos];
        const unsigned char *f = memchr(src + sa, want, len);
        unsigned first = 0;
        while (src[sa + first] != want) first++;
        CHECK(f == src + sa + first);
        h = fnv64(h, (uint64_t)(f - src));
        /* memchr compares (unsigned char)c: 0x1EF searches for 0xEF */
        const unsigned char *g = memchr(src + sa, 0x100 + 0xEF, len);
        unsigned gi = 0;
        while (gi < len && src[sa + gi] != 0xEF) gi++;
        CHECK(gi == len ? g == NULL : g == src + sa + gi);
      }
      if ((al & 3) == 0) {
        /* memmove, overlapping in both directions */
        int shift = (int)(al / 4) - 2;
        if (shift == 0) shift = 3;
        fill(dst, sizeof dst, len);
        memcpy(ref, dst, sizeof dst);
        unsigned char *d = dst + PAD + da + shift, *s = dst + PAD + da;
        memmove(d, s, len);
        for (int i = (int)len - 1; i >= 0 && shift > 0; i--) ref[PAD + da + shift + i] = ref[PAD + da + i];
        for (int i = 0; i < (int)len && shift < 0; i++) ref[PAD + da + shift + i] = ref[PAD + da + i];
        CHECK(memcmp(dst, ref, sizeof dst) == 0);
        h = fnv(h, dst + PAD, len + 16);
      }
    }
  }
  printf("checksum %016llx\n", (unsigned long long)h);
  return 0;
}
