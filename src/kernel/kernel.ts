// The kernel: the task table, the scheduler, blocking and timers, and the
// handling of every reason the CPU stops. It is synchronous: run() executes
// tasks until none is runnable; only the Machine (mod.ts) awaits host events.
import { Cpu } from '../cpu/cpu.js';
import type { CpuExit, Mmu } from '../cpu/exit.js';
import { GuestFault } from '../cpu/exit.js';
import { EAGAIN } from '../abi/linux/errno.js';
import * as sig from '../abi/linux/signal.js';
import type { Vfs } from '../fs/vfs.js';
import type { WaitQueue } from '../fs/wait_queue.js';
import { AddressSpace } from '../mm/address_space.js';
import { FrameAllocator } from '../mm/frames.js';
import { Errno } from './errno.js';
import { describeFault } from './fault.js';
import { KernelLog } from './klog.js';
import type { Clock, Console, Log, Random } from './ports.js';
import { dispatchSyscall } from './syscalls/dispatch.js';
import { sliceFor } from './task/clone.js';
import { exitGroup, exitThread, reap } from './task/exit.js';
import { Process } from './task/process.js';
import { dumpsCore } from './task/signal_post.js';
import { deliverSignals, raiseFault, signalWork } from './signal/deliver.js';
import { fireCpuTimers } from './syscalls/itimer.js';
import { type Credentials, Task, type TaskExit } from './task/task.js';
import type { FdTable } from '../fs/fd_table.js';
import type { FsContext } from '../fs/fs_context.js';

export interface KernelOptions {
  /** Guest RAM in bytes (frames). */
  memoryBytes: number;
  /** Task table size. */
  maxTasks: number;
  vfs: Vfs;
  console: Console;
  clock: Clock;
  random: Random;
  log: Log;
  strace: boolean;
  /** Instructions per time slice (the timer tick). */
  sliceInstructions?: number;
  /** Log `created pid N (slot S) by pid P` for every new task. */
  verboseFork?: boolean;
  /** The kernel log (dmesg); default: a new, empty one timed from boot. */
  klog?: KernelLog;
}

/** How reboot(2) ended the machine. */
export type HaltAction = 'power-off' | 'halt' | 'restart';

/** An MMU for when no task is loaded: everything is unmapped. */
const NO_MMU: Mmu = {
  fill(va, access) {
    throw new GuestFault(va, access, 'unmapped');
  },
};

interface Timer {
  /** CLOCK_MONOTONIC deadline, ns. */
  at: bigint;
  wake: () => void;
}

/** Thrown for a kernel bug (an exception other than Errno out of a syscall). */
export class KernelPanic extends Error {}

export class Kernel {
  readonly cpu: Cpu;
  readonly frames: FrameAllocator;
  vfs: Vfs;
  clock: Clock;
  random: Random;
  console: Console;
  log: Log;
  strace: boolean;
  /** The task table; null slots are free. */
  readonly tasks: Array<Task | null>;
  /** The task whose context is in the CPU, or null. */
  current: Task | null = null;
  /** uname(2)'s node and domain names (sethostname(2), setdomainname(2), /proc/sys/kernel). */
  readonly uts = { nodename: 'flint', domainname: '(none)' };
  /** Instructions per slice. */
  slice: number;
  /** Monotonic time at boot, ns. */
  readonly bootNs: bigint;
  /** Names of unimplemented syscalls already reported. */
  readonly reportedEnosys = new Set<string>();
  /** futex waiters by futex key (AddressSpace.futexKey). */
  readonly futexQueues = new Map<string, Task[]>();
  /** The machine's init: orphans are reparented to it, and the machine stops when it ends. */
  init: Process | null = null;
  verboseFork: boolean;
  /** Set once a second task exists (strace then tags each line with the pid). */
  manyTasks = false;
  private nextPid = 1;
  private rr = 0;
  private timers: Timer[] = [];
  /** Called whenever a blocked task becomes runnable (the Machine awaits it). */
  onWake: (() => void) | null = null;
  /** Called when a task ends. */
  onExit: ((t: Task) => void) | null = null;
  /** The kernel log: boot messages, /dev/kmsg writes (syslog(2), dmesg). */
  readonly klog: KernelLog;
  /** Set by reboot(2) once the machine is stopping; Machine.run() then returns. */
  halted: HaltAction | null = null;
  /** Ctrl-Alt-Del reboots at once (reboot(2) CAD_ON) rather than signalling init (CAD_OFF, the default). */
  ctrlAltDel = false;

