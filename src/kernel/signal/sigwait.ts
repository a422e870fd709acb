// rt_sigtimedwait(2)'s waiting state. A thread in sigtimedwait sleeps with
// the signals it waits for still blocked; postSignal() wakes it when one of
// them arrives (wakeSigwaiters), and the syscall then takes it from the
// queue without running a handler.
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';

/** task.restart of a thread parked in rt_sigtimedwait. */
export interface SigwaitState {
  kind: 'sigwait';
  /** The signals waited for (without SIGKILL and SIGSTOP). */
  set: bigint;
  /** Monotonic deadline (ns since boot), or null to wait forever. */
  deadline: bigint | null;
}

export function isSigwait(x: unknown): x is SigwaitState {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'sigwait';
}

/** `sig` has just been made pending for t (or t's process): wake a thread waiting for it in sigtimedwait. */
export function wakeSigwaiters(k: Kernel, t: Task, sig: number, group: boolean): void {
  const bit = 1n << BigInt(sig - 1);
  for (const th of group ? t.proc.threads : [t]) {
    const st = th.restart;
    if (th.state === 'blocked' && isSigwait(st) && (st.set & bit) !== 0n) {
      k.wake(th);
      return;
    }
  }
}
