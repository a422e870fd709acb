// Advanced SIMD floating-point lane loops. Every lane operation goes through
// the shared scalar functions of fp/arith.ts (FPCR rounding, FPSR flags, NaN
// rules). Lane values use arith.ts's representations: a binary32 lane is its
// bit pattern (c.u32), a binary64 lane a JS number (c.f64).

import type { Cpu, Op } from '../cpu.js';
import * as A from '../fp/arith.js';
import { T0, commit, commitHigh, vreg } from './simd_lanes.js';

/** A float lane function: sources a, b and the destination element d. */
export type FpFn = (c: Cpu, a: number, b: number, d: number) => number;

/** The arith.ts functions for one element size. */
export interface FpSet {
  add: FpFn;
  sub: FpFn;
  mul: FpFn;
  mulX: FpFn;
  div: FpFn;
  max: FpFn;
  min: FpFn;
  maxNm: FpFn;
  minNm: FpFn;
  fmla: FpFn;
  fmls: FpFn;
  abd: FpFn;
  cmeq: FpFn;
  cmge: FpFn;
  cmgt: FpFn;
  acge: FpFn;
  acgt: FpFn;
  recps: FpFn;
  rsqrts: FpFn;
  sqrt: FpFn;
  recpe: FpFn;
  rsqrte: FpFn;
  recpx: FpFn;
  abs: FpFn;
  neg: FpFn;
  /** Compare against +0: a > 0, a >= 0, a == 0, a <= 0, a < 0. */
  cmgt0: FpFn;
  cmge0: FpFn;
  cmeq0: FpFn;
  cmle0: FpFn;
  cmlt0: FpFn;
  round: (mode: number, exact: boolean) => FpFn;
  /** FRINT32Z/X, FRINT64Z/X (mode -1: FPCR). */
  roundN: (mode: number, intBits: 32 | 64) => FpFn;
}

const sc = new Float64Array(1);
const scU = new Uint32Array(sc.buffer);

function neg64(a: number): number {
  sc[0] = a;
  scU[1] ^= 0x80000000;
  return sc[0];
}
function abs64(a: number): number {
  sc[0] = a;
  scU[1] &= 0x7fffffff;
  return sc[0];
}
const neg32 = (a: number): number => (a ^ 0x80000000) >>> 0;
const abs32 = (a: number): number => (a & 0x7fffffff) >>> 0;
const ALL32 = 0xffffffff;

export const F32: FpSet = {
  add: (c, a, b) => A.add32(c, a, b),
  sub: (c, a, b) => A.sub32(c, a, b),
  mul: (c, a, b) => A.mul32(c, a, b),
  mulX: (c, a, b) => A.mulX32(c, a, b),
  div: (c, a, b) => A.div32(c, a, b),
  max: (c, a, b) => A.max32(c, a, b),
  min: (c, a, b) => A.min32(c, a, b),
  maxNm: (c, a, b) => A.maxNm32(c, a, b),
  minNm: (c, a, b) => A.minNm32(c, a, b),
  fmla: (c, a, b, d) => A.mulAdd32(c, d, a, b),
  fmls: (c, a, b, d) => A.mulAdd32(c, d, neg32(a), b),
  abd: (c, a, b) => abs32(A.sub32(c, a, b)),
  cmeq: (c, a, b) => (A.cmpEq32(c, a, b) ? ALL32 : 0),
  cmge: (c, a, b) => (A.cmpGe32(c, a, b) ? ALL32 : 0),
  cmgt: (c, a, b) => (A.cmpGt32(c, a, b) ? ALL32 : 0),
  acge: (c, a, b) => (A.cmpGe32(c, abs32(a), abs32(b)) ? ALL32 : 0),
  acgt: (c, a, b) => (A.cmpGt32(c, abs32(a), abs32(b)) ? ALL32 : 0),
  recps: (c, a, b) => A.recipStep32(c, a, b),
  rsqrts: (c, a, b) => A.rsqrtStep32(c, a, b),
  sqrt: (c, a) => A.sqrt32(c, a),
  recpe: (c, a) => A.recipEstimate32(c, a),
  rsqrte: (c, a) => A.rsqrtEstimate32(c, a),
  recpx: (c, a) => A.recpX32(c, a),
  abs: (_c, a) => abs32(a),
  neg: (_c, a) => neg32(a),
  cmgt0: (c, a) => (A.cmpGt32(c, a, 0) ? ALL32 : 0),
  cmge0: (c, a) => (A.cmpGe32(c, a, 0) ? ALL32 : 0),
  cmeq0: (c, a) => (A.cmpEq32(c, a, 0) ? ALL32 : 0),
  cmle0: (c, a) => (A.cmpGe32(c, 0, a) ? ALL32 : 0),
  cmlt0: (c, a) => (A.cmpGt32(c, 0, a) ? ALL32 : 0),
  round: (mode, exact) => (c, a) => A.roundInt32(c, a, mode < 0 ? A.fpcrMode(c) : mode, exact),
  roundN: (mode, intBits) => (c, a) => A.roundIntN32(c, a, mode < 0 ? A.fpcrMode(c) : mode, intBits),
};

