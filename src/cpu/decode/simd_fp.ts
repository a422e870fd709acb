// Advanced SIMD floating-point forms (vector and scalar), reached from the
// integer SIMD groups in simd.ts when the opcode names a float operation.
// Half-precision (FP16) arithmetic forms are not implemented (null).

import type { Op } from '../cpu.js';
import { RA, RM, RN, RO, RP, RZ } from '../fp/arith.js';
import {
  F32,
  F64,
  type FpFn,
  type FpSet,
  fcvtlOp,
  fcvtnOp,
  fpAcross4Op,
  fpLanesOp,
  fpPairwiseOp,
  fpToIntOp,
  intToFpOp,
  urecpeOp,
} from '../exec/simd_fp.js';
import { vreg } from '../exec/simd_lanes.js';

const fld = (w: number, lo: number, bits: number): number => (w >>> lo) & ((1 << bits) - 1);

/** Mode for the FCVT* rounding letter: N, P, M, Z, A; -1 is FPCR. */
const CVT_MODE = { n: RN, p: RP, m: RM, z: RZ, a: RA };

export function decodeSimdFp(w: number, scalar: boolean): Op | null {
  const is01110 = (w & 0x1f000000) === 0x0e000000 || (w & 0x1f000000) === 0x1e000000;
  if (!is01110) {
    // Bits 28:24 = x1111: shift by immediate (bit 10 = 1) or by element.
    if ((w & 0x400) !== 0) return decodeFpShift(w, scalar);
    return decodeFpIndexed(w, scalar);
  }
  if ((w & 0x00200000) === 0) return null;
  if ((w & 0x400) !== 0) return decodeFpThreeSame(w, scalar);
  if ((w & 0xc00) === 0x800) {
    const op2 = fld(w, 17, 4);
    if (op2 === 0) return decodeFpTwoMisc(w, scalar);
    if (op2 === 8) return scalar ? decodeFpScalarPairwise(w) : decodeFpAcross(w);
  }
  return null;
}

function shape(w: number, scalar: boolean): { es: number; lanes: number } | null {
  const sz = fld(w, 22, 1);
  const q = fld(w, 30, 1);
  const es = 2 + sz;
  if (scalar) return { es, lanes: 1 };
  if (sz === 1 && q === 0) return null;
  return { es, lanes: (q ? 16 : 8) >> es };
}

function same(d: number, n: number, m: number, lanes: number, es: number, f: FpFn, acc = false): Op {
  const sz = 1 << es;
  return fpLanesOp(d, lanes, es, vreg(n), sz, vreg(m), sz, f, acc);
}

