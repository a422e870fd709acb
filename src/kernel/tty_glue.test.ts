// Job control between the kernel and its terminals: the controlling
// terminal across fork and setsid, orphaned process groups at exit, the
// discarded tty stops of an orphaned group, and the JobControl a Tty uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EIO, ERESTARTSYS } from '../abi/linux/errno.js';
import { O_RDWR } from '../abi/linux/fcntl.js';
import { SIG_IGN, SIGCHLD, SIGHUP, SIGSTOP, SIGTSTP, SIGTTIN } from '../abi/linux/signal.js';
import { makeDev } from '../abi/linux/stat.js';
import { syscallNumber } from '../abi/linux/syscall_nr.js';
import { FdTable } from '../fs/fd_table.js';
import { FsContext } from '../fs/fs_context.js';
import { Tty } from '../tty/tty.js';
import { Errno } from './errno.js';
import type { Kernel } from './kernel.js';
import { SyscallArgs } from './syscalls/types.js';
import { lookupSyscall } from './syscalls/table.js';
import { cloneTask } from './task/clone.js';
import { postSignal } from './task/signal_post.js';
import { sigBit } from './task/signal_state.js';
import { rootCredentials, type Task } from './task/task.js';
import { kernelJobControl } from './tty_glue.js';
import { bareKernel } from '../../tests/support/bare_kernel.js';

function kernel16(): Kernel {
  return bareKernel(16);
}

function initTask(k: Kernel): Task {
  const t = k.createTask(k.newAddressSpace(), new FdTable(), new FsContext(k.vfs, k.vfs.root, k.vfs.root), rootCredentials(), null);
  k.init = t.proc;
  k.switchTo(t);
  return t;
}

function fork(k: Kernel, parent: Task): Task {
  return cloneTask(k, parent, { flags: SIGCHLD, stack: 0, parentTid: 0, tls: 0n, childTid: 0 });
}

/** Run syscall `name` for t as the task in the CPU; returns its result or -errno. */
function sys(k: Kernel, t: Task, name: string, ...args: number[]): number {
  k.switchTo(t);
  const halves = new Int32Array(12);
  args.forEach((v, i) => {
    halves[2 * i] = v;
    halves[2 * i + 1] = v < 0 ? -1 : 0;
  });
  const def = lookupSyscall(syscallNumber(name));
  assert.ok(def?.handler);
  try {
    return Number(def.handler(k, t, new SyscallArgs(halves)));
  } catch (e) {
    if (e instanceof Errno) return -e.code;
    throw e;
  }
}

function newTty(k: Kernel, name = 'pts/0'): Tty {
  return new Tty({ name, rdev: makeDev(136, 0), driver: { output() {} }, jobs: kernelJobControl(k) });
}

/** Give t's session `tty` as controlling terminal with foreground group `pgrp`. */
function attach(k: Kernel, t: Task, tty: Tty, pgrp: number): void {
  tty.session = t.proc.sid;
  tty.pgrp = pgrp;
  kernelJobControl(k).setSessionTty(t.proc.sid, tty);
}

/** A handler address (never run: these tests do not enter user mode). */
function catchSignal(t: Task, sig: number): void {
  t.signals.actions[sig] = { ...t.signals.actions[sig], handler: 0x400000n };
}

test('fork inherits the controlling terminal and setsid detaches it', () => {
  const k = kernel16();
  const init = initTask(k);
  const tty = newTty(k);
  attach(k, init, tty, init.proc.pgid);
  const child = fork(k, init);
  assert.equal(child.proc.ctty, tty);
  assert.equal(sys(k, child, 'setsid'), child.pid);
  assert.equal(child.proc.ctty, null);
  assert.equal(child.proc.sid, child.pid);
  assert.equal(init.proc.ctty, tty);
  assert.equal(tty.session, init.proc.sid);
});

test('JobControl.caller describes the task in the CPU: ids, session leadership, blocked and ignored signals', () => {
  const k = kernel16();
  const init = initTask(k);
  const child = fork(k, init);
  child.signals.blocked |= sigBit(SIGTTIN);
  k.switchTo(child);
  const c = kernelJobControl(k).caller();
  assert.deepEqual([c.pid, c.pgid, c.sid, c.isSessionLeader, c.privileged], [child.pid, init.pid, init.pid, false, true]);
  assert.equal(c.blocksOrIgnores(SIGTTIN), true);
  assert.equal(c.blocksOrIgnores(SIGTSTP), false);
  child.signals.actions[SIGTSTP] = { ...child.signals.actions[SIGTSTP], handler: BigInt(SIG_IGN) };
  assert.equal(c.blocksOrIgnores(SIGTSTP), true);
  k.switchTo(init);
  assert.equal(kernelJobControl(k).caller().isSessionLeader, true);
});

test('an orphaned stopped pgrp gets SIGHUP and SIGCONT', () => {
  const k = kernel16();
  const init = initTask(k);
  // a leads a session of its own; b is a job of it (its own group), stopped.
  const a = fork(k, init);
  assert.equal(sys(k, a, 'setsid'), a.pid);
  const b = fork(k, a);
  assert.equal(sys(k, b, 'setpgid', 0, 0), 0);
  catchSignal(b, SIGHUP);
  postSignal(k, b, SIGSTOP, true);
  assert.equal(b.proc.stopped, true);
  // a's exit reparents b to init, in another session: b's group is orphaned.
  k.exitTask(a, 0);
  assert.equal(b.proc.parent, init.proc);
  assert.equal(b.proc.stopped, false);
  assert.equal(b.state, 'runnable');
  assert.ok((b.proc.sharedPending & sigBit(SIGHUP)) !== 0n);
});

