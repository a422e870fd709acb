/* __int128 arithmetic: multiplication, division and modulo (libgcc's __udivti3 etc.),
 * shifts and comparisons, printed as two 64-bit hex halves and as decimal. */
#include "check.h"
#include <inttypes.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static void put(const char *label, u128 v) { printf("%s %016" PRIx64 "%016" PRIx64 "\n", label, (uint64_t)(v >> 64), (uint64_t)v); }

static char *dec(u128 v, char *buf) {
  char tmp[48];
  int n = 0;
  do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
  for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  buf[n] = 0;
  return buf;
}

int main(void) {
  volatile uint64_t a = 0xfedcba9876543210ULL, b = 0x0123456789abcdefULL, c = 0xffffffffffffffffULL;
  u128 p = (u128)a * b;
  put("a*b", p);
  put("c*c", (u128)c * c);
  s128 sp = (s128)(int64_t)a * (int64_t)b;
  put("sa*sb", (u128)sp);
  CHECK(p / b == a);
  CHECK(p % b == 0);
  u128 big = ((u128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
  uint64_t s = 1;
  uint64_t h = FNV_INIT;
  for (int i = 0; i < 200; i++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    u128 d = ((u128)(s >> 7) << (s & 63)) | (s >> 3) | 1;
    u128 q = big / d, r = big % d;
    CHECK(q * d + r == big);
    CHECK(r < d);
    s128 sd = (s128)d * ((s & 1) ? -1 : 1);
    s128 sq = (s128)big / sd, sr = (s128)big % sd;
    CHECK(sq * sd + sr == (s128)big);
    h = fnv(h, &q, sizeof q);
    h = fnv(h, &r, sizeof r);
    h = fnv(h, &sq, sizeof sq);
    u128 sh = big << (s % 128);
    u128 sr2 = big >> (s % 128);
    s128 sa = (s128)(big | ((u128)1 << 127)) >> (s % 128);
    h = fnv(h, &sh, sizeof sh);
    h = fnv(h, &sr2, sizeof sr2);
    h = fnv(h, &sa, sizeof sa);
    big = big * 0x9e3779b97f4a7c15ULL + s;
  }
  char buf[64];
  u128 max = ~(u128)0;
  printf("max %s\n", dec(max, buf));
  u128 f = 1;
  for (int i = 1; i <= 34; i++) f *= (u128)i;
  printf("34! %s\n", dec(f, buf));
  s128 neg = -(s128)f / 7;
  put("-34!/7", (u128)neg);
  CHECK(((s128)-5) / 2 == -2 && ((s128)-5) % 2 == -1);
  CHECK((s128)-1 < (s128)0 && (u128)-1 > (u128)0);
  printf("checksum %016" PRIx64 "\n", h);
  return 0;
}
