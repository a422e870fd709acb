/* Copy-on-write after fork: writes by either side stay private (globals, heap,
 * stack, a private mapping), while a MAP_SHARED|MAP_ANONYMOUS region stays
 * shared both ways, including pages first touched after the fork. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../check.h"

static int global = 1;
static char big[3 * 4096] = {1};

int main(void) {
  char *heap = malloc(10000);
  memset(heap, 'h', 10000);
  char *priv = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(priv != MAP_FAILED);
  priv[0] = 'p';
  volatile int *shared = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(shared != MAP_FAILED);
  shared[0] = 10;
  int local = 5;
  int up[2], down[2];
  CHECK(pipe(up) == 0 && pipe(down) == 0);
  pid_t p = fork();
  CHECK(p >= 0);
  if (p == 0) {
    char c;
    /* The child sees the parent's values at fork time. */
    if (global != 1 || heap[9999] != 'h' || priv[0] != 'p' || shared[0] != 10 || local != 5) _exit(20);
    global = 2;
    heap[0] = 'c';
    big[4096] = 'c';
    priv[0] = 'c';
    priv[4096] = 'c';
    local = 6;
    shared[0] = 11;
    shared[1024] = 77; /* a page nobody touched before the fork */
    CHECK(write(up[1], "x", 1) == 1);
    /* Wait for the parent's writes, then check they did not reach us (except the shared page). */
    CHECK(read(down[0], &c, 1) == 1);
    if (global != 2 || heap[0] != 'c' || heap[1] != 'h' || big[4096] != 'c' || priv[0] != 'c' || local != 6) _exit(21);
    if (shared[0] != 12 || shared[2048] != 88) _exit(22);
    printf("child: private copies kept, shared page updated\n");
    fflush(stdout);
    _exit(0);
  }
  char c;
  CHECK(read(up[0], &c, 1) == 1);
  /* The child's writes are invisible here, except through the shared mapping. */
  CHECK(global == 1 && heap[0] == 'h' && big[4096] == 0 && priv[0] == 'p' && priv[4096] == 0 && local == 5);
  CHECK(shared[0] == 11 && shared[1024] == 77);
  global = 3;
  heap[1] = 'P';
  shared[0] = 12;
  shared[2048] = 88;
  CHECK(write(down[1], "y", 1) == 1);
  int st;
  CHECK(waitpid(p, &st, 0) == p);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK(global == 3 && heap[1] == 'P' && heap[0] == 'h');
  printf("parent: global=%d heap=%c%c shared=%d,%d,%d\n", global, heap[0], heap[1], shared[0], shared[1024], shared[2048]);
  /* A grandchild after munmap of part of the shared region still shares the rest. */
  CHECK(munmap((void *)shared, 4096) == 0);
  p = fork();
  if (p == 0) {
    shared[1024] = 99;
    _exit(0);
  }
  CHECK(waitpid(p, &st, 0) == p && st == 0);
  CHECK(shared[1024] == 99);
  printf("shared after munmap: %d\n", shared[1024]);
  return 0;
}