/** All-ones as a binary64 lane value (a NaN pattern written through c.f64 is not reliable, so lanes use bits). */
const ONES64 = -1;

export const F64: FpSet = {
  add: (c, a, b) => A.add64(c, a, b),
  sub: (c, a, b) => A.sub64(c, a, b),
  mul: (c, a, b) => A.mul64(c, a, b),
  mulX: (c, a, b) => A.mulX64(c, a, b),
  div: (c, a, b) => A.div64(c, a, b),
  max: (c, a, b) => A.max64(c, a, b),
  min: (c, a, b) => A.min64(c, a, b),
  maxNm: (c, a, b) => A.maxNm64(c, a, b),
  minNm: (c, a, b) => A.minNm64(c, a, b),
  fmla: (c, a, b, d) => A.mulAdd64(c, d, a, b),
  fmls: (c, a, b, d) => A.mulAdd64(c, d, neg64(a), b),
  abd: (c, a, b) => abs64(A.sub64(c, a, b)),
  cmeq: (c, a, b) => (A.cmpEq64(c, a, b) ? ONES64 : 0),
  cmge: (c, a, b) => (A.cmpGe64(c, a, b) ? ONES64 : 0),
  cmgt: (c, a, b) => (A.cmpGt64(c, a, b) ? ONES64 : 0),
  acge: (c, a, b) => (A.cmpGe64(c, abs64(a), abs64(b)) ? ONES64 : 0),
  acgt: (c, a, b) => (A.cmpGt64(c, abs64(a), abs64(b)) ? ONES64 : 0),
  recps: (c, a, b) => A.recipStep64(c, a, b),
  rsqrts: (c, a, b) => A.rsqrtStep64(c, a, b),
  sqrt: (c, a) => A.sqrt64(c, a),
  recpe: (c, a) => A.recipEstimate64(c, a),
  rsqrte: (c, a) => A.rsqrtEstimate64(c, a),
  recpx: (c, a) => A.recpX64(c, a),
  abs: (_c, a) => abs64(a),
  neg: (_c, a) => neg64(a),
  cmgt0: (c, a) => (A.cmpGt64(c, a, 0) ? ONES64 : 0),
  cmge0: (c, a) => (A.cmpGe64(c, a, 0) ? ONES64 : 0),
  cmeq0: (c, a) => (A.cmpEq64(c, a, 0) ? ONES64 : 0),
  cmle0: (c, a) => (A.cmpGe64(c, 0, a) ? ONES64 : 0),
  cmlt0: (c, a) => (A.cmpGt64(c, 0, a) ? ONES64 : 0),
  round: (mode, exact) => (c, a) => A.roundInt64(c, a, mode < 0 ? A.fpcrMode(c) : mode, exact),
  roundN: (mode, intBits) => (c, a) => A.roundIntN64(c, a, mode < 0 ? A.fpcrMode(c) : mode, intBits),
};

