// Processes end to end (Flint-only): fork, exec, threads and wait through
// createMachine with small static AArch64 programs, checking what qemu cannot
// show -- exact page accounting after fork/exec/thread churn and a fork bomb,
// fault injection along fork, execve, brk, mmap, file mappings, copy-on-write
// and stack growth, the stack against RLIMIT_AS, RLIMIT_SIGPENDING, tmpfs in
// the page accounting, the task table limit, vfork's
// shared memory, /proc/self/exe re-exec, subreapers -- plus the seed kernel's
// fork host tests ported to the task table. Skipped without the cross compiler.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EAGAIN, EINVAL } from '../abi/linux/errno.js';
import { RLIMIT_NOFILE } from '../abi/linux/resource.js';
import * as sc from '../abi/linux/sched.js';
import { SIGCHLD, SIGCONT, SIGKILL, SIGSEGV, SIGSTOP, SIGTERM } from '../abi/linux/signal.js';
import * as w from '../abi/linux/wait.js';
import { stdioFiles } from '../fs/console_file.js';
import { testMachine, type TestMachine } from '../../tests/support/test_machine.js';
import { FdTable } from '../fs/fd_table.js';
import { FsContext } from '../fs/fs_context.js';
import type { Machine, RunResult } from '../mod.js';
import { Errno } from './errno.js';
import type { Kernel } from './kernel.js';
import { cloneTask, sliceFor } from './task/clone.js';
import { postSignal } from './task/signal_post.js';
import { consumeWaitable, findWaitable, waitStatus } from './task/wait.js';
import { rootCredentials, type TaskExit } from './task/task.js';
import { lookupSyscall } from './syscalls/table.js';
import { syscallNumber } from '../abi/linux/syscall_nr.js';
import { bareKernel } from '../../tests/support/bare_kernel.js';

const CC = 'aarch64-linux-gnu-gcc';
let haveCc = true;
try {
  execFileSync(CC, ['--version'], { stdio: 'ignore' });
} catch {
  haveCc = false;
}
const skip = haveCc ? false : `${CC} is not installed`;
const dir = mkdtempSync(join(tmpdir(), 'flint-proc-test-'));
const bin = (name: string): string => join(dir, name);

