import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUTEX_PRIVATE_FLAG, FUTEX_WAIT } from '../../abi/linux/futex.js';
import * as mman from '../../abi/linux/mman.js';
import { SA_RESTART, SA_SIGINFO, SIGALRM, SIGSEGV, SIGUSR1 } from '../../abi/linux/signal.js';
import { syscallNumber } from '../../abi/linux/syscall_nr.js';
import { PAGE_SIZE, PC_OFF, SP, X_OFF } from '../../cpu/state.js';
import { FdTable } from '../../fs/fd_table.js';
import { FsContext } from '../../fs/fs_context.js';
import type { Kernel } from '../kernel.js';
import { lookupSyscall } from '../syscalls/table.js';
import { SyscallArgs } from '../syscalls/types.js';
import { postSignal } from '../task/signal_post.js';
import { rootCredentials, type Task } from '../task/task.js';
import { userSigInfo } from './siginfo.js';
import { SIGTRAMP_CODE } from './rt_sigframe.js';
import { sigtrampAddress } from './sigtramp.js';
import { bareKernel } from '../../../tests/support/bare_kernel.js';

const BASE = 0x400000;
/** Offsets in the test page: the code below is placed at BASE. */
const MAIN = 0x00;
const HANDLER = 0x40;
const FAULT = 0x80;
const SEGV_HANDLER = 0xc0;
const FLAG = 0x800;

/**
 * MAIN: svc #0 (the syscall preset in x0-x8); exit_group(x0 + *FLAG).
 * HANDLER: *FLAG = 1; ret.  FAULT: ldr x0, [#0x40]; exit_group(x0).
 * SEGV_HANDLER: exit_group(info->si_addr).
 */
const CODE: Array<[number, number[]]> = [
  [MAIN, [0xd4000001, 0x10003fe9, 0xb9400121, 0x8b010000, 0xd2800bc8, 0xd4000001]],
  [HANDLER, [0x10003e09, 0x5280002a, 0xb900012a, 0xd65f03c0]],
  [FAULT, [0xd2800801, 0xf9400020, 0xd2800bc8, 0xd4000001]],
  [SEGV_HANDLER, [0xf9400820, 0xd2800bc8, 0xd4000001]],
];

function kernel(): Kernel {
  return bareKernel(4, 16 << 20);
}

/** A task at `pc` with the test page mapped RWX at BASE, a stack, and x0..x5, x8 preset. */
function program(k: Kernel, pc: number, regs: Record<number, number> = {}): Task {
  const t = k.createTask(k.newAddressSpace(), new FdTable(), new FsContext(k.vfs, k.vfs.root, k.vfs.root), rootCredentials(), null);
  const prot = mman.PROT_READ | mman.PROT_WRITE | mman.PROT_EXEC;
  t.mm.mmap(BASE, PAGE_SIZE, prot, mman.MAP_PRIVATE | mman.MAP_ANONYMOUS | mman.MAP_FIXED, null, 0);
  for (const [off, words] of CODE) t.mm.write(BASE + off, new Uint8Array(new Uint32Array(words).buffer));
  t.mm.setupStack();
  const cv = new DataView(t.context.buffer);
  cv.setBigUint64(PC_OFF, BigInt(BASE + pc), true);
  cv.setBigUint64(X_OFF + 8 * SP, BigInt(t.mm.stackTop - 4096), true);
  for (const [r, v] of Object.entries(regs)) cv.setBigUint64(X_OFF + 8 * Number(r), BigInt(v), true);
  return t;
}

function catchUsr1(t: Task, flags: number): void {
  t.signals.actions[SIGUSR1] = { handler: BigInt(BASE + HANDLER), flags: BigInt(flags), restorer: 0n, mask: 0n };
}

const PAUSE = { 0: 0, 1: 0, 2: 0, 3: 0, 8: syscallNumber('ppoll') };
/** futex(FLAG + 4, FUTEX_WAIT_PRIVATE, 0): the word the handler does not touch. */
const FUTEX_WAIT_WORD = { 0: BASE + FLAG + 4, 1: FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2: 0, 3: 0, 8: syscallNumber('futex') };

test('pause (ppoll) interrupted by a caught signal runs the handler, returns through the trampoline, and fails with EINTR', () => {
  const k = kernel();
  const t = program(k, MAIN, PAUSE);
  catchUsr1(t, SA_RESTART);
  assert.equal(k.run(), 'idle');
  assert.equal(t.state, 'blocked');
  postSignal(k, t, SIGUSR1, false, userSigInfo(SIGUSR1, 1, 0));
  assert.equal(k.run(), 'done');
  // -EINTR (252 as an exit code) + the flag the handler set.
  assert.deepEqual(t.proc.exit, { kind: 'exited', code: 253 });
});

