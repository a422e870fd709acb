// Signal delivery on the way back to user mode (kernel/signal.c get_signal,
// arch/arm64/kernel/signal.c do_signal/handle_signal), synchronous faults
// (force_sig_fault) and the interruption of a parked syscall.
//
// deliverSignals() runs before a thread executes user code again: it takes
// pending signals one at a time (synchronous faults first, then the lowest
// number; the thread's own queue before its process's), applies default
// actions, and for a caught signal builds the rt_sigframe over the thread's
// saved context. Another unblocked signal then stacks its frame on top, so
// the last one taken runs first, as on Linux.
//
// A thread parked in a blocking syscall (its PC on the SVC) that gets a
// handler either restarts the syscall (PC stays on the SVC: SA_RESTART with
// an -ERESTARTSYS syscall) or returns -EINTR from it (PC past the SVC); see
// parkSyscall() for when a blocked call counts as interrupted.
import { EINTR } from '../../abi/linux/errno.js';
import * as si from '../../abi/linux/siginfo.js';
import * as s from '../../abi/linux/signal.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import type { CpuExit } from '../../cpu/exit.js';
import { PC_OFF, X_OFF } from '../../cpu/state.js';
import { Errno } from '../errno.js';
import { describeFault } from '../fault.js';
import type { Kernel } from '../kernel.js';
import { stopProcess, stopTakesEffect } from '../task/signal_post.js';
import type { Task } from '../task/task.js';
import { faultSignal } from './fault_signal.js';
import { enterHandler, forceSigsegv, prepareForcedSignal, sigreturn } from './handle_signal.js';
import { kernelSigInfo, type SigInfo } from './siginfo.js';
import { sigtrampAddress } from './sigtramp.js';
import { isSigwait } from './sigwait.js';

/**
 * How a parked syscall ends when a handler runs (Linux's -ERESTART* codes):
 * 'sys' restarts with SA_RESTART and is EINTR otherwise (ERESTARTSYS);
 * 'eintr' is always EINTR (ERESTARTNOHAND, ERESTART_RESTARTBLOCK, -EINTR);
 * 'never' cannot be interrupted (a vfork parent): no handler runs until it ends.
 */
type RestartKind = 'sys' | 'eintr' | 'never';

const NS_PER_SEC = 1_000_000_000n;

/** Syscalls that return EINTR whatever SA_RESTART says (signal(7), "never restarted"). */
const ALWAYS_EINTR = new Set(
  [
    'nanosleep', 'clock_nanosleep', 'ppoll', 'pselect6', 'epoll_pwait', 'epoll_pwait2', 'rt_sigsuspend',
    'rt_sigtimedwait', 'io_getevents', 'semtimedop', 'msgrcv', 'msgsnd',
  ].map((name) => nr(name)),
);

/** Threads whose parked syscall would block again with a signal deliverable: the next delivery interrupts it. */
const interrupted = new WeakSet<Task>();

/** The ESR recorded with a queued fault's siginfo (esr_context in the frame). */
const faultEsr = new WeakMap<SigInfo, number>();

function restartKind(t: Task, sysno: number): RestartKind {
  const st = t.restart as { kind?: unknown; deadline?: unknown } | null;
  if (st !== null && typeof st === 'object') {
    if (st.kind === 'vfork') return 'never';
    // A futex wait with a timeout restarts through restart_block: EINTR with a handler.
    if (st.kind === 'futex' && st.deadline !== null && st.deadline !== undefined) return 'eintr';
  }
  return ALWAYS_EINTR.has(sysno) ? 'eintr' : 'sys';
}

function ctxView(t: Task): DataView {
  return new DataView(t.context.buffer, t.context.byteOffset, t.context.byteLength);
}

