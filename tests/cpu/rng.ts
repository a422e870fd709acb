// A small seeded PRNG (sfc32) for the differential harness. Every generated
// case is a pure function of its 32-bit seed, so a failing case can be
// regenerated on its own from the seed printed in the report.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniformly random unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  /** An integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Pick from [weight, item] pairs. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [w] of items) total += w;
    let r = (this.u32() / 4294967296) * total;
    for (const [w, item] of items) {
      if (r < w) return item;
      r -= w;
    }
    return items[items.length - 1][1];
  }

  private pool: number[] = [];

  /**
   * Draw register numbers mostly from `size` registers for the rest of this
   * case, so that instructions alias and depend on each other more often.
   */
  usePool(size: number): void {
    const all = Array.from({ length: 32 }, (_, i) => i);
    for (let i = 0; i < size; i++) {
      const j = i + this.int(32 - i);
      [all[i], all[j]] = [all[j], all[i]];
    }
    this.pool = all.slice(0, size);
  }

  /** A register number 0..31 (from the pool when one is set). */
  reg(): number {
    return this.pool.length > 0 && this.chance(0.85) ? this.pick(this.pool) : this.int(32);
  }

  /** A random unsigned 64-bit value. */
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
}

/** Derive the seed of case `index` of a run seeded with `runSeed` in `group`. */
export function caseSeed(runSeed: number, group: string, index: number): number {
  let h = (runSeed ^ 0x85ebca6b) >>> 0;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193) >>> 0;
  h = (h + Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