const PROGRAMS: Record<string, string> = {
  fork_cycles: `#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int n = atoi(argv[1]);
  for (int i = 0; i < n; i++) {
    pid_t p = fork();
    if (p < 0) return 1;
    if (p == 0) _exit(i & 1);
    int st;
    if (waitpid(p, &st, 0) != p || WEXITSTATUS(st) != (i & 1)) return 2;
  }
  return 0;
}`,
  exec_chain: `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 0;
  char *p = malloc(100000);
  for (int i = 0; i < 100000; i += 4096) p[i] = 1;
  if (n == 0) { printf("end of chain\\n"); return 0; }
  char next[16];
  snprintf(next, sizeof next, "%d", n - 1);
  char *args[] = {"exec_chain", next, 0};
  char *env[] = {"CHAIN=1", 0};
  execve("/proc/self/exe", args, env);
  return 99;
}`,
  threads: `#include <pthread.h>
#include <stdlib.h>
static void *work(void *a) { char *p = malloc(20000); p[0] = 1; p[19999] = 2; free(p); return a; }
int main(int argc, char **argv) {
  int n = atoi(argv[1]);
  for (int i = 0; i < n; i++) {
    pthread_t t[4];
    for (long j = 0; j < 4; j++) if (pthread_create(&t[j], 0, work, (void *)j)) return 1;
    for (long j = 0; j < 4; j++) { void *r; if (pthread_join(t[j], &r) || (long)r != j) return 2; }
  }
  return 0;
}`,
  fork_bomb: `#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  pid_t kids[4096];
  int n = 0, err = 0;
  for (;;) {
    pid_t p = fork();
    if (p == 0) { for (;;) pause(); }
    if (p < 0) { err = errno; break; }
    kids[n++] = p;
  }
  for (int i = 0; i < n; i++) kill(kids[i], SIGKILL);
  int reaped = 0, st;
  while (wait(&st) > 0) if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) reaped++;
  pid_t p = fork();
  if (p == 0) _exit(7);
  waitpid(p, &st, 0);
  printf("forked %d, then %s; reaped %d; recovered %d\\n", n, err == EAGAIN ? "EAGAIN" : "other", reaped, WEXITSTATUS(st));
  return 0;
}`,
  cow_touch: `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static char data[8 * 4096] = {1};
int main(void) {
  pid_t p = fork();
  if (p == 0) { for (int i = 0; i < 8; i++) data[i * 4096] = 2; _exit(data[0]); }
  for (int i = 0; i < 8; i += 2) data[i * 4096] = 3;
  int st;
  if (waitpid(p, &st, 0) != p) return 9;
  printf("%d %d\\n", WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st), data[0]);
  return 0;
}`,
  vfork_shared: `#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv) {
  if (argc > 1) return 6;
  volatile int shared = 1;
  pid_t p = vfork();
  if (p == 0) { shared = 2; _exit(3); }
  int st;
  waitpid(p, &st, 0);
  char *args[] = {"vfork_shared", "child", 0};
  pid_t q;
  int r1 = posix_spawn(&q, "/proc/self/exe", 0, 0, args, environ);
  int st2 = 0;
  waitpid(q, &st2, 0);
  int r2 = posix_spawn(&q, "/nonexistent/x", 0, 0, args, environ);
  printf("shared=%d status=%d spawn=%d/%d missing=%s\\n", shared, WEXITSTATUS(st), r1, WEXITSTATUS(st2), strerror(r2));
  return 0;
}`,
  subreaper: `#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  if (fork() == 0) {
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_t me = getpid();
    int fds[2];
    pipe(fds);
    pid_t mid = fork();
    if (mid == 0) {
      if (fork() == 0) { usleep(20000); pid_t pp = getppid(); write(fds[1], &pp, sizeof pp); _exit(4); }
      _exit(1);
    }
    waitpid(mid, 0, 0);
    pid_t pp;
    read(fds[0], &pp, sizeof pp);
    int st;
    pid_t g = wait(&st);
    printf("adopted by subreaper %d, reaped %d with %d\\n", pp == me, g > 0, WEXITSTATUS(st));
    fflush(stdout);
    _exit(0);
  }
  int st;
  wait(&st);
  /* An orphan without a subreaper goes to init (pid 1), this process. */
  int fds[2];
  pipe(fds);
  if (fork() == 0) {
    if (fork() == 0) { usleep(20000); pid_t pp = getppid(); write(fds[1], &pp, sizeof pp); _exit(5); }
    _exit(0);
  }
  pid_t pp;
  read(fds[0], &pp, sizeof pp);
  int codes = 0;
  pid_t w;
  while ((w = wait(&st)) > 0) codes += WEXITSTATUS(st);
  printf("init adopted %d (pid %d), exit codes %d\\n", pp == getpid(), getpid(), codes);
  return 0;
}`,
  rlimit_as: `#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#define MB (1L << 20)
static const char *err(int e) { return e == 0 ? "ok" : e == ENOMEM ? "ENOMEM" : strerror(e); }
int main(int argc, char **argv) {
  if (argc > 1) {
    errno = 0;
    void *p = mmap(0, 1024 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("1G writable mmap: %s\\n", p == MAP_FAILED ? err(errno) : "ok");
    void *r = mmap(0, 1024 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("1G PROT_NONE reservation: %s\\n", r == MAP_FAILED ? err(errno) : "ok");
    errno = 0;
    printf("mprotect it writable: %s\\n", mprotect(r, 1024 * MB, PROT_READ | PROT_WRITE) ? err(errno) : "ok");
    errno = 0;
    void *m = malloc(1024 * MB);
    printf("1G malloc: %s %s\\n", m ? "ok" : "NULL", err(errno));
    return 0;
  }
  struct rlimit rl;
  getrlimit(RLIMIT_AS, &rl);
  printf("RLIMIT_AS infinite: %d\\n", rl.rlim_cur == RLIM_INFINITY && rl.rlim_max == RLIM_INFINITY);
  void *small = mmap(0, MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  rl.rlim_cur = 16 * MB;
  printf("setrlimit: %d\\n", setrlimit(RLIMIT_AS, &rl));
  errno = 0;
  void *p = malloc(32 * MB);
  printf("malloc 32M: %s %s\\n", p ? "ok" : "NULL", err(errno));
  errno = 0;
  void *q = mmap(0, 32 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap 32M: %s\\n", q == MAP_FAILED ? err(errno) : "ok");
  errno = 0;
  void *n = mmap(0, 32 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap 32M PROT_NONE: %s\\n", n == MAP_FAILED ? err(errno) : "ok");
  char *b0 = sbrk(0);
  errno = 0;
  int br = brk(b0 + 32 * MB);
  printf("brk +32M: %d %s, break moved %d\\n", br, err(errno), (char *)sbrk(0) != b0);
  errno = 0;
  void *g = mremap(small, MB, 32 * MB, MREMAP_MAYMOVE);
  printf("mremap 1M->32M: %s\\n", g == MAP_FAILED ? err(errno) : "ok");
  rl.rlim_cur = RLIM_INFINITY;
  printf("raise: %d\\n", setrlimit(RLIMIT_AS, &rl));
  p = malloc(32 * MB);
  if (p) { memset(p, 1, 4096); ((char *)p)[32 * MB - 1] = 2; }
  printf("malloc 32M: %s\\n", p ? "ok" : "NULL");
  q = mmap(0, 32 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap 32M: %s\\n", q == MAP_FAILED ? err(errno) : "ok");
  g = mremap(small, MB, 8 * MB, MREMAP_MAYMOVE);
  printf("mremap 1M->8M: %s\\n", g == MAP_FAILED ? err(errno) : "ok");
  struct rlimit dl = {8 * MB, RLIM_INFINITY};
  printf("RLIMIT_DATA: %d\\n", setrlimit(RLIMIT_DATA, &dl));
  errno = 0;
  void *d = mmap(0, 16 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("data mmap 16M: %s\\n", d == MAP_FAILED ? err(errno) : "ok");
  void *ro = mmap(0, 16 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("read-only mmap 16M: %s\\n", ro == MAP_FAILED ? err(errno) : "ok");
  void *sh = mmap(0, 16 * MB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  printf("shared mmap 16M: %s\\n", sh == MAP_FAILED ? err(errno) : "ok");
  errno = 0;
  br = brk((char *)sbrk(0) + 16 * MB);
  printf("brk +16M: %d %s\\n", br, err(errno));
  return 0;
}`,
  robust_mutex: `#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
static pthread_mutex_t m;
static volatile int holding;
static const char *name(int r) { return r == 0 ? "0" : r == EOWNERDEAD ? "EOWNERDEAD" : r == ENOTRECOVERABLE ? "ENOTRECOVERABLE" : strerror(r); }
static void *holder(void *a) {
  (void)a;
  pthread_mutex_lock(&m);
  holding = 1;
  usleep(50000);
  return 0;
}
static void robust_init(pthread_mutex_t *mx, int pshared) {
  pthread_mutexattr_t at;
  pthread_mutexattr_init(&at);
  pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
  if (pshared) pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(mx, &at);
}
int main(void) {
  robust_init(&m, 0);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  pthread_join(t, 0);
  printf("after the owner exited: %s\\n", name(pthread_mutex_lock(&m)));
  printf("consistent: %s\\n", name(pthread_mutex_consistent(&m)));
  printf("unlock: %s\\n", name(pthread_mutex_unlock(&m)));
  printf("lock again: %s\\n", name(pthread_mutex_lock(&m)));
  pthread_mutex_unlock(&m);
  /* A waiter blocked in lock is woken when the owner dies. */
  holding = 0;
  pthread_create(&t, 0, holder, 0);
  while (!holding) sched_yield();
  printf("blocked waiter: %s\\n", name(pthread_mutex_lock(&m)));
  pthread_join(t, 0);
  /* Unlocking without pthread_mutex_consistent makes it unrecoverable. */
  pthread_mutex_unlock(&m);
  printf("not made consistent: %s\\n", name(pthread_mutex_lock(&m)));
  /* A process-shared robust mutex whose owner process exits. */
  pthread_mutex_t *sm = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  robust_init(sm, 1);
  pid_t p = fork();
  if (p == 0) { pthread_mutex_lock(sm); _exit(0); }
  waitpid(p, 0, 0);
  printf("shared, owner process exited: %s\\n", name(pthread_mutex_lock(sm)));
  printf("consistent: %s\\n", name(pthread_mutex_consistent(sm)));
  printf("unlock: %s\\n", name(pthread_mutex_unlock(sm)));
  return 0;
}`,
  stack_as: `#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#define PG 4096UL
static char altstack[65536];
static volatile int depth;
static void on_segv(int sig) {
  char b[64];
  int n = snprintf(b, sizeof b, "SIGSEGV %d at depth %d\\n", sig, depth);
  write(1, b, n);
  _exit(0);
}
static int recurse(int n) { volatile char buf[4000]; buf[0] = (char)n; depth = n; return recurse(n + 1) + buf[0]; }
static int fits(unsigned long pages) {
  struct rlimit rl = {pages * PG, RLIM_INFINITY};
  if (setrlimit(RLIMIT_AS, &rl) != 0) return 0;
  void *p = mmap(0, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 0;
  munmap(p, PG);
  return 1;
}
int main(int argc, char **argv) {
  if (argc > 1) {
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, 0);
  }
  /* The smallest RLIMIT_AS (in pages) under which one more page still fits: the usage + 1. */
  unsigned long lo = 1, hi = 1UL << 28;
  while (lo < hi) {
    unsigned long mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  struct rlimit rl = {(lo - 1 + 64) * PG, RLIM_INFINITY};
  setrlimit(RLIMIT_AS, &rl);
  return recurse(0);
}
`,
  tmpfs_mem: `#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
static char buf[4096];
static char data[1 << 20];
static long memfree(void) {
  int fd = open("/proc/meminfo", O_RDONLY);
  long n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n > 0 ? n : 0] = 0;
  char *p = strstr(buf, "MemFree:");
  return p ? atol(p + 8) : -1;
}
int main(int argc, char **argv) {
  char path[512];
  memset(data, 1, sizeof data);
  memfree();
  if (mount("tmpfs", argv[1], "tmpfs", 0, "size=1536k") != 0) return 1;
  snprintf(path, sizeof path, "%s/f", argv[1]);
  long a = memfree();
  int fd = open(path, O_CREAT | O_RDWR, 0644);
  long w1 = write(fd, data, sizeof data);
  long b = memfree();
  long w2 = write(fd, data, sizeof data);
  errno = 0;
  long w3 = write(fd, data, 1);
  int e3 = errno;
  long c = memfree();
  close(fd);
  unlink(path);
  long d = memfree();
  umount(argv[1]);
  char out[256];
  int n = snprintf(out, sizeof out, "wrote %ld KiB: MemFree -%ld KiB; then %ld KiB, then %ld %s: -%ld KiB; unlinked: -%ld KiB\\n",
                   w1 / 1024, a - b, w2 / 1024, w3, e3 == ENOSPC ? "ENOSPC" : "?", a - c, a - d);
  write(1, out, n);
  return 0;
}
`,
  sigpending_limit: `/* RLIMIT_SIGPENDING bounds the siginfos queued for a user: past it sigqueue(3) of a
 * real-time signal fails with EAGAIN, while kill(2) and kernel-generated standard
 * signals (SIGCHLD) are still made pending and delivered. Raising the limit again
 * lets sigqueue succeed. */
#define _GNU_SOURCE
#include <stdio.h>
#define CHECK(c) do { if (!(c)) { printf("FAIL %d\\n", __LINE__); return 1; } } while (0)
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int rt_seen, usr1_seen, chld_seen;
static void handler(int sig) {
  if (sig == SIGRTMIN) rt_seen++;
  else if (sig == SIGUSR1) usr1_seen++;
  else if (sig == SIGCHLD) chld_seen++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  CHECK(sigaction(SIGRTMIN, &sa, 0) == 0);
  CHECK(sigaction(SIGUSR1, &sa, 0) == 0);
  CHECK(sigaction(SIGCHLD, &sa, 0) == 0);
  sigset_t block, pend;
  sigemptyset(&block);
  sigaddset(&block, SIGRTMIN);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGCHLD);
  CHECK(sigprocmask(SIG_BLOCK, &block, 0) == 0);

  struct rlimit rl = {3, 3};
  CHECK(setrlimit(RLIMIT_SIGPENDING, &rl) == 0);
  int ok = 0, eagain = 0;
  for (int i = 0; i < 8; i++) {
    union sigval v = {.sival_int = i};
    if (sigqueue(getpid(), SIGRTMIN, v) == 0) ok++;
    else if (errno == EAGAIN) eagain++;
  }
  printf("sigqueue with RLIMIT_SIGPENDING 3: %d queued, %d EAGAIN\\n", ok, eagain);
  CHECK(kill(getpid(), SIGUSR1) == 0);
  pid_t p = fork();
  CHECK(p >= 0);
  if (p == 0) _exit(0);
  CHECK(waitpid(p, 0, 0) == p);
  CHECK(sigpending(&pend) == 0);
  printf("still pending: SIGRTMIN %d, SIGUSR1 from kill %d, SIGCHLD from the kernel %d\\n", sigismember(&pend, SIGRTMIN),
         sigismember(&pend, SIGUSR1), sigismember(&pend, SIGCHLD));
  CHECK(sigprocmask(SIG_UNBLOCK, &block, 0) == 0);
  printf("delivered: SIGRTMIN x%d, SIGUSR1 x%d, SIGCHLD x%d\\n", rt_seen, usr1_seen, chld_seen);

  CHECK(sigprocmask(SIG_BLOCK, &block, 0) == 0);
  rl.rlim_cur = rl.rlim_max = 0;
  CHECK(setrlimit(RLIMIT_SIGPENDING, &rl) == 0);
  union sigval v = {.sival_int = 9};
  errno = 0;
  int r = sigqueue(getpid(), SIGRTMIN, v);
  printf("RLIMIT_SIGPENDING 0: sigqueue %d EAGAIN %d\\n", r, errno == EAGAIN);
  CHECK(sigprocmask(SIG_UNBLOCK, &block, 0) == 0);
  printf("delivered: SIGRTMIN x%d\\n", rt_seen);
  return 0;
}
`,
  fi_paths: `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#define PG 4096
static char data[32 * PG] = {1};
static int depth(int n) { volatile char buf[PG]; buf[0] = (char)n; return n == 0 ? buf[0] : depth(n - 1) + buf[0]; }
static int touch(char *p, int pages) { for (int i = 0; i < pages; i++) p[i * PG] = (char)i; return 0; }
static void *worker(void *a) { (void)a; return depth(8) == 0 ? (void *)7 : (void *)7; }
static int run(const char *mode) {
  if (!strcmp(mode, "exec")) {
    execl("/proc/self/exe", "fi_paths", "image", (char *)0);
    return errno == ENOMEM ? 12 : 99;
  }
  if (!strcmp(mode, "brk")) {
    char *b = sbrk(0);
    if (brk(b + 64 * PG)) return errno == ENOMEM ? 12 : 99;
    touch(b, 64);
    return brk(b) == 0 ? 0 : 98;
  }
  if (!strcmp(mode, "mmap") || !strcmp(mode, "populate")) {
    int pop = mode[0] == 'p' ? MAP_POPULATE : 0;
    char *m = mmap(0, 64 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | pop, -1, 0);
    if (m == MAP_FAILED) return errno == ENOMEM ? 12 : 99;
    touch(m, 64);
    return munmap(m, 64 * PG) == 0 ? 0 : 98;
  }
  if (!strcmp(mode, "file")) {
    int fd = open("/proc/self/exe", O_RDONLY);
    if (fd < 0) return 97;
    char *m = mmap(0, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return errno == ENOMEM ? 12 : 99;
    int sum = 0;
    for (int i = 0; i < 16; i++) sum += m[i * PG];
    int elf = m[0] == 0x7f && m[1] == 'E';
    touch(m, 8);
    munmap(m, 16 * PG);
    return elf && sum != -1 ? 0 : 96;
  }
  if (!strcmp(mode, "thread")) {
    pthread_t th;
    void *ret;
    int e = pthread_create(&th, 0, worker, 0);
    if (e) return e == ENOMEM || e == EAGAIN ? 12 : 99;
    return pthread_join(th, &ret) == 0 && ret == (void *)7 ? 0 : 98;
  }
  if (!strcmp(mode, "cow")) return touch(data, 32);
  if (!strcmp(mode, "stack")) return depth(64) == 0 ? 0 : 0;
  return 95;
}
int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "image")) { touch(data, 4); return 5; }
  touch(data, 32);
  pid_t p = fork();
  if (p == 0) {
    sched_yield(); /* the test arms the fault injection here */
    _exit(run(argv[1]));
  }
  int st;
  if (waitpid(p, &st, 0) != p) return 1;
  printf("%s %d\\n", WIFEXITED(st) ? "exited" : "killed", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
  return 0;
}
`,
};

