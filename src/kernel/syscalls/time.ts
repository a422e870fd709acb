// Time: clocks read through the Clock port, sleeps that block the task on a
// timer (never a busy loop), and CPU-time accounting (times, getrusage).
// CLOCK_MONOTONIC counts from machine boot, as Linux's counts from boot.
import { EINVAL } from '../../abi/linux/errno.js';
import { RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD } from '../../abi/linux/resource.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import * as tm from '../../abi/linux/time.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import { StructBuf } from './struct_buf.js';
import { BLOCKED, type SyscallArgs, type SyscallDef, type SyscallResult } from './types.js';

const NS_PER_SEC = 1_000_000_000n;
const NS_PER_TICK = NS_PER_SEC / BigInt(tm.USER_HZ);

/** Nanoseconds on the machine's monotonic clock (since boot). */
export function monotonicNs(k: Kernel): bigint {
  return k.clock.monotonicNs() - k.bootNs;
}

/** The current value of clock `clk` in ns; EINVAL for an unknown clock. */
export function clockNs(k: Kernel, t: Task, clk: number): bigint {
  switch (clk) {
    case tm.CLOCK_REALTIME:
    case tm.CLOCK_REALTIME_COARSE:
    case tm.CLOCK_REALTIME_ALARM:
    case tm.CLOCK_TAI:
      return k.clock.realtimeNs();
    case tm.CLOCK_MONOTONIC:
    case tm.CLOCK_MONOTONIC_RAW:
    case tm.CLOCK_MONOTONIC_COARSE:
    case tm.CLOCK_BOOTTIME:
    case tm.CLOCK_BOOTTIME_ALARM:
      return monotonicNs(k);
    case tm.CLOCK_PROCESS_CPUTIME_ID:
    case tm.CLOCK_THREAD_CPUTIME_ID:
      return t.cpuNs;
    default:
      throw new Errno(EINVAL);
  }
}

function timespec(ns: bigint): Uint8Array {
  return new StructBuf(16).i64(0, ns / NS_PER_SEC).i64(8, ns % NS_PER_SEC).bytes;
}

/** Read a struct timespec; EINVAL when tv_nsec is out of range or tv_sec negative. */
function readTimespec(t: Task, addr: number): bigint {
  const b = new StructBuf(t.mm.read(addr, 16));
  const sec = b.getI64(0);
  const nsec = b.getI64(8);
  if (sec < 0n || nsec < 0n || nsec >= NS_PER_SEC) throw new Errno(EINVAL);
  return sec * NS_PER_SEC + nsec;
}

function clockGettime(k: Kernel, t: Task, a: SyscallArgs): number {
  const ns = clockNs(k, t, a.int(0));
  t.mm.write(a.ptr(1), timespec(ns));
  return 0;
}

function clockGetres(k: Kernel, t: Task, a: SyscallArgs): number {
  const clk = a.int(0);
  clockNs(k, t, clk);
  const coarse = clk === tm.CLOCK_REALTIME_COARSE || clk === tm.CLOCK_MONOTONIC_COARSE;
  if (!a.isNull(1)) t.mm.write(a.ptr(1), timespec(coarse ? 4_000_000n : 1n));
  return 0;
}

function gettimeofday(k: Kernel, t: Task, a: SyscallArgs): number {
  const ns = k.clock.realtimeNs();
  if (!a.isNull(0)) {
    t.mm.write(a.ptr(0), new StructBuf(16).i64(0, ns / NS_PER_SEC).i64(8, (ns % NS_PER_SEC) / 1000n).bytes);
  }
  if (!a.isNull(1)) t.mm.write(a.ptr(1), new Uint8Array(8));
  return 0;
}

interface SleepState {
  kind: 'sleep';
  /** Monotonic deadline, ns since boot. */
  deadline: bigint;
}

function isSleep(x: unknown): x is SleepState {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'sleep';
}

/** Block until the monotonic deadline; the syscall restarts and finds it passed. */
function sleepUntil(k: Kernel, t: Task, st: SleepState): SyscallResult {
  if (monotonicNs(k) >= st.deadline) return 0;
  k.block(t, [], st.deadline + k.bootNs);
  return BLOCKED;
}

