/* Credentials belong to each thread in the kernel; glibc's set*id functions
 * change every thread of the process (they signal the others, which make the
 * same syscall), while the raw syscall changes only the caller. */
#include "perm.h"
#include <pthread.h>
#include <sys/syscall.h>

static pthread_barrier_t ready, changed, checked;

static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&ready);
  pthread_barrier_wait(&changed);
  uid_t r, e, s;
  getresuid(&r, &e, &s);
  say("worker after glibc setresuid: %u %u %u\n", r, e, s);
  pthread_barrier_wait(&checked);
  pthread_barrier_wait(&changed);
  getresuid(&r, &e, &s);
  say("worker after raw setresuid in main: %u %u %u\n", r, e, s);
  report("worker raw setresuid(-1,-1,1000)", syscall(SYS_setresuid, -1, -1, 1000));
  getresuid(&r, &e, &s);
  say("worker now: %u %u %u\n", r, e, s);
  pthread_barrier_wait(&checked);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&ready, NULL, 2);
  pthread_barrier_init(&changed, NULL, 2);
  pthread_barrier_init(&checked, NULL, 2);
  pthread_t th;
  pthread_create(&th, NULL, worker, NULL);
  pthread_barrier_wait(&ready);
  report("main setresuid(1000,1000,0)", setresuid(1000, 1000, 0));
  pthread_barrier_wait(&changed);
  pthread_barrier_wait(&checked);
  report("main raw setresuid(-1,0,-1)", syscall(SYS_setresuid, -1, 0, -1));
  pthread_barrier_wait(&changed);
  pthread_barrier_wait(&checked);
  uid_t r, e, s;
  getresuid(&r, &e, &s);
  say("main at the end: %u %u %u\n", r, e, s);
  pthread_join(th, NULL);
  return 0;
}
