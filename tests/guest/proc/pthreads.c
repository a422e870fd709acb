/* 8 POSIX threads: a mutex-protected counter, a condition-variable barrier,
 * C11 atomics, thread-local storage, gettid, pthread_join results and
 * thread exit (pthread_exit) without ending the process. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../check.h"

#define N 8
#define ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int arrived;
static int generation;
static atomic_long atomic_counter;
static __thread long tls_value = 100;
static pid_t tids[N];

static void barrier(void) {
  pthread_mutex_lock(&lock);
  int gen = generation;
  if (++arrived == N) {
    arrived = 0;
    generation++;
    pthread_cond_broadcast(&cond);
  } else {
    while (gen == generation) pthread_cond_wait(&cond, &lock);
  }
  pthread_mutex_unlock(&lock);
}

static void *worker(void *arg) {
  long id = (long)arg;
  tids[id] = (pid_t)syscall(SYS_gettid);
  tls_value += id;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    atomic_fetch_add(&atomic_counter, 2);
    if (i % 500 == 0) sched_yield();
  }
  barrier();
  barrier();
  if (id == 3) pthread_exit((void *)(tls_value * 10));
  return (void *)tls_value;
}

int main(void) {
  pthread_t th[N];
  for (long i = 0; i < N; i++) CHECK(pthread_create(&th[i], 0, worker, (void *)i) == 0);
  long sum = 0;
  for (int i = 0; i < N; i++) {
    void *r;
    CHECK(pthread_join(th[i], &r) == 0);
    sum += (long)r;
  }
  int distinct = 1;
  for (int i = 0; i < N; i++) {
    if (tids[i] == getpid() || tids[i] <= 0) distinct = 0;
    for (int j = 0; j < i; j++) if (tids[i] == tids[j]) distinct = 0;
  }
  printf("counter=%ld atomic=%ld tls_main=%ld joined_sum=%ld distinct_tids=%d\n", counter, (long)atomic_counter, tls_value,
         sum, distinct);
  /* Churn: create and join many short threads. */
  for (int i = 0; i < 100; i++) {
    pthread_t t;
    CHECK(pthread_create(&t, 0, worker == 0 ? 0 : (void *(*)(void *))(void *)sched_yield, 0) == 0);
    CHECK(pthread_join(t, 0) == 0);
  }
  printf("churn done\n");
  return 0;
}
