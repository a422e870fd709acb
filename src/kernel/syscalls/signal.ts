// Signal syscalls. Actions are shared by the threads of a process, masks
// are per thread. Signals are generated through task/signal_post.ts
// (postSignal) with their siginfo; default actions happen there or before
// the thread next runs, and caught signals get a handler frame then
// (signal/deliver.ts). rt_sigsuspend and rt_sigtimedwait park the thread;
// a signal ends the wait.
import { EAGAIN, EINTR, EINVAL, ENOMEM, EPERM, ESRCH } from '../../abi/linux/errno.js';
import { SI_TKILL, SI_USER } from '../../abi/linux/siginfo.js';
import { SIGINFO_SIZE, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK } from '../../abi/linux/sigcontext.js';
import * as s from '../../abi/linux/signal.js';
import { SP, X_OFF } from '../../cpu/state.js';
import { sigreturnCurrent } from '../signal/deliver.js';
import { onSigStack, sasSsFlags } from '../signal/rt_sigframe.js';
import { encodeSigInfo, type SigInfo, userSigInfo } from '../signal/siginfo.js';
import { isSigwait, type SigwaitState } from '../signal/sigwait.js';
import { monotonicNs } from './time.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../task/process.js';
import { postSignal, signalIgnored } from '../task/signal_post.js';
import { sigBit } from '../task/signal_state.js';
import type { Task } from '../task/task.js';
import { StructBuf } from './struct_buf.js';
import { BLOCKED, type SyscallArgs, type SyscallDef, type SyscallResult } from './types.js';

const SIGSET_SIZE = 8;
/** struct sigaction as the arm64 kernel sees it: handler, flags, restorer, mask. */
const SIGACTION_SIZE = 32;
const UNBLOCKABLE = sigBit(s.SIGKILL) | sigBit(s.SIGSTOP);
const NS_PER_SEC = 1_000_000_000n;

function checkSig(sig: number): void {
  if (sig < 1 || sig > s.NSIG) throw new Errno(EINVAL);
}

/** Raise `sig` on thread `t` as the kernel does for SIGPIPE (send_sig: SI_USER from t itself). */
export function sendSignal(k: Kernel, t: Task, sig: number): void {
  postSignal(k, t, sig, false, userSigInfo(sig, t.tgid, t.creds.uid));
}

function rtSigaction(_k: Kernel, t: Task, a: SyscallArgs): number {
  const sig = a.int(0);
  if (a.num(3) !== SIGSET_SIZE) throw new Errno(EINVAL);
  checkSig(sig);
  const cur = t.signals.actions[sig];
  let next = null;
  if (!a.isNull(1)) {
    if (sig === s.SIGKILL || sig === s.SIGSTOP) throw new Errno(EINVAL);
    const b = new StructBuf(t.mm.read(a.ptr(1), SIGACTION_SIZE));
    next = { handler: b.getU64(0), flags: b.getU64(8), restorer: b.getU64(16), mask: b.getU64(24) & ~UNBLOCKABLE };
  }
  if (!a.isNull(2)) {
    const out = new StructBuf(SIGACTION_SIZE).i64(0, cur.handler).i64(8, cur.flags).i64(16, cur.restorer).i64(24, cur.mask);
    t.mm.write(a.ptr(2), out.bytes);
  }
  if (next !== null) {
    t.signals.actions[sig] = next;
    // Setting SIG_IGN (or SIG_DFL for a default-ignored signal) discards a pending one in the whole process.
    if (signalIgnored(t, sig)) {
      t.proc.sharedPending &= ~sigBit(sig);
      for (const th of t.proc.threads) th.signals.pending &= ~sigBit(sig);
    }
  }
  return 0;
}

function rtSigprocmask(_k: Kernel, t: Task, a: SyscallArgs): number {
  if (a.num(3) !== SIGSET_SIZE) throw new Errno(EINVAL);
  const how = a.int(0);
  let set: bigint | null = null;
  if (!a.isNull(1)) {
    set = t.mm.readU64(a.ptr(1));
    if (how !== s.SIG_BLOCK && how !== s.SIG_UNBLOCK && how !== s.SIG_SETMASK) throw new Errno(EINVAL);
  }
  if (!a.isNull(2)) t.mm.writeU64(a.ptr(2), t.signals.blocked);
  if (set !== null) {
    const cur = t.signals.blocked;
    const next = how === s.SIG_BLOCK ? cur | set : how === s.SIG_UNBLOCK ? cur & ~set : set;
    // Newly unblocked pending signals are acted on before the thread runs again.
    t.signals.blocked = next & ~UNBLOCKABLE;
  }
  return 0;
}

