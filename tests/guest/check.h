/* Shared helpers for Flint's guest programs (the behavioural spec).
 * CHECK(cond): on failure prints the check and exits with a code distinct per check
 * site in the file (1 + __COUNTER__, so keep fewer than 250 checks per program).
 * fnv: a 64-bit FNV-1a checksum, printed so that differences show in the output. */
#ifndef FLINT_GUEST_CHECK_H
#define FLINT_GUEST_CHECK_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) check_at((cond), 1 + __COUNTER__, __LINE__, #cond)

static inline void check_at(int ok, int code, int line, const char *text) {
  if (!ok) {
    printf("FAIL line %d: %s\n", line, text);
    fflush(stdout);
    exit(code > 250 ? 250 : code);
  }
}

#define FNV_INIT 0xcbf29ce484222325ULL

static inline uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = (const unsigned char *)p;
  for (size_t i = 0; i < n; i++) {
    h ^= b[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

static inline uint64_t fnv64(uint64_t h, uint64_t v) { return fnv(h, &v, sizeof v); }

/* Deterministic pseudo-random numbers (xorshift64*). */
static inline uint64_t rnd_next(uint64_t *s) {
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DULL;
}

#endif
