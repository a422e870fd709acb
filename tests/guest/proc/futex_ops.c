/* futex(2) between threads: WAIT/WAKE, the BITSET forms, CMP_REQUEUE,
 * WAKE_OP, a timed wait, and a shared futex in a MAP_SHARED page across fork. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

static int word, word2;
static atomic_int waiting, woke;

static long futex(int *uaddr, int op, int val, const void *timeout, int *uaddr2, int val3) {
  return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static void *waiter(void *arg) {
  unsigned bits = (unsigned)(long)arg;
  atomic_fetch_add(&waiting, 1);
  while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0) futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, 0, bits);
  atomic_fetch_add(&woke, 1);
  return 0;
}

static void wait_for_waiters(int n) {
  while (atomic_load(&waiting) < n) sched_yield();
  usleep(20000);
}

int main(void) {
  struct timespec to = {0, 10000000};
  errno = 0;
  CHECK(futex(&word, FUTEX_WAIT_PRIVATE, 1, 0, 0, 0) == -1 && errno == EAGAIN);
  errno = 0;
  CHECK(futex(&word, FUTEX_WAIT_PRIVATE, 0, &to, 0, 0) == -1 && errno == ETIMEDOUT);
  /* Bitsets: a wake with bit 1 only reaches the waiter waiting on bit 1. */
  pthread_t a, b;
  CHECK(pthread_create(&a, 0, waiter, (void *)1L) == 0);
  CHECK(pthread_create(&b, 0, waiter, (void *)2L) == 0);
  wait_for_waiters(2);
  long n1 = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, 0, 0, 4);
  __atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
  long n2 = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, 0, 0, 1);
  long n3 = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, 0, 0, 2);
  CHECK(pthread_join(a, 0) == 0 && pthread_join(b, 0) == 0);
  printf("bitset wakes: %ld %ld %ld woke=%d\n", n1, n2, n3, atomic_load(&woke));
  /* CMP_REQUEUE: wake one, move the others to word2, then wake them there. */
  word = 0;
  atomic_store(&waiting, 0);
  atomic_store(&woke, 0);
  pthread_t t[3];
  for (int i = 0; i < 3; i++) CHECK(pthread_create(&t[i], 0, waiter, (void *)-1L) == 0);
  wait_for_waiters(3);
  errno = 0;
  CHECK(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)10L, &word2, 5) == -1 && errno == EAGAIN);
  __atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
  long r = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)10L, &word2, 1);
  long left = futex(&word, FUTEX_WAKE_PRIVATE, 10, 0, 0, 0);
  long moved = futex(&word2, FUTEX_WAKE_PRIVATE, 10, 0, 0, 0);
  for (int i = 0; i < 3; i++) CHECK(pthread_join(t[i], 0) == 0);
  printf("cmp_requeue: %ld, left %ld, woken at word2 %ld\n", r, left, moved);
  /* WAKE_OP: word2 += 5; wake word; wake word2 too when the old value was 0. */
  word2 = 0;
  long w = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0));
  int after1 = word2;
  w += futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, FUTEX_OP(FUTEX_OP_OR, 2, FUTEX_OP_CMP_GT, 100));
  printf("wake_op: %ld word2 %d then %d\n", w, after1, word2);
  /* A shared futex in MAP_SHARED memory wakes a waiter in another process. */
  int *shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(shared != MAP_FAILED);
  pid_t p = fork();
  if (p == 0) {
    while (__atomic_load_n(&shared[0], __ATOMIC_SEQ_CST) == 0) futex(&shared[0], FUTEX_WAIT, 0, 0, 0, 0);
    _exit(shared[0]);
  }
  usleep(20000);
  __atomic_store_n(&shared[0], 42, __ATOMIC_SEQ_CST);
  futex(&shared[0], FUTEX_WAKE, 1, 0, 0, 0);
  int st;
  CHECK(waitpid(p, &st, 0) == p);
  printf("shared futex across fork: %d\n", WEXITSTATUS(st));
  return 0;
}
