// ppoll(2), pselect6(2), epoll (epoll_create1, epoll_ctl, epoll_pwait,
// epoll_pwait2) and eventfd2(2). Readiness comes from each file's
// ops.poll() (regular files and devices without it are always ready for
// poll/select; epoll refuses them with EPERM, as Linux does). When nothing
// is ready the task blocks on the files' queues and, for a finite timeout, a
// kernel timer; the deadline and the caller's signal mask are kept in
// task.restart across the restarts. The temporary signal mask argument
// replaces the blocked mask for the duration of the call, the old one being
// the thread's saved mask: a signal it lets through ends the wait with EINTR
// and its handler runs with the old mask saved in its frame (restored
// directly when no handler runs); ppoll/pselect6 write the remaining time back.
import { Errno } from '../errno.js';
import { EBADF, EINTR, EINVAL } from '../../abi/linux/errno.js';
import { O_CLOEXEC, O_NONBLOCK } from '../../abi/linux/fcntl.js';
import { FD_SETSIZE, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI } from '../../abi/linux/poll.js';
import { SIGKILL, SIGSTOP } from '../../abi/linux/signal.js';
import { createEpoll, epollOf } from '../../fs/epoll.js';
import { EFD_SEMAPHORE, createEventFd } from '../../fs/eventfd.js';
import type { OpenFile } from '../../fs/file.js';
import type { WaitQueue } from '../../fs/wait_queue.js';
import type { Kernel } from '../kernel.js';
import { sigBit } from '../task/signal_state.js';
import type { Task } from '../task/task.js';
import { BLOCKED } from './types.js';
import type { SyscallArgs, SyscallDef, SyscallResult } from './types.js';

const NS = 1_000_000_000n;
const SIGSET_SIZE = 8;
const UNBLOCKABLE = sigBit(SIGKILL) | sigBit(SIGSTOP);
/** sizeof(struct epoll_event) on arm64: u32 events, 4 bytes of padding, u64 data. */
const EPOLL_EVENT_SIZE = 16;
const EP_MAX_EVENTS = Math.floor(0x7fffffff / EPOLL_EVENT_SIZE);

interface PollState {
  kind: 'poll';
  /** Monotonic deadline (ns), or null for no timeout. */
  deadline: bigint | null;
  /** The blocked mask to restore when the call ends, when a temporary one was given. */
  savedMask: bigint | null;
}

function isPollState(x: unknown): x is PollState {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'poll';
}

/** A relative timeout in ns from the timespec at `ptr` (EINVAL when malformed). */
function readTimespec(t: Task, ptr: number): bigint {
  const v = new DataView(t.mm.read(ptr, 16).buffer);
  const sec = v.getBigInt64(0, true);
  const nsec = v.getBigInt64(8, true);
  if (sec < 0n || nsec < 0n || nsec >= NS) throw new Errno(EINVAL);
  return sec * NS + nsec;
}

/** Whether a pending signal gets through the current mask. */
function signalPending(t: Task): boolean {
  return ((t.signals.pending | t.proc.sharedPending) & ~t.signals.blocked) !== 0n;
}

/**
 * The state of this call: remembered from an earlier run, or made now from
 * the relative timeout (null: none) and the temporary signal mask at
 * `maskPtr` (0: none) of `maskSize` bytes.
 */
function begin(k: Kernel, t: Task, timeoutNs: () => bigint | null, maskPtr: number, maskSize: number): PollState {
  if (isPollState(t.restart)) return t.restart;
  let mask: bigint | null = null;
  if (maskPtr !== 0) {
    if (maskSize !== SIGSET_SIZE) throw new Errno(EINVAL);
    mask = t.mm.readU64(maskPtr);
  }
  const rel = timeoutNs();
  const st: PollState = { kind: 'poll', deadline: rel === null ? null : k.clock.monotonicNs() + rel, savedMask: null };
  if (mask !== null) {
    st.savedMask = t.signals.blocked;
    t.signals.savedMask = st.savedMask;
    t.signals.blocked = mask & ~UNBLOCKABLE;
  }
  t.restart = st;
  return st;
}

/**
 * Run one pass of a waiting call: `scan` returns the result when something
 * is ready (or the call is over), else null with `queues` filled. Nothing
 * ready: the result of `timedOut` once the deadline has passed, EINTR when a
 * signal is pending, else sleep on the queues. The mask is restored whenever
 * the call ends.
 */
function waitLoop(
  k: Kernel, t: Task, st: PollState, scan: (queues: WaitQueue[]) => SyscallResult | null, timedOut: () => SyscallResult,
): SyscallResult {
  let result: SyscallResult = BLOCKED;
  try {
    if (st.savedMask !== null && signalPending(t)) {
      // EINTR keeps the saved mask for the handler frame (restore_saved_sigmask_unless).
      st.savedMask = null;
      throw new Errno(EINTR);
    }
    const queues: WaitQueue[] = [];
    const r = scan(queues);
    if (r !== null) result = r;
    else if (st.deadline !== null && k.clock.monotonicNs() >= st.deadline) result = timedOut();
    else k.block(t, queues, st.deadline ?? undefined);
    return result;
  } catch (e) {
    result = 0;
    throw e;
  } finally {
    if (result !== BLOCKED && st.savedMask !== null) {
      t.signals.blocked = st.savedMask;
      t.signals.savedMask = null;
      st.savedMask = null;
    }
  }
}

