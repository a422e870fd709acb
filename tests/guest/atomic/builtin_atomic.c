/* GCC __atomic and __sync builtins: fetch-op and op-fetch forms, exchange,
 * compare-exchange with the expected value written back on failure, test_and_set,
 * a spin lock, and min/max via compare-exchange loops. */
#include "check.h"
#include <inttypes.h>

static uint64_t v64;
static uint32_t v32;
static uint16_t v16;
static uint8_t v8;
static int lock;

static void spin_lock(int *l) { while (__atomic_test_and_set(l, __ATOMIC_ACQUIRE)) {} }
static void spin_unlock(int *l) { __atomic_clear(l, __ATOMIC_RELEASE); }

static void atomic_max(int64_t *p, int64_t v) {
  int64_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (cur < v && !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {}
}

int main(void) {
  uint64_t h = FNV_INIT, s = 3;
  for (int i = 0; i < 400; i++) {
    uint64_t x = rnd_next(&s);
    h = fnv64(h, __atomic_fetch_add(&v64, x, __ATOMIC_SEQ_CST));
    h = fnv64(h, __atomic_add_fetch(&v32, (uint32_t)x, __ATOMIC_RELAXED));
    h = fnv64(h, __atomic_sub_fetch(&v16, (uint16_t)x, __ATOMIC_ACQUIRE));
    h = fnv64(h, __atomic_fetch_nand(&v8, (uint8_t)x, __ATOMIC_RELEASE));
    h = fnv64(h, __atomic_or_fetch(&v64, x >> 40, __ATOMIC_ACQ_REL));
    h = fnv64(h, __atomic_fetch_and(&v32, (uint32_t)(x >> 3) | 0x80000001u, __ATOMIC_SEQ_CST));
    h = fnv64(h, __atomic_xor_fetch(&v16, (uint16_t)(x >> 17), __ATOMIC_SEQ_CST));
    h = fnv64(h, __atomic_exchange_n(&v8, (uint8_t)(x >> 9), __ATOMIC_ACQ_REL));
    h = fnv64(h, __sync_fetch_and_add(&v64, 3));
    h = fnv64(h, __sync_val_compare_and_swap(&v32, v32, (uint32_t)x));
    h = fnv64(h, (uint64_t)__sync_bool_compare_and_swap(&v16, (uint16_t)(v16 + 1), 5));
    h = fnv64(h, __sync_lock_test_and_set(&v8, 9));
    __sync_lock_release(&v8);
    uint64_t exp = v64 ^ 1;
    CHECK(!__atomic_compare_exchange_n(&v64, &exp, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    CHECK(exp == v64);
    CHECK(__atomic_compare_exchange_n(&v64, &exp, x, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  }
  for (int i = 0; i < 1000; i++) {
    spin_lock(&lock);
    v32++;
    spin_unlock(&lock);
  }
  int64_t mx = -100;
  for (int i = 0; i < 100; i++) atomic_max(&mx, (int64_t)((i * 37) % 101) - 50);
  __sync_synchronize();
  printf("v64 %016" PRIx64 " v32 %08x v16 %04x v8 %02x max %" PRId64 "\n", v64, v32, v16, v8, mx);
  printf("checksum %016" PRIx64 "\n", h);
  return 0;
}