before(() => {
  if (!haveCc) return;
  for (const [name, src] of Object.entries(PROGRAMS)) {
    writeFileSync(bin(name) + '.c', src);
    execFileSync(CC, ['-static', '-O1', '-pthread', '-o', bin(name), bin(name) + '.c']);
  }
});

type Setup = TestMachine;

function machine(maxTasks = 64, verboseFork = false, strace = false): Setup {
  return testMachine({ maxTasks, verboseFork, strace });
}

async function runIn(s: Setup, name: string, args: string[] = []): Promise<RunResult> {
  s.m.spawn({ path: bin(name), argv: [name, ...args], envp: [], cwd: dir, stdio: stdioFiles(s.console) });
  return s.m.run();
}

function emptyTable(m: Machine): boolean {
  return m.kernel.tasks.every((t) => t === null);
}

// ---- the seed's fork host tests, on the task table --------------------------------


function parentTask(k: Kernel) {
  const t = k.createTask(k.newAddressSpace(), new FdTable(), new FsContext(k.vfs, k.vfs.root, k.vfs.root), rootCredentials(), null);
  t.nice = 10;
  k.switchTo(t);
  return t;
}

const FORK = { flags: SIGCHLD, stack: 0, parentTid: 0, tls: 0n, childTid: 0 };