function decodeFpThreeSame(w: number, scalar: boolean): Op | null {
  const u = fld(w, 29, 1);
  const a = fld(w, 23, 1);
  const opcode = fld(w, 11, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const m = fld(w, 16, 5);
  const sh = shape(w, scalar);
  if (sh === null) return null;
  const { es, lanes } = sh;
  const F: FpSet = es === 2 ? F32 : F64;
  const key = (u << 6) | (a << 5) | opcode;
  if (scalar) {
    switch (key) {
      case 0x1b: return same(d, n, m, 1, es, F.mulX);
      case 0x1c: return same(d, n, m, 1, es, F.cmeq);
      case 0x1f: return same(d, n, m, 1, es, F.recps);
      case 0x3f: return same(d, n, m, 1, es, F.rsqrts);
      case 0x5c: return same(d, n, m, 1, es, F.cmge);
      case 0x5d: return same(d, n, m, 1, es, F.acge);
      case 0x7a: return same(d, n, m, 1, es, F.abd);
      case 0x7c: return same(d, n, m, 1, es, F.cmgt);
      case 0x7d: return same(d, n, m, 1, es, F.acgt);
      default: return null;
    }
  }
  switch (key) {
    case 0x18: return same(d, n, m, lanes, es, F.maxNm);
    case 0x19: return same(d, n, m, lanes, es, F.fmla, true);
    case 0x1a: return same(d, n, m, lanes, es, F.add);
    case 0x1b: return same(d, n, m, lanes, es, F.mulX);
    case 0x1c: return same(d, n, m, lanes, es, F.cmeq);
    case 0x1e: return same(d, n, m, lanes, es, F.max);
    case 0x1f: return same(d, n, m, lanes, es, F.recps);
    case 0x38: return same(d, n, m, lanes, es, F.minNm);
    case 0x39: return same(d, n, m, lanes, es, F.fmls, true);
    case 0x3a: return same(d, n, m, lanes, es, F.sub);
    case 0x3e: return same(d, n, m, lanes, es, F.min);
    case 0x3f: return same(d, n, m, lanes, es, F.rsqrts);
    case 0x58: return fpPairwiseOp(d, n, m, es, lanes, F.maxNm);
    case 0x5a: return fpPairwiseOp(d, n, m, es, lanes, F.add);
    case 0x5b: return same(d, n, m, lanes, es, F.mul);
    case 0x5c: return same(d, n, m, lanes, es, F.cmge);
    case 0x5d: return same(d, n, m, lanes, es, F.acge);
    case 0x5e: return fpPairwiseOp(d, n, m, es, lanes, F.max);
    case 0x5f: return same(d, n, m, lanes, es, F.div);
    case 0x78: return fpPairwiseOp(d, n, m, es, lanes, F.minNm);
    case 0x7a: return same(d, n, m, lanes, es, F.abd);
    case 0x7c: return same(d, n, m, lanes, es, F.cmgt);
    case 0x7d: return same(d, n, m, lanes, es, F.acgt);
    case 0x7e: return fpPairwiseOp(d, n, m, es, lanes, F.min);
    default: return null;
  }
}

function decodeFpTwoMisc(w: number, scalar: boolean): Op | null {
  const u = fld(w, 29, 1);
  const a = fld(w, 23, 1);
  const sz = fld(w, 22, 1);
  const q = scalar ? 0 : fld(w, 30, 1);
  const opcode = fld(w, 12, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  // Narrowing and widening conversions do not use the usual Q/sz shape.
  if (opcode === 0x16 && a === 0) {
    if (u === 0) return scalar ? null : fcvtnOp(d, n, 1 + sz, 8 >> (1 + sz), q === 1, -1);
    if (sz !== 1) return null;
    return fcvtnOp(d, n, 2, scalar ? 1 : 2, q === 1, RO);
  }
  if (opcode === 0x17 && a === 0 && u === 0 && !scalar) return fcvtlOp(d, n, 1 + sz, q === 1);
  const sh = shape(w, scalar);
  if (sh === null) return null;
  const { es, lanes } = sh;
  const F: FpSet = es === 2 ? F32 : F64;
  const un = (f: FpFn): Op => fpLanesOp(d, lanes, es, vreg(n), 1 << es, vreg(n), 1 << es, f, false);
  const key = (u << 6) | (a << 5) | opcode;
  switch (key) {
    case 0x2c: return un(F.cmgt0);
    case 0x2d: return un(F.cmeq0);
    case 0x2e: return un(F.cmlt0);
    case 0x6c: return un(F.cmge0);
    case 0x6d: return un(F.cmle0);
    case 0x1a: return fpToIntOp(d, n, lanes, es, true, CVT_MODE.n, 0);
    case 0x1b: return fpToIntOp(d, n, lanes, es, true, CVT_MODE.m, 0);
    case 0x1c: return fpToIntOp(d, n, lanes, es, true, CVT_MODE.a, 0);
    case 0x3a: return fpToIntOp(d, n, lanes, es, true, CVT_MODE.p, 0);
    case 0x3b: return fpToIntOp(d, n, lanes, es, true, CVT_MODE.z, 0);
    case 0x5a: return fpToIntOp(d, n, lanes, es, false, CVT_MODE.n, 0);
    case 0x5b: return fpToIntOp(d, n, lanes, es, false, CVT_MODE.m, 0);
    case 0x5c: return fpToIntOp(d, n, lanes, es, false, CVT_MODE.a, 0);
    case 0x7a: return fpToIntOp(d, n, lanes, es, false, CVT_MODE.p, 0);
    case 0x7b: return fpToIntOp(d, n, lanes, es, false, CVT_MODE.z, 0);
    case 0x1d: return intToFpOp(d, n, lanes, es, true, 0);
    case 0x5d: return intToFpOp(d, n, lanes, es, false, 0);
    case 0x3d: return un(F.recpe);
    case 0x7d: return un(F.rsqrte);
    case 0x3f: return scalar ? un(F.recpx) : null;
    default: break;
  }
  if (scalar) return null;
  switch (key) {
    case 0x1e: return un(F.roundN(RZ, 32));
    case 0x5e: return un(F.roundN(-1, 32));
    case 0x1f: return un(F.roundN(RZ, 64));
    case 0x5f: return un(F.roundN(-1, 64));
    case 0x3c: return es === 2 ? urecpeOp(d, n, lanes, false) : null;
    case 0x7c: return es === 2 ? urecpeOp(d, n, lanes, true) : null;
    case 0x2f: return un(F.abs);
    case 0x6f: return un(F.neg);
    case 0x7f: return un(F.sqrt);
    case 0x18: return un(F.round(RN, false));
    case 0x19: return un(F.round(RM, false));
    case 0x38: return un(F.round(RP, false));
    case 0x39: return un(F.round(RZ, false));
    case 0x58: return un(F.round(RA, false));
    case 0x59: return un(F.round(-1, true));
    case 0x79: return un(F.round(-1, false));
    default: return null;
  }
}

function decodeFpAcross(w: number): Op | null {
  const u = fld(w, 29, 1);
  const q = fld(w, 30, 1);
  const a = fld(w, 23, 1);
  const sz = fld(w, 22, 1);
  const opcode = fld(w, 12, 5);
  if (u !== 1 || q !== 1 || sz !== 0) return null;
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  if (opcode === 0x0c) return fpAcross4Op(d, n, a ? F32.minNm : F32.maxNm);
  if (opcode === 0x0f) return fpAcross4Op(d, n, a ? F32.min : F32.max);
  return null;
}

function decodeFpScalarPairwise(w: number): Op | null {
  const u = fld(w, 29, 1);
  const a = fld(w, 23, 1);
  const sz = fld(w, 22, 1);
  const opcode = fld(w, 12, 5);
  if (u !== 1) return null;
  const es = 2 + sz;
  const F: FpSet = es === 2 ? F32 : F64;
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  let f: FpFn;
  const key = (a << 5) | opcode;
  if (key === 0x0c) f = F.maxNm;
  else if (key === 0x0d) f = F.add;
  else if (key === 0x0f) f = F.max;
  else if (key === 0x2c) f = F.minNm;
  else if (key === 0x2f) f = F.min;
  else return null;
  return fpLanesOp(d, 1, es, vreg(n), 0, vreg(n) + (1 << es), 0, f, false);
}

function decodeFpShift(w: number, scalar: boolean): Op | null {
  const u = fld(w, 29, 1);
  const q = scalar ? 0 : fld(w, 30, 1);
  const immh = fld(w, 19, 4);
  const immhb = fld(w, 16, 7);
  const opcode = fld(w, 11, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  if ((immh & 0xc) === 0) return null;
  const es = immh >= 8 ? 3 : 2;
  if (!scalar && es === 3 && q === 0) return null;
  const fbits = 2 * (8 << es) - immhb;
  const lanes = scalar ? 1 : (q ? 16 : 8) >> es;
  if (opcode === 0x1c) return intToFpOp(d, n, lanes, es, u === 0, fbits);
  if (opcode === 0x1f) return fpToIntOp(d, n, lanes, es, u === 0, RZ, fbits);
  return null;
}

function decodeFpIndexed(w: number, scalar: boolean): Op | null {
  const u = fld(w, 29, 1);
  const q = scalar ? 0 : fld(w, 30, 1);
  const size = fld(w, 22, 2);
  const opcode = fld(w, 12, 4);
  const L = fld(w, 21, 1);
  const H = fld(w, 11, 1);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const m = fld(w, 16, 5);
  if ((size & 2) === 0) return null;
  const sz = size & 1;
  if (sz === 1 && (L === 1 || (!scalar && q === 0))) return null;
  const es = 2 + sz;
  const index = sz === 1 ? H : (H << 1) | L;
  const lanes = scalar ? 1 : (q ? 16 : 8) >> es;
  const F: FpSet = es === 2 ? F32 : F64;
  let f: FpFn;
  let acc = false;
  if (opcode === 1 && u === 0) {
    f = F.fmla;
    acc = true;
  } else if (opcode === 5 && u === 0) {
    f = F.fmls;
    acc = true;
  } else if (opcode === 9) f = u === 0 ? F.mul : F.mulX;
  else return null;
  return fpLanesOp(d, lanes, es, vreg(n), 1 << es, vreg(m) + (index << es), 0, f, acc);
}
