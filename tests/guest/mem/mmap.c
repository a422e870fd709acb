#define _GNU_SOURCE
/* Anonymous mmap/munmap/mremap/mprotect and brk/sbrk: zero-filled pages, growth,
 * partial unmap, read-only protection (reads still work), MAP_FIXED. */
#include "check.h"
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <errno.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  printf("pagesize %ld\n", pg);
  size_t n = 64 * (size_t)pg;
  unsigned char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  CHECK(((uintptr_t)p & (uintptr_t)(pg - 1)) == 0);
  for (size_t i = 0; i < n; i += 512) CHECK(p[i] == 0);
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i % 251);
  CHECK(munmap(p + 8 * pg, 8 * (size_t)pg) == 0);
  CHECK(p[8 * pg - 1] == (unsigned char)((8 * pg - 1) % 251) && p[16 * pg] == (unsigned char)((16 * pg) % 251));
  unsigned char *q = mremap(p, 8 * (size_t)pg, 200 * (size_t)pg, MREMAP_MAYMOVE);
  CHECK(q != MAP_FAILED);
  for (size_t i = 0; i < 8 * (size_t)pg; i++) CHECK(q[i] == (unsigned char)(i % 251));
  for (size_t i = 8 * (size_t)pg; i < 200 * (size_t)pg; i += 4096) CHECK(q[i] == 0);
  CHECK(mprotect(q, (size_t)pg, PROT_READ) == 0);
  CHECK(q[100] == 100);
  CHECK(mprotect(q, (size_t)pg, PROT_READ | PROT_WRITE) == 0);
  q[100] = 7;
  CHECK(q[100] == 7);
  unsigned char *fixed = mmap(q + 4 * pg, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK(fixed == q + 4 * pg && fixed[0] == 0 && q[4 * pg - 1] == (unsigned char)((4 * pg - 1) % 251));
  CHECK(munmap(q, 200 * (size_t)pg) == 0);
  CHECK(munmap(p + 16 * pg, 48 * (size_t)pg) == 0);
  errno = 0;
  CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
  errno = 0;
  CHECK(munmap((void *)((uintptr_t)q + 1), (size_t)pg) == -1 && errno == EINVAL);
  char *b0 = sbrk(0);
  CHECK(b0 != (char *)-1);
  char *b1 = sbrk(100000);
  CHECK(b1 == b0);
  memset(b1, 0x33, 100000);
  CHECK(sbrk(0) == b0 + 100000);
  CHECK(sbrk(-50000) == b0 + 100000);
  CHECK(sbrk(0) == b0 + 50000 && b1[49999] == 0x33);
  printf("ok\n");
  return 0;
}
