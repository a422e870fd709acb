/* Resource limits belong to the process, not the thread (signal_struct->rlim):
 * setrlimit in one thread is seen by another, prlimit64 on a thread id changes
 * the whole process, and fork gives the child a copy that it may change alone. */
#define _GNU_SOURCE
#include "check.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t worker_tid;
static volatile int step;

static unsigned long cur(int res) {
  struct rlimit rl;
  CHECK(getrlimit(res, &rl) == 0);
  return (unsigned long)rl.rlim_cur;
}

static void set_cur(int res, unsigned long v) {
  struct rlimit rl;
  CHECK(getrlimit(res, &rl) == 0);
  rl.rlim_cur = v;
  CHECK(setrlimit(res, &rl) == 0);
}

static void *worker(void *arg) {
  (void)arg;
  worker_tid = (pid_t)syscall(SYS_gettid);
  set_cur(RLIMIT_NOFILE, 200);
  __atomic_store_n(&step, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&step, __ATOMIC_SEQ_CST) != 2) sched_yield();
  printf("worker sees RLIMIT_CORE set by main: %lu\n", cur(RLIMIT_CORE));
  return 0;
}

int main(void) {
  set_cur(RLIMIT_CORE, 0);
  pthread_t t;
  CHECK(pthread_create(&t, 0, worker, 0) == 0);
  while (__atomic_load_n(&step, __ATOMIC_SEQ_CST) != 1) sched_yield();
  printf("main sees RLIMIT_NOFILE set by the worker: %lu\n", cur(RLIMIT_NOFILE));
  set_cur(RLIMIT_CORE, 4096);
  __atomic_store_n(&step, 2, __ATOMIC_SEQ_CST);
  CHECK(pthread_join(t, 0) == 0);

  /* prlimit on the worker's id while both threads live. */
  step = 0;
  CHECK(pthread_create(&t, 0, worker, 0) == 0);
  while (__atomic_load_n(&step, __ATOMIC_SEQ_CST) != 1) sched_yield();
  struct rlimit nl = {300, 4096}, ol;
  CHECK(prlimit(worker_tid, RLIMIT_NOFILE, &nl, &ol) == 0);
  printf("prlimit on the worker tid: old %lu, main now sees %lu\n", (unsigned long)ol.rlim_cur, cur(RLIMIT_NOFILE));
  CHECK(prlimit(worker_tid, RLIMIT_CORE, 0, &ol) == 0);
  printf("prlimit reads the process's RLIMIT_CORE through the tid: %lu\n", (unsigned long)ol.rlim_cur);
  __atomic_store_n(&step, 2, __ATOMIC_SEQ_CST);
  CHECK(pthread_join(t, 0) == 0);

  fflush(stdout);
  pid_t p = fork();
  CHECK(p >= 0);
  if (p == 0) {
    printf("child inherits RLIMIT_NOFILE %lu, RLIMIT_CORE %lu\n", cur(RLIMIT_NOFILE), cur(RLIMIT_CORE));
    set_cur(RLIMIT_NOFILE, 50);
    set_cur(RLIMIT_CORE, 0);
    fflush(stdout);
    _exit(0);
  }
  int st;
  CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st));
  printf("parent keeps RLIMIT_NOFILE %lu, RLIMIT_CORE %lu\n", cur(RLIMIT_NOFILE), cur(RLIMIT_CORE));
  return 0;
}
