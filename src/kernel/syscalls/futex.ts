// futex(2): WAIT, WAKE, their BITSET forms, REQUEUE, CMP_REQUEUE and
// WAKE_OP, with timeouts. Waiters meet on a key (AddressSpace.futexKey):
// the address space and address for private memory, the shared object and
// offset for MAP_SHARED memory, so FUTEX_PRIVATE_FLAG and shared futexes
// both work across threads and across fork. A waiter blocks and restarts;
// its restart state says whether it was woken, requeued or timed out.
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
const ALL_BITS = 0xffffffff;

interface FutexWait {
  kind: 'futex';
  key: string;
  bitset: number;
  woken: boolean;
  /** Monotonic deadline (ns since boot), or null for none. */
  deadline: bigint | null;
}

function isFutexWait(x: unknown): x is FutexWait {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'futex';
}

function queue(k: Kernel, key: string): Task[] {
  let q = k.futexQueues.get(key);
  if (q === undefined) {
    q = [];
    k.futexQueues.set(key, q);
  }
  return q;
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
  // A restart of this same call (after a wake-up, a signal or its timer): the state says which.
  if (isFutexWait(st)) {
    if (st.woken) return 0;
    if (st.deadline !== null && monotonicNs(k) >= st.deadline) {
      k.futexForget(t);
      throw new Errno(ETIMEDOUT);
    }
    if (!queue(k, st.key).includes(t)) queue(k, st.key).push(t);
    k.block(t, [], st.deadline === null ? undefined : st.deadline + k.bootNs);
    return BLOCKED;
  }
  if (addr % 4 !== 0) throw new Errno(EINVAL);
  const bitset = cmd === fx.FUTEX_WAIT_BITSET ? a.u32(5) : ALL_BITS;
  if (bitset === 0) throw new Errno(EINVAL);
  const deadline = readTimeout(k, t, a, cmd, op);
  if (t.mm.readU32(addr) !== a.u32(2)) throw new Errno(EAGAIN);
  if (deadline !== null && monotonicNs(k) >= deadline) throw new Errno(ETIMEDOUT);
  const w: FutexWait = { kind: 'futex', key: t.mm.futexKey(addr), bitset, woken: false, deadline };
  t.restart = w;
  queue(k, w.key).push(t);
  k.block(t, [], deadline === null ? undefined : deadline + k.bootNs);
  return BLOCKED;
}

function requeue(k: Kernel, t: Task, a: SyscallArgs, cmp: boolean): number {
  const addr = a.ptr(0);
  const addr2 = a.ptr(4);
  const nrWake = a.int(2);
  const limit = a.int(3);
  if (nrWake < 0 || limit < 0) throw new Errno(EINVAL);
  if (cmp && t.mm.readU32(addr) !== a.u32(5)) throw new Errno(EAGAIN);
  const key = t.mm.futexKey(addr);
  const key2 = t.mm.futexKey(addr2);
  const woken = k.futexWake(key, nrWake);
  const q = k.futexQueues.get(key);
  let moved = 0;
  while (q !== undefined && q.length > 0 && moved < limit) {
    const w = q.shift()!;
    if (isFutexWait(w.restart)) w.restart.key = key2;
    queue(k, key2).push(w);
    moved++;
  }
  if (q !== undefined && q.length === 0) k.futexQueues.delete(key);
  return woken + (cmp ? moved : 0);
}

/** FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake uaddr; wake uaddr2 too if cmp(old, cmparg). */
function wakeOp(k: Kernel, t: Task, a: SyscallArgs): number {
  const addr = a.ptr(0);
  const addr2 = a.ptr(4);
  const enc = a.u32(5);
  const op = (enc >>> 28) & 7;
  const shift = (enc >>> 28) & 8;
  const cmp = (enc >>> 24) & 15;
  let oparg = (enc << 8) >> 20;
  const cmparg = (enc << 20) >> 20;
  if (shift !== 0) oparg = oparg < 0 || oparg > 31 ? 0 : 1 << oparg;
  const old = t.mm.readU32(addr2) | 0;
  let next: number;
  switch (op) {
    case 0:
      next = oparg;
      break;
    case 1:
      next = old + oparg;
      break;
    case 2:
      next = old | oparg;
      break;
    case 3:
      next = old & ~oparg;
      break;
    case 4:
      next = old ^ oparg;
      break;
    default:
      throw new Errno(ENOSYS);
  }
  let hit: boolean;
  switch (cmp) {
    case 0:
      hit = old === cmparg;
      break;
    case 1:
      hit = old !== cmparg;
      break;
    case 2:
      hit = old < cmparg;
      break;
    case 3:
      hit = old <= cmparg;
      break;
    case 4:
      hit = old > cmparg;
      break;
    case 5:
      hit = old >= cmparg;
      break;
    default:
      throw new Errno(ENOSYS);
  }
  t.mm.writeU32(addr2, next >>> 0);
  let woken = k.futexWake(t.mm.futexKey(addr), Math.max(0, a.int(2)));
  if (hit) woken += k.futexWake(t.mm.futexKey(addr2), Math.max(0, a.int(3)));
  return woken;
}

function futex(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const op = a.int(1);
  const cmd = op & fx.FUTEX_CMD_MASK;
  switch (cmd) {
    case fx.FUTEX_WAIT:
    case fx.FUTEX_WAIT_BITSET:
      return wait(k, t, a, cmd, op);
    case fx.FUTEX_WAKE:
      return k.futexWake(t.mm.futexKey(a.ptr(0)), Math.max(0, a.int(2)));
    case fx.FUTEX_WAKE_BITSET: {
      const bitset = a.u32(5);
      if (bitset === 0) throw new Errno(EINVAL);
      return k.futexWake(t.mm.futexKey(a.ptr(0)), Math.max(0, a.int(2)), bitset);
    }
    case fx.FUTEX_REQUEUE:
      return requeue(k, t, a, false);
    case fx.FUTEX_CMP_REQUEUE:
      return requeue(k, t, a, true);
    case fx.FUTEX_WAKE_OP:
      return wakeOp(k, t, a);
    default:
      throw new Errno(ENOSYS);
  }
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('futex'), name: 'futex', support: 'partial', handler: futex, args: ['ptr', 'hex', 'dec', 'ptr', 'ptr', 'hex'],
    note: 'WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP, PRIVATE flag, timeouts (relative, absolute, CLOCK_REALTIME); no PI futexes',
  },
];
