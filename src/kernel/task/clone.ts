// clone(2) (kernel/fork.c copy_process): a new task that copies or shares
// the caller's resources as the flags say. Everything that can fail is done
// before anything is published, so a failed clone leaves no task, no slot
// and no pages behind. The flag sets glibc uses:
//   fork          SIGCHLD (+ CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID)
//   vfork         CLONE_VM|CLONE_VFORK|SIGCHLD
//   posix_spawn   CLONE_VM|CLONE_VFORK|SIGCHLD
//   pthread       CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|
//                 CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID
import { EAGAIN, EINVAL } from '../../abi/linux/errno.js';
import * as c from '../../abi/linux/sched.js';
import { NSIG } from '../../abi/linux/signal.js';
import { SP, TPIDR_OFF, X_OFF } from '../../cpu/state.js';
import { WaitQueue } from '../../fs/wait_queue.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { Process } from './process.js';
import { shareResource } from './shared.js';
import { SignalState } from './signal_state.js';
import { Task } from './task.js';

export interface CloneRequest {
  /** clone flags, with the exit signal in the low byte. */
  flags: number;
  /** New stack pointer for the child; 0 keeps the parent's. */
  stack: number;
  parentTid: number;
  tls: bigint;
  childTid: number;
}

/** Flags Flint implements; anything else is EINVAL rather than a silent half-clone. */
const SUPPORTED =
  c.CSIGNAL | c.CLONE_VM | c.CLONE_FS | c.CLONE_FILES | c.CLONE_SIGHAND | c.CLONE_VFORK | c.CLONE_PARENT |
  c.CLONE_THREAD | c.CLONE_SYSVSEM | c.CLONE_SETTLS | c.CLONE_PARENT_SETTID | c.CLONE_CHILD_CLEARTID |
  c.CLONE_DETACHED | c.CLONE_CHILD_SETTID | c.CLONE_IO;

function has(flags: number, f: number): boolean {
  return (flags & f) !== 0;
}

/** The checks copy_process() makes, plus Flint's unsupported flags. */
export function checkCloneFlags(flags: number): void {
  if ((flags & ~SUPPORTED) >>> 0 !== 0) throw new Errno(EINVAL, `unsupported clone flags 0x${((flags & ~SUPPORTED) >>> 0).toString(16)}`);
  if (has(flags, c.CLONE_THREAD) && !has(flags, c.CLONE_SIGHAND)) throw new Errno(EINVAL);
  if (has(flags, c.CLONE_SIGHAND) && !has(flags, c.CLONE_VM)) throw new Errno(EINVAL);
  if ((flags & c.CSIGNAL) > NSIG) throw new Errno(EINVAL);
}

function putU64(ctx: Uint8Array, off: number, v: bigint): void {
  new DataView(ctx.buffer, ctx.byteOffset, ctx.byteLength).setBigUint64(off, BigInt.asUintN(64, v), true);
}

/** The scheduler slice (instructions) for a task of `priority` (1..40; 20 is nice 0). */
export function sliceFor(base: number, priority: number): number {
  return Math.max(1000, Math.round((base * priority) / 20));
}

/** Create the child of `parent` described by `req`; returns it (already runnable). */
export function cloneTask(k: Kernel, parent: Task, req: CloneRequest): Task {
  const flags = req.flags;
  checkCloneFlags(flags);
  const pp = parent.proc;
  if (has(flags, c.CLONE_PARENT) && pp === k.init) throw new Errno(EINVAL);
  const slot = k.tasks.indexOf(null);
  if (slot < 0) throw new Errno(EAGAIN, 'task table full');
  k.syncContext();

  // From here on nothing fails: share or copy each resource.
  const mm = has(flags, c.CLONE_VM) ? parent.mm : k.forkAddressSpace(parent.mm);
  if (mm === parent.mm) mm.users++;
  const files = has(flags, c.CLONE_FILES) ? shareResource(parent.files) : parent.files.clone();
  const fs = has(flags, c.CLONE_FS) ? shareResource(parent.fs) : parent.fs.clone();
  const t = new Task(k.allocPid(), mm, files, fs, { ...parent.creds, groups: [...parent.creds.groups] });
  const sigs = new SignalState();
  sigs.actions = has(flags, c.CLONE_SIGHAND) ? shareResource(parent.signals.actions) : parent.signals.actions.map((a) => ({ ...a }));
  sigs.blocked = parent.signals.blocked;
  sigs.altStack = has(flags, c.CLONE_VM) && !has(flags, c.CLONE_VFORK) ? { sp: 0n, flags: 2, size: 0n } : { ...parent.signals.altStack };
  t.signals = sigs;
  if (has(flags, c.CLONE_THREAD)) {
    t.proc = pp;
    pp.threads.push(t);
  } else {
    const ppar = has(flags, c.CLONE_PARENT) ? pp.parent : pp;
    const proc = new Process(t.pid, t, ppar, flags & c.CSIGNAL, pp.pgid, pp.sid);
    proc.threads.push(t);
    proc.ctty = pp.ctty;
    ppar?.children.push(proc);
    proc.rlimits = pp.rlimits.map((l) => ({ ...l }));
    t.proc = proc;
  }
  t.nice = parent.nice;
  t.comm = parent.comm;
  t.exePath = parent.exePath;
  t.argv = parent.argv;
  t.args = { ...parent.args };
  t.startNs = k.clock.monotonicNs();
  // The child's registers: the parent's at the SVC's return, with x0 = 0.
  t.context.set(parent.context);
  putU64(t.context, X_OFF, 0n);
  if (req.stack !== 0) putU64(t.context, X_OFF + 8 * SP, BigInt(req.stack));
  if (has(flags, c.CLONE_SETTLS)) putU64(t.context, TPIDR_OFF, req.tls);
  // Seed semantics: a new child starts with half a slice so parent and child interleave.
  t.sliceLeft = Math.max(1, Math.floor(sliceFor(k.slice, t.priority) / 2));
  if (has(flags, c.CLONE_CHILD_CLEARTID)) t.clearChildTid = req.childTid;
  if (has(flags, c.CLONE_VFORK)) t.vforkDone = new WaitQueue();
  k.insertTask(t, slot);
  k.manyTasks = true;
  // Results written into user memory; as in Linux, a bad pointer here is not an error of clone.
  if (has(flags, c.CLONE_PARENT_SETTID)) k.tryWriteU32(parent.mm, req.parentTid, t.pid);
  if (has(flags, c.CLONE_CHILD_SETTID)) k.tryWriteU32(t.mm, req.childTid, t.pid);
  if (k.verboseFork) k.log.line(`created pid ${t.pid} (slot ${slot}) by pid ${parent.pid}`);
  return t;
}
