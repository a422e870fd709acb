// End-to-end: static AArch64 C programs built with aarch64-linux-gnu-gcc run
// through createMachine over the host file system. Skipped when the cross
// compiler is not installed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EACCES, ENOENT, ENOEXEC } from './abi/linux/errno.js';
import { SIGABRT, SIGSEGV } from './abi/linux/signal.js';
import { stdioFiles } from './fs/console_file.js';
import { testMachine, type TestMachine } from '../tests/support/test_machine.js';
import { Errno, type Machine, type RunResult } from './mod.js';

const CC = 'aarch64-linux-gnu-gcc';
let haveCc = true;
try {
  execFileSync(CC, ['--version'], { stdio: 'ignore' });
} catch {
  haveCc = false;
}
const skip = haveCc ? false : `${CC} is not installed`;

const dir = mkdtempSync(join(tmpdir(), 'flint-mod-test-'));

const PROGRAMS: Record<string, string> = {
  hello: `#include <stdio.h>
int main(int argc, char **argv) { for (int i = 0; i < argc; i++) printf("[%s]", argv[i]); printf("\\n"); return 3; }`,
  segv_text: `int main(void) { *(volatile int *)(void *)main = 1; return 0; }`,
  exec_data: `static unsigned data[4] = {0xd65f03c0};
int main(void) { ((void (*)(void))(void *)data)(); return 0; }`,
  stack: `int f(int n) { volatile char buf[4096]; buf[0] = (char)n; return f(n + 1) + buf[0]; }
int main(void) { return f(0); }`,
  abort: `#include <stdlib.h>
int main(void) { abort(); }`,
  memory: `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void) {
  unsigned long sum = 0;
  for (int round = 0; round < 3; round++) {
    char *p[64];
    for (int i = 0; i < 64; i++) { size_t n = (i % 8 == 0) ? 300000 : 100 + 37 * i; p[i] = malloc(n); memset(p[i], i, n); }
    for (int i = 0; i < 64; i++) { sum += (unsigned char)p[i][0]; p[i] = realloc(p[i], 50 + i); sum += (unsigned char)p[i][10]; }
    for (int i = 0; i < 64; i++) free(p[i]);
  }
  char *m = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return 10;
  m[0] = 1; m[4096] = 2; m[8192] = 3;
  if (munmap(m + 4096, 4096) != 0) return 11;
  if (mprotect(m, 4096, PROT_READ) != 0) return 12;
  if (madvise(m + 8192, 4096, MADV_DONTNEED) != 0 || m[8192] != 0) return 13;
  char *r = mremap(m + 8192, 4096, 8 * 4096, MREMAP_MAYMOVE);
  if (r == MAP_FAILED) return 14;
  r[7 * 4096] = 5;
  void *b0 = sbrk(0);
  if (sbrk(8192) != b0 || sbrk(-8192) == (void *)-1) return 15;
  printf("sum=%lu\\n", sum);
  return 0;
}`,
  grow: `#include <stdlib.h>
int main(void) {
  enum { N = 12 << 20 };
  volatile unsigned char *b = malloc(N);
  volatile unsigned short *h = malloc(N);
  volatile unsigned *w = malloc(N);
  for (long i = 0; i < N; i += 4096) b[i] = (unsigned char)(i >> 12);
  for (long i = 0; i < N; i += 4096) h[i / 2] = (unsigned short)(i >> 12);
  for (long i = 0; i < N; i += 4096) w[i / 4] = (unsigned)(i >> 12);
  for (long i = 0; i < N; i += 4096) {
    if (b[i] != (unsigned char)(i >> 12)) return 1;
    if (h[i / 2] != (unsigned short)(i >> 12)) return 2;
    if (w[i / 4] != (unsigned)(i >> 12)) return 3;
  }
  return 0;
}`,
  exec: `#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv) {
  char *args[] = {"hello", "from-exec", 0};
  execv(argv[1], args);
  perror("execv");
  return 99;
}`,
  open_missing: `#include <fcntl.h>
int main(void) { return open("/nonexistent/flint", O_RDONLY) == -1 ? 0 : 1; }`,
  futex: `#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
int main(void) {
  int x = 0;
  struct timespec to = {0, 20000000}, a, b;
  long r1 = syscall(SYS_futex, &x, FUTEX_WAIT_PRIVATE, 1, 0, 0, 0); int e1 = errno;
  clock_gettime(CLOCK_MONOTONIC, &a);
  long r2 = syscall(SYS_futex, &x, FUTEX_WAIT_PRIVATE, 0, &to, 0, 0); int e2 = errno;
  clock_gettime(CLOCK_MONOTONIC, &b);
  long r3 = syscall(SYS_futex, &x, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
  long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
  struct timespec abs; clock_gettime(CLOCK_REALTIME, &abs); abs.tv_nsec += 10000000;
  if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
  int r4 = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, 0);
  printf("%ld %d %ld %d %d %ld %d\\n", r1, e1 == EAGAIN, r2, e2 == ETIMEDOUT, ms >= 20, r3, r4);
  return 0;
}`,
  sleep: `#include <stdio.h>
#include <time.h>
int main(void) {
  struct timespec a, b, d = {0, 30000000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  if (nanosleep(&d, 0) != 0) return 1;
  clock_gettime(CLOCK_MONOTONIC, &b);
  long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
  printf("%s\\n", ms >= 30 ? "slept" : "too short");
  return 0;
}`,
  info: `#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/prctl.h>
#include <unistd.h>
int main(void) {
  struct utsname u; uname(&u);
  char name[16] = {0};
  prctl(PR_SET_NAME, "worker", 0, 0, 0); prctl(PR_GET_NAME, name, 0, 0, 0);
  struct rlimit rl; getrlimit(RLIMIT_STACK, &rl);
  long r = syscall(999);
  int e = errno;
  long f = syscall(SYS_uname, (void *)8);
  printf("%s %s %s pid=%d name=%s stack=%lu unknown=%ld/%d efault=%ld/%d\\n", u.sysname, u.release, u.machine,
    getpid(), name, (unsigned long)rl.rlim_cur, r, e == ENOSYS, f, errno == EFAULT);
  return 0;
}`,
};