function nanosleep(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const prev = t.restart;
  if (isSleep(prev)) return sleepUntil(k, t, prev);
  const ns = readTimespec(t, a.ptr(0));
  const st: SleepState = { kind: 'sleep', deadline: monotonicNs(k) + ns };
  t.restart = st;
  return sleepUntil(k, t, st);
}

function clockNanosleep(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const prev = t.restart;
  if (isSleep(prev)) return sleepUntil(k, t, prev);
  const clk = a.int(0);
  if (clk === tm.CLOCK_THREAD_CPUTIME_ID) throw new Errno(EINVAL);
  const now = clockNs(k, t, clk);
  const req = readTimespec(t, a.ptr(2));
  const rel = (a.int(1) & tm.TIMER_ABSTIME) !== 0 ? req - now : req;
  const st: SleepState = { kind: 'sleep', deadline: monotonicNs(k) + (rel > 0n ? rel : 0n) };
  t.restart = st;
  return sleepUntil(k, t, st);
}

function times(k: Kernel, t: Task, a: SyscallArgs): number {
  if (!a.isNull(0)) {
    const b = new StructBuf(32).i64(0, t.proc.cpuNs() / NS_PER_TICK).i64(8, 0).i64(16, t.proc.childCpuNs / NS_PER_TICK).i64(24, 0);
    t.mm.write(a.ptr(0), b.bytes);
  }
  return Number(monotonicNs(k) / NS_PER_TICK);
}

/** struct rusage (144 bytes): two timevals, then fourteen longs. */
function getrusage(_k: Kernel, t: Task, a: SyscallArgs): number {
  const who = a.int(0);
  const b = new StructBuf(144);
  if (who === RUSAGE_SELF || who === RUSAGE_THREAD) {
    const ns = who === RUSAGE_SELF ? t.proc.cpuNs() : t.cpuNs;
    b.i64(0, ns / NS_PER_SEC).i64(8, (ns % NS_PER_SEC) / 1000n);
    b.i64(32, Math.max(t.proc.maxRssKb, t.mm.residentPages() * 4));
    b.i64(128, t.nvcsw).i64(136, t.nivcsw);
  } else if (who === RUSAGE_CHILDREN) {
    const ns = t.proc.childCpuNs;
    b.i64(0, ns / NS_PER_SEC).i64(8, (ns % NS_PER_SEC) / 1000n);
    b.i64(32, t.proc.childMaxRssKb);
  } else {
    throw new Errno(EINVAL);
  }
  t.mm.write(a.ptr(1), b.bytes);
  return 0;
}

export const syscalls: SyscallDef[] = [
  { nr: nr('clock_gettime'), name: 'clock_gettime', support: 'full', handler: clockGettime, args: ['clock', 'ptr'] },
  { nr: nr('clock_getres'), name: 'clock_getres', support: 'full', handler: clockGetres, args: ['clock', 'ptr'] },
  { nr: nr('gettimeofday'), name: 'gettimeofday', support: 'full', handler: gettimeofday, args: ['ptr', 'ptr'] },
  {
    nr: nr('nanosleep'), name: 'nanosleep', support: 'partial', handler: nanosleep, args: ['ptr', 'ptr'],
    note: 'blocks on a timer; a caught signal ends it with EINTR (even with SA_RESTART) and writes the time left to *rem',
  },
  {
    nr: nr('clock_nanosleep'), name: 'clock_nanosleep', support: 'partial', handler: clockNanosleep,
    args: ['clock', 'hex', 'ptr', 'ptr'], note: 'relative and TIMER_ABSTIME; as nanosleep',
  },
  { nr: nr('times'), name: 'times', support: 'full', handler: times, args: ['ptr'] },
  {
    nr: nr('getrusage'), name: 'getrusage', support: 'partial', handler: getrusage, args: ['dec', 'ptr'],
    note: 'user time, max RSS, context switches; RUSAGE_CHILDREN sums reaped children',
  },
];
