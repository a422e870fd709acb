// The host's clocks for the Clock port.
import { hrtime } from 'node:process';
import type { Clock } from '../../kernel/ports.js';

export class NodeClock implements Clock {
  /** Realtime is anchored once to Date.now() and advanced by the monotonic clock, so it has ns resolution. */
  private readonly anchorNs = BigInt(Date.now()) * 1_000_000n - hrtime.bigint();

  realtimeNs(): bigint {
    return this.anchorNs + hrtime.bigint();
  }
  monotonicNs(): bigint {
    return hrtime.bigint();
  }
}