const bin = (name: string): string => join(dir, name);

before(() => {
  if (!haveCc) return;
  for (const [name, src] of Object.entries(PROGRAMS)) {
    writeFileSync(bin(name) + '.c', src);
    execFileSync(CC, ['-static', '-O1', '-o', bin(name), bin(name) + '.c']);
  }
  writeFileSync(bin('script'), `#!${bin('hello')} one-arg\n`);
  chmodSync(bin('script'), 0o755);
  writeFileSync(bin('notexec.txt'), 'just text\n');
  chmodSync(bin('notexec.txt'), 0o755);
  writeFileSync(bin('noperm'), 'x');
  chmodSync(bin('noperm'), 0o644);
  execFileSync(CC, ['-O1', '-o', bin('dynamic'), bin('hello') + '.c']);
});

interface Run {
  machine: Machine;
  result: RunResult;
  out: string;
  log: string[];
}

function machine(strace = false): TestMachine {
  return testMachine({ strace });
}

async function run(name: string, args: string[] = [], strace = false): Promise<Run> {
  const { m, console, log } = machine(strace);
  m.spawn({ path: bin(name), argv: [name, ...args], envp: ['A=1'], cwd: dir, stdio: stdioFiles(console) });
  const result = await m.run();
  return { machine: m, result, out: console.out, log };
}

function spawnError(path: string): Errno {
  const { m, console } = machine();
  try {
    m.spawn({ path, argv: [path], envp: [], cwd: dir, stdio: stdioFiles(console) });
  } catch (e) {
    if (e instanceof Errno) return e;
    throw e;
  }
  assert.fail('spawn succeeded');
}

test('a static program prints its arguments and exits with its status', { skip }, async () => {
  const r = await run('hello', ['a b', 'c']);
  assert.equal(r.out, '[hello][a b][c]\n');
  assert.deepEqual(r.result, { kind: 'exited', code: 3 });
});

test('every page is returned when the program exits', { skip }, async () => {
  const { m, console } = machine();
  const base = m.freePages();
  m.spawn({ path: bin('memory'), argv: ['memory'], envp: [], cwd: dir, stdio: stdioFiles(console) });
  assert.ok(m.freePages() < base);
  assert.deepEqual(await m.run(), { kind: 'exited', code: 0 });
  assert.match(console.out, /^sum=\d+\n$/);
  assert.equal(m.freePages(), base);
});

test('byte, halfword and word stores that make the machine grow its memory are not lost', { skip }, async () => {
  const r = await run('grow');
  assert.deepEqual(r.result, { kind: 'exited', code: 0 });
  assert.ok(r.machine.kernel.frames.memory.buffer.byteLength > 36 << 20);
});

test('a write to the text segment kills the program with SIGSEGV naming the page', { skip }, async () => {
  const r = await run('segv_text');
  assert.equal(r.result.kind, 'signaled');
  if (r.result.kind !== 'signaled') return;
  assert.equal(r.result.signal, SIGSEGV);
  assert.match(r.result.description, /^killed by SIGSEGV at pc 0x[0-9a-f]+ \(write to read-only page 0x4[0-9a-f]*000\)$/);
});

test('jumping into data kills the program with SIGSEGV: data is never executable', { skip }, async () => {
  const r = await run('exec_data');
  assert.equal(r.result.kind === 'signaled' && r.result.description.includes('execute from non-executable page'), true);
});

test('unbounded recursion ends in a stack overflow at the guard page', { skip }, async () => {
  const r = await run('stack');
  assert.equal(r.result.kind, 'signaled');
  if (r.result.kind === 'signaled') assert.match(r.result.description, /\(stack overflow at 0x[0-9a-f]+\)$/);
});

