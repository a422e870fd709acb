/* Integer hash loop: multiply, xor, shift and rotate over 64-bit values.
 * Usage: hash_loop [ITERATIONS]   (default 50,000,000) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 50000000L;
  uint64_t h = 0x9e3779b97f4a7c15ULL, acc = 0;
  for (long i = 0; i < n; i++) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
    h += (uint64_t)i;
    acc += (h << 7 | h >> 57) ^ (uint32_t)i;
  }
  printf("hash_loop %ld %016llx %016llx\n", n, (unsigned long long)h, (unsigned long long)acc);
  return 0;
}