  constructor(o: KernelOptions) {
    const frameBytes = o.memoryBytes;
    const FRAME_BASE = 65536;
    const maxPages = Math.min(65536, Math.ceil((FRAME_BASE + frameBytes) / 65536));
    const initial = Math.min(maxPages, Math.ceil((FRAME_BASE + (1 << 20)) / 65536));
    const memory = new WebAssembly.Memory({ initial, maximum: maxPages });
    this.frames = new FrameAllocator(memory, frameBytes);
    this.cpu = new Cpu(memory, NO_MMU);
    this.frames.hooks = {
      grown: () => this.cpu.refreshViews(),
      freed: (off) => this.cpu.invalidateCode(off),
    };
    this.vfs = o.vfs;
    this.clock = o.clock;
    this.random = o.random;
    this.console = o.console;
    this.log = o.log;
    this.strace = o.strace;
    this.slice = o.sliceInstructions ?? 200_000;
    this.tasks = new Array<Task | null>(o.maxTasks).fill(null);
    this.verboseFork = o.verboseFork ?? false;
    this.bootNs = o.clock.monotonicNs();
    this.klog = o.klog ?? new KernelLog(() => o.clock.monotonicNs() - this.bootNs);
  }

  /** Exact count of free guest pages. */
  freePages(): number {
    return this.frames.freePages();
  }

  /** A new, empty address space wired to this machine's CPU. */
  newAddressSpace(stackLimit?: number): AddressSpace {
    const mm: AddressSpace = new AddressSpace(this.frames, undefined, stackLimit);
    mm.hooks = this.hooksFor(mm);
    return mm;
  }

  /** fork's copy-on-write duplicate of `mm`, wired to this machine's CPU. */
  forkAddressSpace(mm: AddressSpace): AddressSpace {
    const child = mm.cloneCow({ tlbFlush() {}, codeWritten() {} });
    child.hooks = this.hooksFor(child);
    return child;
  }

  private hooksFor(mm: AddressSpace): { tlbFlush(): void; codeWritten(off: number): void } {
    return {
      tlbFlush: () => {
        if (this.cpu.mmu === mm) this.cpu.tlbFlush();
      },
      codeWritten: (off) => this.cpu.invalidateCode(off),
    };
  }

  /** Write a u32 into user memory, ignoring a fault (clone's tid pointers). */
  tryWriteU32(mm: AddressSpace, addr: number, v: number): void {
    try {
      mm.writeU32(addr, v);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
    }
  }

  // ---- the task table ------------------------------------------------------

  /**
   * Start a new process (a thread-group leader) in the first free slot with
   * the next pid; `parent` is its parent process (null for a machine's
   * first). Throws Errno(EAGAIN) when the table is full (nothing is consumed then).
   */
  createTask(mm: AddressSpace, files: FdTable, fs: FsContext, creds: Credentials, parent: Process | null = null): Task {
    const slot = this.tasks.indexOf(null);
    if (slot < 0) throw new Errno(EAGAIN, 'task table full');
    const t = new Task(this.allocPid(), mm, files, fs, creds);
    const p = new Process(t.pid, t, parent, 0, parent?.pgid ?? t.pid, parent?.sid ?? t.pid);
    p.threads.push(t);
    parent?.children.push(p);
    t.proc = p;
    t.startNs = this.clock.monotonicNs();
    this.insertTask(t, slot);
    return t;
  }

  /** The next pid: monotonic, never reused within a run, independent of slots. */
  allocPid(): number {
    return this.nextPid++;
  }

  /** Put a fully built task into free slot `slot`. */
  insertTask(t: Task, slot: number): void {
    if (this.tasks[slot] !== null) throw new Error(`task slot ${slot} is in use`);
    t.slot = slot;
    this.tasks[slot] = t;
  }

  /** Remove a task from the table (a thread that ended, or a reaped process's leader). */
  releaseSlot(t: Task): void {
    if (t.slot >= 0 && this.tasks[t.slot] === t) this.tasks[t.slot] = null;
    t.slot = -1;
  }

  /** The live task (thread) with id `pid`, or null. */
  findTask(pid: number): Task | null {
    for (const t of this.tasks) if (t !== null && t.pid === pid && t.state !== 'zombie') return t;
    return null;
  }

  /** The process with id `tgid` (live or zombie, not yet reaped), or null. */
  findProcess(tgid: number): Process | null {
    for (const t of this.tasks) if (t !== null && t.proc.tgid === tgid && !t.proc.reaped) return t.proc;
    return null;
  }

  /** Every process in the table (live or zombie), each once. */
  processes(): Process[] {
    const out = new Set<Process>();
    for (const t of this.tasks) if (t !== null && !t.proc.reaped) out.add(t.proc);
    return [...out];
  }

  liveTasks(): Task[] {
    return this.tasks.filter((t): t is Task => t !== null && t.state !== 'zombie');
  }

  // ---- context switching -----------------------------------------------------

  /** Make `t` the task whose context is in the CPU. */
  switchTo(t: Task): void {
    if (this.current === t) return;
    const c = this.current;
    if (c !== null && c.state !== 'zombie') this.cpu.saveContext(c.context);
    this.cpu.loadContext(t.context);
    this.cpu.mmu = t.mm;
    this.cpu.tlbFlush();
    this.cpu.clearExclusive();
    this.current = t;
  }