/** nanosleep/clock_nanosleep (relative) write the time left to *rem when interrupted. */
function writeRemaining(k: Kernel, t: Task, sysno: number): void {
  const st = t.restart as { kind?: unknown; deadline?: unknown } | null;
  if (st === null || typeof st !== 'object' || st.kind !== 'sleep' || typeof st.deadline !== 'bigint') return;
  const cv = ctxView(t);
  let remPtr: bigint;
  if (sysno === nr('nanosleep')) remPtr = cv.getBigUint64(X_OFF + 8, true);
  else if (sysno === nr('clock_nanosleep') && (cv.getUint32(X_OFF + 8, true) & 1) === 0) remPtr = cv.getBigUint64(X_OFF + 24, true);
  else return;
  if (remPtr === 0n) return;
  const left0 = st.deadline - (k.clock.monotonicNs() - k.bootNs);
  const left = left0 > 0n ? left0 : 0n;
  const b = new DataView(new ArrayBuffer(16));
  b.setBigInt64(0, left / NS_PER_SEC, true);
  b.setBigInt64(8, left % NS_PER_SEC, true);
  try {
    t.mm.write(Number(remPtr & 0xffffffffffffn), new Uint8Array(b.buffer));
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
  }
}

/** The partial count of an interrupted write, when some bytes were written (read_write.ts's restart state). */
function partialCount(t: Task): number {
  const st = t.restart as { kind?: unknown; done?: unknown } | null;
  if (st !== null && typeof st === 'object' && st.kind === 'write' && typeof st.done === 'number') return st.done;
  return 0;
}

/**
 * A handler is about to run for t, parked in syscall `sysno` (t.context
 * current): restart it or make it return EINTR, and forget its wait state.
 */
function interruptSyscall(k: Kernel, t: Task, sysno: number, action: { flags: bigint }): void {
  t.signals.parkedSyscall = -1;
  interrupted.delete(t);
  const kind = restartKind(t, sysno);
  const cv = ctxView(t);
  const done = partialCount(t);
  if (kind === 'sys' && done === 0 && (action.flags & BigInt(s.SA_RESTART)) !== 0n) {
    // The PC stays on the SVC and x0-x8 still hold the arguments: the call starts over.
    t.restart = null;
    k.futexForget(t);
    return;
  }
  writeRemaining(k, t, sysno);
  t.restart = null;
  k.futexForget(t);
  cv.setBigInt64(X_OFF, BigInt(done > 0 ? done : -EINTR), true);
  cv.setBigUint64(PC_OFF, cv.getBigUint64(PC_OFF, true) + 4n, true);
}

/**
 * The syscall `sysno` of t could not proceed and t is blocked (its PC on the
 * SVC). As in Linux's wait loops, which check their condition before
 * signal_pending(): a signal that arrives while t sleeps wakes it, the call
 * runs again and completes if it can; only when it would block again with a
 * signal deliverable is it interrupted: t is woken at once and marked, and
 * deliverSignals() then restarts it or makes it return EINTR.
 */
export function parkSyscall(k: Kernel, t: Task, sysno: number): void {
  t.signals.parkedSyscall = sysno;
  interrupted.delete(t);
  if (t.state !== 'blocked' || restartKind(t, sysno) === 'never') return;
  if (((t.signals.pending | t.proc.sharedPending) & ~effectiveBlocked(t)) === 0n) return;
  interrupted.add(t);
  k.wake(t);
}

/**
 * Syscall `sysno` of t returned Linux's -ERESTARTSYS: it has sent a signal
 * (a tty's SIGTTIN/SIGTTOU) and must be restarted (the dispatcher has put
 * t's PC back on the SVC). t is runnable, or stopped by that signal. A
 * handler that runs first restarts it (SA_RESTART) or makes it return EINTR,
 * as for an interrupted blocking call; when no handler runs (the default
 * stop, then SIGCONT) the call simply runs again.
 */
export function restartAfterSignal(t: Task, sysno: number): void {
  t.signals.parkedSyscall = sysno;
  interrupted.add(t);
}

