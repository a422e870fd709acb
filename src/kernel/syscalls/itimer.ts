// Interval timers (kernel/time/itimer.c): getitimer(2) and setitimer(2).
// ITIMER_REAL counts CLOCK_MONOTONIC on a kernel timer and sends SIGALRM
// (SI_KERNEL) to the process when it expires, re-arming itself by the
// interval; glibc's alarm() is setitimer(ITIMER_REAL) on arm64, which has
// no alarm syscall. A process's timers survive execve and are not inherited
// by fork (the child is a new Process). ITIMER_VIRTUAL (SIGVTALRM) and
// ITIMER_PROF (SIGPROF) count the process's CPU time (Flint does not split
// user and system time: both count all of it) and are checked each time one
// of its threads is scheduled (fireCpuTimers).
import { EINVAL } from '../../abi/linux/errno.js';
import { SIGALRM, SIGPROF, SIGVTALRM } from '../../abi/linux/signal.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { kernelSigInfo } from '../signal/siginfo.js';
import type { Process } from '../task/process.js';
import { postSignal } from '../task/signal_post.js';
import type { Task } from '../task/task.js';
import { StructBuf } from './struct_buf.js';
import type { SyscallArgs, SyscallDef } from './types.js';

const ITIMER_REAL = 0;
const ITIMER_VIRTUAL = 1;
const ITIMER_PROF = 2;
const NS_PER_US = 1000n;
const US_PER_SEC = 1_000_000n;

interface RealTimer {
  /** Expiry on the host monotonic clock (k.clock), ns; null when disarmed. */
  at: bigint | null;
  /** Re-arm period, ns (0: one-shot). */
  interval: bigint;
  cancel: (() => void) | null;
}

interface CpuTimer {
  /** Expiry as the process's CPU time, ns; null when disarmed. */
  at: bigint | null;
  interval: bigint;
}

interface ProcessTimers {
  real: RealTimer;
  cpu: [CpuTimer, CpuTimer];
}

const timersOf = new WeakMap<Process, ProcessTimers>();

function timers(p: Process): ProcessTimers {
  let x = timersOf.get(p);
  if (x === undefined) {
    x = { real: { at: null, interval: 0n, cancel: null }, cpu: [{ at: null, interval: 0n }, { at: null, interval: 0n }] };
    timersOf.set(p, x);
  }
  return x;
}

function arm(k: Kernel, p: Process, r: RealTimer, at: bigint | null): void {
  r.cancel?.();
  r.cancel = null;
  r.at = at;
  if (at !== null) r.cancel = k.addTimer(at, () => expire(k, p, r));
}

/** it_real_fn: SIGALRM to the process, and the next period if there is one. */
function expire(k: Kernel, p: Process, r: RealTimer): void {
  r.cancel = null;
  const th = p.threads[0];
  if (p.exit !== null || p.groupExit !== null || th === undefined) {
    r.at = null;
    return;
  }
  const due = r.at ?? k.clock.monotonicNs();
  if (r.interval > 0n) {
    const now = k.clock.monotonicNs();
    let next = due + r.interval;
    if (next <= now) next = now + r.interval;
    arm(k, p, r, next);
  } else {
    r.at = null;
  }
  postSignal(k, th, SIGALRM, true, kernelSigInfo(SIGALRM));
}

/** Send SIGVTALRM/SIGPROF for t's process's CPU-time timers that have expired; called when t is scheduled. */
export function fireCpuTimers(k: Kernel, t: Task): void {
  const x = timersOf.get(t.proc);
  if (x === undefined) return;
  for (let i = 0; i < 2; i++) {
    const c = x.cpu[i];
    if (c.at === null) continue;
    const used = t.proc.cpuNs();
    if (used < c.at) continue;
    c.at = c.interval > 0n ? used + c.interval : null;
    postSignal(k, t, i === 0 ? SIGVTALRM : SIGPROF, true, kernelSigInfo(i === 0 ? SIGVTALRM : SIGPROF));
  }
}

/** struct timeval from ns, rounding a non-zero remainder up to 1 µs as Linux does for a running timer. */
function timeval(b: StructBuf, off: number, ns: bigint): void {
  const us = (ns + NS_PER_US - 1n) / NS_PER_US;
  b.i64(off, us / US_PER_SEC).i64(off + 8, us % US_PER_SEC);
}

/** The itimerval (interval, value) for timer `which` of t's process. */
function current(k: Kernel, t: Task, which: number): Uint8Array {
  const x = timers(t.proc);
  let left = 0n;
  let interval = 0n;
  if (which === ITIMER_REAL) {
    const r = x.real;
    if (r.at !== null) left = r.at - k.clock.monotonicNs();
    if (r.at !== null && left <= 0n) left = 1n;
    interval = r.interval;
  } else {
    const c = x.cpu[which - 1];
    if (c.at !== null) {
      left = c.at - t.proc.cpuNs();
      if (left <= 0n) left = 1n;
    }
    interval = c.interval;
  }
  const b = new StructBuf(32);
  timeval(b, 0, interval);
  timeval(b, 16, left);
  return b.bytes;
}

function checkWhich(which: number): void {
  if (which !== ITIMER_REAL && which !== ITIMER_VIRTUAL && which !== ITIMER_PROF) throw new Errno(EINVAL);
}

/** A struct timeval in ns; EINVAL when negative or tv_usec is out of range. */
function readTimeval(b: StructBuf, off: number): bigint {
  const sec = BigInt.asIntN(64, b.getU64(off));
  const usec = BigInt.asIntN(64, b.getU64(off + 8));
  if (sec < 0n || usec < 0n || usec >= US_PER_SEC) throw new Errno(EINVAL);
  return (sec * US_PER_SEC + usec) * NS_PER_US;
}

function getitimer(k: Kernel, t: Task, a: SyscallArgs): number {
  const which = a.int(0);
  checkWhich(which);
  t.mm.write(a.ptr(1), current(k, t, which));
  return 0;
}

function setitimer(k: Kernel, t: Task, a: SyscallArgs): number {
  const which = a.int(0);
  checkWhich(which);
  let interval = 0n;
  let value = 0n;
  if (!a.isNull(1)) {
    const b = new StructBuf(t.mm.read(a.ptr(1), 32));
    interval = readTimeval(b, 0);
    value = readTimeval(b, 16);
  }
  const old = current(k, t, which);
  const x = timers(t.proc);
  if (which === ITIMER_REAL) {
    x.real.interval = interval;
    arm(k, t.proc, x.real, value === 0n ? null : k.clock.monotonicNs() + value);
  } else {
    const c = x.cpu[which - 1];
    c.interval = interval;
    c.at = value === 0n ? null : t.proc.cpuNs() + value;
  }
  if (!a.isNull(2)) t.mm.write(a.ptr(2), old);
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('getitimer'), name: 'getitimer', support: 'full', handler: getitimer, args: ['dec', 'ptr'],
    note: 'ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF',
  },
  {
    nr: nr('setitimer'), name: 'setitimer', support: 'partial', handler: setitimer, args: ['dec', 'ptr', 'ptr'],
    note: 'ITIMER_REAL sends SIGALRM (alarm() uses it); ITIMER_VIRTUAL and ITIMER_PROF both count all CPU time, checked at each time slice',
  },
];