test('fork creates a child in the first free slot with its parent\'s priority and half a slice', () => {
  const k = bareKernel();
  const p = parentTask(k);
  const c = cloneTask(k, p, FORK);
  assert.ok(c.pid > p.pid);
  assert.equal(k.tasks[1], c);
  assert.equal(c.priority, p.priority);
  assert.equal(c.sliceLeft, Math.floor(sliceFor(k.slice, p.priority) / 2));
  assert.equal(c.ppid, p.pid);
  assert.deepEqual(p.proc.children, [c.proc]);
});

test('fork needs no free frame: the address space is shared copy-on-write, not copied', () => {
  const k = bareKernel();
  const p = parentTask(k);
  const a = p.mm.mmap(0, 4 * 4096, 3, 0x22, null, 0);
  p.mm.write(a, new Uint8Array(4 * 4096).fill(5));
  const free = k.freePages();
  k.frames.failNth(1);
  const c = cloneTask(k, p, FORK);
  assert.equal(k.frames.allocationsSinceArmed(), 0);
  k.frames.failNth(0);
  assert.equal(k.freePages(), free);
  // The first write in the child copies one page; it fails cleanly without a frame.
  k.frames.failNth(1);
  assert.throws(() => c.mm.writeU32(a, 1), (e) => e instanceof Errno);
  assert.equal(k.freePages(), free);
  assert.equal(c.mm.readU32(a), 0x05050505);
  c.mm.writeU32(a, 1);
  assert.equal(k.freePages(), free - 1);
  assert.equal(p.mm.readU32(a), 0x05050505);
});