test('a futex wait interrupted by a SA_RESTART handler sleeps again and returns 0 when woken', () => {
  const k = kernel();
  const t = program(k, MAIN, FUTEX_WAIT_WORD);
  catchUsr1(t, SA_RESTART);
  assert.equal(k.run(), 'idle');
  postSignal(k, t, SIGUSR1, false);
  assert.equal(k.run(), 'idle');
  assert.equal(t.state, 'blocked');
  assert.equal(t.mm.readU32(BASE + FLAG), 1);
  assert.equal(k.futexWake(t.mm.futexKey(BASE + FLAG + 4), 1), 1);
  assert.equal(k.run(), 'done');
  assert.deepEqual(t.proc.exit, { kind: 'exited', code: 1 });
});

test('a futex wait interrupted by a handler without SA_RESTART returns EINTR', () => {
  const k = kernel();
  const t = program(k, MAIN, FUTEX_WAIT_WORD);
  catchUsr1(t, 0);
  assert.equal(k.run(), 'idle');
  postSignal(k, t, SIGUSR1, false);
  assert.equal(k.run(), 'done');
  assert.deepEqual(t.proc.exit, { kind: 'exited', code: 253 });
  assert.equal(k.futexQueues.size, 0);
});

test('a fault without a handler kills the process with SIGSEGV', () => {
  const k = kernel();
  const t = program(k, FAULT);
  assert.equal(k.run(), 'done');
  assert.equal(t.proc.exit?.kind, 'signaled');
  assert.equal(t.proc.exit?.kind === 'signaled' ? t.proc.exit.signal : 0, SIGSEGV);
});

test('a fault with a SA_SIGINFO handler delivers SIGSEGV with si_addr the faulting address', () => {
  const k = kernel();
  const t = program(k, FAULT);
  t.signals.actions[SIGSEGV] = { handler: BigInt(BASE + SEGV_HANDLER), flags: BigInt(SA_SIGINFO), restorer: 0n, mask: 0n };
  assert.equal(k.run(), 'done');
  assert.deepEqual(t.proc.exit, { kind: 'exited', code: 0x40 });
});

test('the trampoline page holds mov x8, #139; svc #0 and is mapped once per address space', () => {
  const k = kernel();
  const t = program(k, MAIN);
  const a = sigtrampAddress(t.mm);
  assert.equal(sigtrampAddress(t.mm), a);
  assert.deepEqual([t.mm.readU32(Number(a)), t.mm.readU32(Number(a) + 4)], [...SIGTRAMP_CODE]);
  assert.equal(t.mm.maps().find((m) => m.start === Number(a))?.perms, 'r-xp');
});

/** Call syscall `name` for t directly with x0..x5 = args. */
function call(k: Kernel, t: Task, name: string, args: number[]): unknown {
  const halves = new Int32Array(12);
  args.forEach((v, i) => {
    halves[2 * i] = v % 4294967296;
    halves[2 * i + 1] = Math.floor(v / 4294967296);
  });
  return lookupSyscall(syscallNumber(name))!.handler!(k, t, new SyscallArgs(halves));
}

test('setitimer(ITIMER_REAL) sends SIGALRM when it expires, and the handler ends pause with EINTR', () => {
  const k = kernel();
  const t = program(k, MAIN, PAUSE);
  t.signals.actions[SIGALRM] = { handler: BigInt(BASE + HANDLER), flags: 0n, restorer: 0n, mask: 0n };
  const itv = BASE + 0x900;
  // it_interval 0, it_value 0.000050 s
  t.mm.write(itv, new Uint8Array(new BigUint64Array([0n, 0n, 0n, 50n]).buffer));
  assert.equal(call(k, t, 'setitimer', [0, itv, 0]), 0);
  assert.equal(call(k, t, 'getitimer', [0, itv + 32]), 0);
  const left = t.mm.readU64(itv + 32 + 24);
  assert.ok(left > 0n && left <= 50n, `value left ${left} us`);
  let r = k.run();
  for (let i = 0; i < 1000 && r === 'idle'; i++) r = k.run();
  assert.equal(r, 'done');
  assert.deepEqual(t.proc.exit, { kind: 'exited', code: 253 });
});
