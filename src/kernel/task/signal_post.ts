// Generating and acting on signals (kernel/signal.c): postSignal() is the one
// entry that makes a signal pending (with its siginfo) for a thread or a
// whole process, acting at once where Linux does at generation time.
// Delivery before a thread returns to user mode -- default actions and
// handler frames -- is signal/deliver.ts (deliverSignals).
import * as s from '../../abi/linux/signal.js';
import { RLIMIT_CORE, RLIMIT_SIGPENDING } from '../../abi/linux/resource.js';
import type { Kernel } from '../kernel.js';
import { willBeOrphanedPgrp } from './pgrp.js';
import type { Process } from './process.js';
import { childJobInfo } from '../signal/child_info.js';
import { kernelSigInfo, type SigInfo } from '../signal/siginfo.js';
import { sigpendingVerdict } from '../signal/sigqueue.js';
import { wakeSigwaiters } from '../signal/sigwait.js';
import { sigBit } from './signal_state.js';
import type { Task } from './task.js';

/** Signals whose default action dumps core (signal(7)). */
const CORE_SIGNALS = new Set([s.SIGQUIT, s.SIGILL, s.SIGTRAP, s.SIGABRT, s.SIGBUS, s.SIGFPE, s.SIGSEGV, s.SIGXCPU, s.SIGXFSZ, s.SIGSYS]);
const STOP_MASK = sigBit(s.SIGSTOP) | sigBit(s.SIGTSTP) | sigBit(s.SIGTTIN) | sigBit(s.SIGTTOU);

/**
 * Whether a death by `sig` sets the core-dump flag (WCOREDUMP). Linux sets
 * it only when a core file was written; Flint writes none, and reports the
 * flag when Linux would have written one: a core signal and RLIMIT_CORE > 0.
 */
export function dumpsCore(t: Task, sig: number): boolean {
  return CORE_SIGNALS.has(sig) && t.rlimits[RLIMIT_CORE].cur > 0n;
}

function handlerOf(t: Task, sig: number): bigint {
  return t.signals.actions[sig].handler;
}

/** The signal would be discarded on arrival: SIG_IGN, or SIG_DFL with an ignore default. */
export function signalIgnored(t: Task, sig: number): boolean {
  const h = handlerOf(t, sig);
  if (h === BigInt(s.SIG_IGN)) return true;
  return h === BigInt(s.SIG_DFL) && s.defaultIgnored(sig);
}

function blocks(t: Task, sig: number): boolean {
  return (t.signals.blocked & sigBit(sig)) !== 0n;
}

/**
 * Make `sig` pending for thread `t` (group = false) or for t's whole process
 * (group = true), and act at once where Linux does at generation time:
 * SIGKILL and unblocked fatal defaults end the process, SIGCONT resumes it,
 * unblocked default stops stop it; a thread blocked in a syscall that can
 * take the signal is woken (its syscall restarts, or is interrupted by the
 * handler delivery). Returns false when nothing happened because a
 * real-time signal with data found RLIMIT_SIGPENDING reached (EAGAIN).
 */
export function postSignal(k: Kernel, t: Task, sig: number, group = false, info?: SigInfo): boolean {
  const p = t.proc;
  if (sig === 0 || p.exit !== null || p.groupExit !== null || t.state === 'zombie') return true;
  if (sig === s.SIGKILL) {
    k.killProcess(p, s.SIGKILL);
    return true;
  }
  if (sig === s.SIGCONT) {
    dropPending(p, STOP_MASK);
    continueProcess(k, p);
  } else if ((STOP_MASK & sigBit(sig)) !== 0n) {
    dropPending(p, sigBit(s.SIGCONT));
  }
  // sig_ignored(): a blocked signal stays pending even when ignored (sigwait can take it).
  if (!blocks(t, sig) && signalIgnored(t, sig)) return true;
  const si = info ?? kernelSigInfo(sig);
  const verdict = sigpendingVerdict(si, () => queuedSignals(k, t.creds.uid), t.rlimits[RLIMIT_SIGPENDING].cur);
  if ((group ? p.sharedQueue : t.signals.queue).add(si, verdict) === 'full') return false;
  wakeSigwaiters(k, t, sig, group);
  const target = group ? (blocks(t, sig) ? (p.threads.find((x) => !blocks(x, sig)) ?? null) : t) : blocks(t, sig) ? null : t;
  if (target === null) return true;
  if (handlerOf(target, sig) === BigInt(s.SIG_DFL)) {
    if (s.defaultStops(sig)) {
      takePending(target, sig);
      if (stopTakesEffect(k, p, sig)) stopProcess(k, p, sig);
    } else {
      takePending(target, sig);
      k.fatalSignal(target, sig);
    }
    return true;
  }
  if (target.state === 'blocked') k.wake(target);
  return true;
}

