/* Clocks: CLOCK_MONOTONIC never goes backwards, nanosleep(10ms) elapses at least 10ms,
 * realtime is after 2020, gettimeofday agrees with CLOCK_REALTIME. Booleans only. */
#include "check.h"
#include <sys/time.h>
#include <time.h>

static double ts(struct timespec t) { return (double)t.tv_sec + (double)t.tv_nsec * 1e-9; }

int main(void) {
  struct timespec a, b;
  int monotonic_ok = 1;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
  for (int i = 0; i < 1000; i++) {
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    if (ts(b) < ts(a)) monotonic_ok = 0;
    a = b;
  }
  printf("monotonic non-decreasing %d\n", monotonic_ok);
  printf("nsec in range %d\n", b.tv_nsec >= 0 && b.tv_nsec < 1000000000L);
  struct timespec start, end, req = {0, 10 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &start);
  CHECK(nanosleep(&req, NULL) == 0);
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("nanosleep 10ms elapsed >= 10ms %d\n", ts(end) - ts(start) >= 0.010);
  clock_gettime(CLOCK_MONOTONIC, &start);
  struct timespec req2 = {0, 5 * 1000 * 1000};
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req2, NULL) == 0);
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("clock_nanosleep 5ms elapsed >= 5ms %d\n", ts(end) - ts(start) >= 0.005);
  struct timespec rt;
  CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0);
  printf("realtime after 2020 %d\n", rt.tv_sec > 1577836800L);
  struct timeval tv;
  CHECK(gettimeofday(&tv, NULL) == 0);
  printf("gettimeofday close to realtime %d\n", tv.tv_sec - rt.tv_sec >= -1 && tv.tv_sec - rt.tv_sec < 5);
  /* time() may read a coarse clock that lags by a tick, hence -1. */
  time_t now = time(NULL);
  printf("time() close to realtime %d\n", now - rt.tv_sec >= -1 && now - rt.tv_sec < 5);
  struct timespec res;
  CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0);
  printf("resolution <= 1ms %d\n", res.tv_sec == 0 && res.tv_nsec <= 1000000);
  struct tm tm;
  time_t t0 = 0;
  gmtime_r(&t0, &tm);
  char out[64];
  strftime(out, sizeof out, "%Y-%m-%d %H:%M:%S %a", &tm);
  printf("epoch %s\n", out);
  time_t t1 = 1700000000;
  gmtime_r(&t1, &tm);
  strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ day %j", &tm);
  printf("t1 %s\n", out);
  return 0;
}
