/* Arbitrary-precision arithmetic with 64-bit limbs and __int128 products:
 * 300!, 2^1000 and a Fibonacci number, printed in decimal. */
#include "check.h"
#include <string.h>

#define LIMBS 80
typedef struct { uint64_t l[LIMBS]; } big;

static void mul_small(big *a, uint64_t m) {
  unsigned __int128 carry = 0;
  for (int i = 0; i < LIMBS; i++) {
    carry += (unsigned __int128)a->l[i] * m;
    a->l[i] = (uint64_t)carry;
    carry >>= 64;
  }
}

static void add(big *a, const big *b) {
  unsigned carry = 0;
  for (int i = 0; i < LIMBS; i++) {
    uint64_t s = a->l[i] + b->l[i];
    unsigned c1 = s < a->l[i];
    uint64_t s2 = s + carry;
    unsigned c2 = s2 < s;
    a->l[i] = s2;
    carry = c1 | c2;
  }
}

static uint64_t div_small(big *a, uint64_t d) {
  unsigned __int128 rem = 0;
  for (int i = LIMBS - 1; i >= 0; i--) {
    rem = (rem << 64) | a->l[i];
    a->l[i] = (uint64_t)(rem / d);
    rem %= d;
  }
  return (uint64_t)rem;
}

static int is_zero(const big *a) {
  for (int i = 0; i < LIMBS; i++) if (a->l[i]) return 0;
  return 1;
}

static void print(const char *label, big a) {
  char buf[LIMBS * 20 + 1];
  int n = 0;
  do {
    uint64_t r = div_small(&a, 10000000000000000000ULL);
    for (int k = 0; k < 19; k++) { buf[n++] = (char)('0' + r % 10); r /= 10; }
  } while (!is_zero(&a));
  while (n > 1 && buf[n - 1] == '0') n--;
  printf("%s ", label);
  for (int i = n - 1; i >= 0; i--) putchar(buf[i]);
  putchar('\n');
}

int main(void) {
  big f;
  memset(&f, 0, sizeof f);
  f.l[0] = 1;
  for (uint64_t i = 2; i <= 300; i++) mul_small(&f, i);
  print("300!", f);
  big p;
  memset(&p, 0, sizeof p);
  p.l[0] = 1;
  for (int i = 0; i < 1000; i++) mul_small(&p, 2);
  CHECK(p.l[1000 / 64] == (1ULL << (1000 % 64)));
  print("2^1000", p);
  big a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  b.l[0] = 1;
  for (int i = 0; i < 1000; i++) {
    big t = b;
    add(&b, &a);
    a = t;
  }
  print("fib1000", a);
  return 0;
}