/** ppoll/pselect6: write the time left back to the timespec at `ptr` (not for a zero or absent timeout). */
function writeRemaining(k: Kernel, t: Task, st: PollState, ptr: number, given: boolean): void {
  if (!given || st.deadline === null || ptr === 0) return;
  const left = st.deadline - k.clock.monotonicNs();
  const ns = left > 0n ? left : 0n;
  const out = new DataView(new ArrayBuffer(16));
  out.setBigInt64(0, ns / NS, true);
  out.setBigInt64(8, ns % NS, true);
  t.mm.write(ptr, new Uint8Array(out.buffer));
}

function readiness(f: OpenFile): { events: number; queues: WaitQueue[] } {
  return f.ops.poll?.() ?? { events: POLLIN | POLLOUT, queues: [] };
}

/** Whether a timeout argument is present and non-zero (Linux writes back only then). */
function nonZeroTimeout(t: Task, a: SyscallArgs, i: number): boolean {
  if (a.isNull(i)) return false;
  const v = new DataView(t.mm.read(a.ptr(i), 16).buffer);
  return v.getBigInt64(0, true) !== 0n || v.getBigInt64(8, true) !== 0n;
}

function ppoll(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const nfds = a.num(1);
  if (nfds > t.files.limit) throw new Errno(EINVAL);
  const fresh = !isPollState(t.restart);
  const given = fresh ? nonZeroTimeout(t, a, 2) : !a.isNull(2);
  const st = begin(k, t, () => (a.isNull(2) ? null : readTimespec(t, a.ptr(2))), a.isNull(3) ? 0 : a.ptr(3), a.num(4));
  const raw = nfds > 0 ? t.mm.read(a.ptr(0), 8 * nfds) : new Uint8Array(0);
  const v = new DataView(raw.buffer);
  let ready = 0;
  const scan = (queues: WaitQueue[]): SyscallResult | null => {
    for (let i = 0; i < nfds; i++) {
      const fd = v.getInt32(8 * i, true);
      const want = v.getUint16(8 * i + 4, true) | POLLERR | POLLHUP;
      let got = 0;
      if (fd >= 0) {
        if (!t.files.has(fd)) got = POLLNVAL;
        else {
          const r = readiness(t.files.get(fd));
          got = r.events & want;
          queues.push(...r.queues);
        }
      }
      v.setUint16(8 * i + 6, got, true);
      if (got) ready++;
    }
    return ready > 0 ? ready : null;
  };
  const r = waitLoop(k, t, st, scan, () => 0);
  if (r === BLOCKED) return r;
  if (nfds > 0) t.mm.write(a.ptr(0), raw);
  writeRemaining(k, t, st, a.isNull(2) ? 0 : a.ptr(2), given);
  return r;
}

const READ_SET = POLLIN | POLLHUP | POLLERR;
const WRITE_SET = POLLOUT | POLLERR;
const EXCEPT_SET = POLLPRI;

function pselect6(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const nfds = a.int(0);
  if (nfds < 0 || nfds > Math.max(FD_SETSIZE, t.files.limit)) throw new Errno(EINVAL);
  let maskPtr = 0;
  let maskSize = SIGSET_SIZE;
  if (!a.isNull(5)) {
    const v = new DataView(t.mm.read(a.ptr(5), 16).buffer);
    maskPtr = Number(v.getBigUint64(0, true) & 0x00ffffffffffffffn);
    maskSize = Number(v.getBigUint64(8, true));
  }
  const fresh = !isPollState(t.restart);
  const given = fresh ? nonZeroTimeout(t, a, 4) : !a.isNull(4);
  const st = begin(k, t, () => (a.isNull(4) ? null : readTimespec(t, a.ptr(4))), maskPtr, maskSize);
  const bytes = 8 * Math.ceil(nfds / 64);
  const sets = [1, 2, 3].map((i) => (a.isNull(i) || bytes === 0 ? null : t.mm.read(a.ptr(i), bytes)));
  const masks = [READ_SET, WRITE_SET, EXCEPT_SET];
  const out = sets.map((s) => (s ? new Uint8Array(s.length) : null));
  let ready = 0;
  const scan = (queues: WaitQueue[]): SyscallResult | null => {
    for (let fd = 0; fd < nfds; fd++) {
      const bit = 1 << (fd & 7);
      const byte = fd >> 3;
      if (!sets.some((s) => s && s[byte] & bit)) continue;
      if (!t.files.has(fd)) throw new Errno(EBADF);
      const r = readiness(t.files.get(fd));
      queues.push(...r.queues);
      sets.forEach((s, j) => {
        if (s && s[byte] & bit && r.events & masks[j]) {
          out[j]![byte] |= bit;
          ready++;
        }
      });
    }
    return ready > 0 ? ready : null;
  };
  const r = waitLoop(k, t, st, scan, () => 0);
  if (r === BLOCKED) return r;
  out.forEach((o, j) => {
    if (o) t.mm.write(a.ptr(j + 1), o);
  });
  writeRemaining(k, t, st, a.isNull(4) ? 0 : a.ptr(4), given);
  return r;
}

