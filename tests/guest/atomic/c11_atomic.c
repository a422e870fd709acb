/* C11 <stdatomic.h> on 8/16/32/64-bit objects: fetch_add/sub/and/or/xor, exchange,
 * compare_exchange strong and weak (success and failure), flags, every memory order.
 * Built for armv8-a (LDXR/STXR loops), armv8.1-a (LSE CAS/LDADD/SWP) and the default
 * (outline atomics chosen at run time from AT_HWCAP). */
#include "check.h"
#include <stdatomic.h>
#include <inttypes.h>

#define WORKOUT(T, NAME)                                                                    \
  static uint64_t NAME(uint64_t h) {                                                        \
    static _Atomic T v;                                                                     \
    atomic_init(&v, (T)0x5a);                                                               \
    uint64_t s = sizeof(T);                                                                 \
    for (int i = 0; i < 300; i++) {                                                         \
      T x = (T)rnd_next(&s);                                                                \
      T old;                                                                                \
      switch (i % 8) {                                                                      \
        case 0: old = atomic_fetch_add_explicit(&v, x, memory_order_relaxed); break;        \
        case 1: old = atomic_fetch_sub_explicit(&v, x, memory_order_acquire); break;        \
        case 2: old = atomic_fetch_and_explicit(&v, (T)(x | 0x11), memory_order_release); break; \
        case 3: old = atomic_fetch_or_explicit(&v, x, memory_order_acq_rel); break;         \
        case 4: old = atomic_fetch_xor(&v, x); break;                                       \
        case 5: old = atomic_exchange(&v, x); break;                                        \
        case 6: {                                                                           \
          T expected = atomic_load(&v);                                                     \
          CHECK(atomic_compare_exchange_strong(&v, &expected, x));                          \
          old = expected;                                                                   \
          T wrong = (T)(x + 1);                                                             \
          CHECK(!atomic_compare_exchange_strong(&v, &wrong, (T)0));                         \
          CHECK(wrong == x);                                                                \
          break;                                                                            \
        }                                                                                   \
        default: {                                                                          \
          T expected = atomic_load_explicit(&v, memory_order_seq_cst);                      \
          while (!atomic_compare_exchange_weak(&v, &expected, (T)(expected * 3 + 1))) {     \
          }                                                                                 \
          old = expected;                                                                   \
        }                                                                                   \
      }                                                                                     \
      h = fnv64(h, (uint64_t)old);                                                          \
      h = fnv64(h, (uint64_t)atomic_load(&v));                                              \
    }                                                                                       \
    atomic_store_explicit(&v, (T)7, memory_order_release);                                  \
    CHECK(atomic_load_explicit(&v, memory_order_acquire) == (T)7);                          \
    return h;                                                                               \
  }

WORKOUT(uint8_t, w8)
WORKOUT(uint16_t, w16)
WORKOUT(uint32_t, w32)
WORKOUT(uint64_t, w64)
WORKOUT(int32_t, ws32)

int main(void) {
  uint64_t h = FNV_INIT;
  h = w8(h);
  printf("u8  %016" PRIx64 "\n", h);
  h = w16(h);
  printf("u16 %016" PRIx64 "\n", h);
  h = w32(h);
  printf("u32 %016" PRIx64 "\n", h);
  h = w64(h);
  printf("u64 %016" PRIx64 "\n", h);
  h = ws32(h);
  printf("s32 %016" PRIx64 "\n", h);
  atomic_flag f = ATOMIC_FLAG_INIT;
  CHECK(!atomic_flag_test_and_set(&f));
  CHECK(atomic_flag_test_and_set(&f));
  atomic_flag_clear(&f);
  CHECK(!atomic_flag_test_and_set(&f));
  _Atomic int counter = 0;
  for (int i = 0; i < 10000; i++) atomic_fetch_add(&counter, 1);
  printf("counter %d lock_free %d %d %d %d\n", atomic_load(&counter), atomic_is_lock_free(&counter),
         (int)ATOMIC_CHAR_LOCK_FREE, (int)ATOMIC_LLONG_LOCK_FREE, (int)ATOMIC_POINTER_LOCK_FREE);
  atomic_thread_fence(memory_order_seq_cst);
  return 0;
}