test('a clone with unsupported flags fails with EINVAL and consumes no slot, pid or page', () => {
  const k = bareKernel();
  const p = parentTask(k);
  const free = k.freePages();
  for (const flags of [sc.CLONE_NEWPID | SIGCHLD, sc.CLONE_THREAD | sc.CLONE_VM, sc.CLONE_SIGHAND, sc.CLONE_PTRACE]) {
    assert.throws(() => cloneTask(k, p, { ...FORK, flags }), (e) => e instanceof Errno && e.code === EINVAL);
  }
  assert.deepEqual(k.tasks.slice(1), [null, null, null]);
  assert.equal(k.freePages(), free);
  assert.equal(cloneTask(k, p, FORK).pid, p.pid + 1);
});

test('a full task table makes fork fail with EAGAIN, leaking nothing', () => {
  const k = bareKernel(3);
  const p = parentTask(k);
  cloneTask(k, p, FORK);
  cloneTask(k, p, FORK);
  const free = k.freePages();
  const files = p.files.openFds().length;
  assert.throws(() => cloneTask(k, p, FORK), (e) => e instanceof Errno && e.code === EAGAIN);
  assert.equal(k.freePages(), free);
  assert.equal(p.files.openFds().length, files);
  assert.equal(p.proc.children.length, 2);
  assert.equal(p.mm.users, 1);
});

test('the first free slot is reused once a child is reaped, while pids keep growing', () => {
  const k = bareKernel(3);
  const p = parentTask(k);
  const a = cloneTask(k, p, FORK);
  cloneTask(k, p, FORK);
  k.exitTask(a, 0);
  assert.equal(k.tasks[1], a, 'a zombie keeps its slot until it is reaped');
  k.releaseSlot(a);
  const c = cloneTask(k, p, FORK);
  assert.equal(c.slot, 1);
  assert.equal(c.pid, 4);
});

const THREAD = {
  ...FORK,
  flags: sc.CLONE_VM | sc.CLONE_FS | sc.CLONE_FILES | sc.CLONE_SIGHAND | sc.CLONE_THREAD | sc.CLONE_SYSVSEM,
};

test('threads share the process: exit ends one thread, exit_group all, and the parent reaps one zombie', () => {
  const k = bareKernel(6);
  const init = parentTask(k);
  k.init = init.proc;
  const child = cloneTask(k, init, FORK);
  k.switchTo(child);
  const a = cloneTask(k, child, THREAD);
  const b = cloneTask(k, child, THREAD);
  assert.equal(a.tgid, child.pid);
  assert.equal(a.mm, child.mm);
  assert.equal(child.mm.users, 3);
  assert.equal(a.signals.actions, child.signals.actions);
  k.exitThread(a, 0);
  assert.equal(k.tasks[a.slot < 0 ? 0 : a.slot] === a, false, 'an ended thread leaves the table at once');
  assert.equal(child.proc.exit, null);
  assert.equal(findWaitable(init.proc, { kind: 'all' }, w.WEXITED), 'none');
  k.exitTask(b, 3);
  assert.equal(child.state, 'zombie');
  assert.equal(child.mm.users, 0);
  const f = findWaitable(init.proc, { kind: 'pid', pid: child.pid }, w.WEXITED);
  assert.ok(typeof f === 'object');
  assert.equal(waitStatus(f), 0x300);
  consumeWaitable(k, f);
  assert.deepEqual(k.tasks.slice(1), [null, null, null, null, null]);
  assert.equal(findWaitable(init.proc, { kind: 'all' }, w.WEXITED), 'nochild');
});

test('resource limits belong to the process: threads share one set, fork copies it', () => {
  const k = bareKernel(6);
  const p = parentTask(k);
  const th = cloneTask(k, p, THREAD);
  const child = cloneTask(k, p, FORK);
  th.rlimits[RLIMIT_NOFILE] = { cur: 77n, max: 4096n };
  assert.equal(p.rlimits[RLIMIT_NOFILE].cur, 77n);
  assert.equal(child.rlimits[RLIMIT_NOFILE].cur, 1024n, 'the fork happened before the change');
  const later = cloneTask(k, th, FORK);
  assert.equal(later.rlimits[RLIMIT_NOFILE].cur, 77n);
  later.rlimits[RLIMIT_NOFILE] = { cur: 5n, max: 5n };
  assert.equal(p.rlimits[RLIMIT_NOFILE].cur, 77n);
});

test('a stop and a continue are reported once each; SIGKILL ends a stopped process', () => {
  const k = bareKernel();
  const init = parentTask(k);
  k.init = init.proc;
  const c = cloneTask(k, init, FORK);
  postSignal(k, c, SIGSTOP, true);
  assert.equal(c.state, 'stopped');
  const stop = findWaitable(init.proc, { kind: 'all' }, w.WEXITED | w.WSTOPPED);
  assert.ok(typeof stop === 'object');
  assert.equal(waitStatus(stop), (SIGSTOP << 8) | 0x7f);
  consumeWaitable(k, stop);
  assert.equal(findWaitable(init.proc, { kind: 'all' }, w.WEXITED | w.WSTOPPED), 'none');
  postSignal(k, c, SIGCONT, true);
  assert.equal(c.state, 'runnable');
  const cont = findWaitable(init.proc, { kind: 'all' }, w.WCONTINUED);
  assert.ok(typeof cont === 'object' && waitStatus(cont) === 0xffff);
  postSignal(k, c, SIGSTOP, true);
  postSignal(k, c, SIGKILL, true);
  const dead = findWaitable(init.proc, { kind: 'all' }, w.WEXITED);
  assert.ok(typeof dead === 'object' && waitStatus(dead) === SIGKILL);
});