test('abort() terminates with SIGABRT', { skip }, async () => {
  const r = await run('abort');
  assert.deepEqual(r.result.kind === 'signaled' ? r.result.signal : -1, SIGABRT);
});

test('nanosleep blocks on a timer for at least the time asked', { skip }, async () => {
  const r = await run('sleep');
  assert.equal(r.out, 'slept\n');
});

test('futex waits fail fast on a changed value, time out, and wakes find no waiter', { skip }, async () => {
  const r = await run('futex');
  assert.equal(r.out, '-1 1 -1 1 1 0 0\n');
});

test('uname, prctl names, limits; unknown syscalls are ENOSYS and logged once; bad pointers are EFAULT', { skip }, async () => {
  const r = await run('info');
  assert.match(r.out, /^Linux 6\.1\.0-flint aarch64 pid=1 name=worker stack=8388608 unknown=-1\/1 efault=-1\/1\n$/);
  assert.deepEqual(r.log.filter((l) => l.includes('unimplemented')), ['flint: unimplemented syscall syscall_999 (nr 999)']);
});

test('--strace prints each syscall with decoded arguments and its result', { skip }, async () => {
  const r = await run('hello', [], true);
  assert.ok(r.log.some((l) => /^brk\(NULL\) = 0x[0-9a-f]+$/.test(l)), r.log.join('\n'));
  assert.ok(r.log.some((l) => l === 'write(1, "[hello]\\n", 8) = 8'), r.log.join('\n'));
  assert.ok(r.log.includes('exit_group(3) = ?'));
  const o = await run('open_missing', [], true);
  assert.ok(o.log.includes('openat(AT_FDCWD, "/nonexistent/flint", O_RDONLY) = -1 ENOENT (No such file or directory)'), o.log.join('\n'));
});

test('execve replaces the image: the new program runs with the new argv and its exit status', { skip }, async () => {
  const { m, console } = machine();
  const base = m.freePages();
  m.spawn({ path: bin('exec'), argv: ['exec', bin('hello')], envp: [], cwd: dir, stdio: stdioFiles(console) });
  assert.deepEqual(await m.run(), { kind: 'exited', code: 3 });
  assert.equal(console.out, '[hello][from-exec]\n');
  assert.equal(m.freePages(), base);
});

test('a failed execve returns to the caller with errno set', { skip }, async () => {
  const r = await run('exec', [bin('notexec.txt')]);
  assert.deepEqual(r.result, { kind: 'exited', code: 99 });
});

test('a #! script runs its interpreter with the one optional argument and the script path', { skip }, async () => {
  const r = await run('script', ['x']);
  assert.equal(r.out, `[${bin('hello')}][one-arg][${bin('script')}][x]\n`);
});

test('spawn refuses a missing file, a file without exec permission, a non-executable format and a dynamic program', { skip }, () => {
  assert.equal(spawnError(bin('missing')).code, ENOENT);
  assert.equal(spawnError(bin('noperm')).code, EACCES);
  assert.equal(spawnError(bin('notexec.txt')).code, ENOEXEC);
  const dyn = spawnError(bin('dynamic'));
  assert.equal(dyn.code, ENOEXEC);
  assert.match(dyn.message, /dynamic executables are not supported yet: \/lib\/ld-linux-aarch64\.so\.1 — link with -static/);
});

test('an allocation failure at any point of spawn leaves the free-page count at its baseline', { skip }, () => {
  const { m, console } = machine();
  const base = m.freePages();
  for (let n = 1; ; n++) {
    m.kernel.frames.failNth(n);
    try {
      m.spawn({ path: bin('hello'), argv: ['hello'], envp: ['A=1'], cwd: dir, stdio: stdioFiles(console) });
    } catch (e) {
      assert.ok(e instanceof Errno, String(e));
      assert.equal(m.freePages(), base, `after failing allocation ${n}`);
      continue;
    }
    m.kernel.frames.failNth(0);
    assert.ok(n > 1);
    break;
  }
});

test('running out of frames at any point of a run kills the program and every page comes back', { skip }, async () => {
  for (const n of [1, 2, 5, 17, 60, 200, 700]) {
    const { m, console } = machine();
    const base = m.freePages();
    m.spawn({ path: bin('memory'), argv: ['memory'], envp: [], cwd: dir, stdio: stdioFiles(console) });
    m.kernel.frames.failNth(n);
    const r = await m.run();
    m.kernel.frames.failNth(0);
    if (r.kind === 'signaled') assert.match(r.description, /^killed by SIGKILL at pc 0x[0-9a-f]+ \(out of memory at 0x[0-9a-f]+\)$/);
    assert.equal(m.freePages(), base, `failing allocation ${n}: ${JSON.stringify(r)}`);
  }
});
