/* setjmp/longjmp across frames, with volatile locals preserved, nested jump buffers and
 * sigsetjmp without mask saving. */
#include "check.h"
#include <setjmp.h>

static jmp_buf env, env2;
static int depth_reached;

static void dive(int n) {
  volatile char pad[64];
  pad[0] = (char)n;
  if (n <= 0) longjmp(env, 1234);
  depth_reached = n + pad[0] - n;
  if (n > 0) dive(n - 1);
}

static int inner(void) {
  if (setjmp(env2) == 0) {
    longjmp(env2, 0);
  }
  return 7;
}

int main(void) {
  volatile int counter = 0;
  volatile double d = 1.5;
  int r = setjmp(env);
  counter++;
  d *= 2;
  if (r == 0) {
    dive(200);
    CHECK(0);
  }
  printf("returned %d after %d setjmp returns, d=%g depth=%d\n", r, counter, d, depth_reached);
  CHECK(r == 1234 && counter == 2);
  CHECK(inner() == 7);
  sigjmp_buf sj;
  volatile int laps = 0;
  int v = sigsetjmp(sj, 0);
  if (v < 10) {
    laps++;
    siglongjmp(sj, v + 1);
  }
  printf("sigsetjmp laps %d v %d\n", laps, v);
  CHECK(laps == 10);
  return 0;
}