/** The signals t's deliverable check must treat as blocked: also those a parked sigtimedwait takes itself. */
function effectiveBlocked(t: Task): bigint {
  const st = t.restart;
  if (isSigwait(st)) return t.signals.blocked | st.set;
  return t.signals.blocked;
}

/** Whether t has signal work before it runs user code: a deliverable signal, or a saved mask to restore. */
export function signalWork(t: Task): boolean {
  if (t.signals.savedMask !== null) return true;
  return ((t.signals.pending | t.proc.sharedPending) & ~t.signals.blocked) !== 0n;
}

const SI_CODES = new Map<number, string>([
  [si.SI_USER, 'SI_USER'], [si.SI_KERNEL, 'SI_KERNEL'], [si.SI_QUEUE, 'SI_QUEUE'], [si.SI_TIMER, 'SI_TIMER'],
  [si.SI_TKILL, 'SI_TKILL'],
]);
const FAULT_CODES: Record<number, string[]> = {
  [s.SIGSEGV]: ['', 'SEGV_MAPERR', 'SEGV_ACCERR'],
  [s.SIGBUS]: ['', 'BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR'],
  [s.SIGILL]: ['', 'ILL_ILLOPC', 'ILL_ILLOPN', 'ILL_ILLADR', 'ILL_ILLTRP', 'ILL_PRVOPC'],
  [s.SIGTRAP]: ['', 'TRAP_BRKPT', 'TRAP_TRACE'],
  [s.SIGCHLD]: ['', 'CLD_EXITED', 'CLD_KILLED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_STOPPED', 'CLD_CONTINUED'],
};

/** strace's line for a signal taken by t: `--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---`. */
function straceSignal(k: Kernel, t: Task, info: SigInfo): void {
  const name = s.signalName(info.signo);
  const fields = [`si_signo=${name}`];
  if (info.kind !== 'raw') {
    const code = SI_CODES.get(info.code) ?? FAULT_CODES[info.signo]?.[info.code] ?? String(info.code);
    fields.push(`si_code=${code}`);
    if (info.kind === 'fault') fields.push(`si_addr=0x${info.addr.toString(16)}`);
    else if (info.kind === 'kill' || info.kind === 'rt' || info.kind === 'chld') fields.push(`si_pid=${info.pid}`, `si_uid=${info.uid}`);
    if (info.kind === 'chld') fields.push(`si_status=${info.status}`);
  }
  k.log.line(`${k.manyTasks ? `[pid ${t.pid}] ` : ''}--- ${name} {${fields.join(', ')}} ---`);
}

function dequeue(t: Task, blocked: bigint): SigInfo | null {
  // Synchronous faults sit on the thread's queue and come first (next_signal).
  return t.signals.queue.dequeue(blocked) ?? t.proc.sharedQueue.dequeue(blocked);
}

/**
 * Act on t's deliverable signals before it runs user code again (the loop
 * of do_signal/get_signal). Default actions happen here; each caught signal
 * gets a frame. Afterwards t may be stopped or dead.
 */
