import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EAGAIN } from '../abi/linux/errno.js';
import * as mman from '../abi/linux/mman.js';
import { PAGE_SIZE } from '../cpu/state.js';
import { FdTable } from '../fs/fd_table.js';
import { FsContext } from '../fs/fs_context.js';
import { WaitQueue } from '../fs/wait_queue.js';
import { Errno } from './errno.js';
import { Kernel, KernelPanic } from './kernel.js';
import { dispatchSyscall } from './syscalls/dispatch.js';
import { quote } from './syscalls/strace.js';
import { syscallNumber } from '../abi/linux/syscall_nr.js';
import { rootCredentials } from './task/task.js';
import { bareKernel } from '../../tests/support/bare_kernel.js';

function kernel(maxTasks = 4, memoryBytes = 32 << 20): Kernel {
  return bareKernel(maxTasks, memoryBytes);
}

function task(k: Kernel) {
  const fs = new FsContext(k.vfs, k.vfs.root, k.vfs.root);
  return k.createTask(k.newAddressSpace(), new FdTable(), fs, rootCredentials(), null);
}

test('tasks take the first free slot while pids stay monotonic', () => {
  const k = kernel();
  const a = task(k);
  const b = task(k);
  assert.deepEqual([a.slot, a.pid, b.slot, b.pid], [0, 1, 1, 2]);
  k.exitTask(a, 0);
  k.releaseSlot(a);
  const c = task(k);
  assert.deepEqual([c.slot, c.pid], [0, 3]);
});

test('a full task table refuses with EAGAIN and consumes no pid', () => {
  const k = kernel(2);
  task(k);
  task(k);
  assert.throws(() => task(k), (e) => e instanceof Errno && e.code === EAGAIN);
  k.releaseSlot(k.tasks[1]!);
  assert.equal(task(k).pid, 3);
});

test('exit releases the address space: the free-page count returns to its baseline', () => {
  const k = kernel();
  const base = k.freePages();
  const t = task(k);
  const a = t.mm.mmap(0, 4 * PAGE_SIZE, mman.PROT_READ | mman.PROT_WRITE, mman.MAP_PRIVATE | mman.MAP_ANONYMOUS, null, 0);
  t.mm.write(a, new Uint8Array(4 * PAGE_SIZE).fill(1));
  assert.equal(k.freePages(), base - 4);
  k.exitTask(t, 7);
  assert.equal(k.freePages(), base);
  assert.deepEqual(t.exit, { kind: 'exited', code: 7 });
  assert.equal(t.state, 'zombie');
});

test('a blocked task is woken by its wait queue and then runnable', () => {
  const k = kernel();
  const t = task(k);
  const q = new WaitQueue();
  let wakes = 0;
  k.onWake = () => wakes++;
  k.block(t, [q]);
  assert.equal(t.state, 'blocked');
  assert.equal(k.run(), 'idle');
  q.wakeAll();
  assert.equal(t.state, 'runnable');
  assert.equal(wakes, 1);
  assert.equal(q.size, 0);
});

test('a timer wakes a sleeping task once its deadline passes, and not before', () => {
  const k = kernel();
  const t = task(k);
  const at = k.clock.monotonicNs() + 10_000n;
  k.block(t, [], at);
  k.fireTimers();
  assert.equal(t.state, 'blocked');
  assert.equal(k.nextTimer(), at);
  for (let i = 0; i < 20; i++) k.clock.monotonicNs();
  k.fireTimers();
  assert.equal(t.state, 'runnable');
  assert.equal(k.nextTimer(), null);
});

test('loads and stores that make the memory grow land in the new buffer', () => {
  const k = kernel(1, 64 << 20);
  const t = task(k);
  k.switchTo(t);
  const cpu = k.cpu;
  const len = 24 << 20;
  const a = t.mm.mmap(0, len, mman.PROT_READ | mman.PROT_WRITE, mman.MAP_PRIVATE | mman.MAP_ANONYMOUS, null, 0);
  const start = cpu.memory.buffer.byteLength;
  for (let off = 0; off < len; off += 3 * PAGE_SIZE) {
    cpu.st8(a + off, 0x5a);
    cpu.st16(a + off + PAGE_SIZE, 0x1234);
    cpu.st32(a + off + 2 * PAGE_SIZE, 0xdeadbeef);
  }
  assert.ok(cpu.memory.buffer.byteLength > start);
  for (let off = 0; off < len; off += 3 * PAGE_SIZE) {
    assert.equal(cpu.ld8(a + off), 0x5a);
    assert.equal(cpu.ld16(a + off + PAGE_SIZE), 0x1234);
    assert.equal(cpu.ld32(a + off + 2 * PAGE_SIZE), 0xdeadbeef);
  }
});

test('dispatch turns an Errno into -errno, answers unknown numbers with -ENOSYS and logs each name once', () => {
  const lines: string[] = [];
  const k = kernel();
  k.log = { line: (s) => lines.push(s) };
  const t = task(k);
  k.switchTo(t);
  const call = (nr: number, ...args: number[]): bigint => {
    args.forEach((v, i) => k.cpu.setXNum(i, v));
    k.cpu.setXNum(8, nr);
    dispatchSyscall(k, t);
    return BigInt.asIntN(64, k.cpu.xBig(0));
  };
  assert.equal(call(999), -38n);
  assert.equal(call(999), -38n);
  assert.deepEqual(lines, ['flint: unimplemented syscall syscall_999 (nr 999)']);
  assert.equal(call(syscallNumber('uname'), 0x10), -14n);
  assert.equal(call(syscallNumber('getpid')), BigInt(t.pid));
  assert.equal(call(syscallNumber('rseq')), -38n);
  assert.equal(lines.length, 1);
});

test('a blocked syscall leaves the PC on the SVC so it runs again when woken', () => {
  const k = kernel();
  const t = task(k);
  k.switchTo(t);
  k.cpu.pc = 0x400004;
  k.cpu.setXNum(8, syscallNumber('nanosleep'));
  const req = t.mm.mmap(0, PAGE_SIZE, mman.PROT_READ | mman.PROT_WRITE, mman.MAP_PRIVATE | mman.MAP_ANONYMOUS, null, 0);
  t.mm.writeU64(req + 8, 5_000_000n);
  k.cpu.setXNum(0, req);
  k.cpu.setXNum(1, 0);
  dispatchSyscall(k, t);
  assert.equal(t.state, 'blocked');
  assert.equal(k.cpu.pc, 0x400000);
  assert.equal(k.cpu.xNum(0), req);
});

test('an exception other than Errno in a handler is a kernel panic naming the task and its syscalls', () => {
  const lines: string[] = [];
  const k = kernel();
  k.log = { line: (s) => lines.push(s) };
  const t = task(k);
  k.switchTo(t);
  // A task whose fd table is broken: any file syscall now throws a TypeError.
  (t as unknown as { files: unknown }).files = null;
  k.cpu.setXNum(8, syscallNumber('close'));
  k.cpu.setXNum(0, 1);
  assert.throws(() => dispatchSyscall(k, t), KernelPanic);
  assert.match(lines.join('\n'), /kernel panic: exception in syscall close .* in pid 1/);
  assert.match(lines.join('\n'), /close\(0x1,/);
});

test('strace quotes buffers C-style and truncates them at 32 bytes', () => {
  assert.equal(quote(new TextEncoder().encode('a"b\\\n\t\x01')), '"a\\"b\\\\\\n\\t\\1"');
  assert.equal(quote(new Uint8Array(40).fill(0x41)), `"${'A'.repeat(32)}"...`);
});
