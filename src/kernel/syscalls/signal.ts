// Signal syscalls. Actions and masks are stored per task; delivery to a
// handler arrives with processes. A signal whose action is the default
// "terminate" ends the task; one raised while blocked stays pending until it
// is unblocked (so glibc's raise()/abort(), which block around tgkill, work).
import { EINVAL, ENOMEM, EPERM, ESRCH } from '../../abi/linux/errno.js';
import * as s from '../../abi/linux/signal.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { sigBit } from '../task/signal_state.js';
import type { Task } from '../task/task.js';
import { StructBuf } from './struct_buf.js';
import type { SyscallArgs, SyscallDef } from './types.js';

const SIGSET_SIZE = 8;
/** struct sigaction as the arm64 kernel sees it: handler, flags, restorer, mask. */
const SIGACTION_SIZE = 32;
const UNBLOCKABLE = sigBit(s.SIGKILL) | sigBit(s.SIGSTOP);
const SS_DISABLE = 2;

function checkSig(sig: number): void {
  if (sig < 1 || sig > s.NSIG) throw new Errno(EINVAL);
}

/**
 * Raise `sig` on `t`. Ignored signals vanish, blocked ones wait in the
 * pending set, the rest take their default action (terminate) for now.
 */
export function sendSignal(k: Kernel, t: Task, sig: number): void {
  if (sig === 0 || t.state === 'zombie') return;
  const act = t.signals.actions[sig];
  if (sig === s.SIGKILL) {
    k.fatalSignal(t, sig);
    return;
  }
  if (act.handler === BigInt(s.SIG_IGN)) return;
  if (act.handler === BigInt(s.SIG_DFL) && (s.defaultIgnored(sig) || s.defaultStops(sig))) return;
  if ((t.signals.blocked & sigBit(sig)) !== 0n) {
    t.signals.pending |= sigBit(sig);
    return;
  }
  const note = act.handler === BigInt(s.SIG_DFL) ? '' : '(handler delivery is not implemented yet)';
  k.fatalSignal(t, sig, note);
}

/** Act on pending signals that are no longer blocked. */
function deliverUnblocked(k: Kernel, t: Task): void {
  const ready = t.signals.pending & ~t.signals.blocked;
  if (ready === 0n) return;
  for (let sig = 1; sig <= s.NSIG; sig++) {
    if ((ready & sigBit(sig)) !== 0n) {
      t.signals.pending &= ~sigBit(sig);
      sendSignal(k, t, sig);
      if (t.state === 'zombie') return;
    }
  }
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
    // Setting SIG_IGN (or SIG_DFL for a default-ignored signal) discards a pending one.
    if (next.handler === BigInt(s.SIG_IGN) || (next.handler === BigInt(s.SIG_DFL) && s.defaultIgnored(sig))) {
      t.signals.pending &= ~sigBit(sig);
    }
  }
  return 0;
}

function rtSigprocmask(k: Kernel, t: Task, a: SyscallArgs): number {
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
    t.signals.blocked = next & ~UNBLOCKABLE;
    deliverUnblocked(k, t);
  }
  return 0;
}

function rtSigpending(_k: Kernel, t: Task, a: SyscallArgs): number {
  if (a.num(1) > SIGSET_SIZE) throw new Errno(EINVAL);
  t.mm.writeU64(a.ptr(0), t.signals.pending & t.signals.blocked);
  return 0;
}

function sigaltstack(_k: Kernel, t: Task, a: SyscallArgs): number {
  const alt = t.signals.altStack;
  let next = null;
  if (!a.isNull(0)) {
    const b = new StructBuf(t.mm.read(a.ptr(0), 24));
    const flags = b.getU32(8);
    if ((flags & ~(SS_DISABLE | (1 << 31))) !== 0) throw new Errno(EINVAL);
    const size = b.getU64(16);
    if ((flags & SS_DISABLE) === 0 && size < BigInt(s.MINSIGSTKSZ)) throw new Errno(ENOMEM);
    next = { sp: b.getU64(0), flags, size };
  }
  if (!a.isNull(1)) {
    const out = new StructBuf(24).i64(0, alt.sp).u32(8, alt.flags).i64(16, alt.size);
    t.mm.write(a.ptr(1), out.bytes);
  }
  if (next !== null) t.signals.altStack = next;
  return 0;
}

/** The task a pid argument names within this machine, or ESRCH. */
function target(k: Kernel, t: Task, pid: number): Task {
  const found = pid === t.pid ? t : k.findTask(pid);
  if (found === null) throw new Errno(ESRCH);
  return found;
}

function kill(k: Kernel, t: Task, a: SyscallArgs): number {
  const pid = a.int(0);
  const sig = a.int(1);
  if (sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  let victims: Task[];
  if (pid > 0) victims = [target(k, t, pid)];
  else if (pid === 0) victims = [t];
  else if (pid === -1) {
    victims = k.liveTasks().filter((x) => x.tgid !== t.tgid && x.pid !== 1);
    if (victims.length === 0) throw new Errno(ESRCH);
  } else {
    victims = k.liveTasks().filter((x) => x.tgid === -pid);
    if (victims.length === 0) throw new Errno(ESRCH);
  }
  for (const v of victims) {
    if (t.creds.euid !== 0 && t.creds.uid !== v.creds.uid && t.creds.euid !== v.creds.uid) throw new Errno(EPERM);
  }
  for (const v of victims) sendSignal(k, v, sig);
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
  sendSignal(k, v, sig);
  return 0;
}

function tkill(k: Kernel, t: Task, a: SyscallArgs): number {
  const tid = a.int(0);
  const sig = a.int(1);
  if (tid <= 0 || sig < 0 || sig > s.NSIG) throw new Errno(EINVAL);
  sendSignal(k, target(k, t, tid), sig);
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('rt_sigaction'), name: 'rt_sigaction', support: 'partial', handler: rtSigaction,
    args: ['signal', 'ptr', 'ptr', 'udec'], note: 'actions are stored; delivery to handlers arrives with processes',
  },
  {
    nr: nr('rt_sigprocmask'), name: 'rt_sigprocmask', support: 'full', handler: rtSigprocmask,
    args: ['dec', 'ptr', 'ptr', 'udec'],
  },
  { nr: nr('rt_sigpending'), name: 'rt_sigpending', support: 'full', handler: rtSigpending, args: ['ptr', 'udec'] },
  { nr: nr('sigaltstack'), name: 'sigaltstack', support: 'partial', note: 'stored', handler: sigaltstack, args: ['ptr', 'ptr'] },
  {
    nr: nr('kill'), name: 'kill', support: 'partial', handler: kill, args: ['dec', 'signal'],
    note: 'default actions only: terminate (or ignore); handlers and stop/continue arrive with processes',
  },
  { nr: nr('tgkill'), name: 'tgkill', support: 'partial', handler: tgkill, args: ['dec', 'dec', 'signal'], note: 'as kill' },
  { nr: nr('tkill'), name: 'tkill', support: 'partial', handler: tkill, args: ['dec', 'signal'], note: 'as kill' },
  { nr: nr('rt_sigreturn'), name: 'rt_sigreturn', support: 'enosys', note: 'signal frames arrive with processes' },
];
