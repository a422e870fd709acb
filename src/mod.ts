// The library entry: createMachine({...}) -> Machine. A machine is one
// kernel with its CPU and guest RAM; spawn() starts a program, run() executes
// until the first spawned program ends. That first process is the machine's
// init: orphans are reparented to it, and when it ends every other process
// is killed and reaped. The kernel is synchronous; run() awaits the host
// only when every task is blocked (input, a timer).
import { ENOENT } from './abi/linux/errno.js';
import { nameFromText } from './fs/byte_string.js';
import { FdTable } from './fs/fd_table.js';
import type { OpenFile } from './fs/file.js';
import { FsContext } from './fs/fs_context.js';
import type { Vfs } from './fs/vfs.js';
import { Errno } from './kernel/errno.js';
import { Kernel } from './kernel/kernel.js';
import type { HaltAction } from './kernel/kernel.js';
import type { KernelLog } from './kernel/klog.js';
import type { Clock, Console, Log, Random } from './kernel/ports.js';
import { procProvider } from './kernel/proc_provider.js';
import { Terminals } from './kernel/terminals.js';
import { buildImage, initialContext } from './kernel/task/exec.js';
import { rootCredentials, type Credentials, type Task } from './kernel/task/task.js';
import { defaultRlimits } from './kernel/task/rlimits.js';

export { Errno } from './kernel/errno.js';
export type { HaltAction, Kernel } from './kernel/kernel.js';
export { KernelLog } from './kernel/klog.js';
export type { Task } from './kernel/task/task.js';

export interface MachineOptions {
  /** Guest RAM in bytes (default 512 MiB; at most 4 GiB minus the CPU state area). */
  memoryBytes?: number;
  /** Task table size (default 64). */
  maxTasks?: number;
  vfs: Vfs;
  console: Console;
  clock: Clock;
  random: Random;
  log: Log;
  /** Print every syscall strace-style to the log. */
  strace?: boolean;
  /** Instructions per scheduler time slice (default 200,000). */
  sliceInstructions?: number;
  /** Log `created pid N (slot S) by pid P` for every fork/clone. */
  verboseFork?: boolean;
  /** The kernel log to use (a boot log written before the machine exists); default: a new one. */
  klog?: KernelLog;
}

export interface SpawnOptions {
  /** Guest path of the program (resolved from cwd). */
  path: string;
  /** argv, argv[0] included. */
  argv: string[];
  envp: string[];
  /** Guest working directory (absolute); default "/". */
  cwd?: string;
  /** Open files for fd 0, 1, 2, ... (the table takes over each reference). */
  stdio?: OpenFile[];
  /** Credentials; default root (uid 0). */
  creds?: Partial<Credentials>;
}

export type RunResult =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: number; description: string }
  /** reboot(2) stopped the machine: every task was killed. */
  | { kind: 'halted'; action: HaltAction };

export interface Machine {
  readonly kernel: Kernel;
  /** Start a program; throws Errno with a message (ENOEXEC, ENOENT, EACCES, E2BIG, ENOMEM, EAGAIN). */
  spawn(o: SpawnOptions): Task;
  /** Run until the first spawned program ends, or reboot(2) stops the machine. */
  run(): Promise<RunResult>;
  /** Exact number of free guest pages. */
  freePages(): number;
  /**
   * Open files for fds 0-2 of the first program on the host console: one open
   * of the console tty (its controlling terminal) when the host's stdin is a
   * terminal, else the host's streams passed through unchanged.
   */
  consoleStdio(timeNs: bigint): OpenFile[];
}

const DEFAULT_MEMORY = 512 << 20;
/** Let the host event loop turn (input, timers) at least this often while guests compute. */
const YIELD_NS = 50_000_000n;

/** Text given by the host (UTF-8) as the guest's bytes. */
function hostBytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function createMachine(options: MachineOptions): Machine {
  const kernel = new Kernel({
    memoryBytes: options.memoryBytes ?? DEFAULT_MEMORY,
    maxTasks: options.maxTasks ?? 64,
    vfs: options.vfs,
    console: options.console,
    clock: options.clock,
    random: options.random,
    log: options.log,
    strace: options.strace ?? false,
    sliceInstructions: options.sliceInstructions,
    verboseFork: options.verboseFork,
    ...(options.klog !== undefined ? { klog: options.klog } : {}),
  });
  options.vfs.setProcProvider(procProvider(kernel));
  const terminals = new Terminals(kernel, options.vfs, options.console);
  let first: Task | null = null;

  function spawn(o: SpawnOptions): Task {
    const vfs = options.vfs;
    const cwdPath = nameFromText(o.cwd ?? '/');
    let cwd;
    try {
      cwd = vfs.resolve(vfs.root, vfs.root, cwdPath, true);
    } catch (e) {
      if (e instanceof Errno) throw new Errno(e.code, `cannot use ${o.cwd} as the working directory`);
      throw e;
    }
    if (!cwd.inode.isDir) throw new Errno(ENOENT, `${o.cwd} is not a directory`);
    const fs = new FsContext(vfs, vfs.root, cwd);
    const creds = { ...rootCredentials(), ...o.creds };
    const rlimits = defaultRlimits();
    let image;
    try {
      image = buildImage(kernel, fs, creds, rlimits, {
        path: nameFromText(o.path),
        argv: o.argv.map(hostBytes),
        envp: o.envp.map(hostBytes),
      });
    } catch (e) {
      if (e instanceof Errno) throw new Errno(e.code, e.detail === undefined ? o.path : `${o.path}: ${e.detail}`);
      throw e;
    }
    const files = new FdTable();
    let t: Task;
    try {
      t = kernel.createTask(image.mm, files, fs, creds, null);
    } catch (e) {
      image.mm.destroy();
      throw e;
    }
    (o.stdio ?? []).forEach((f, fd) => files.installAt(fd, f, false));
    t.rlimits = rlimits;
    t.exePath = image.exePath;
    t.comm = image.comm;
    t.argv = o.argv;
    t.args = image.args;
    initialContext(t.context, image.entry, image.sp);
    if (first === null) {
      first = t;
      kernel.init = t.proc;
      terminals.adopt(t.proc, o.stdio ?? []);
    }
    return t;
  }

  async function run(): Promise<RunResult> {
    for (;;) {
      const state = kernel.run(YIELD_NS);
      if (kernel.halted !== null) return { kind: 'halted', action: kernel.halted };
      const f = first;
      if (f !== null && f.proc.exit !== null) return f.proc.exit;
      if (state === 'done') throw new Error('flint: no program to run (spawn one first)');
      if (state === 'busy') await new Promise<void>((resolve) => setTimeout(resolve, 0));
      else await idle();
    }
  }

  /** Wait for a wake-up from the host or the next timer. */
  function idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const done = (): void => {
        kernel.onWake = null;
        if (timer !== null) clearTimeout(timer);
        resolve();
      };
      kernel.onWake = done;
      const next = kernel.nextTimer();
      if (next !== null) {
        const ms = Number((next - options.clock.monotonicNs()) / 1_000_000n);
        timer = setTimeout(() => {
          kernel.fireTimers();
          done();
        }, Math.max(0, ms) + 1);
      }
    });
  }

  return {
    kernel,
    spawn,
    // However the machine ends, the host terminal gets its modes back.
    run: () => run().finally(() => terminals.release()),
    freePages: () => kernel.freePages(),
    consoleStdio: (timeNs) => terminals.stdio(timeNs),
  };
}
