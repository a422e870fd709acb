// Tier 1: compiles hot entry points of guest pages into WebAssembly. The run
// loop counts how often execution enters a page offset (a branch target, or
// the instruction after a JIT exit); at HOT entries the offset is queued, and
// queued regions are compiled together, one module per batch. Compiled code
// belongs to the decoded page of its frame and dies with it (invalidateCode).

import { module } from './wasm.js';
import { REGION_PARAMS, REGION_RESULTS, translateRegion } from './translate.js';

/** A compiled region: (virtual page base, instruction budget) -> instructions retired. */
export type RegionFn = (vbase: number, budget: number) => number;

/** Entries into one offset before it is compiled. */
export const HOT = 32;
/** Queued regions that force a compile before the next run slice. */
const BATCH = 16;

/** The JIT state of one decoded frame. */
export class JitPage {
  readonly fns: Array<RegionFn | undefined> = new Array<RegionFn | undefined>(1024);
  readonly hits = new Uint16Array(1024);
  /** Set when the frame's decoded code is dropped: nothing may be installed any more. */
  dead = false;
  constructor(readonly frame: number) {}
}

export class Jit {
  private queue: Array<{ page: JitPage; idx: number }> = [];
  /** Regions compiled so far, and modules built (for tests and benchmarks). */
  compiled = 0;
  modules = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly words: () => Uint32Array,
  ) {}

  /** Note that offset idx of page became hot. */
  enqueue(page: JitPage, idx: number): void {
    this.queue.push({ page, idx });
  }

  get pending(): number {
    return this.queue.length;
  }
  get full(): boolean {
    return this.queue.length >= BATCH;
  }

  /** Compile every queued region in one module and install the functions. */
  flush(): void {
    const q = this.queue;
    this.queue = [];
    const bodies: number[][] = [];
    const owners: Array<{ page: JitPage; idx: number }> = [];
    for (const e of q) {
      if (e.page.dead || e.page.fns[e.idx] !== undefined) continue;
      const base = e.page.frame >>> 2;
      const u32 = this.words();
      const body = translateRegion((k) => u32[base + k], e.idx * 4);
      if (body === null) {
        // Not translatable here: count from HOT again, so retry only after 64K more entries.
        e.page.hits[e.idx] = HOT;
        continue;
      }
      bodies.push(body);
      owners.push(e);
    }
    if (bodies.length === 0) return;
    const bytes = module(REGION_PARAMS, REGION_RESULTS, bodies, 1);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { mem: this.memory } });
    owners.forEach((e, k) => {
      if (!e.page.dead) e.page.fns[e.idx] = inst.exports[`f${k}`] as RegionFn;
    });
    this.compiled += bodies.length;
    this.modules++;
  }
}
