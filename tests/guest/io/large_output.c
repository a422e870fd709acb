/* Writes about 2 MB to stdout through printf, fwrite, puts and raw write(2). */
#include "check.h"
#include <string.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 20000; i++) printf("%06d the quick brown fox jumps over the lazy dog %x\n", i, i * 2654435761u);
  static char block[65536];
  for (size_t i = 0; i < sizeof block; i++) block[i] = (char)('a' + i % 26);
  for (int i = 0; i < 8; i++) {
    CHECK(fwrite(block, 1, sizeof block, stdout) == sizeof block);
    putchar('\n');
  }
  fflush(stdout);
  for (int i = 0; i < 4; i++) CHECK(write(1, block, sizeof block) == (ssize_t)sizeof block);
  puts("\nend");
  return 0;
}