export function deliverSignals(k: Kernel, t: Task): void {
  // A parked syscall runs again before any handler, unless it already found it would block.
  if (t.signals.parkedSyscall >= 0 && !interrupted.has(t)) return;
  const loaded = k.current === t;
  if (loaded) k.syncContext();
  let entered = false;
  while (t.state === 'runnable') {
    const info = dequeue(t, effectiveBlocked(t));
    if (info === null) break;
    const sig = info.signo;
    if (k.strace) straceSignal(k, t, info);
    const act = t.signals.actions[sig];
    if (act.handler === BigInt(s.SIG_IGN)) continue;
    if (act.handler === BigInt(s.SIG_DFL)) {
      if (s.defaultIgnored(sig)) continue;
      if (s.defaultStops(sig)) {
        if (!stopTakesEffect(k, t.proc, sig)) continue;
        stopProcess(k, t.proc, sig);
        break;
      }
      k.fatalSignal(t, sig);
      return;
    }
    const parked = t.signals.parkedSyscall;
    if (parked >= 0) interruptSyscall(k, t, parked, act);
    const saved = t.signals.savedMask;
    t.signals.savedMask = null;
    const ok = enterHandler(t, sig, info, {
      sigtramp: sigtrampAddress(t.mm),
      faultEsr: faultEsr.get(info),
      savedMask: saved ?? undefined,
    });
    if (ok) {
      entered = true;
      continue;
    }
    if (saved !== null) t.signals.blocked = saved;
    if (forceSigsegv(t, sig) === 'kill') {
      k.fatalSignal(t, s.SIGSEGV, '(no room for the signal frame)');
      return;
    }
    t.signals.queue.add(kernelSigInfo(s.SIGSEGV));
  }
  if (t.state === 'zombie') return;
  // restore_saved_sigmask(): no handler took the mask rt_sigsuspend/ppoll saved.
  if (!entered && t.signals.savedMask !== null && t.signals.parkedSyscall < 0) {
    t.signals.blocked = t.signals.savedMask;
    t.signals.savedMask = null;
  }
  if (loaded && k.current === t) {
    k.cpu.loadContext(t.context);
    if (entered) k.cpu.clearExclusive();
  }
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** The `flint: killed by ...` detail for an exception nobody handles. */
function faultDetail(exit: CpuExit, pc: number): string {
  switch (exit.kind) {
    case 'pageFault':
      return `at pc ${hex(pc)} (${describeFault(exit)})`;
    case 'alignment':
      return `at pc ${hex(pc)} (misaligned access to ${hex(exit.addr)})`;
    case 'undefined':
      return `at pc ${hex(pc)} (undefined instruction 0x${exit.word.toString(16).padStart(8, '0')})`;
    case 'breakpoint':
      return `at pc ${hex(pc)} (brk #${hex(exit.imm)})`;
    default:
      return `at pc ${hex(pc)}`;
  }
}

/**
 * The CPU stopped t on an exception (page fault, alignment, undefined
 * instruction, BRK) at `pc`, which it has not moved past. With a handler the
 * signal is queued with its siginfo (force_sig_fault: a blocked or ignored
 * one reverts to the default first) and delivered before t runs again;
 * otherwise the process dies with the one-line diagnostic. A page fault
 * that found no free frame kills with SIGKILL (the out-of-memory policy).
 */
export function raiseFault(k: Kernel, t: Task, exit: CpuExit, pc: number): void {
  const f = faultSignal(exit, pc);
  if (f === null) {
    k.fatalSignal(t, s.SIGKILL, faultDetail(exit, pc));
    return;
  }
  prepareForcedSignal(t, f.sig);
  if (t.signals.actions[f.sig].handler === BigInt(s.SIG_DFL)) {
    if (exit.kind === 'undefined') {
      k.log.line(`flint: undefined instruction 0x${exit.word.toString(16).padStart(8, '0')} at pc ${hex(pc)}`);
    }
    k.fatalSignal(t, f.sig, faultDetail(exit, pc));
    return;
  }
  if (f.esr !== undefined) faultEsr.set(f.info, f.esr);
  t.signals.queue.add(f.info);
}

/**
 * rt_sigreturn(2) for the current task: restore the context the handler
 * interrupted. Returns x0 to leave in place; a bad frame forces SIGSEGV.
 */
export function sigreturnCurrent(k: Kernel, t: Task): bigint {
  const loaded = k.current === t;
  if (loaded) k.syncContext();
  const x = sigreturn(t);
  t.signals.parkedSyscall = -1;
  if (x === null) {
    prepareForcedSignal(t, s.SIGSEGV);
    t.signals.queue.add(kernelSigInfo(s.SIGSEGV));
    return 0n;
  }
  if (loaded) {
    k.cpu.loadContext(t.context);
    k.cpu.clearExclusive();
  }
  return x;
}