test('an orphaned stopped pgrp without a SIGHUP handler dies of SIGHUP', () => {
  const k = kernel16();
  const init = initTask(k);
  const a = fork(k, init);
  sys(k, a, 'setsid');
  const b = fork(k, a);
  sys(k, b, 'setpgid', 0, 0);
  postSignal(k, b, SIGSTOP, true);
  k.exitTask(a, 0);
  assert.deepEqual(b.proc.exit, { kind: 'signaled', signal: SIGHUP, description: 'killed by SIGHUP' });
});

test('a group that keeps a parent in its session is not sent SIGHUP when another member exits', () => {
  const k = kernel16();
  const init = initTask(k);
  const a = fork(k, init);
  sys(k, a, 'setsid');
  const b = fork(k, a);
  sys(k, b, 'setpgid', 0, 0);
  const c = fork(k, b);
  postSignal(k, c, SIGSTOP, true);
  k.exitTask(b, 0);
  // c (in b's group) was reparented to init, outside the session: now the group is orphaned.
  assert.deepEqual(c.proc.exit, { kind: 'signaled', signal: SIGHUP, description: 'killed by SIGHUP' });
  const d = fork(k, a);
  sys(k, d, 'setpgid', 0, 0);
  const e = fork(k, d);
  const f = fork(k, d);
  postSignal(k, f, SIGSTOP, true);
  // e exits; d (the group's link to a) is still there: nothing happens.
  k.exitTask(e, 0);
  assert.equal(f.proc.stopped, true);
  assert.equal(f.proc.exit, null);
});

test('the exit of a group\'s last link to its session sends SIGHUP to the group\'s stopped members', () => {
  const k = kernel16();
  const init = initTask(k);
  const a = fork(k, init);
  sys(k, a, 'setsid');
  const x = fork(k, a);
  sys(k, x, 'setpgid', 0, 0);
  const y = fork(k, x);
  const w = fork(k, y);
  postSignal(k, w, SIGSTOP, true);
  // Only x has a parent (a) in another group of the session: its exit orphans the group.
  k.exitTask(x, 0);
  assert.deepEqual(w.proc.exit, { kind: 'signaled', signal: SIGHUP, description: 'killed by SIGHUP' });
  assert.deepEqual(y.proc.exit, { kind: 'signaled', signal: SIGHUP, description: 'killed by SIGHUP' });
});

test('SIGTSTP does not stop an orphaned process group but SIGSTOP does', () => {
  const k = kernel16();
  const init = initTask(k);
  const a = fork(k, init);
  sys(k, a, 'setsid');
  // a is a session leader whose parent is in another session: its group is orphaned.
  postSignal(k, a, SIGTSTP, true);
  assert.equal(a.proc.stopped, false);
  postSignal(k, a, SIGSTOP, true);
  assert.equal(a.proc.stopped, true);
  // A job of a (its own group, parent a in the same session) does stop on SIGTSTP.
  const b = fork(k, a);
  sys(k, b, 'setpgid', 0, 0);
  postSignal(k, b, SIGTSTP, true);
  assert.equal(b.proc.stopped, true);
});

test('the first process without a terminal is not an orphaned group: SIGTSTP stops a child of it', () => {
  const k = kernel16();
  const init = initTask(k);
  const child = fork(k, init);
  postSignal(k, child, SIGTSTP, true);
  assert.equal(child.proc.stopped, true);
});

test('a background read of the controlling terminal sends SIGTTIN to the group and restarts', () => {
  const k = kernel16();
  const init = initTask(k);
  const tty = newTty(k);
  attach(k, init, tty, init.proc.pgid);
  const job = fork(k, init);
  sys(k, job, 'setpgid', 0, 0);
  catchSignal(job, SIGTTIN);
  k.switchTo(job);
  const ops = tty.open(O_RDWR, true);
  assert.throws(() => ops.read(10, 0, false), (e: unknown) => e instanceof Errno && e.code === ERESTARTSYS);
  assert.ok((job.proc.sharedPending & sigBit(SIGTTIN)) !== 0n);
  // With SIGTTIN blocked the read fails with EIO instead.
  job.signals.blocked |= sigBit(SIGTTIN);
  assert.throws(() => ops.read(10, 0, false), (e: unknown) => e instanceof Errno && e.code === EIO);
  ops.release?.();
});

test('a session leader\'s exit takes the controlling terminal from its session', () => {
  const k = kernel16();
  const init = initTask(k);
  const leader = fork(k, init);
  sys(k, leader, 'setsid');
  const tty = newTty(k);
  attach(k, leader, tty, leader.proc.pgid);
  const member = fork(k, leader);
  assert.equal(member.proc.ctty, tty);
  catchSignal(member, SIGHUP);
  k.exitTask(leader, 0);
  assert.equal(member.proc.ctty, null);
  assert.equal(tty.session, 0);
  assert.equal(tty.pgrp, 0);
});
