// Exclusive and ordered loads and stores (Arm ARM C4.1.4: "Load/store
// exclusive register/pair", "Load/store ordered", "LDAPR/STLR (unscaled
// immediate)"): LDXR/LDAXR/STXR/STLXR, LDXP/LDAXP/STXP/STLXP, LDAR/STLR,
// LDLAR/STLLR, LDAPR, LDAPUR/STLUR.
//
// The exclusive monitor lives in the state block. A load-exclusive records
// address, size and the bytes it read. A store-exclusive succeeds (status 0)
// only when the monitor is valid for the same address and size and memory
// still holds the recorded bytes (as qemu checks); it always clears the
// monitor. Every access here must be aligned to its total size, else SIGBUS.
// With one CPU and a single thread of execution, acquire/release ordering
// needs nothing beyond doing the access.

import type { Cpu, Op } from '../cpu.js';
import { ACCESS_READ, ACCESS_WRITE } from '../exit.js';
import { EXCL_ADDR_OFF, EXCL_SIZE_OFF, EXCL_VALID_OFF, EXCL_VALUE_OFF } from '../state.js';
import { checkAlign } from './ldst_mem.js';
import { singleAccess } from './ldst_single.js';

const VALID = EXCL_VALID_OFF >> 2;
const SIZE = EXCL_SIZE_OFF >> 2;
const ADDR = EXCL_ADDR_OFF >> 3;
const VALUE = EXCL_VALUE_OFF >> 2;

/** Read `size` (1, 2 or 4) aligned bytes at host offset a, unsigned. */
function readNarrow(c: Cpu, a: number, size: number): number {
  if (size === 4) return c.i32[a >> 2] >>> 0;
  const u = c.u8;
  return size === 1 ? u[a] : u[a] | (u[a + 1] << 8);
}

/** Write the low `size` (1, 2 or 4) bytes of v at host offset a. */
function writeNarrow(c: Cpu, a: number, size: number, v: number): void {
  if (size === 4) {
    c.i32[a >> 2] = v;
    return;
  }
  const u = c.u8;
  u[a] = v;
  if (size === 2) u[a + 1] = v >> 8;
}

/** Arm the monitor for `size` bytes at va; the value words are set by the caller. */
function arm(c: Cpu, va: number, size: number): void {
  const i = c.i32;
  i[VALID] = 1;
  i[SIZE] = size;
  c.f64[ADDR] = va;
}

/** Does the monitor cover exactly `size` bytes at va? */
function armedFor(c: Cpu, va: number, size: number): boolean {
  return c.i32[VALID] === 1 && c.i32[SIZE] === size && c.f64[ADDR] === va;
}

/** Do the `size` aligned bytes at host offset a still equal the monitored value? */
function unchanged(c: Cpu, a: number, size: number): boolean {
  if (size >= 4) {
    const i = c.i32;
    const k = a >> 2;
    for (let w = 0; w < size >> 2; w++) if (i[k + w] !== i[VALUE + w]) return false;
    return true;
  }
  return readNarrow(c, a, size) === (c.i32[VALUE] & (size === 1 ? 0xff : 0xffff));
}

/** LDXR/LDAXR of `size` bytes into slot t. */
export function loadExclusive(size: number, t: number, n: number): Op {
  if (size === 8) {
    return (c, pc) => {
      const va = c.ea(n, 0);
      checkAlign(va, 8, ACCESS_READ);
      const k = c.tr(va) >> 2;
      const i = c.i32;
      const lo = i[k];
      const hi = i[k + 1];
      arm(c, va, 8);
      i[VALUE] = lo;
      i[VALUE + 1] = hi;
      i[2 * t] = lo;
      i[2 * t + 1] = hi;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const va = c.ea(n, 0);
    checkAlign(va, size, ACCESS_READ);
    const v = readNarrow(c, c.tr(va), size);
    arm(c, va, size);
    const i = c.i32;
    i[VALUE] = v;
    i[2 * t] = v;
    i[2 * t + 1] = 0;
    return pc + 4;
  };
}

/** STXR/STLXR of `size` bytes from slot t; status to slot s. */
export function storeExclusive(size: number, s: number, t: number, n: number): Op {
  return (c, pc) => {
    const va = c.ea(n, 0);
    checkAlign(va, size, ACCESS_WRITE);
    let status = 1;
    if (armedFor(c, va, size)) {
      const lo = c.i32[2 * t];
      const hi = c.i32[2 * t + 1];
      const a = c.tw(va);
      if (unchanged(c, a, size)) {
        if (size === 8) {
          const i = c.i32;
          i[a >> 2] = lo;
          i[(a >> 2) + 1] = hi;
        } else {
          writeNarrow(c, a, size, lo);
        }
        status = 0;
      }
    }
    const i = c.i32;
    i[VALID] = 0;
    i[2 * s] = status;
    i[2 * s + 1] = 0;
    return pc + 4;
  };
}

/** LDXP/LDAXP: two elements of `es` (4 or 8) bytes into slots t and t2. */
export function loadExclusivePair(es: number, t: number, t2: number, n: number): Op {
  const size = 2 * es;
  return (c, pc) => {
    const va = c.ea(n, 0);
    checkAlign(va, size, ACCESS_READ);
    const k = c.tr(va) >> 2;
    const i = c.i32;
    arm(c, va, size);
    for (let w = 0; w < size >> 2; w++) i[VALUE + w] = i[k + w];
    if (es === 4) {
      i[2 * t] = i[VALUE];
      i[2 * t + 1] = 0;
      i[2 * t2] = i[VALUE + 1];
      i[2 * t2 + 1] = 0;
    } else {
      i[2 * t] = i[VALUE];
      i[2 * t + 1] = i[VALUE + 1];
      i[2 * t2] = i[VALUE + 2];
      i[2 * t2 + 1] = i[VALUE + 3];
    }
    return pc + 4;
  };
}

/** STXP/STLXP: two elements of `es` bytes from slots t and t2; status to slot s. */
export function storeExclusivePair(es: number, s: number, t: number, t2: number, n: number): Op {
  const size = 2 * es;
  return (c, pc) => {
    const va = c.ea(n, 0);
    checkAlign(va, size, ACCESS_WRITE);
    let status = 1;
    if (armedFor(c, va, size)) {
      const r = c.i32;
      const w0 = r[2 * t];
      const w1 = r[2 * t + 1];
      const w2 = r[2 * t2];
      const w3 = r[2 * t2 + 1];
      const a = c.tw(va);
      if (unchanged(c, a, size)) {
        const i = c.i32;
        const k = a >> 2;
        if (es === 4) {
          i[k] = w0;
          i[k + 1] = w2;
        } else {
          i[k] = w0;
          i[k + 1] = w1;
          i[k + 2] = w2;
          i[k + 3] = w3;
        }
        status = 0;
      }
    }
    const i = c.i32;
    i[VALID] = 0;
    i[2 * s] = status;
    i[2 * s + 1] = 0;
    return pc + 4;
  };
}

/**
 * An ordered access (LDAR, STLR, LDLAR, STLLR, LDAPR, LDAPUR*, STLUR*): a
 * single-register access of kind `kind` (see ldst_single.ts) at X[n] + imm
 * that must be aligned to `size` bytes.
 */
export function orderedOp(kind: number, store: boolean, size: number, t: number, n: number, imm: number): Op {
  const f = singleAccess(kind);
  const access = store ? ACCESS_WRITE : ACCESS_READ;
  return (c, pc) => {
    const va = c.ea(n, imm);
    checkAlign(va, size, access);
    f(c, va, t);
    return pc + 4;
  };
}