// ---- epoll and eventfd ------------------------------------------------------

function epollCreate1(k: Kernel, t: Task, a: SyscallArgs): number {
  const flags = a.u32(0);
  if (flags & ~O_CLOEXEC) throw new Errno(EINVAL);
  const f = createEpoll(k.clock.realtimeNs());
  try {
    return t.files.install(f, (flags & O_CLOEXEC) !== 0);
  } catch (e) {
    f.release();
    throw e;
  }
}

function epollCtl(_k: Kernel, t: Task, a: SyscallArgs): number {
  const epf = t.files.get(a.int(0));
  const op = a.int(1);
  const fd = a.int(2);
  const target = t.files.get(fd);
  const ep = epollOf(epf);
  if (ep === null) throw new Errno(EINVAL);
  let ev = null;
  if (op !== 2) {
    const v = new DataView(t.mm.read(a.ptr(3), EPOLL_EVENT_SIZE).buffer);
    ev = { events: v.getUint32(0, true), data: v.getBigUint64(8, true) };
  }
  ep.ctl(op, fd, target, ev, epf);
  return 0;
}

function epollWait(k: Kernel, t: Task, a: SyscallArgs, timeoutNs: () => bigint | null): SyscallResult {
  const max = a.int(2);
  if (max <= 0 || max > EP_MAX_EVENTS) throw new Errno(EINVAL);
  const ep = epollOf(t.files.get(a.int(0)));
  if (ep === null) throw new Errno(EINVAL);
  const st = begin(k, t, timeoutNs, a.isNull(4) ? 0 : a.ptr(4), a.num(5));
  const scan = (queues: WaitQueue[]): SyscallResult | null => {
    const evs = ep.collect(max);
    if (evs.length === 0) {
      queues.push(ep.wait);
      return null;
    }
    const out = new DataView(new ArrayBuffer(evs.length * EPOLL_EVENT_SIZE));
    evs.forEach((e, i) => {
      out.setUint32(i * EPOLL_EVENT_SIZE, e.events >>> 0, true);
      out.setBigUint64(i * EPOLL_EVENT_SIZE + 8, e.data, true);
    });
    t.mm.write(a.ptr(1), new Uint8Array(out.buffer));
    return evs.length;
  };
  return waitLoop(k, t, st, scan, () => 0);
}

function eventfd2(k: Kernel, t: Task, a: SyscallArgs): number {
  const flags = a.u32(1);
  if (flags & ~(EFD_SEMAPHORE | O_CLOEXEC | O_NONBLOCK)) throw new Errno(EINVAL);
  const f = createEventFd(a.u32(0), flags, k.clock.realtimeNs());
  try {
    return t.files.install(f, (flags & O_CLOEXEC) !== 0);
  } catch (e) {
    f.release();
    throw e;
  }
}

export const syscalls: SyscallDef[] = [
  {
    nr: 73,
    name: 'ppoll',
    support: 'full',
    note: 'the temporary signal mask applies while waiting (a handler it lets through gets the old mask in its frame); a caught signal ends it with EINTR even with SA_RESTART; the remaining time is written back',
    args: ['ptr', 'udec', 'ptr', 'ptr', 'udec'],
    handler: ppoll,
  },
  {
    nr: 72,
    name: 'pselect6',
    support: 'full',
    note: 'as ppoll',
    args: ['dec', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
    handler: pselect6,
  },
  {
    nr: 19,
    name: 'eventfd2',
    support: 'full',
    note: 'EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC',
    args: ['udec', 'oflags'],
    handler: eventfd2,
  },
  {
    nr: 20,
    name: 'epoll_create1',
    support: 'full',
    args: ['oflags'],
    handler: epollCreate1,
  },
  {
    nr: 21,
    name: 'epoll_ctl',
    support: 'full',
    note: 'level-triggered, EPOLLET, EPOLLONESHOT; files without poll (regular files) are EPERM; nesting up to 4 levels',
    args: ['fd', 'dec', 'fd', 'ptr'],
    handler: epollCtl,
  },
  {
    nr: 22,
    name: 'epoll_pwait',
    support: 'full',
    note: 'timeout in ms (-1: none); the signal mask as ppoll',
    args: ['fd', 'ptr', 'dec', 'dec', 'ptr', 'udec'],
    handler: (k, t, a) => epollWait(k, t, a, () => (a.int(3) < 0 ? null : BigInt(a.int(3)) * 1_000_000n)),
  },
  {
    nr: 441,
    name: 'epoll_pwait2',
    support: 'full',
    note: 'timespec timeout (NULL: none); as epoll_pwait',
    args: ['fd', 'ptr', 'dec', 'ptr', 'ptr', 'udec'],
    handler: (k, t, a) => epollWait(k, t, a, () => (a.isNull(3) ? null : readTimespec(t, a.ptr(3)))),
  },
];
