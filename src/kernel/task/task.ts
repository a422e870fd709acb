// A task: one thread of execution with its saved CPU context and the
// resources it holds (address space, fd table, fs context, credentials,
// signal state). Threads of one process share its Process (the
// thread group) and, per clone flags, the address space, files and fs context.
import { CONTEXT_SIZE } from '../../cpu/state.js';
import type { WaitQueue } from '../../fs/wait_queue.js';
import type { AddressSpace } from '../../mm/address_space.js';
import type { FdTable } from '../../fs/fd_table.js';
import type { FsContext } from '../../fs/fs_context.js';
import type { Process } from './process.js';
import { SignalState } from './signal_state.js';
import type { Rlimit } from './rlimits.js';

export interface Credentials {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  suid: number;
  sgid: number;
  fsuid: number;
  fsgid: number;
  groups: number[];
}

export type TaskState = 'runnable' | 'blocked' | 'stopped' | 'zombie';

/** How a task ended, once it has. */
export type TaskExit =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: number; description: string; core?: boolean };

/** One entry of the recent-syscall ring (for panics). */
export interface SyscallRecord {
  nr: number;
  name: string;
  args: number[];
}

/** The initial stack's string areas (/proc/pid/cmdline, /proc/pid/environ). */
export interface ArgArea {
  argStart: number;
  argEnd: number;
  envStart: number;
  envEnd: number;
}

export class Task {
  /** Saved CPU state block (registers, PC, flags, vector registers, TPIDR). */
  readonly context = new Uint8Array(CONTEXT_SIZE);
  state: TaskState = 'runnable';
  /** Short name, as prctl(PR_SET_NAME) and /proc/pid/comm show it (at most 15 bytes). */
  comm = '';
  /** Absolute guest path of the executable (for /proc/self/exe). */
  exePath = '';
  /** The argv of the running image, as strings (for /proc/pid/cmdline and messages). */
  argv: string[] = [];
  args: ArgArea = { argStart: 0, argEnd: 0, envStart: 0, envEnd: 0 };
  /** Exit status for exit(2) (the low 8 bits are what a parent sees). */
  exitCode = 0;
  /** Set when the task has ended. */
  exit: TaskExit | null = null;
  /** Slot in the kernel's task table. */
  slot = -1;
  /** The thread group; set by the kernel right after construction. */
  proc!: Process;
  /** Scheduling: nice value (-20..19); the slice is proportional to the priority 20 - nice. */
  nice = 0;
  /** Instructions left in the current time slice (0: the slice is over). */
  sliceLeft = 0;
  signals = new SignalState();
  /** A vfork(2) child: its parent sleeps on this queue until the child execs or ends. */
  vforkDone: WaitQueue | null = null;
  /** set_tid_address(2) pointer (CLONE_CHILD_CLEARTID), 0 when none. */
  clearChildTid = 0;
  /** set_robust_list(2) head and length. */
  robustList = 0;
  robustListLen = 0;
  /** CPU time consumed, nanoseconds (host time spent running this task). */
  cpuNs = 0n;
  /** Instructions retired by this task. */
  instructions = 0;
  /** Minor faults (pages demand-allocated) are not tracked yet; voluntary/involuntary switches are. */
  nvcsw = 0;
  nivcsw = 0;
  /** Monotonic time the task started, nanoseconds. */
  startNs = 0n;
  /**
   * State a blocked syscall keeps across its restarts (a sleep's deadline, a
   * futex wake flag). Cleared when a syscall completes.
   */
  restart: unknown = null;
  /** Cancels the wait-queue and timer registrations of a blocked task. */
  cancelWait: Array<() => void> = [];
  /** The last syscalls made (newest last), for panics. */
  recentSyscalls: SyscallRecord[] = [];

  constructor(
    /** The thread id (the process id for a group leader). */
    public pid: number,
    public mm: AddressSpace,
    public files: FdTable,
    public fs: FsContext,
    public creds: Credentials,
  ) {}

  get tgid(): number {
    return this.proc.tgid;
  }

  /** Resource limits belong to the process (signal_struct->rlim): every thread sees the same ones. */
  get rlimits(): Rlimit[] {
    return this.proc.rlimits;
  }
  set rlimits(v: Rlimit[]) {
    this.proc.rlimits = v;
  }

  /** The parent process's id (0 for a machine's first process). */
  get ppid(): number {
    return this.proc.parent?.tgid ?? 0;
  }

  /** The static priority as getpriority(2)'s raw value: 20 - nice (1..40). */
  get priority(): number {
    return 20 - this.nice;
  }
}

/** Root credentials, as the first process gets them. */
export function rootCredentials(): Credentials {
  return { uid: 0, gid: 0, euid: 0, egid: 0, suid: 0, sgid: 0, fsuid: 0, fsgid: 0, groups: [] };
}
