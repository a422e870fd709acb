// Generic Advanced SIMD lane loops. A decoder describes where the source and
// destination elements are (register, element size, signedness, stride) and
// gives a lane function; these builders return the Op. Elements narrower than
// 64 bits are handled as numbers; anything touching a 64-bit element goes
// through BigInt (the slow path), except where a fast op exists.

import type { Cpu, Op } from '../cpu.js';
import {
  GETB,
  SETB,
  T0,
  commit,
  commitHigh,
  foldQc,
  sat,
  vreg,
} from './simd_lanes.js';
import { pmull64B } from './simd_ops.js';

/** A lane function: sources a and b, and the destination element d (accumulating ops). */
export type Fn = (a: number, b: number, d: number) => number;
export type FnB = (a: bigint, b: bigint, d: bigint) => bigint;

/** One source operand: byte offset of its first element, element size, signedness, stride. */
export interface Src {
  off: number;
  es: number;
  signed: boolean;
  stride: number;
}

export interface Dst {
  /** Destination register number. */
  reg: number;
  /** Number of result elements. */
  lanes: number;
  /** log2 of the result element size in bytes. */
  es: number;
  /** Signedness used when the lane function reads the destination element. */
  signed: boolean;
  /** Write the upper 64 bits and keep the lower (the "2" narrowing forms). */
  high: boolean;
  /** The lane function reads the destination element. */
  acc: boolean;
}

/** Register n as a source, starting at element `first` (stride defaults to the element size). */
export function src(n: number, es: number, signed: boolean, first = 0, stride = 1 << es): Src {
  return { off: vreg(n) + (first << es), es, signed, stride };
}

export function dst(reg: number, lanes: number, es: number, opts: Partial<Omit<Dst, 'reg' | 'lanes' | 'es'>> = {}): Dst {
  return { reg, lanes, es, signed: opts.signed ?? false, high: opts.high ?? false, acc: opts.acc ?? false };
}

function finish(c: Cpu, D: Dst, bytes: number): void {
  if (D.high) commitHigh(c, D.reg);
  else commit(c, D.reg, bytes);
  foldQc(c);
}

/** Reads one element as a number; one monomorphic function so V8 can inline it. */
function rd(c: Cpu, o: number, es: number, signed: boolean): number {
  switch (es) {
    case 0:
      return signed ? (c.u8[o] << 24) >> 24 : c.u8[o];
    case 1: {
      const v = c.u8[o] | (c.u8[o + 1] << 8);
      return signed ? (v << 16) >> 16 : v;
    }
    case 2:
      return signed ? c.i32[o >> 2] : c.u32[o >> 2];
    default:
      return (signed ? c.i32[(o >> 2) + 1] : c.u32[(o >> 2) + 1]) * 4294967296 + c.u32[o >> 2];
  }
}

function wr(c: Cpu, o: number, es: number, v: number): void {
  switch (es) {
    case 0:
      c.u8[o] = v;
      return;
    case 1: {
      const w = v | 0;
      c.u8[o] = w;
      c.u8[o + 1] = w >> 8;
      return;
    }
    case 2:
      c.i32[o >> 2] = v;
      return;
    default: {
      const hi = Math.floor(v / 4294967296);
      c.i32[o >> 2] = v - hi * 4294967296;
      c.i32[(o >> 2) + 1] = hi;
    }
  }
}

/** Element-wise op over number lanes (all elements narrower than 64 bits, or exact). */
export function lanesOp(D: Dst, A: Src, B: Src | null, f: Fn): Op {
  const n = D.lanes;
  const esD = D.es;
  const esA = A.es;
  const sA = A.signed;
  const esB = B === null ? esA : B.es;
  const sB = B === null ? sA : B.signed;
  const sD = D.signed;
  const a0 = A.off;
  const sa = A.stride;
  const b0 = B === null ? a0 : B.off;
  const sb = B === null ? sa : B.stride;
  const t = T0 + (D.high ? 8 : 0);
  const d0 = vreg(D.reg) + (D.high ? 8 : 0);
  const bytes = n << esD;
  if (D.acc) {
    return (c, pc) => {
      sat.hit = 0;
      for (let i = 0; i < n; i++) {
        wr(c, t + (i << esD), esD, f(rd(c, a0 + i * sa, esA, sA), rd(c, b0 + i * sb, esB, sB), rd(c, d0 + (i << esD), esD, sD)));
      }
      finish(c, D, bytes);
      return pc + 4;
    };
  }
  return (c, pc) => {
    sat.hit = 0;
    for (let i = 0; i < n; i++) wr(c, t + (i << esD), esD, f(rd(c, a0 + i * sa, esA, sA), rd(c, b0 + i * sb, esB, sB), 0));
    finish(c, D, bytes);
    return pc + 4;
  };
}

