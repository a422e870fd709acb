/* pthread_create+pthread_join loop: thread creation, futex join, teardown.
 * Usage: thread_join [COUNT]   (default 2,000) */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *work(void *arg) { return (void *)((long)arg * 2); }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  long sum = 0;
  for (int i = 0; i < n; i++) {
    pthread_t t;
    void *r;
    if (pthread_create(&t, 0, work, (void *)(long)i) != 0) return 1;
    if (pthread_join(t, &r) != 0) return 2;
    sum += (long)r;
  }
  printf("%d threads, sum %ld\n", n, sum);
  return 0;
}
