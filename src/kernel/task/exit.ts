// The end of tasks and processes (kernel/exit.c). A thread ends with
// exitThread(): it leaves every wait, walks its robust futex list, clears
// and wakes its clear_child_tid futex when others share its memory, wakes a
// vfork parent and drops its share of the address space, files and fs
// context. When the last thread of a process ends the process becomes a
// zombie: its children go to a subreaper or the machine's init, and its
// parent gets its exit signal and a wake-up for wait(2) -- or, when the
// parent ignores SIGCHLD or there is none, the process is reaped at once.
// Job control at exit: a session leader's controlling terminal is released
// (SIGHUP to its foreground group), and a process group the exit orphans
// gets SIGHUP and SIGCONT when it has stopped members.
import { SA_NOCLDWAIT, SIG_IGN, SIGCHLD, SIGCONT, SIGHUP } from '../../abi/linux/signal.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Process } from './process.js';
import { exitRobustList } from './robust_list.js';
import { releaseResource } from './shared.js';
import { childExitInfo } from '../signal/child_info.js';
import { hasStoppedJobs, willBeOrphanedPgrp } from './pgrp.js';
import { postSignal, signalPgrp } from './signal_post.js';
import type { Task, TaskExit } from './task.js';

/** End one thread (exit(2), or as part of a group exit). */
/**
 * futex_exit_release / futex_exec_release: walk the task's robust futex list in
 * its current address space, so mutexes it still holds become EOWNERDEAD for the
 * next locker; then forget the list. Called at thread exit and at execve.
 */
export function releaseRobustList(k: Kernel, t: Task): void {
  if (t.robustList !== 0) {
    const mm = t.mm;
    exitRobustList({ mem: mm, wakeOne: (addr) => k.futexWake(mm.futexKey(addr), 1) }, t.robustList, t.pid);
  }
  t.robustList = 0;
  t.robustListLen = 0;
}

export function exitThread(k: Kernel, t: Task, how: TaskExit): void {
  if (t.state === 'zombie') return;
  const p = t.proc;
  for (const cancel of t.cancelWait) cancel();
  t.cancelWait = [];
  k.futexForget(t);
  if (k.current === t) k.detachCurrent();
  releaseRobustList(k, t);
  if (t.clearChildTid !== 0 && t.mm.users > 1) {
    // mm_release: *clear_child_tid = 0 and a futex wake, so pthread_join returns.
    try {
      t.mm.writeU32(t.clearChildTid, 0);
      k.futexWake(t.mm.futexKey(t.clearChildTid), 1);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
    }
  }
  t.clearChildTid = 0;
  wakeVforkParent(t);
  t.exit = how;
  t.exitCode = how.kind === 'exited' ? how.code : 128 + how.signal;
  t.state = 'zombie';
  p.maxRssKb = Math.max(p.maxRssKb, t.mm.residentPages() * 4);
  p.deadCpuNs += t.cpuNs;
  p.deadNvcsw += t.nvcsw;
  p.deadNivcsw += t.nivcsw;
  if (--t.mm.users === 0) t.mm.destroy();
  if (releaseResource(t.files)) t.files.closeAll();
  releaseResource(t.fs);
  releaseResource(t.signals.actions);
  p.threads = p.threads.filter((x) => x !== t);
  if (t !== p.leader) k.releaseSlot(t);
  if (p.threads.length === 0) processExit(k, p, p.groupExit ?? how);
}

/** A vfork child execs or ends: its parent may run again. */
export function wakeVforkParent(t: Task): void {
  const q = t.vforkDone;
  if (q === null) return;
  t.vforkDone = null;
  q.wakeAll();
}

/** End every thread of `p` with `how` (exit_group(2), a fatal signal). */
export function exitGroup(k: Kernel, p: Process, how: TaskExit): void {
  if (p.groupExit !== null || p.exit !== null) return;
  p.groupExit = how;
  for (const th of [...p.threads]) exitThread(k, th, how);
}

