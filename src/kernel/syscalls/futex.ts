// futex(2), enough for glibc's locks, condition variables and joins:
// FUTEX_WAIT(_BITSET) with an optional timeout, FUTEX_WAKE(_BITSET),
// FUTEX_REQUEUE and FUTEX_CMP_REQUEUE. Waiters are keyed by user address
// (one address space per futex for now: private and shared are the same).
import { EAGAIN, EINVAL, ENOSYS, ETIMEDOUT } from '../../abi/linux/errno.js';
import * as fx from '../../abi/linux/futex.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import { StructBuf } from './struct_buf.js';
import { monotonicNs } from './time.js';
import { BLOCKED, type SyscallArgs, type SyscallDef, type SyscallResult } from './types.js';

const NS_PER_SEC = 1_000_000_000n;

interface FutexWait {
  kind: 'futex';
  addr: number;
  woken: boolean;
  /** Monotonic deadline (ns since boot), or null for none. */
  deadline: bigint | null;
}

function isFutexWait(x: unknown): x is FutexWait {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'futex';
}

function queue(k: Kernel, addr: number): Task[] {
  let q = k.futexQueues.get(addr);
  if (q === undefined) {
    q = [];
    k.futexQueues.set(addr, q);
  }
  return q;
}

function dequeue(k: Kernel, t: Task, addr: number): void {
  const q = k.futexQueues.get(addr);
  if (q === undefined) return;
  const i = q.indexOf(t);
  if (i >= 0) q.splice(i, 1);
  if (q.length === 0) k.futexQueues.delete(addr);
}

function readTimeout(k: Kernel, t: Task, a: SyscallArgs, cmd: number, op: number): bigint | null {
  if (a.isNull(3)) return null;
  const b = new StructBuf(t.mm.read(a.ptr(3), 16));
  const sec = b.getI64(0);
  const nsec = b.getI64(8);
  if (sec < 0n || nsec < 0n || nsec >= NS_PER_SEC) throw new Errno(EINVAL);
  const ns = sec * NS_PER_SEC + nsec;
  const now = monotonicNs(k);
  if (cmd === fx.FUTEX_WAIT) return now + ns;
  // FUTEX_WAIT_BITSET: absolute on CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag.
  if ((op & fx.FUTEX_CLOCK_REALTIME) !== 0) return now + (ns - k.clock.realtimeNs());
  return ns;
}

function wait(k: Kernel, t: Task, a: SyscallArgs, cmd: number, op: number): SyscallResult {
  const addr = a.ptr(0);
  const st = t.restart;
  // A restart of this same call (after a wake-up or its timer): the state says which.
  if (isFutexWait(st)) {
    if (st.woken) return 0;
    if (st.deadline !== null && monotonicNs(k) >= st.deadline) {
      dequeue(k, t, st.addr);
      throw new Errno(ETIMEDOUT);
    }
    k.block(t, [], st.deadline === null ? undefined : st.deadline + k.bootNs);
    return BLOCKED;
  }
  if (addr % 4 !== 0) throw new Errno(EINVAL);
  if (cmd === fx.FUTEX_WAIT_BITSET && a.u32(5) === 0) throw new Errno(EINVAL);
  const deadline = readTimeout(k, t, a, cmd, op);
  if (t.mm.readU32(addr) !== a.u32(2)) throw new Errno(EAGAIN);
  if (deadline !== null && monotonicNs(k) >= deadline) throw new Errno(ETIMEDOUT);
  const w: FutexWait = { kind: 'futex', addr, woken: false, deadline };
  t.restart = w;
  queue(k, addr).push(t);
  k.block(t, [], deadline === null ? undefined : deadline + k.bootNs);
  return BLOCKED;
}

/** Wake up to n waiters on addr; returns how many. */
function wakeN(k: Kernel, addr: number, n: number): number {
  const q = k.futexQueues.get(addr);
  if (q === undefined) return 0;
  let woken = 0;
  while (woken < n && q.length > 0) {
    const w = q.shift()!;
    if (isFutexWait(w.restart)) w.restart.woken = true;
    k.wake(w);
    woken++;
  }
  if (q.length === 0) k.futexQueues.delete(addr);
  return woken;
}

function requeue(k: Kernel, t: Task, a: SyscallArgs, cmp: boolean): number {
  const addr = a.ptr(0);
  const addr2 = a.ptr(4);
  if (cmp && t.mm.readU32(addr) !== a.u32(5)) throw new Errno(EAGAIN);
  const woken = wakeN(k, addr, a.int(2));
  const limit = a.int(3);
  const q = k.futexQueues.get(addr);
  let moved = 0;
  while (q !== undefined && q.length > 0 && moved < limit) {
    const w = q.shift()!;
    if (isFutexWait(w.restart)) w.restart.addr = addr2;
    queue(k, addr2).push(w);
    moved++;
  }
  if (q !== undefined && q.length === 0) k.futexQueues.delete(addr);
  return woken + (cmp ? moved : 0);
}

function futex(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const op = a.int(1);
  const cmd = op & fx.FUTEX_CMD_MASK;
  switch (cmd) {
    case fx.FUTEX_WAIT:
    case fx.FUTEX_WAIT_BITSET:
      return wait(k, t, a, cmd, op);
    case fx.FUTEX_WAKE:
    case fx.FUTEX_WAKE_BITSET:
      return wakeN(k, a.ptr(0), Math.max(0, a.int(2)));
    case fx.FUTEX_REQUEUE:
      return requeue(k, t, a, false);
    case fx.FUTEX_CMP_REQUEUE:
      return requeue(k, t, a, true);
    default:
      throw new Errno(ENOSYS);
  }
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('futex'), name: 'futex', support: 'partial', handler: futex, args: ['ptr', 'hex', 'dec', 'ptr', 'ptr', 'hex'],
    note: 'WAIT, WAKE, their BITSET forms (bitset ignored), REQUEUE, CMP_REQUEUE, timeouts; no WAKE_OP or PI futexes',
  },
];
