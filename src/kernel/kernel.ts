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
import type { Clock, Console, Log, Random } from './ports.js';
import { dispatchSyscall } from './syscalls/dispatch.js';
import { releaseTask } from './task/exit.js';
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
}

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
  /** Instructions per slice. */
  slice: number;
  /** Monotonic time at boot, ns. */
  readonly bootNs: bigint;
  /** Names of unimplemented syscalls already reported. */
  readonly reportedEnosys = new Set<string>();
  /** futex wait queues keyed by user address. */
  readonly futexQueues = new Map<number, Task[]>();
  private nextPid = 1;
  private rr = 0;
  private timers: Timer[] = [];
  /** Called whenever a blocked task becomes runnable (the Machine awaits it). */
  onWake: (() => void) | null = null;
  /** Called when a task ends. */
  onExit: ((t: Task) => void) | null = null;

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
    this.bootNs = o.clock.monotonicNs();
  }

  /** Exact count of free guest pages. */
  freePages(): number {
    return this.frames.freePages();
  }

  /** A new, empty address space wired to this machine's CPU. */
  newAddressSpace(stackLimit?: number): AddressSpace {
    const mm: AddressSpace = new AddressSpace(
      this.frames,
      {
        tlbFlush: () => {
          if (this.cpu.mmu === mm) this.cpu.tlbFlush();
        },
        codeWritten: (off) => this.cpu.invalidateCode(off),
      },
      stackLimit,
    );
    return mm;
  }

  // ---- the task table ------------------------------------------------------

  /**
   * Put a new task in the first free slot with the next pid. Throws
   * Errno(EAGAIN) when the table is full (nothing is consumed then).
   */
  createTask(
    mm: AddressSpace,
    files: FdTable,
    fs: FsContext,
    creds: Credentials,
    ppid: number,
  ): Task {
    const slot = this.tasks.indexOf(null);
    if (slot < 0) throw new Errno(EAGAIN, 'task table full');
    const pid = this.nextPid++;
    const t = new Task(pid, pid, ppid, mm, files, fs, creds);
    t.slot = slot;
    t.startNs = this.clock.monotonicNs();
    this.tasks[slot] = t;
    return t;
  }

  /** Remove a task from the table (after its parent has reaped it). */
  releaseSlot(t: Task): void {
    if (t.slot >= 0 && this.tasks[t.slot] === t) this.tasks[t.slot] = null;
    t.slot = -1;
  }

  findTask(pid: number): Task | null {
    for (const t of this.tasks) if (t !== null && t.pid === pid && t.state !== 'zombie') return t;
    return null;
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
      const t = c !== null && c.state === 'runnable' && c.sliceLeft > 0 ? c : this.pickNext();
      if (t === null) return this.liveTasks().length === 0 ? 'done' : 'idle';
      this.runSlice(t);
      if (maxNs >= 0n && this.clock.monotonicNs() - start >= maxNs) return 'busy';
    }
  }

  /** Run `t` until its slice is spent or it needs the kernel, then handle why it stopped. */
  runSlice(t: Task): void {
    this.switchTo(t);
    if (t.sliceLeft <= 0) t.sliceLeft = this.slice;
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
        return;
      case 'pageFault': {
        const signal = exit.reason === 'nomem' ? sig.SIGKILL : sig.SIGSEGV;
        this.fatalSignal(t, signal, `at pc 0x${this.cpu.pc.toString(16)} (${describeFault(exit)})`);
        return;
      }
      case 'alignment':
        this.fatalSignal(t, sig.SIGBUS, `at pc 0x${this.cpu.pc.toString(16)} (misaligned access to 0x${exit.addr.toString(16)})`);
        return;
      case 'undefined': {
        const pc = this.cpu.pc;
        const word = exit.word.toString(16).padStart(8, '0');
        this.log.line(`flint: undefined instruction 0x${word} at pc 0x${pc.toString(16)}`);
        this.fatalSignal(t, sig.SIGILL, `at pc 0x${pc.toString(16)} (undefined instruction 0x${word})`);
        return;
      }
      case 'breakpoint':
        this.fatalSignal(t, sig.SIGTRAP, `at pc 0x${this.cpu.pc.toString(16)} (brk #0x${exit.imm.toString(16)})`);
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

  // ---- ending tasks ----------------------------------------------------------------

  /** End `t` with exit status `code` (exit/exit_group). */
  exitTask(t: Task, code: number): void {
    this.terminate(t, { kind: 'exited', code: code & 0xff });
  }

  /** End `t` by a signal whose action is to terminate. */
  fatalSignal(t: Task, signal: number, detail = ''): void {
    const description = `killed by ${sig.signalName(signal)}${detail ? ' ' + detail : ''}`;
    this.terminate(t, { kind: 'signaled', signal, description });
  }

  private terminate(t: Task, how: TaskExit): void {
    if (t.state === 'zombie') return;
    const wasCurrent = this.current === t;
    if (wasCurrent) {
      this.current = null;
      this.cpu.mmu = NO_MMU;
      this.cpu.tlbFlush();
    }
    releaseTask(this, t, how);
    this.onExit?.(t);
  }
}
