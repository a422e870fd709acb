/* Sieve of Eratosthenes over a byte array, repeated.
 * Usage: sieve [LIMIT] [REPEATS]   (default 10,000,000 x 3) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000L;
  int reps = argc > 2 ? atoi(argv[2]) : 3;
  unsigned char *composite = malloc((size_t)n + 1);
  if (!composite) return 1;
  long count = 0, last = 0;
  for (int r = 0; r < reps; r++) {
    memset(composite, 0, (size_t)n + 1);
    count = 0;
    for (long i = 2; i <= n; i++) {
      if (composite[i]) continue;
      count++;
      last = i;
      for (long j = i * i; j <= n; j += i) composite[j] = 1;
    }
  }
  printf("sieve %ld primes %ld largest %ld\n", n, count, last);
  free(composite);
  return 0;
}