/** The comparison lane functions of F64 return -1 for "all ones"; they are written as integer words. */
const MASK_FNS = new Set<FpFn>([F64.cmeq, F64.cmge, F64.cmgt, F64.acge, F64.acgt, F64.cmgt0, F64.cmge0, F64.cmeq0, F64.cmle0, F64.cmlt0]);

function read(c: Cpu, off: number, es: number): number {
  return es === 2 ? c.u32[off >> 2] : c.f64[off >> 3];
}

/**
 * Element-wise float op: lane i reads a at aOff + i*aStride, b at bOff + i*bStride
 * (stride 0: by element) and, if acc, the destination lane; `lanes` results of
 * 2^es bytes are committed to Vd (the rest zeroed).
 */
export function fpLanesOp(
  d: number,
  lanes: number,
  es: number,
  aOff: number,
  aStride: number,
  bOff: number,
  bStride: number,
  f: FpFn,
  acc: boolean,
): Op {
  const vd = vreg(d);
  const mask = es === 3 && MASK_FNS.has(f);
  return (c, pc) => {
    for (let i = 0; i < lanes; i++) {
      const a = read(c, aOff + i * aStride, es);
      const b = read(c, bOff + i * bStride, es);
      const dv = acc ? read(c, vd + (i << es), es) : 0;
      const r = f(c, a, b, dv);
      const t = T0 + (i << es);
      if (es === 2) c.u32[t >> 2] = r;
      else if (mask) {
        c.i32[t >> 2] = r;
        c.i32[(t >> 2) + 1] = r;
      } else c.f64[t >> 3] = r;
    }
    commit(c, d, lanes << es);
    return pc + 4;
  };
}

/** Pairwise float op over Vm:Vn (FADDP, FMAXP, ...); `lanes` elements per register. */
export function fpPairwiseOp(d: number, n: number, m: number, es: number, lanes: number, f: FpFn): Op {
  const half = lanes >> 1;
  const sz = 1 << es;
  const vn = vreg(n);
  const vm = vreg(m);
  return (c, pc) => {
    for (let i = 0; i < lanes; i++) {
      const base = i < half ? vn + 2 * i * sz : vm + 2 * (i - half) * sz;
      const r = f(c, read(c, base, es), read(c, base + sz, es), 0);
      if (es === 2) c.u32[(T0 >> 2) + i] = r;
      else c.f64[(T0 >> 3) + i] = r;
    }
    commit(c, d, lanes << es);
    return pc + 4;
  };
}

/** FMAXV / FMINV / FMAXNMV / FMINNMV over four binary32 lanes, reduced as a tree like Arm's Reduce(). */
export function fpAcross4Op(d: number, n: number, f: FpFn): Op {
  const s = vreg(n) >> 2;
  return (c, pc) => {
    const u = c.u32;
    const lo = f(c, u[s], u[s + 1], 0);
    const hi = f(c, u[s + 2], u[s + 3], 0);
    c.u32[T0 >> 2] = f(c, lo, hi, 0);
    commit(c, d, 4);
    return pc + 4;
  };
}

/**
 * FCVT{N,M,P,Z,A}{S,U} (vector or scalar, optionally fixed point): float lanes of
 * 2^es bytes to integers of the same size. mode < 0 means the FPCR mode.
 */
export function fpToIntOp(d: number, n: number, lanes: number, es: number, signed: boolean, mode: number, fbits: number): Op {
  const vn = vreg(n);
  const bits = 8 << es;
  return (c, pc) => {
    const md = mode < 0 ? A.fpcrMode(c) : mode;
    for (let i = 0; i < lanes; i++) {
      const o = vn + (i << es);
      if (es === 2) A.toInt32(c, c.u32[o >> 2], signed, bits, md, fbits, T0 + (i << es));
      else A.toInt64(c, c.f64[o >> 3], signed, bits, md, fbits, T0 + (i << es));
    }
    commit(c, d, lanes << es);
    return pc + 4;
  };
}

