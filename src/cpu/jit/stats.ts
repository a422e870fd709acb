// JIT statistics for measurement (off unless a caller enables them, e.g. the
// benchmark runner with FLINT_JIT_STATS=1): how many instructions compiled
// regions retire against the interpreter, and which instruction words the
// interpreter runs, counted separately when it runs one because a region
// stopped before it. The run loop calls in only when stats are on.

/** Per instruction word: times interpreted, and times a region exited right before it. */
interface WordCount {
  interp: number;
  exits: number;
  /** Times compiled code ran the interpreter's op for it through a call-out. */
  callouts: number;
}

export class JitStats {
  /** Region calls from the run loop, and calls that retired nothing. */
  calls = 0;
  emptyCalls = 0;
  regionInsns = 0;
  interpInsns = 0;
  /** Interpreted runs that started right after a region exit. */
  exits = 0;
  calloutCount = 0;
  readonly words = new Map<number, WordCount>();

  /** A region call from the run loop retired `retired` instructions. */
  region(retired: number): void {
    this.calls++;
    if (retired === 0) this.emptyCalls++;
    this.regionInsns += retired;
  }

  /**
   * The interpreter ran `count` instructions from word index idx of the frame
   * at host offset frame (straight-line: only the last may have branched);
   * afterExit: a region stopped right before the first one.
   */
  interpreted(u32: Uint32Array, frame: number, idx: number, count: number, afterExit: boolean): void {
    this.interpInsns += count;
    if (afterExit) this.exits++;
    for (let k = 0; k < count && idx + k < 1024; k++) {
      const w = u32[(frame >> 2) + idx + k];
      let e = this.words.get(w);
      if (e === undefined) {
        e = { interp: 0, exits: 0, callouts: 0 };
        this.words.set(w, e);
      }
      e.interp++;
      if (k === 0 && afterExit) e.exits++;
    }
  }

  /** Compiled code called out to the interpreter's op for word w. */
  callout(w: number): void {
    this.calloutCount++;
    let e = this.words.get(w);
    if (e === undefined) {
      e = { interp: 0, exits: 0, callouts: 0 };
      this.words.set(w, e);
    }
    e.callouts++;
  }

  /** The `top` words by count of `key`, most frequent first. */
  top(key: keyof WordCount, top: number): Array<{ word: number; count: number }> {
    return [...this.words.entries()]
      .filter(([, c]) => c[key] > 0)
      .sort((a, b) => b[1][key] - a[1][key])
      .slice(0, top)
      .map(([word, c]) => ({ word, count: c[key] }));
  }
}