test('orphans go to the nearest live subreaper, else to init; init ending stops the machine', () => {
  const k = bareKernel(6);
  const init = parentTask(k);
  k.init = init.proc;
  const reaper = cloneTask(k, init, FORK);
  reaper.proc.subreaper = true;
  const mid = cloneTask(k, reaper, FORK);
  const leaf = cloneTask(k, mid, FORK);
  const other = cloneTask(k, init, FORK);
  const stray = cloneTask(k, other, FORK);
  k.exitTask(mid, 0);
  assert.equal(leaf.ppid, reaper.pid);
  k.exitTask(other, 0);
  assert.equal(stray.ppid, init.pid);
  k.exitTask(init, 0);
  for (const t of [reaper, leaf, stray]) assert.equal(t.state, 'zombie');
  assert.ok(k.tasks.every((t) => t === null));
});

test('a fatal signal to a process takes a thread that does not block it and ends the whole group', () => {
  const k = bareKernel(6);
  const init = parentTask(k);
  k.init = init.proc;
  const c = cloneTask(k, init, FORK);
  k.switchTo(c);
  const th = cloneTask(k, c, THREAD);
  c.signals.blocked = 1n << BigInt(SIGTERM - 1);
  postSignal(k, c, SIGTERM, true);
  assert.equal(th.state, 'zombie');
  assert.equal(c.state, 'zombie');
  const f = findWaitable(init.proc, { kind: 'all' }, w.WEXITED);
  assert.ok(typeof f === 'object' && waitStatus(f) === SIGTERM);
});

// ---- accounting ------------------------------------------------------------------------

test('1,000 fork+exit+wait cycles return every page and slot', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'fork_cycles', ['1000']), { kind: 'exited', code: 0 });
  assert.equal(s.m.freePages(), base);
  assert.ok(emptyTable(s.m));
});

test('a chain of execs through /proc/self/exe frees each old image', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'exec_chain', ['20']), { kind: 'exited', code: 0 });
  assert.equal(s.console.out, 'end of chain\n');
  assert.equal(s.m.freePages(), base);
});

test('thread create/join churn returns every page and slot', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'threads', ['50']), { kind: 'exited', code: 0 });
  assert.equal(s.m.freePages(), base);
  assert.ok(emptyTable(s.m));
});

test('a fork bomb stops at the task limit with EAGAIN and the machine recovers', { skip }, async () => {
  const s = machine(16);
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'fork_bomb'), { kind: 'exited', code: 0 });
  assert.equal(s.console.out, 'forked 15, then EAGAIN; reaped 15; recovered 7\n');
  assert.equal(s.m.freePages(), base);
  assert.ok(emptyTable(s.m));
});

test('--verbose-fork logs each new task with its pid, slot and parent', { skip }, async () => {
  const s = machine(64, true);
  await runIn(s, 'fork_cycles', ['2']);
  assert.deepEqual(s.log.filter((l) => l.startsWith('created')), ['created pid 2 (slot 1) by pid 1', 'created pid 3 (slot 1) by pid 1']);
});

test('--strace tags each line with the pid once a second task exists, as strace -f does', { skip }, async () => {
  const s = machine(64, false, true);
  await runIn(s, 'fork_cycles', ['1']);
  assert.ok(s.log.some((l) => /^brk\(NULL\) = 0x[0-9a-f]+$/.test(l)), s.log.join('\n'));
  assert.ok(s.log.some((l) => /^\[pid 1\] wait4\(2, 0x[0-9a-f]+, 0, NULL\) = 2$/.test(l)), s.log.join('\n'));
  assert.ok(s.log.includes('[pid 2] exit_group(0) = ?'), s.log.join('\n'));
});

test('an allocation failure anywhere along fork and copy-on-write kills at most one task and leaks nothing', { skip }, async () => {
  // How many allocations a clean run makes after spawn.
  const probe = machine();
  const base0 = probe.m.freePages();
  probe.m.spawn({ path: bin('cow_touch'), argv: ['cow_touch'], envp: [], cwd: dir, stdio: stdioFiles(probe.console) });
  probe.m.kernel.frames.failNth(1_000_000);
  assert.deepEqual(await probe.m.run(), { kind: 'exited', code: 0 });
  const total = probe.m.kernel.frames.allocationsSinceArmed();
  assert.equal(probe.console.out, '2 3\n');
  assert.equal(probe.m.freePages(), base0);
  assert.ok(total > 8);
  let childKilled = 0;
  for (let n = 1; n <= total; n++) {
    const s = machine();
    const base = s.m.freePages();
    s.m.spawn({ path: bin('cow_touch'), argv: ['cow_touch'], envp: [], cwd: dir, stdio: stdioFiles(s.console) });
    s.m.kernel.frames.failNth(n);
    const r = await s.m.run();
    s.m.kernel.frames.failNth(0);
    if (r.kind === 'signaled') assert.match(r.description, /^killed by SIGKILL .*out of memory/);
    else if (s.console.out === '-9 3\n') childKilled++;
    else assert.equal(s.console.out, '2 3\n', `failing allocation ${n}`);
    assert.equal(s.m.freePages(), base, `failing allocation ${n}: ${JSON.stringify(r)}`);
    assert.ok(emptyTable(s.m));
  }
  assert.ok(childKilled > 0, 'some failures hit the child, and the parent ran on');
});