function rtSigpending(_k: Kernel, t: Task, a: SyscallArgs): number {
  if (a.num(1) > SIGSET_SIZE) throw new Errno(EINVAL);
  t.mm.writeU64(a.ptr(0), (t.signals.pending | t.proc.sharedPending) & t.signals.blocked);
  return 0;
}

function sigaltstack(k: Kernel, t: Task, a: SyscallArgs): number {
  const alt = t.signals.altStack;
  // The SP the call was made with: the current task's is in the CPU.
  const sp = k.current === t ? k.cpu.xBig(SP) : new DataView(t.context.buffer, t.context.byteOffset).getBigUint64(X_OFF + 8 * SP, true);
  let next = null;
  if (!a.isNull(0)) {
    const b = new StructBuf(t.mm.read(a.ptr(0), 24));
    const flags = b.getU32(8);
    const mode = (flags & ~SS_AUTODISARM) >>> 0;
    if (onSigStack(alt, sp)) throw new Errno(EPERM);
    if (mode !== 0 && mode !== SS_ONSTACK && mode !== SS_DISABLE) throw new Errno(EINVAL);
    const size = b.getU64(16);
    if (mode === SS_DISABLE) next = { sp: 0n, flags, size: 0n };
    else {
      if (size < BigInt(s.MINSIGSTKSZ)) throw new Errno(ENOMEM);
      next = { sp: b.getU64(0), flags, size };
    }
  }
  if (!a.isNull(1)) {
    // The flags as sas_ss_flags() reports them (SS_ONSTACK while on it), plus SS_AUTODISARM.
    const flags = (sasSsFlags(alt, sp) | (alt.flags & SS_AUTODISARM)) >>> 0;
    const out = new StructBuf(24).i64(0, alt.sp).u32(8, flags).i64(16, alt.size);
    t.mm.write(a.ptr(1), out.bytes);
  }
  if (next !== null) t.signals.altStack = next;
  return 0;
}

/** The thread a tid argument names within this machine, or ESRCH. */
function target(k: Kernel, t: Task, pid: number): Task {
  const found = pid === t.pid ? t : k.findTask(pid);
  if (found === null) throw new Errno(ESRCH);
  return found;
}

/** kill(2)'s permission rule: root, or the sender's real or effective uid is the target's real or saved uid. */
function mayKill(t: Task, v: Task): boolean {
  const c = t.creds;
  const d = v.creds;
  return c.euid === 0 || c.euid === d.uid || c.euid === d.suid || c.uid === d.uid || c.uid === d.suid;
}