/**
 * get_signal: the default stop of SIGTSTP, SIGTTIN and SIGTTOU is discarded
 * in an orphaned process group (nobody would continue it); SIGSTOP always stops.
 */
export function stopTakesEffect(k: Kernel, p: Process, sig: number): boolean {
  return sig === s.SIGSTOP || !willBeOrphanedPgrp(k, p.pgid);
}

/** Send `sig` to every live process of group `pgid` with kernel siginfo (kill_pgrp with SEND_SIG_PRIV: SI_KERNEL). */
export function signalPgrp(k: Kernel, pgid: number, sig: number): void {
  if (pgid <= 0) return;
  for (const p of k.processes()) {
    if (p.pgid !== pgid || p.exit !== null) continue;
    const th = p.threads[0];
    if (th !== undefined) postSignal(k, th, sig, true, kernelSigInfo(sig));
  }
}

/** Siginfos queued for user `uid` across the machine (Linux's per-user sigpending count). */
function queuedSignals(k: Kernel, uid: number): number {
  let n = 0;
  for (const p of k.processes()) {
    if (p.exit !== null || p.threads.length === 0) continue;
    for (const th of p.threads) if (th.creds.uid === uid) n += th.signals.queue.size;
    if (p.threads[0].creds.uid === uid) n += p.sharedQueue.size;
  }
  return n;
}

function dropPending(p: Process, mask: bigint): void {
  p.sharedPending &= ~mask;
  for (const th of p.threads) th.signals.pending &= ~mask;
}

/** Remove `sig` from the thread's pending set, or else from its process's. */
function takePending(t: Task, sig: number): void {
  const bit = sigBit(sig);
  if ((t.signals.pending & bit) !== 0n) t.signals.pending &= ~bit;
  else t.proc.sharedPending &= ~bit;
}

/** Signals pending for `t` that it does not block. */
export function deliverable(t: Task): bigint {
  return (t.signals.pending | t.proc.sharedPending) & ~t.signals.blocked;
}

/** Tell the parent about a stop or continue of `p` (do_notify_parent_cldstop). */
function notifyParentJob(k: Kernel, p: Process): void {
  const parent = p.parent;
  if (parent === null || parent.exit !== null) return;
  parent.childEvents.wakeAll();
  const pt = parent.threads[0];
  if (pt === undefined) return;
  if ((pt.signals.actions[s.SIGCHLD].flags & BigInt(s.SA_NOCLDSTOP)) !== 0n) return;
  postSignal(k, pt, s.SIGCHLD, true, childJobInfo(p));
}

/** Stop every thread of `p` (group stop); blocked syscalls restart when it continues. */
export function stopProcess(k: Kernel, p: Process, sig: number): void {
  if (p.stopped || p.exit !== null) return;
  p.stopped = true;
  for (const th of p.threads) k.stopTask(th);
  p.notice = { kind: 'stopped', signal: sig };
  notifyParentJob(k, p);
}

/** Resume a stopped process (SIGCONT). */
export function continueProcess(k: Kernel, p: Process): void {
  if (!p.stopped) return;
  p.stopped = false;
  for (const th of p.threads) k.resumeTask(th);
  p.notice = { kind: 'continued' };
  notifyParentJob(k, p);
}
