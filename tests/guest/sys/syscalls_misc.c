/* Assorted single-process syscalls: getrandom, sysinfo, getrlimit/prlimit, getrusage,
 * times, umask, prctl name, sched_getaffinity, sched_yield, dup2, EFAULT on bad
 * pointers, /proc/self/exe, sysconf. Only stable facts are printed. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <unistd.h>

int main(int argc, char **argv) {
  (void)argc;
  unsigned char r1[32], r2[32];
  CHECK(getrandom(r1, sizeof r1, 0) == 32 && getrandom(r2, sizeof r2, 0) == 32);
  printf("getrandom differs %d\n", memcmp(r1, r2, 32) != 0);
  struct sysinfo si;
  CHECK(sysinfo(&si) == 0);
  printf("sysinfo totalram>0 %d mem_unit>0 %d\n", si.totalram > 0, si.mem_unit > 0);
  struct rlimit rl;
  CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
  printf("stack limit >= 1MiB %d\n", rl.rlim_cur >= (1 << 20));
  CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
  printf("nofile >= 64 %d\n", rl.rlim_cur >= 64);
  struct rusage ru;
  CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
  struct tms tm;
  CHECK(times(&tm) != (clock_t)-1);
  mode_t old = umask(027);
  CHECK(umask(old) == 027);
  CHECK(prctl(PR_SET_NAME, "flint-test", 0, 0, 0) == 0);
  char name[17] = {0};
  CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0);
  printf("prctl name %s\n", name);
  cpu_set_t set;
  CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
  printf("affinity has cpus %d\n", CPU_COUNT(&set) > 0);
  CHECK(sched_yield() == 0);
  int d = dup2(1, 50);
  CHECK(d == 50);
  CHECK(write(50, "dup2 write\n", 11) == 11 && close(50) == 0);
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  CHECK(n > 0);
  exe[n] = 0;
  char real[4096];
  CHECK(realpath(argv[0], real) != NULL);
  printf("proc self exe matches %d\n", strcmp(exe, real) == 0);
  printf("sysconf pagesize %ld clk_tck %ld nprocs>0 %d\n", sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK),
         sysconf(_SC_NPROCESSORS_ONLN) > 0);
  errno = 0;
  CHECK(write(-1, "x", 1) == -1 && errno == EBADF);
  int self = open(argv[0], O_RDONLY);
  CHECK(self >= 0);
  void *volatile bad = (void *)8;
  errno = 0;
  CHECK(read(self, bad, 1) == -1 && errno == EFAULT);
  errno = 0;
  CHECK(fstat(self, (struct stat *)bad) == -1 && errno == EFAULT);
  CHECK(close(self) == 0);
  struct stat st;
  CHECK(fstat(1, &st) == 0);
  return 0;
}