  /** The current task has ended: nothing is loaded in the CPU any more. */
  detachCurrent(): void {
    this.current = null;
    this.cpu.mmu = NO_MMU;
    this.cpu.tlbFlush();
  }

  /** Save the current task's registers into its context (for code that reads task.context). */
  syncContext(): void {
    const c = this.current;
    if (c !== null && c.state !== 'zombie') this.cpu.saveContext(c.context);
  }

  // ---- scheduling --------------------------------------------------------------

  private pickNext(): Task | null {
    const n = this.tasks.length;
    for (let k = 0; k < n; k++) {
      const i = (this.rr + k) % n;
      const t = this.tasks[i];
      if (t !== null && t.state === 'runnable') {
        this.rr = (i + 1) % n;
        return t;
      }
    }
    return null;
  }

  /**
   * Run tasks until none is runnable, or until `maxNs` of host time has
   * passed ('busy': the caller should let the host event loop turn). Returns
   * 'idle' when every live task is blocked (waiting for a wake-up or a
   * timer) and 'done' when no task is left alive.
   */
  run(maxNs = -1n): 'idle' | 'done' | 'busy' {
    const start = maxNs >= 0n ? this.clock.monotonicNs() : 0n;
    for (;;) {
      this.fireTimers();
      // Keep the current task until its slice is used up; then round robin.
      const c = this.current;
      const t = c !== null && c.state === 'runnable' && c.sliceLeft > 0 && !this.preempt ? c : this.pickNext();
      this.preempt = false;
      if (t === null) return this.liveTasks().length === 0 ? 'done' : 'idle';
      this.runSlice(t);
      if (maxNs >= 0n && this.clock.monotonicNs() - start >= maxNs) return 'busy';
    }
  }

  /** Set to make the scheduler pick the next task even though the current one has slice left. */
  preempt = false;

  /** Run `t` until its slice is spent or it needs the kernel, then handle why it stopped. */
  runSlice(t: Task): void {
    fireCpuTimers(this, t);
    if (signalWork(t)) {
      deliverSignals(this, t);
      if (t.state !== 'runnable') return;
    }
    this.switchTo(t);
    if (t.sliceLeft <= 0) t.sliceLeft = sliceFor(this.slice, t.priority);
    const before = this.cpu.instructions;
    const t0 = this.clock.monotonicNs();
    let exit: CpuExit;
    try {
      exit = this.cpu.run(t.sliceLeft);
    } catch (e) {
      throw this.panic(t, `CPU exception at pc 0x${this.cpu.pc.toString(16)}`, e);
    } finally {
      const ran = this.cpu.instructions - before;
      t.instructions += ran;
      t.sliceLeft -= ran;
      t.cpuNs += this.clock.monotonicNs() - t0;
    }
    this.handleExit(t, exit);
  }

  /** Log a kernel bug with the task and its last syscalls; returns the error to throw. */
  panic(t: Task, what: string, e: unknown): KernelPanic {
    const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
    const recent = t.recentSyscalls
      .map((r) => `  ${r.name}(${r.args.map((a) => '0x' + a.toString(16)).join(', ')})`)
      .join('\n');
    const text =
      `flint: kernel panic: ${what} in pid ${t.pid} (${t.comm || t.exePath})\n` +
      `last syscalls:\n${recent}\n${msg}`;
    this.log.line(text);
    return new KernelPanic(text);
  }

  private handleExit(t: Task, exit: CpuExit): void {
    switch (exit.kind) {
      case 'budget':
        t.nivcsw++;
        t.sliceLeft = 0;
        return;
      case 'svc':
        dispatchSyscall(this, t);
        if (t.mm.oom !== null) this.outOfMemory(t);
        return;
      case 'pageFault':
      case 'alignment':
      case 'undefined':
      case 'breakpoint':
        // A handler gets the signal before t runs again; otherwise t's process dies of it.
        raiseFault(this, t, exit, this.cpu.pc);
        return;
    }
  }

  // ---- blocking and waking -------------------------------------------------------

  /** Park `t` on `queues` (and optionally a monotonic deadline); it becomes runnable when any fires. */
  block(t: Task, queues: readonly WaitQueue[], deadlineNs?: bigint): void {
    t.state = 'blocked';
    t.nvcsw++;
    const wake = (): void => this.wake(t);
    for (const q of queues) t.cancelWait.push(q.add(wake));
    if (deadlineNs !== undefined) t.cancelWait.push(this.addTimer(deadlineNs, wake));
  }

