// Tier 1: compiles hot entry points of guest pages into WebAssembly. The run
// loop counts how often execution enters a page offset (a branch target, or
// the instruction after a JIT exit); at HOT entries the offset is queued, and
// queued regions are compiled together, one module per batch. Compiled code
// belongs to the decoded page of its frame and dies with it (invalidateCode).
// Every region also sits in one shared function table, so that a region can
// tail-call the next one through the jump cache (see translate.ts).

import { F64, I32, module } from './wasm.js';
import type { Cpu, Op } from '../cpu.js';
import { decodeFp } from '../decode/fp.js';
import { decodeSimd } from '../decode/simd.js';
import { JC_ENTRIES, JC_SLOT_OFF, JC_TAG_OFF } from '../state.js';
import { REGION_PARAMS, REGION_RESULTS, translateRegion } from './translate.js';
import { JitStats } from './stats.js';

/**
 * A compiled region: (virtual page base, instruction budget, instructions
 * already retired) -> instructions retired in all.
 */
export type RegionFn = (vbase: number, budget: number, done: number) => number;

/** Entries into one offset before it is compiled. */
export const HOT = 32;
/** Queued regions that force a compile before the next run slice. */
const BATCH = 16;

/** The JIT state of one decoded frame. */
export class JitPage {
  readonly fns: Array<RegionFn | undefined> = new Array<RegionFn | undefined>(1024);
  /** Table slot of each compiled region (0: none). */
  readonly slots = new Int32Array(1024);
  readonly hits = new Uint16Array(1024);
  /** Set when the frame's decoded code is dropped: nothing may be installed any more. */
  dead = false;
  constructor(readonly frame: number) {}
}

/** The signature of the call-out import (see Callout in translate.ts). */
const CALLOUT = { params: [I32, F64], results: [] };

export class Jit {
  private queue: Array<{ page: JitPage; idx: number }> = [];
  private readonly table = new WebAssembly.Table({ element: 'anyfunc', initial: 256 });
  private nextSlot = 1;
  private readonly freeSlots: number[] = [];
  /** Regions compiled so far, and modules built (for tests and benchmarks). */
  compiled = 0;
  modules = 0;
  /** Distinct interpreter ops that compiled code calls out to. */
  callouts = 0;
  /** Bytes of WebAssembly compiled so far. */
  bytes = 0;
  /** Batches the engine refused to compile (a code generator bug; tests assert it stays 0). */
  failures = 0;
  /** Measurement counters, when enabled (see enableStats); null keeps them off the hot path. */
  stats: JitStats | null = null;

  constructor(
    private readonly memory: WebAssembly.Memory,
    /** The CPU whose memory the code runs on (its views are re-created after growth). */
    private readonly views: () => Cpu,
  ) {
    this.clearJumpCache();
  }

  /** Start counting region and interpreter instructions (for measurement). */
  enableStats(): JitStats {
    if (this.stats === null) this.stats = new JitStats();
    return this.stats;
  }

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

  /** Record that the region in `slot` runs the code at virtual address pc. */
  remember(pc: number, slot: number): void {
    const v = this.views();
    const e = (pc / 4) & (JC_ENTRIES - 1);
    v.f64[(JC_TAG_OFF >> 3) + e] = pc;
    v.i32[(JC_SLOT_OFF >> 2) + e] = slot;
  }

  /** Forget every cached target (the TLB was flushed, or code was dropped). */
  clearJumpCache(): void {
    this.views().f64.fill(-1, JC_TAG_OFF >> 3, (JC_TAG_OFF >> 3) + JC_ENTRIES);
  }

  /** The page's code is gone: free its table slots (the jump cache no longer names them). */
  release(page: JitPage): void {
    page.dead = true;
    for (let k = 0; k < 1024; k++) {
      const s = page.slots[k];
      if (s !== 0) {
        this.table.set(s, null);
        this.freeSlots.push(s);
      }
    }
  }

  private slot(): number {
    const s = this.freeSlots.pop();
    if (s !== undefined) return s;
    if (this.nextSlot >= this.table.length) this.table.grow(this.table.length);
    return this.nextSlot++;
  }

  /** Compile every queued region in one module and install the functions. */
  flush(): void {
    const q = this.queue;
    this.queue = [];
    const bodies: Uint8Array[] = [];
    const owners: Array<{ page: JitPage; idx: number }> = [];
    // The interpreter's ops that the batch calls out to, one per distinct word.
    const ops: Op[] = [];
    const opIndex = new Map<number, number>();
    const callout = (w: number): number => {
      let k = opIndex.get(w);
      if (k === undefined) {
        const op = decodeFp(w) ?? decodeSimd(w);
        if (op === null) return -1;
        k = ops.length;
        ops.push(op);
        opIndex.set(w, k);
      }
      return k;
    };
    for (const e of q) {
      if (e.page.dead || e.page.fns[e.idx] !== undefined) continue;
      const base = e.page.frame >>> 2;
      const u32 = this.views().u32;
      const body = translateRegion((k) => u32[base + k], e.idx * 4, callout);
      if (body === null) {
        // Not translatable here: count from HOT again, so retry only after 64K more entries.
        e.page.hits[e.idx] = HOT;
        continue;
      }
      bodies.push(body);
      owners.push(e);
    }
    if (bodies.length === 0) return;
    const bytes = module(REGION_PARAMS, REGION_RESULTS, bodies, 1, true, [CALLOUT]);
    this.bytes += bytes.length;
    let inst: WebAssembly.Instance;
    try {
      const cpu = this.views();
      const stats = this.stats;
      const words = [...opIndex.keys()];
      const i0 =
        stats === null
          ? (k: number, pc: number): void => {
              ops[k](cpu, pc);
            }
          : (k: number, pc: number): void => {
              stats.callout(words[k]);
              ops[k](cpu, pc);
            };
      inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { mem: this.memory, tab: this.table, i0 } });
    } catch {
      // A code generator bug must not stop the guest: the interpreter keeps running this code.
      this.failures++;
      for (const o of owners) o.page.hits[o.idx] = HOT;
      return;
    }
    owners.forEach((e, k) => {
      const f = inst.exports[`f${k}`] as RegionFn;
      const s = this.slot();
      this.table.set(s, f);
      e.page.fns[e.idx] = f;
      e.page.slots[e.idx] = s;
    });
    this.compiled += bodies.length;
    this.callouts += ops.length;
    this.modules++;
  }
}