// ---- what qemu-user cannot show ----------------------------------------------------------

test('vfork shares memory until the child exits; posix_spawn runs /proc/self/exe and reports a missing file', { skip }, async () => {
  const s = machine();
  assert.deepEqual(await runIn(s, 'vfork_shared'), { kind: 'exited', code: 0 });
  assert.equal(s.console.out, 'shared=2 status=3 spawn=0/6 missing=No such file or directory\n');
});

test('orphans go to the nearest subreaper, else to init, which reaps them', { skip }, async () => {
  const s = machine();
  assert.deepEqual(await runIn(s, 'subreaper'), { kind: 'exited', code: 0 });
  assert.equal(s.console.out, 'adopted by subreaper 1, reaped 1 with 4\ninit adopted 1 (pid 1), exit codes 5\n');
});

// qemu-aarch64 ignores setrlimit(RLIMIT_AS/RLIMIT_DATA) and has no robust
// futex lists (its set_robust_list is ENOSYS, so a robust mutex whose owner
// dies hangs), so these two compare with the same programs run natively on Linux.

test('RLIMIT_AS and RLIMIT_DATA make malloc, mmap, brk and mremap fail with ENOMEM until raised', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'rlimit_as'), { kind: 'exited', code: 0 });
  assert.equal(
    s.console.out,
    [
      'RLIMIT_AS infinite: 1',
      'setrlimit: 0',
      'malloc 32M: NULL ENOMEM',
      'mmap 32M: ENOMEM',
      'mmap 32M PROT_NONE: ENOMEM',
      'brk +32M: -1 ENOMEM, break moved 0',
      'mremap 1M->32M: ENOMEM',
      'raise: 0',
      'malloc 32M: ok',
      'mmap 32M: ok',
      'mremap 1M->8M: ok',
      'RLIMIT_DATA: 0',
      'data mmap 16M: ENOMEM',
      'read-only mmap 16M: ok',
      'shared mmap 16M: ok',
      'brk +16M: -1 ENOMEM',
      '',
    ].join('\n'),
  );
  assert.equal(s.m.freePages(), base);
});

test('a writable allocation larger than the machine memory fails with ENOMEM instead of killing the process', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'rlimit_as', ['mem']), { kind: 'exited', code: 0 });
  assert.equal(s.console.out, '1G writable mmap: ENOMEM\n1G PROT_NONE reservation: ok\nmprotect it writable: ENOMEM\n1G malloc: NULL ENOMEM\n');
  assert.equal(s.m.freePages(), base);
});

test('a robust mutex whose owner thread or process ends unlocked gives EOWNERDEAD to the next locker', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'robust_mutex'), { kind: 'exited', code: 0 });
  assert.equal(
    s.console.out,
    [
      'after the owner exited: EOWNERDEAD',
      'consistent: 0',
      'unlock: 0',
      'lock again: 0',
      'blocked waiter: EOWNERDEAD',
      'not made consistent: ENOTRECOVERABLE',
      'shared, owner process exited: EOWNERDEAD',
      'consistent: 0',
      'unlock: 0',
      '',
    ].join('\n'),
  );
  assert.equal(s.m.freePages(), base);
});

// ---- fault injection along each memory path -------------------------------------------
//
// fi_paths forks a child that calls sched_yield() and then walks one path
// (execve, brk, mmap, MAP_POPULATE, a private file mapping, copy-on-write,
// stack growth). The test arms failNth(N) when the child enters sched_yield,
// so the N-th frame allocation after that point fails, for every N up to the
// number a clean run makes (measured by a dry run).

interface FaultRun {
  /** What the parent printed about its child ("exited 12", "killed 9"). */
  out: string;
  result: RunResult;
  /** How the child ended. */
  child: TaskExit | null;
  /** Allocations from the arming to the child's end. */
  allocations: number;
  leaked: number;
  emptyTable: boolean;
}

async function faultRun(mode: string, n: number): Promise<FaultRun> {
  const s = machine();
  const k = s.m.kernel;
  const base = s.m.freePages();
  const def = lookupSyscall(syscallNumber('sched_yield'));
  assert.ok(def?.handler !== undefined);
  const original = def.handler;
  let armed = -1;
  let child: TaskExit | null = null;
  let allocations = -1;
  def.handler = (kk, t, a) => {
    armed = t.tgid;
    kk.frames.failNth(n);
    return original(kk, t, a);
  };
  k.onExit = (t) => {
    if (t.tgid !== armed) return;
    allocations = k.frames.allocationsSinceArmed();
    k.frames.failNth(0);
    child = t.proc.exit;
  };
  let result: RunResult;
  try {
    result = await runIn(s, 'fi_paths', [mode]);
  } finally {
    def.handler = original;
    k.frames.failNth(0);
  }
  return { out: s.console.out, result, child, allocations, leaked: base - s.m.freePages(), emptyTable: emptyTable(s.m) };
}

/** Every N along `mode`'s path: the child ends as `allowed` says, its parent (init) runs on, no page leaks. */
async function faultEveryN(mode: string, allowed: readonly string[]): Promise<{ total: number; seen: Set<string> }> {
  const dry = await faultRun(mode, 1_000_000_000);
  assert.deepEqual(dry.result, { kind: 'exited', code: 0 });
  assert.equal(dry.leaked, 0);
  const total = dry.allocations;
  assert.ok(total > 0, `${mode}: a clean run allocates`);
  const seen = new Set<string>();
  for (let n = 1; n <= total; n++) {
    const r = await faultRun(mode, n);
    const what = `${mode}, failing allocation ${n} of ${total}: ${r.out.trim()} ${JSON.stringify(r.child)}`;
    assert.deepEqual(r.result, { kind: 'exited', code: 0 }, what);
    assert.ok(allowed.includes(r.out.trim()), what);
    if (r.out === 'killed 9\n') {
      const c = r.child as TaskExit | null;
      assert.ok(c !== null && c.kind === 'signaled' && /^killed by SIGKILL at pc 0x[0-9a-f]+ \(out of memory at 0x[0-9a-f]+\)$/.test(c.description), what);
    }
    assert.equal(r.leaked, 0, what);
    assert.ok(r.emptyTable, what);
    seen.add(r.out.trim());
  }
  return { total, seen };
}

