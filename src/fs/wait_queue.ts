// A wait queue knows nothing of processes: it holds wake-up callbacks. A file
// operation that cannot proceed throws WouldBlock naming the queue to sleep
// on; the syscall layer parks the task there and returns BLOCKED, and the
// syscall restarts from the top when the queue wakes it.

export class WaitQueue {
  private waiters: Array<() => void> = [];

  /** Register a one-shot wake-up; returns a function that cancels it. */
  add(wake: () => void): () => void {
    this.waiters.push(wake);
    return () => {
      const i = this.waiters.indexOf(wake);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }

  /** Wake every waiter (each is removed first; a waiter that still cannot proceed waits again). */
  wakeAll(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const wake of w) wake();
  }

  get size(): number {
    return this.waiters.length;
  }
}

/** Thrown by an operation that must wait on one or more queues. */
export class WouldBlock extends Error {
  readonly queues: WaitQueue[];
  /**
   * A monotonic deadline (ns, the Clock's monotonicNs() time base): the wait
   * also ends then, and the operation restarts and sees that the time has
   * passed (a tty's VTIME). Undefined: no deadline.
   */
  untilNs: bigint | undefined = undefined;
  constructor(...queues: WaitQueue[]) {
    super('would block');
    this.queues = queues;
  }

  /** Also end the wait at monotonic time `ns` (the earliest deadline wins when set twice). */
  until(ns: bigint): this {
    if (this.untilNs === undefined || ns < this.untilNs) this.untilNs = ns;
    return this;
  }
}
