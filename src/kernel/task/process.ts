// A process: one thread group (Linux's signal_struct plus the parent/child
// links of the group leader). Threads (tasks) share it; wait(2) sees whole
// processes. A process stays in its parent's `children` as a zombie from
// the moment its last thread ends until the parent reaps it.
import { WaitQueue } from '../../fs/wait_queue.js';
import type { Tty } from '../../tty/tty.js';
import { SigQueue } from '../signal/sigqueue.js';
import { defaultRlimits, type Rlimit } from './rlimits.js';
import type { Task, TaskExit } from './task.js';

/** A child stop or continue not yet reported to wait(2) (WUNTRACED, WCONTINUED). */
export type JobNotice = { kind: 'stopped'; signal: number } | { kind: 'continued' };

export class Process {
  /** Live threads, leader first while it lives. */
  threads: Task[] = [];
  /** The thread whose tid is the tgid (it keeps the table slot until the process is reaped). */
  leader: Task;
  parent: Process | null;
  children: Process[] = [];
  /** How the process ended (set when its last thread is gone: it is a zombie until reaped). */
  exit: TaskExit | null = null;
  /** exit_group(2) or a fatal signal in progress: every thread ends with this. */
  groupExit: TaskExit | null = null;
  /** Reaped by wait(2) (or auto-reaped): gone from the table. */
  reaped = false;
  /** The parent's wait(2) sleeps on its own process's queue; a child's exit, stop or continue wakes it. */
  readonly childEvents = new WaitQueue();
  /** Signal sent to the parent at exit (SIGCHLD for fork; 0 for none). */
  exitSignal: number;
  pgid: number;
  sid: number;
  /** The process has execve'd since fork (its parent's setpgid then fails with EACCES). */
  didExec = false;
  /** The controlling terminal (signal->tty): fork copies it, execve keeps it, setsid drops it. */
  ctty: Tty | null = null;
  /** Resource limits, shared by every thread; fork copies them, execve keeps them. */
  rlimits: Rlimit[] = defaultRlimits();
  /** PR_SET_CHILD_SUBREAPER. */
  subreaper = false;
  /** Process-directed signals not yet taken by a thread, with their siginfo. */
  readonly sharedQueue = new SigQueue();
  /** The shared pending set as a sigset_t (bits of `sharedQueue`). */
  get sharedPending(): bigint {
    return this.sharedQueue.mask;
  }
  set sharedPending(v: bigint) {
    this.sharedQueue.setMask(v);
  }
  /** The whole group is stopped (SIGSTOP and friends). */
  stopped = false;
  /** A stop or continue for the parent's wait(2). */
  notice: JobNotice | null = null;
  /** CPU time and context switches of threads that have ended. */
  deadCpuNs = 0n;
  deadNvcsw = 0;
  deadNivcsw = 0;
  /** Totals of reaped children (RUSAGE_CHILDREN, times()). */
  childCpuNs = 0n;
  childMaxRssKb = 0;
  /** Largest resident set seen, in KiB (ru_maxrss). */
  maxRssKb = 0;

  constructor(
    readonly tgid: number,
    leader: Task,
    parent: Process | null,
    exitSignal: number,
    pgid: number,
    sid: number,
  ) {
    this.leader = leader;
    this.parent = parent;
    this.exitSignal = exitSignal;
    this.pgid = pgid;
    this.sid = sid;
  }

  /** CPU time of the whole group so far, ns. */
  cpuNs(): bigint {
    let n = this.deadCpuNs;
    for (const t of this.threads) n += t.cpuNs;
    return n;
  }
}
