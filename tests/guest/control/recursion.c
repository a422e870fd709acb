/* Deep and mutual recursion, function pointers, and recursion with large frames
 * (well below the default 8 MiB stack). */
#include "check.h"
#include <string.h>

static int ack(int m, int n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static unsigned long depth_sum(unsigned n) { return n == 0 ? 0 : n + depth_sum(n - 1); }

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static uint64_t big_frames(int n) {
  volatile unsigned char buf[2048];
  memset((void *)buf, n, sizeof buf);
  if (n == 0) return buf[100];
  return buf[n] + big_frames(n - 1);
}

typedef long (*op_fn)(long, long);
static long add(long a, long b) { return a + b; }
static long mul(long a, long b) { return a * b; }
static long sub(long a, long b) { return a - b; }

static long fold(const op_fn *ops, int n, long acc) { return n == 0 ? acc : fold(ops + 1, n - 1, ops[0](acc, n)); }

int main(void) {
  printf("ack(2,3)=%d ack(3,5)=%d\n", ack(2, 3), ack(3, 5));
  volatile unsigned deep = 100000;
  printf("depth_sum(%u)=%lu\n", deep, depth_sum(deep));
  printf("even(20001)=%d odd(20001)=%d\n", is_even(20001), is_odd(20001));
  printf("big_frames %llu\n", (unsigned long long)big_frames(1000));
  op_fn ops[30];
  for (int i = 0; i < 30; i++) ops[i] = (i % 3 == 0) ? add : (i % 3 == 1) ? mul : sub;
  printf("fold %ld\n", fold(ops, 30, 1));
  CHECK(ack(2, 3) == 9);
  return 0;
}