/** Element-wise op over BigInt lanes (for 64-bit elements). */
export function lanesOpBig(D: Dst, A: Src, B: Src | null, f: FnB): Op {
  const n = D.lanes;
  const esD = D.es;
  const ga = GETB[A.signed ? 1 : 0][A.es];
  const gb = B === null ? ga : GETB[B.signed ? 1 : 0][B.es];
  const gd = GETB[D.signed ? 1 : 0][esD];
  const s = SETB[esD];
  const a0 = A.off;
  const sa = A.stride;
  const b0 = B === null ? a0 : B.off;
  const sb = B === null ? sa : B.stride;
  const t = T0 + (D.high ? 8 : 0);
  const d0 = vreg(D.reg) + (D.high ? 8 : 0);
  const bytes = n << esD;
  const acc = D.acc;
  return (c, pc) => {
    sat.hit = 0;
    for (let i = 0; i < n; i++) {
      const dv = acc ? gd(c, d0 + (i << esD)) : 0n;
      s(c, t + (i << esD), f(ga(c, a0 + i * sa), gb(c, b0 + i * sb), dv));
    }
    finish(c, D, bytes);
    return pc + 4;
  };
}

/**
 * Pairwise op over the concatenation Vm:Vn: result element i combines source
 * elements 2i and 2i+1 (ADDP, UMAXP, ...). `lanes` is the element count of one register.
 */
export function pairwiseOp(d: number, n: number, m: number, es: number, lanes: number, signed: boolean, f: Fn): Op {
  const half = lanes >> 1;
  const vn = vreg(n);
  const vm = vreg(m);
  const sz = 1 << es;
  const bytes = lanes << es;
  return (c, pc) => {
    for (let i = 0; i < half; i++) {
      const o = vn + 2 * i * sz;
      wr(c, T0 + i * sz, es, f(rd(c, o, es, signed), rd(c, o + sz, es, signed), 0));
    }
    for (let i = 0; i < half; i++) {
      const o = vm + 2 * i * sz;
      wr(c, T0 + (half + i) * sz, es, f(rd(c, o, es, signed), rd(c, o + sz, es, signed), 0));
    }
    commit(c, d, bytes);
    return pc + 4;
  };
}

/** Reduction across the `lanes` elements of Vn into a scalar of size esD (ADDV, UMAXV, SADDLV). */
export function acrossOp(d: number, n: number, es: number, lanes: number, signed: boolean, esD: number, f: Fn): Op {
  const vn = vreg(n);
  const sz = 1 << es;
  const bytes = 1 << esD;
  return (c, pc) => {
    let acc = rd(c, vn, es, signed);
    for (let i = 1; i < lanes; i++) acc = f(acc, rd(c, vn + i * sz, es, signed), 0);
    wr(c, T0, esD, acc);
    commit(c, d, bytes);
    return pc + 4;
  };
}

/** ADDP (scalar): D = Vn.D[0] + Vn.D[1]. */
export function addpScalarOp(d: number, n: number): Op {
  const s = vreg(n) >> 2;
  return (c, pc) => {
    const i = c.i32;
    const lo = (i[s] >>> 0) + (i[s + 2] >>> 0);
    const hi = (i[s + 1] + i[s + 3] + (lo > 0xffffffff ? 1 : 0)) | 0;
    const t = vreg(d) >> 2;
    i[t] = lo | 0;
    i[t + 1] = hi;
    i[t + 2] = 0;
    i[t + 3] = 0;
    return pc + 4;
  };
}

/** PMULL / PMULL2 with 64-bit sources: a 128-bit carry-less product. */
export function pmull64Op(d: number, n: number, m: number, q: number): Op {
  const A = src(n, 3, false, q);
  const B = src(m, 3, false, q);
  return (c, pc) => {
    const a = (BigInt(c.u32[(A.off >> 2) + 1]) << 32n) | BigInt(c.u32[A.off >> 2]);
    const b = (BigInt(c.u32[(B.off >> 2) + 1]) << 32n) | BigInt(c.u32[B.off >> 2]);
    const r = pmull64B(a, b, 0n);
    const t = src(d, 2, false).off >> 2;
    for (let k = 0; k < 4; k++) c.u32[t + k] = Number((r >> BigInt(32 * k)) & 0xffffffffn);
    return pc + 4;
  };
}

/** SDOT / UDOT: each 32-bit lane accumulates four byte products; `index` >= 0 selects an element of Vm. */
export function dotOp(d: number, n: number, m: number, lanes: number, signed: boolean, index: number): Op {
  const vn = src(n, 0, signed).off;
  const vm = src(m, 0, signed).off;
  const vd = src(d, 2, false).off;
  return (c, pc) => {
    const u8 = c.u8;
    for (let i = 0; i < lanes; i++) {
      let s = c.i32[(vd >> 2) + i];
      const mo = vm + 4 * (index >= 0 ? index : i);
      for (let k = 0; k < 4; k++) {
        const a = u8[vn + 4 * i + k];
        const b = u8[mo + k];
        s += signed ? ((a << 24) >> 24) * ((b << 24) >> 24) : a * b;
      }
      c.i32[(T0 >> 2) + i] = s;
    }
    commit(c, d, 4 * lanes);
    return pc + 4;
  };
}
