// Per-task signal state: the actions rt_sigaction(2) installs (shared with
// CLONE_SIGHAND), the blocked mask, the thread's pending queue, the saved
// mask of rt_sigsuspend/ppoll/pselect6, the alternate stack, and the syscall
// a caught signal would interrupt (signal/deliver.ts).
import { NSIG, SIG_DFL } from '../../abi/linux/signal.js';
import { SigQueue } from '../signal/sigqueue.js';

export interface SigAction {
  /** sa_handler / sa_sigaction as an address (SIG_DFL = 0, SIG_IGN = 1). */
  handler: bigint;
  flags: bigint;
  restorer: bigint;
  mask: bigint;
}

/** Bit for signal `sig` (1..64) in a sigset_t. */
export function sigBit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

export class SignalState {
  /** Index 1..64; index 0 unused. */
  actions: SigAction[] = Array.from({ length: NSIG + 1 }, () => ({
    handler: BigInt(SIG_DFL),
    flags: 0n,
    restorer: 0n,
    mask: 0n,
  }));
  /** The blocked mask (rt_sigprocmask). */
  blocked = 0n;
  /** Thread-directed pending signals with their siginfo (struct sigpending). */
  readonly queue = new SigQueue();
  /** The pending set as a sigset_t (bits of `queue`). */
  get pending(): bigint {
    return this.queue.mask;
  }
  set pending(v: bigint) {
    this.queue.setMask(v);
  }
  /**
   * Linux's saved_sigmask with TIF_RESTORE_SIGMASK: the mask rt_sigsuspend,
   * ppoll or pselect6 replaced, restored on the way back to user mode (into
   * the handler frame's uc_sigmask when a handler runs). Null when none.
   */
  savedMask: bigint | null = null;
  /**
   * The syscall this thread is parked in (blocked, its PC on the SVC), which
   * a caught signal interrupts with EINTR or restarts (SA_RESTART); -1 when none.
   */
  parkedSyscall = -1;
  /** sigaltstack(2) settings. */
  altStack = { sp: 0n, flags: 2, size: 0n };
}