const faultCounts: Record<string, number> = {};

test('an allocation failure anywhere in execve fails it with ENOMEM, or kills the new image with SIGKILL; nothing leaks', { skip }, async () => {
  const { total, seen } = await faultEveryN('exec', ['exited 12', 'killed 9']);
  faultCounts['exec'] = total;
  assert.ok(seen.has('exited 12') && seen.has('killed 9'), [...seen].join(', '));
});

for (const [mode, what] of [
  ['brk', 'touching memory brk(2) added'],
  ['mmap', 'touching an anonymous mapping'],
  ['file', 'reading and writing a private file mapping'],
  ['cow', 'breaking copy-on-write after fork'],
  ['thread', 'creating, running and joining a thread'],
  ['stack', 'growing the stack'],
] as const) {
  test(`an allocation failure at any page while ${what} kills only that process with SIGKILL; nothing leaks`, { skip }, async () => {
    const { total, seen } = await faultEveryN(mode, ['killed 9']);
    faultCounts[mode] = total;
    assert.deepEqual([...seen], ['killed 9']);
  });
}

test('MAP_POPULATE prefaults every page; a frame it cannot get is left for the first touch and the mmap still succeeds', { skip }, async (t) => {
  const { total, seen } = await faultEveryN('populate', ['exited 0']);
  faultCounts['populate'] = total;
  assert.deepEqual([...seen], ['exited 0']);
  t.diagnostic(`frame allocations per path: ${JSON.stringify(faultCounts)}`);
});

test('brk and mmap allocate no frame themselves: they succeed whatever the allocator says, and pages come on touch', { skip }, async () => {
  const k = bareKernel();
  const p = parentTask(k);
  const free = k.freePages();
  k.frames.failNth(1);
  const b = p.mm.brk;
  assert.equal(p.mm.setBrk(b + 16 * 4096), b + 16 * 4096);
  const a = p.mm.mmap(0, 16 * 4096, 3, 0x22, null, 0);
  assert.equal(k.frames.allocationsSinceArmed(), 0);
  assert.throws(() => p.mm.writeU32(a, 1), (e) => e instanceof Errno);
  assert.equal(k.freePages(), free);
  k.frames.failNth(0);
});

// ---- the stack against RLIMIT_AS ---------------------------------------------------
// qemu-aarch64 ignores RLIMIT_AS, so this is Flint-only. stack_as finds its own
// address-space size by bisecting RLIMIT_AS with one-page mmaps, leaves 64
// pages of room, and recurses with 4000-byte frames.

test('stack growth that would pass RLIMIT_AS is a stack overflow: SIGSEGV with the one-line diagnostic', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  const r = await runIn(s, 'stack_as');
  assert.equal(r.kind, 'signaled');
  if (r.kind === 'signaled') {
    assert.equal(r.signal, SIGSEGV);
    assert.match(r.description, /^killed by SIGSEGV at pc 0x[0-9a-f]+ \(stack overflow at 0x[0-9a-f]+\)$/);
  }
  assert.equal(s.m.freePages(), base);
});

test('a SIGSEGV handler on the alternate stack catches the RLIMIT_AS stack overflow after the 64 pages of room', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  assert.deepEqual(await runIn(s, 'stack_as', ['handle']), { kind: 'exited', code: 0 });
  const m = /^SIGSEGV 11 at depth (\d+)\n$/.exec(s.console.out);
  assert.ok(m !== null, s.console.out);
  const depth = Number(m[1]);
  assert.ok(depth >= 60 && depth <= 66, `depth ${depth}`);
  assert.equal(s.m.freePages(), base);
});

// ---- tmpfs in the page accounting -----------------------------------------------------

test('tmpfs file data is charged to the machine: /proc/meminfo shows it, size= gives ENOSPC, unlink gives it back', { skip }, async () => {
  const s = machine();
  const base = s.m.freePages();
  const mnt = mkdtempSync(join(tmpdir(), 'flint-tmpfs-'));
  assert.deepEqual(await runIn(s, 'tmpfs_mem', [mnt]), { kind: 'exited', code: 0 });
  assert.equal(
    s.console.out,
    'wrote 1024 KiB: MemFree -1024 KiB; then 512 KiB, then -1 ENOSPC: -1536 KiB; unlinked: -0 KiB\n',
  );
  assert.equal(s.m.freePages(), base);
});

// ---- RLIMIT_SIGPENDING --------------------------------------------------------------
// Linux counts queued siginfos per user across the whole system, so under
// qemu-aarch64 the host's other processes move the count: Flint-only. The
// expected output is what the program prints under qemu-aarch64 on a quiet host.

test('past RLIMIT_SIGPENDING sigqueue fails with EAGAIN while kill(2) and kernel SIGCHLD are still delivered', { skip }, async () => {
  const s = machine();
  assert.deepEqual(await runIn(s, 'sigpending_limit'), { kind: 'exited', code: 0 });
  assert.equal(
    s.console.out,
    [
      'sigqueue with RLIMIT_SIGPENDING 3: 3 queued, 5 EAGAIN',
      'still pending: SIGRTMIN 1, SIGUSR1 from kill 1, SIGCHLD from the kernel 1',
      'delivered: SIGRTMIN x3, SIGUSR1 x1, SIGCHLD x1',
      'RLIMIT_SIGPENDING 0: sigqueue -1 EAGAIN 1',
      'delivered: SIGRTMIN x3',
      '',
    ].join('\n'),
  );
});