function kill(k: Kernel, t: Task, a: SyscallArgs): number {
  const pid = a.int(0);
  const sig = a.int(1);
  if (sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  let victims: Process[];
  const live = k.processes().filter((p) => p.exit === null && p.threads.length > 0);
  if (pid > 0) {
    // A thread id names its process too (find_vpid finds any task).
    const p = k.findProcess(pid) ?? k.findTask(pid)?.proc ?? null;
    if (p === null) throw new Errno(ESRCH);
    victims = [p];
  } else if (pid === -1) {
    victims = live.filter((p) => p !== t.proc && p !== k.init);
  } else {
    const g = pid === 0 ? t.proc.pgid : -pid;
    victims = live.filter((p) => p.pgid === g);
  }
  if (victims.length === 0) throw new Errno(ESRCH);
  let sent = 0;
  for (const v of victims) {
    const th = v.threads[0];
    // A zombie can still be signalled (nothing happens).
    if (th === undefined) {
      sent++;
      continue;
    }
    if (!mayKill(t, th)) continue;
    sent++;
    postSignal(k, th, sig, true, userSigInfo(sig, t.tgid, t.creds.uid, SI_USER));
  }
  if (sent === 0) throw new Errno(EPERM);
  return 0;
}

function tgkill(k: Kernel, t: Task, a: SyscallArgs): number {
  const tgid = a.int(0);
  const tid = a.int(1);
  const sig = a.int(2);
  if (tgid <= 0 || tid <= 0) throw new Errno(EINVAL);
  if (sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  const v = target(k, t, tid);
  if (v.tgid !== tgid) throw new Errno(ESRCH);
  if (!mayKill(t, v)) throw new Errno(EPERM);
  postSignal(k, v, sig, false, userSigInfo(sig, t.tgid, t.creds.uid, SI_TKILL));
  return 0;
}

function tkill(k: Kernel, t: Task, a: SyscallArgs): number {
  const tid = a.int(0);
  const sig = a.int(1);
  if (tid <= 0 || sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  const v = target(k, t, tid);
  if (!mayKill(t, v)) throw new Errno(EPERM);
  postSignal(k, v, sig, false, userSigInfo(sig, t.tgid, t.creds.uid, SI_TKILL));
  return 0;
}

/** A siginfo supplied by rt_sigqueueinfo/rt_tgsigqueueinfo: only the process itself may claim a kernel or tkill origin. */
function userInfo(t: Task, a: SyscallArgs, i: number, sig: number, targetTgid: number): SigInfo {
  const bytes = t.mm.read(a.ptr(i), SIGINFO_SIZE);
  const code = new DataView(bytes.buffer, bytes.byteOffset).getInt32(8, true);
  if ((code >= 0 || code === SI_TKILL) && targetTgid !== t.tgid) throw new Errno(EPERM);
  return { kind: 'raw', signo: sig, bytes };
}

function rtSigqueueinfo(k: Kernel, t: Task, a: SyscallArgs): number {
  const tgid = a.int(0);
  const sig = a.int(1);
  if (sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  const info = userInfo(t, a, 2, sig, tgid);
  const p = k.findProcess(tgid);
  if (p === null) throw new Errno(ESRCH);
  const th = p.threads[0];
  if (th === undefined) return 0;
  if (!mayKill(t, th)) throw new Errno(EPERM);
  if (sig !== 0 && !postSignal(k, th, sig, true, info)) throw new Errno(EAGAIN, 'RLIMIT_SIGPENDING reached');
  return 0;
}

function rtTgsigqueueinfo(k: Kernel, t: Task, a: SyscallArgs): number {
  const tgid = a.int(0);
  const tid = a.int(1);
  const sig = a.int(2);
  if (tgid <= 0 || tid <= 0 || sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  const info = userInfo(t, a, 3, sig, tgid);
  const v = target(k, t, tid);
  if (v.tgid !== tgid) throw new Errno(ESRCH);
  if (!mayKill(t, v)) throw new Errno(EPERM);
  if (sig !== 0 && !postSignal(k, v, sig, false, info)) throw new Errno(EAGAIN, 'RLIMIT_SIGPENDING reached');
  return 0;
}

function rtSigreturn(k: Kernel, t: Task): bigint {
  return sigreturnCurrent(k, t);
}

/** Signals pending for t that its blocked mask lets through. */
function deliverableNow(t: Task): bigint {
  return (t.signals.pending | t.proc.sharedPending) & ~t.signals.blocked;
}

interface SuspendState {
  kind: 'sigsuspend';
}

function isSuspend(x: unknown): x is SuspendState {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'sigsuspend';
}

/**
 * rt_sigsuspend(2): replace the mask and sleep until a signal is delivered;
 * always -EINTR. The old mask is the saved mask: the handler frame gets it,
 * so it is back when the handler returns.
 */
function rtSigsuspend(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  if (!isSuspend(t.restart)) {
    if (a.num(1) !== SIGSET_SIZE) throw new Errno(EINVAL);
    const mask = t.mm.readU64(a.ptr(0));
    t.signals.savedMask = t.signals.blocked;
    t.signals.blocked = mask & ~UNBLOCKABLE;
    t.restart = { kind: 'sigsuspend' } satisfies SuspendState;
  }
  if (deliverableNow(t) !== 0n) throw new Errno(EINTR);
  k.block(t, []);
  return BLOCKED;
}

function readTimeout(t: Task, ptr: number): bigint {
  const b = new StructBuf(t.mm.read(ptr, 16));
  const sec = b.getI64(0);
  const nsec = b.getI64(8);
  if (sec < 0n || nsec < 0n || nsec >= NS_PER_SEC) throw new Errno(EINVAL);
  return sec * NS_PER_SEC + nsec;
}

/**
 * rt_sigtimedwait(2): take a pending signal of `set` (the thread's own
 * first) without running its handler, fill *info and return its number;
 * EAGAIN when the timeout passes, EINTR when another signal is delivered.
 */
function rtSigtimedwait(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  let st: SigwaitState;
  if (isSigwait(t.restart)) st = t.restart;
  else {
    if (a.num(3) !== SIGSET_SIZE) throw new Errno(EINVAL);
    const set = t.mm.readU64(a.ptr(0)) & ~UNBLOCKABLE;
    const rel = a.isNull(2) ? null : readTimeout(t, a.ptr(2));
    st = { kind: 'sigwait', set, deadline: rel === null ? null : monotonicNs(k) + rel };
  }
  const info = t.signals.queue.dequeue(~st.set) ?? t.proc.sharedQueue.dequeue(~st.set);
  if (info !== null) {
    if (!a.isNull(1)) t.mm.write(a.ptr(1), encodeSigInfo(info));
    return info.signo;
  }
  if (st.deadline !== null && monotonicNs(k) >= st.deadline) throw new Errno(EAGAIN);
  if ((deliverableNow(t) & ~st.set) !== 0n) throw new Errno(EINTR);
  t.restart = st;
  k.block(t, [], st.deadline === null ? undefined : st.deadline + k.bootNs);
  return BLOCKED;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('rt_sigaction'), name: 'rt_sigaction', support: 'full', handler: rtSigaction,
    args: ['signal', 'ptr', 'ptr', 'udec'],
    note: 'SA_SIGINFO, SA_RESTART, SA_NODEFER, SA_RESETHAND, SA_ONSTACK, SA_RESTORER (handlers without it return through the [vdso] trampoline)',
  },
  {
    nr: nr('rt_sigprocmask'), name: 'rt_sigprocmask', support: 'full', handler: rtSigprocmask,
    args: ['dec', 'ptr', 'ptr', 'udec'], note: 'signals it unblocks are delivered before it returns to the program',
  },
  { nr: nr('rt_sigpending'), name: 'rt_sigpending', support: 'full', handler: rtSigpending, args: ['ptr', 'udec'] },
  {
    nr: nr('sigaltstack'), name: 'sigaltstack', support: 'full', handler: sigaltstack, args: ['ptr', 'ptr'],
    note: 'SS_ONSTACK reported while on it, EPERM to change it then, SS_AUTODISARM',
  },
  {
    nr: nr('kill'), name: 'kill', support: 'full', handler: kill, args: ['dec', 'signal'],
    note: 'pid, 0, -1, -pgid with Linux permission rules; SI_USER siginfo; default actions terminate (core flag per RLIMIT_CORE), stop, continue, ignore',
  },
  { nr: nr('tgkill'), name: 'tgkill', support: 'full', handler: tgkill, args: ['dec', 'dec', 'signal'], note: 'SI_TKILL siginfo' },
  { nr: nr('tkill'), name: 'tkill', support: 'full', handler: tkill, args: ['dec', 'signal'], note: 'SI_TKILL siginfo' },
  {
    nr: nr('rt_sigreturn'), name: 'rt_sigreturn', support: 'full', handler: rtSigreturn, args: [],
    note: 'restores x0-x30, SP, PC, NZCV, FPSR, FPCR, V0-V31, the mask and the alternate stack from the rt_sigframe; a bad frame is SIGSEGV',
  },
  {
    nr: nr('rt_sigsuspend'), name: 'rt_sigsuspend', support: 'full', handler: rtSigsuspend, args: ['ptr', 'udec'],
    note: 'always EINTR; the handler frame saves the old mask',
  },
  {
    nr: nr('rt_sigtimedwait'), name: 'rt_sigtimedwait', support: 'full', handler: rtSigtimedwait,
    args: ['ptr', 'ptr', 'ptr', 'udec'], note: 'takes a pending signal of the set with its siginfo; EAGAIN on timeout, EINTR for another signal',
  },
  {
    nr: nr('rt_sigqueueinfo'), name: 'rt_sigqueueinfo', support: 'full', handler: rtSigqueueinfo,
    args: ['dec', 'signal', 'ptr'], note: 'real-time signals queue with their siginfo; standard ones merge; EAGAIN for a real-time signal past RLIMIT_SIGPENDING (a standard one then loses its siginfo)',
  },
  {
    nr: nr('rt_tgsigqueueinfo'), name: 'rt_tgsigqueueinfo', support: 'full', handler: rtTgsigqueueinfo,
    args: ['dec', 'dec', 'signal', 'ptr'], note: 'as rt_sigqueueinfo, to one thread',
  },
];