  /** Make a blocked task runnable again (its syscall restarts from the top). */
  wake(t: Task): void {
    if (t.state !== 'blocked') return;
    const cancels = t.cancelWait;
    t.cancelWait = [];
    for (const c of cancels) c();
    t.state = 'runnable';
    this.onWake?.();
  }

  /** Call `wake` once CLOCK_MONOTONIC reaches `at`; returns a cancel function. */
  addTimer(at: bigint, wake: () => void): () => void {
    const timer: Timer = { at, wake };
    this.timers.push(timer);
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  /** The earliest pending timer deadline, or null. */
  nextTimer(): bigint | null {
    let best: bigint | null = null;
    for (const t of this.timers) if (best === null || t.at < best) best = t.at;
    return best;
  }

  /** Fire every timer whose deadline has passed. */
  fireTimers(): void {
    if (this.timers.length === 0) return;
    const now = this.clock.monotonicNs();
    const due = this.timers.filter((t) => t.at <= now);
    if (due.length === 0) return;
    this.timers = this.timers.filter((t) => t.at > now);
    for (const t of due) t.wake();
  }

  /** Stop a task (group stop): it leaves any wait and its syscall restarts when it continues. */
  stopTask(t: Task): void {
    if (t.state === 'zombie') return;
    for (const cancel of t.cancelWait) cancel();
    t.cancelWait = [];
    this.futexForget(t);
    t.state = 'stopped';
  }

  /** A stopped task runs again (SIGCONT). */
  resumeTask(t: Task): void {
    if (t.state !== 'stopped') return;
    t.state = 'runnable';
    this.onWake?.();
  }

  // ---- futex waiters ------------------------------------------------------------

  /** Wake up to n waiters on futex `key`; returns how many were woken. */
  futexWake(key: string, n: number, bitset = 0xffffffff): number {
    const q = this.futexQueues.get(key);
    if (q === undefined) return 0;
    let woken = 0;
    for (let i = 0; i < q.length && woken < n; ) {
      const w = q[i];
      const st = w.restart as { kind?: string; woken?: boolean; bitset?: number } | null;
      if (st !== null && typeof st === 'object' && st.kind === 'futex' && ((st.bitset ?? 0xffffffff) & bitset) === 0) {
        i++;
        continue;
      }
      q.splice(i, 1);
      if (st !== null && typeof st === 'object' && st.kind === 'futex') st.woken = true;
      this.wake(w);
      woken++;
    }
    if (q.length === 0) this.futexQueues.delete(key);
    return woken;
  }

  /** Take `t` off every futex queue. */
  futexForget(t: Task): void {
    for (const [key, q] of this.futexQueues) {
      const i = q.indexOf(t);
      if (i < 0) continue;
      q.splice(i, 1);
      if (q.length === 0) this.futexQueues.delete(key);
    }
  }

  // ---- ending tasks ----------------------------------------------------------------

  /** End t's whole process with exit status `code` (exit_group). */
  exitTask(t: Task, code: number): void {
    exitGroup(this, t.proc, { kind: 'exited', code: code & 0xff });
  }

  /** End only thread `t` (exit(2)); the process ends with `code` when it was the last thread. */
  exitThread(t: Task, code: number): void {
    exitThread(this, t, { kind: 'exited', code: code & 0xff });
  }

  /** End t's process by a signal whose action is to terminate (the core flag as Linux would set it). */
  fatalSignal(t: Task, signal: number, detail = ''): void {
    const description = `killed by ${sig.signalName(signal)}${detail ? ' ' + detail : ''}`;
    const how: TaskExit = dumpsCore(t, signal) ? { kind: 'signaled', signal, description, core: true } : { kind: 'signaled', signal, description };
    exitGroup(this, t.proc, how);
  }

  /**
   * A kernel copy into t's memory found no free frame (the syscall failed
   * with ENOMEM): t's process dies of SIGKILL before returning to user mode,
   * the same policy as for its own page faults.
   */
  outOfMemory(t: Task): void {
    const oom = t.mm.oom;
    t.mm.oom = null;
    if (oom === null || t.state === 'zombie') return;
    const fault = describeFault({ kind: 'pageFault', addr: oom.va, access: oom.access, reason: 'nomem' });
    this.fatalSignal(t, sig.SIGKILL, `at pc 0x${this.cpu.pc.toString(16)} (${fault})`);
  }

  /** End process `p` by `signal` (SIGKILL from kill(2), or the machine stopping). */
  killProcess(p: Process, signal: number): void {
    const t = p.threads[0];
    if (t !== undefined) this.fatalSignal(t, signal);
  }

  /** The machine's init has ended: every other process is killed and reaped. */
  shutdown(): void {
    for (const p of this.processes()) if (p.exit === null) this.killProcess(p, sig.SIGKILL);
    for (const p of this.processes()) reap(this, p);
    // The machine may be idle, waiting for the host (init killed by a ^C from the terminal): let it see the end.
    this.onWake?.();
  }
}