/** Whether the parent has said it will not wait for children (SIGCHLD ignored, SA_NOCLDWAIT). */
function parentIgnoresChildren(parent: Process): boolean {
  const th = parent.threads[0] ?? parent.leader;
  const act = th.signals.actions[SIGCHLD];
  return act.handler === BigInt(SIG_IGN) || (act.flags & BigInt(SA_NOCLDWAIT)) !== 0n;
}

function alive(p: Process | null): p is Process {
  return p !== null && p.exit === null && p.groupExit === null;
}

/** Who adopts the children of `p`: the nearest live subreaper above it, else the machine's init, else nobody. */
function newParentFor(k: Kernel, p: Process): Process | null {
  for (let a = p.parent; a !== null; a = a.parent) if (a.subreaper && alive(a)) return a;
  const init = k.init;
  return init !== p && alive(init) ? init : null;
}

/** Tell `parent` that zombie `child` is ready, or reap it when nobody will. */
function notifyParent(k: Kernel, child: Process): void {
  const parent = child.parent;
  if (!alive(parent)) {
    reap(k, child);
    return;
  }
  const autoreap = child.exitSignal === SIGCHLD && parentIgnoresChildren(parent);
  const th = parent.threads[0];
  if (child.exitSignal !== 0 && th !== undefined) postSignal(k, th, child.exitSignal, true, childExitInfo(child, child.exitSignal));
  if (autoreap) reap(k, child);
  else parent.childEvents.wakeAll();
}

/**
 * disassociate_ctty(1): session leader `p` ends with a controlling terminal.
 * The terminal signals its foreground group (SIGHUP; a terminal that is not
 * a pty is hung up instead) and loses its session; every process of the
 * session loses its controlling terminal.
 */
export function disassociateCtty(k: Kernel, p: Process): void {
  const tty = p.ctty;
  if (tty === null || p.sid !== p.tgid) return;
  tty.disassociate(true);
  for (const q of k.processes()) if (q.sid === p.sid) q.ctty = null;
  p.ctty = null;
}

/**
 * kill_orphaned_pgrp: `p` is exiting (parent null: its own group loses it)
 * or its parent `parent` is (p was just reparented). When that leaves p's
 * group orphaned with stopped members, the group gets SIGHUP then SIGCONT.
 */
export function killOrphanedPgrp(k: Kernel, p: Process, parent: Process | null): void {
  const ignored = parent === null ? p : null;
  const par = parent ?? p.parent;
  // The parentless init stands for a program the host started; its group is handled by willBeOrphanedPgrp.
  if (par === null || par.pgid === p.pgid || par.sid !== p.sid) return;
  if (!willBeOrphanedPgrp(k, p.pgid, ignored) || !hasStoppedJobs(k, p.pgid)) return;
  signalPgrp(k, p.pgid, SIGHUP);
  signalPgrp(k, p.pgid, SIGCONT);
}

/** The last thread of `p` has ended. */
function processExit(k: Kernel, p: Process, how: TaskExit): void {
  disassociateCtty(k, p);
  p.exit = how;
  p.stopped = false;
  p.notice = null;
  for (const c of [...p.children]) {
    const np = newParentFor(k, p);
    p.children = p.children.filter((x) => x !== c);
    c.parent = np;
    if (np === null) {
      if (c.exit !== null) reap(k, c);
      continue;
    }
    np.children.push(c);
    if (c.exit !== null) notifyParent(k, c);
    else killOrphanedPgrp(k, c, p);
  }
  killOrphanedPgrp(k, p, null);
  notifyParent(k, p);
  k.onExit?.(p.leader);
  if (p === k.init) k.shutdown();
}

/** Remove zombie `p` from the table and fold its usage into its parent's (release_task). */
export function reap(k: Kernel, p: Process): void {
  if (p.reaped) return;
  p.reaped = true;
  const parent = p.parent;
  if (parent !== null) {
    parent.children = parent.children.filter((x) => x !== p);
    parent.childCpuNs += p.cpuNs() + p.childCpuNs;
    parent.childMaxRssKb = Math.max(parent.childMaxRssKb, p.maxRssKb, p.childMaxRssKb);
  }
  k.releaseSlot(p.leader);
}
