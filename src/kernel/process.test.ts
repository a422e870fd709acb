// Processes end to end (Flint-only): fork, exec, threads and wait through
// createMachine with small static AArch64 programs, checking what qemu cannot
// show -- exact page accounting after fork/exec/thread churn and a fork bomb,
// fault injection along fork and copy-on-write, the task table limit, vfork's
// shared memory, /proc/self/exe re-exec, subreapers -- plus the seed kernel's
// fork host tests ported to the task table. Skipped without the cross compiler.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EAGAIN, EINVAL } from '../abi/linux/errno.js';
import * as sc from '../abi/linux/sched.js';
import { SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, SIGTERM } from '../abi/linux/signal.js';
import * as w from '../abi/linux/wait.js';
import { stdioFiles, type StdioConsole } from '../fs/console_file.js';
import { FdTable } from '../fs/fd_table.js';
import { FsContext } from '../fs/fs_context.js';
import { createHostVfs } from '../fs/host_root.js';
import { fixedEntries, SynthDir, SynthFs } from '../fs/synthetic.js';
import { Vfs } from '../fs/vfs.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { createMachine, type Machine, type RunResult } from '../mod.js';
import { Errno } from './errno.js';
import { Kernel } from './kernel.js';
import { cloneTask, sliceFor } from './task/clone.js';
import { postSignal } from './task/signal_post.js';
import { consumeWaitable, findWaitable, waitStatus } from './task/wait.js';
import { rootCredentials } from './task/task.js';

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
};

before(() => {
  if (!haveCc) return;
  for (const [name, src] of Object.entries(PROGRAMS)) {
    writeFileSync(bin(name) + '.c', src);
    execFileSync(CC, ['-static', '-O1', '-pthread', '-o', bin(name), bin(name) + '.c']);
  }
});

class CaptureConsole implements StdioConsole {
  out = '';
  write(_fd: number, data: Uint8Array): void {
    this.out += new TextDecoder().decode(data);
  }
  readAvailable(): Uint8Array | null {
    return null;
  }
  onInput(): void {}
  isTty(): boolean {
    return false;
  }
  windowSize(): null {
    return null;
  }
}

const clock = {
  realtimeNs: () => BigInt(Date.now()) * 1_000_000n,
  monotonicNs: () => process.hrtime.bigint(),
};
const random = { fill: (b: Uint8Array) => b.fill(7) };

interface Setup {
  m: Machine;
  console: CaptureConsole;
  log: string[];
}

function machine(maxTasks = 64, verboseFork = false, strace = false): Setup {
  const console = new CaptureConsole();
  const log: string[] = [];
  const vfs = createHostVfs({ port: new NodeHostFs(), root: '/', console, random, clock });
  const m = createMachine({ vfs, console, clock, random, log: { line: (s) => log.push(s) }, memoryBytes: 64 << 20, maxTasks, verboseFork, strace });
  return { m, console, log };
}

async function runIn(s: Setup, name: string, args: string[] = []): Promise<RunResult> {
  s.m.spawn({ path: bin(name), argv: [name, ...args], envp: [], cwd: dir, stdio: stdioFiles(s.console) });
  return s.m.run();
}

function emptyTable(m: Machine): boolean {
  return m.kernel.tasks.every((t) => t === null);
}

// ---- the seed's fork host tests, on the task table --------------------------------

function bareKernel(maxTasks = 4): Kernel {
  const fs = new SynthFs('tmp', 0x1021994, 1, 0n);
  const vfs = new Vfs(new SynthDir(fs, 1, 0o755, fixedEntries(new Map())));
  let now = 0n;
  return new Kernel({
    memoryBytes: 8 << 20,
    maxTasks,
    vfs,
    console: { write() {}, readAvailable: () => null, onInput() {}, isTty: () => false, windowSize: () => null },
    clock: { realtimeNs: () => now, monotonicNs: () => (now += 1000n) },
    random: { fill: (b) => b.fill(1) },
    log: { line() {} },
    strace: false,
  });
}

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
