// A pending-signal queue with each signal's siginfo (struct sigpending,
// kernel/signal.c): a standard signal (1..31) is pending at most once, a
// second one while it is pending is dropped (legacy_queue); real-time
// signals (32..64) queue every instance in order. Dequeueing takes the
// synchronous fault signals first, then the lowest-numbered (next_signal),
// and the oldest instance of it (collect_signal). A thread and its process
// each have one (private and shared pending).
import { SIGRTMIN, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGSYS, SIGTRAP } from '../../abi/linux/signal.js';
import { SI_USER } from '../../abi/linux/siginfo.js';
import type { SigInfo } from './siginfo.js';

function sigBit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** SYNCHRONOUS_MASK: signals a faulting instruction raises, delivered before any other. */
const SYNCHRONOUS = sigBit(SIGSEGV) | sigBit(SIGBUS) | sigBit(SIGILL) | sigBit(SIGTRAP) | sigBit(SIGFPE) | sigBit(SIGSYS);

export type QueueResult = 'queued' | 'merged' | 'lost' | 'full';

/**
 * What generating a signal may do about its siginfo under RLIMIT_SIGPENDING
 * (kernel/signal.c __send_signal_locked, __sigqueue_alloc): 'queue' it;
 * 'lose' it (the signal is still made pending, its siginfo reads as a plain
 * SI_USER one); or 'fail' (a real-time signal sent with data, as sigqueue(3)
 * does: the sender gets EAGAIN). `queued` is the number of siginfos queued
 * for the target's user (counted only when needed), `limit` the target's RLIMIT_SIGPENDING. A standard
 * signal from kill(2) or the kernel (si_code >= 0) is never limited.
 */
export function sigpendingVerdict(info: SigInfo, queued: () => number, limit: bigint): 'queue' | 'lose' | 'fail' {
  const sig = info.signo;
  const code = sigInfoCode(info);
  const override = sig < SIGRTMIN && code >= 0;
  if (override || BigInt(queued()) + 1n <= limit) return 'queue';
  return sig >= SIGRTMIN && code !== SI_USER ? 'fail' : 'lose';
}

/** si_code of a siginfo (read from the bytes for one supplied by user space). */
export function sigInfoCode(info: SigInfo): number {
  if (info.kind !== 'raw') return info.code;
  if (info.bytes.length < 12) return 0;
  return new DataView(info.bytes.buffer, info.bytes.byteOffset, info.bytes.byteLength).getInt32(8, true);
}

export class SigQueue {
  /** Queued instances, oldest first. */
  private entries: SigInfo[] = [];
  /** The pending set as a sigset_t (bit sig-1). */
  mask = 0n;

  /**
   * Make info.signo pending. A standard signal already pending is 'merged'
   * (dropped, as Linux does). `verdict` is sigpendingVerdict()'s answer:
   * 'lose' makes the signal pending without its siginfo ('lost'), 'fail'
   * leaves everything as it was ('full': sigqueue(3) gets EAGAIN).
   */
  add(info: SigInfo, verdict: 'queue' | 'lose' | 'fail' = 'queue'): QueueResult {
    const sig = info.signo;
    if (sig < SIGRTMIN && (this.mask & sigBit(sig)) !== 0n) return 'merged';
    if (verdict === 'fail') return 'full';
    this.mask |= sigBit(sig);
    if (verdict === 'lose') return 'lost';
    this.entries.push(info);
    return 'queued';
  }

  /** The signal next_signal() would pick among those not in `blocked`, or 0. */
  next(blocked: bigint): number {
    let x = this.mask & ~blocked;
    if (x === 0n) return 0;
    if ((x & SYNCHRONOUS) !== 0n) x &= SYNCHRONOUS;
    let sig = 1;
    while ((x & sigBit(sig)) === 0n) sig++;
    return sig;
  }

  /** Remove and return the oldest instance of `sig`; its bit stays while more are queued. Null if not pending. */
  take(sig: number): SigInfo | null {
    if ((this.mask & sigBit(sig)) === 0n) return null;
    const i = this.entries.findIndex((e) => e.signo === sig);
    const info: SigInfo = i >= 0 ? this.entries[i] : { kind: 'kill', signo: sig, code: SI_USER, pid: 0, uid: 0 };
    if (i >= 0) this.entries.splice(i, 1);
    if (!this.entries.some((e) => e.signo === sig)) this.mask &= ~sigBit(sig);
    return info;
  }

  /** dequeue_signal for one queue: the next unblocked signal's siginfo, removed, or null. */
  dequeue(blocked: bigint): SigInfo | null {
    const sig = this.next(blocked);
    return sig === 0 ? null : this.take(sig);
  }

  /** flush_sigqueue_mask: forget every instance of the signals in `mask` (SIG_IGN, SIGCONT vs stops). */
  discard(mask: bigint): void {
    if ((this.mask & mask) === 0n) return;
    this.entries = this.entries.filter((e) => (sigBit(e.signo) & mask) === 0n);
    this.mask &= ~mask;
  }

  /**
   * Set the pending set as a bitmask (the old `pending |= bit` interface):
   * removed signals are discarded with their siginfo; an added one is pending
   * without a queued siginfo, and take() then gives a plain SI_USER one.
   */
  setMask(v: bigint): void {
    const removed = this.mask & ~v;
    if (removed !== 0n) this.discard(removed);
    this.mask |= v;
  }

  /** Whether any instance of a signal in `mask` is queued. */
  has(mask: bigint): boolean {
    return (this.mask & mask) !== 0n;
  }

  /** Queued instances (for RLIMIT_SIGPENDING accounting). */
  get size(): number {
    return this.entries.length;
  }
}