/** SCVTF / UCVTF (vector or scalar, optionally fixed point): integer lanes to float lanes of the same size. */
export function intToFpOp(d: number, n: number, lanes: number, es: number, signed: boolean, fbits: number): Op {
  const vn = vreg(n);
  const bits = 8 << es;
  return (c, pc) => {
    const md = A.fpcrMode(c);
    for (let i = 0; i < lanes; i++) {
      const o = (vn >> 2) + i * (es === 2 ? 1 : 2);
      if (es === 2) c.u32[(T0 >> 2) + i] = A.fromInt32(c, c.i32[o], 0, signed, bits, md, fbits);
      else c.f64[(T0 >> 3) + i] = A.fromInt64(c, c.i32[o], c.i32[o + 1], signed, bits, md, fbits);
    }
    commit(c, d, lanes << es);
    return pc + 4;
  };
}

/** FCVTL / FCVTL2: widen half->single (es 1) or single->double (es 2) from the lower or upper half of Vn. */
export function fcvtlOp(d: number, n: number, es: number, upper: boolean): Op {
  const lanes = 8 >> es;
  const base = vreg(n) + (upper ? 8 : 0);
  return (c, pc) => {
    for (let i = 0; i < lanes; i++) {
      if (es === 1) c.u32[(T0 >> 2) + i] = A.cvt16to32(c, c.u8[base + 2 * i] | (c.u8[base + 2 * i + 1] << 8));
      else c.f64[(T0 >> 3) + i] = A.cvt32to64(c, c.u32[(base >> 2) + i]);
    }
    commit(c, d, 16);
    return pc + 4;
  };
}

/**
 * FCVTN / FCVTN2 / FCVTXN: narrow single->half (es 1) or double->single (es 2)
 * into the lower half (upper zeroed) or upper half (lower kept) of Vd.
 * `lanes` is 1 for the scalar FCVTXN. mode < 0 means the FPCR mode.
 */
export function fcvtnOp(d: number, n: number, es: number, lanes: number, upper: boolean, mode: number): Op {
  const vn = vreg(n);
  const t = T0 + (upper ? 8 : 0);
  return (c, pc) => {
    const md = mode < 0 ? A.fpcrMode(c) : mode;
    for (let i = 0; i < lanes; i++) {
      if (es === 1) {
        const h = A.cvt32to16(c, c.u32[(vn >> 2) + i], md);
        c.u8[t + 2 * i] = h;
        c.u8[t + 2 * i + 1] = h >> 8;
      } else c.u32[(t >> 2) + i] = A.cvt64to32(c, c.f64[(vn >> 3) + i], md);
    }
    if (upper) commitHigh(c, d);
    else commit(c, d, lanes << es);
    return pc + 4;
  };
}

/** Arm's RecipEstimate on a 9-bit input (256..511). */
function recipEstimate9(a: number): number {
  const b = Math.floor(2 ** 19 / (a * 2 + 1));
  return (b + 1) >> 1;
}

/** Arm's RecipSqrtEstimate on a 9-bit input (128..511). */
function rsqrtEstimate9(a: number): number {
  const x = a < 256 ? a * 2 + 1 : (((a >> 1) << 1) + 1) * 2;
  let b = 512;
  while (x * (b + 1) * (b + 1) < 2 ** 28) b++;
  return (b + 1) >> 1;
}

/** URECPE / URSQRTE on 32-bit lanes. */
export function urecpeOp(d: number, n: number, lanes: number, sqrt: boolean): Op {
  const vn = vreg(n) >> 2;
  return (c, pc) => {
    for (let i = 0; i < lanes; i++) {
      const v = c.u32[vn + i];
      let r: number;
      if (sqrt) r = v >>> 30 === 0 ? 0xffffffff : (rsqrtEstimate9(v >>> 23) & 0x1ff) << 23;
      else r = v >>> 31 === 0 ? 0xffffffff : (recipEstimate9(v >>> 23) & 0x1ff) << 23;
      c.u32[(T0 >> 2) + i] = r >>> 0;
    }
    commit(c, d, lanes * 4);
    return pc + 4;
  };
}
