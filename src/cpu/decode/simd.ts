// Advanced SIMD decode (Arm ARM C4.1.6, "Data Processing -- Scalar
// Floating-Point and Advanced SIMD", the Advanced SIMD groups). Vector forms
// have bits 28:24 = 01110 or 01111 with bit 31 = 0; scalar forms have bits
// 31:30 = 01 and bits 28:24 = 11110 or 11111. Scalar floating-point and
// FP<->integer conversions are decoded by fp.ts first; the FMOV forms that
// move a general register to or from a vector lane are accepted here too.

import type { Op } from '../cpu.js';
import { rdZr, rnZr } from '../state.js';
import {
  type Dst,
  type Fn,
  type FnB,
  type Src,
  acrossOp,
  addpScalarOp,
  dotOp,
  dst,
  lanesOp,
  lanesOpBig,
  pairwiseOp,
  pmull64Op,
  src,
} from '../exec/simd_int.js';
import * as O from '../exec/simd_ops.js';
import {
  dupElementOp,
  dupGeneralOp,
  fmovToVectorOp,
  expandImm,
  extOp,
  insElementOp,
  insGeneralOp,
  logicOp,
  moviOp,
  movToGeneralOp,
  orrBicImmOp,
  permuteOp,
  revOp,
  shuffleOp,
  tableOp,
  xtnOp,
} from '../exec/simd_perm.js';
import {
  byteKind,
  fastAcrossBytes,
  fastBytes,
  fastCnt,
  fastLanes,
  fastLong64,
  fastMull64,
  fastScalar64,
  fastPairwiseBytes,
  fastShift64,
  fastShiftLanes,
  fastShrn,
  fastThreeSame,
  fastUnary64,
  laneKind,
} from '../exec/simd_fast.js';
import { decodeSimdFp } from './simd_fp.js';

export function decodeSimd(w: number): Op | null {
  if ((w & 0x9f000000) === 0x0e000000) return decodeVector01110(w);
  if ((w & 0x9f000000) === 0x0f000000) {
    if ((w & 0x400) === 0) return decodeIndexed(w, false);
    if ((w & 0x00800000) === 0) return (w & 0x00780000) === 0 ? decodeModImm(w) : decodeShiftImm(w, false);
    return null;
  }
  if ((w & 0xdf000000) === 0x5e000000) return decodeScalar11110(w);
  if ((w & 0xdf000000) === 0x5f000000) {
    if ((w & 0x400) === 0) return decodeIndexed(w, true);
    if ((w & 0x00800000) === 0 && (w & 0x00780000) !== 0) return decodeShiftImm(w, true);
    return null;
  }
  if ((w & 0x7f20fc00) === 0x1e200000) return decodeFmovGeneral(w);
  return null;
}

// ---- shared helpers ---------------------------------------------------------------

const fld = (w: number, lo: number, bits: number): number => (w >>> lo) & ((1 << bits) - 1);

/** Element-wise op in the number or BigInt domain, chosen by the widest element. */
function elem(D: Dst, A: Src, B: Src | null, f: Fn | null, fb: FnB | null): Op | null {
  const wide = D.es === 3 || A.es === 3 || (B !== null && B.es === 3);
  if (wide) return fb === null ? null : lanesOpBig(D, A, B, fb);
  return f === null ? null : lanesOp(D, A, B, f);
}

// ---- vector, bits 28:24 = 01110 ------------------------------------------------------

function decodeVector01110(w: number): Op | null {
  if ((w & 0x00200000) !== 0) {
    if ((w & 0x400) !== 0) return decodeThreeSame(w, false);
    if ((w & 0xc00) === 0) return decodeThreeDiff(w, false);
    if ((w & 0xc00) === 0x800) {
      const op2 = fld(w, 17, 4);
      if (op2 === 0) return decodeTwoMisc(w, false);
      if (op2 === 8) return decodeAcross(w);
    }
    return null;
  }
  const u = fld(w, 29, 1);
  if ((w & 0x00e08400) === 0x00000400) return decodeCopy(w);
  if ((w & 0x8400) === 0x8400) return decodeThreeExt(w);
  if ((w & 0x8000) !== 0) return null;
  const q = fld(w, 30, 1);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const m = fld(w, 16, 5);
  if (u === 0 && (w & 0xc00) === 0 && (w & 0x00c00000) === 0) {
    // TBL / TBX
    return tableOp(d, n, fld(w, 13, 2) + 1, m, q ? 16 : 8, (w & 0x1000) !== 0);
  }
  if (u === 0 && (w & 0xc00) === 0x800) {
    const es = fld(w, 22, 2);
    if (es === 3 && q === 0) return null;
    return permuteOp(fld(w, 12, 3), d, n, m, es, (q ? 16 : 8) >> es);
  }
  if (u === 1 && (w & 0x400) === 0 && (w & 0x00c00000) === 0) {
    const imm4 = fld(w, 11, 4);
    if (q === 0 && imm4 >= 8) return null;
    return extOp(d, n, m, imm4, q ? 16 : 8);
  }
  return null;
}

// ---- three same ---------------------------------------------------------------------------

function decodeThreeSame(w: number, scalar: boolean): Op | null {
  const q = scalar ? 0 : fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const size = fld(w, 22, 2);
  const opcode = fld(w, 11, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const m = fld(w, 16, 5);
  if (opcode >= 0x18) return decodeSimdFp(w, scalar);
  if (opcode === 3) return scalar ? null : logicOp((u << 2) | size, d, n, m, q ? 16 : 8);
  if (opcode === 0x17 && u === 0) {
    if (scalar) return null;
    if (size === 3) {
      if (!q) return null;
      // Lane 0 sums Vn's two elements, lane 1 Vm's: a stride of (m - n) registers.
      const step = 16 * (m - n);
      const lo: Src = { off: src(n, 3, false).off, es: 3, signed: false, stride: step };
      const hi: Src = { off: src(n, 3, false, 1).off, es: 3, signed: false, stride: step };
      return lanesOpBig(dst(d, 2, 3), lo, hi, O.addB);
    }
    if (size === 0) return fastPairwiseBytes('add', d, n, m, q ? 16 : 8);
    return pairwiseOp(d, n, m, size, (q ? 16 : 8) >> size, false, O.add);
  }
  if (opcode === 0x14 || opcode === 0x15) {
    if (scalar || size === 3) return null;
    if (size === 0 && u === 1) return fastPairwiseBytes(opcode === 0x14 ? 'umax' : 'umin', d, n, m, q ? 16 : 8);
    return pairwiseOp(d, n, m, size, (q ? 16 : 8) >> size, u === 0, opcode === 0x14 ? O.max : O.min);
  }
  if (!scalar) {
    if (size === 3 && !q) return null;
    const fast = fastThreeSame(u, size, opcode, q, d, n, m);
    if (fast !== null) return fast;
    const kind = laneKind(u, opcode);
    if (kind >= 0 && (size === 1 || size === 2)) return fastLanes(kind, size, q ? 16 : 8, d, n, m);
    const bkind = size === 0 ? byteKind(u, opcode) : -1;
    if (bkind >= 0) return fastBytes(bkind, q ? 16 : 8, d, n, m);
  } else if (size === 3) {
    const fast = fastScalar64(u, opcode, d, n, m);
    if (fast !== null) return fast;
  }
  const bits = 8 << size;
  const signed = u === 0 || opcode === 0x16;
  let f: Fn | null = null;
  let fb: FnB | null = null;
  let acc = false;
  // Which sizes each form allows: vector (v) and scalar (s) masks over size 0..3.
  let vmask = 0b0111;
  let smask = 0;
  switch (opcode) {
    case 0x00:
      f = O.hadd;
      break;
    case 0x01:
      f = O.qadd(bits, signed);
      fb = O.qaddB(bits, signed);
      vmask = 0b1111;
      smask = 0b1111;
      break;
    case 0x02:
      f = O.rhadd;
      break;
    case 0x04:
      f = O.hsub;
      break;
    case 0x05:
      f = O.qsub(bits, signed);
      fb = O.qsubB(bits, signed);
      vmask = 0b1111;
      smask = 0b1111;
      break;
    case 0x06:
      f = O.cmgt;
      fb = O.cmgtB;
      vmask = 0b1111;
      smask = 0b1000;
      break;
    case 0x07:
      f = O.cmge;
      fb = O.cmgeB;
      vmask = 0b1111;
      smask = 0b1000;
      break;
    case 0x08:
    case 0x09:
    case 0x0a:
    case 0x0b: {
      const round = (opcode & 2) !== 0;
      const saturating = (opcode & 1) !== 0;
      f = O.shiftReg(bits, signed, round, saturating);
      fb = O.shiftRegB(bits, signed, round, saturating);
      vmask = 0b1111;
      smask = saturating ? 0b1111 : 0b1000;
      break;
    }
    case 0x0c:
      f = O.max;
      break;
    case 0x0d:
      f = O.min;
      break;
    case 0x0e:
      f = O.abd;
      break;
    case 0x0f:
      f = O.aba;
      acc = true;
      break;
    case 0x10:
      f = u ? O.sub : O.add;
      fb = u ? O.subB : O.addB;
      vmask = 0b1111;
      smask = 0b1000;
      break;
    case 0x11:
      f = u ? O.cmeq : O.cmtst;
      fb = u ? O.cmeqB : O.cmtstB;
      vmask = 0b1111;
      smask = 0b1000;
      break;
    case 0x12:
      f = u ? O.mls : O.mla;
      acc = true;
      break;
    case 0x13:
      if (u === 1) {
        if (size !== 0) return null;
        f = O.pmull8;
      } else f = O.mul;
      break;
    case 0x16:
      if (size === 0 || size === 3) return null;
      f = O.qdmulh(bits, u === 1);
      vmask = 0b0110;
      smask = 0b0110;
      break;
    default:
      return null;
  }
  if ((((scalar ? smask : vmask) >> size) & 1) === 0) return null;
  const lanes = scalar ? 1 : (q ? 16 : 8) >> size;
  return elem(dst(d, lanes, size, { acc, signed }), src(n, size, signed), src(m, size, signed), f, fb);
}

// ---- three different ---------------------------------------------------------------------

function decodeThreeDiff(w: number, scalar: boolean): Op | null {
  const q = scalar ? 0 : fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const es = fld(w, 22, 2);
  const opcode = fld(w, 12, 4);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const m = fld(w, 16, 5);
  const signed = u === 0;
  const bitsD = 16 << es;
  if (opcode === 14) {
    if (u !== 0 || scalar) return null;
    if (es === 0) return lanesOp(dst(d, 8, 1), src(n, 0, false, q ? 8 : 0), src(m, 0, false, q ? 8 : 0), O.pmull8);
    if (es === 3) return pmull64Op(d, n, m, q);
    return null;
  }
  if (es === 3) return null;
  if (scalar && opcode !== 9 && opcode !== 11 && opcode !== 13) return null;
  if ((opcode === 9 || opcode === 11 || opcode === 13) && (u !== 0 || es === 0)) return null;
  const lanes = scalar ? 1 : 8 >> es;
  const first = q ? 8 >> es : 0;
  const narrowA = src(n, es, signed, first);
  const narrowB = src(m, es, signed, first);
  const wideA = src(n, es + 1, signed);
  const wideB = src(m, es + 1, signed);
  const D = (acc: boolean): Dst => dst(d, lanes, es + 1, { acc, signed });
  if (es === 2 && !scalar && (opcode === 8 || opcode === 10 || opcode === 12)) {
    return fastMull64(d, n, m, signed, opcode === 8 ? 1 : opcode === 10 ? -1 : 0, q === 1, -1);
  }
  switch (opcode) {
    case 0:
      return elem(D(false), narrowA, narrowB, O.add, O.addB);
    case 1:
      return elem(D(false), wideA, narrowB, O.add, O.addB);
    case 2:
      return elem(D(false), narrowA, narrowB, O.sub, O.subB);
    case 3:
      return elem(D(false), wideA, narrowB, O.sub, O.subB);
    case 4:
    case 6: {
      const round = u === 1;
      const D2 = dst(d, 8 >> es, es, { high: q === 1 });
      const wide = 16 << es;
      const sub = opcode === 6;
      return elem(D2, src(n, es + 1, false), src(m, es + 1, false), O.addhn(wide, round, sub), O.addhnB(wide, round, sub));
    }
    case 5:
      return elem(D(true), narrowA, narrowB, O.aba, O.abaB);
    case 7:
      return elem(D(false), narrowA, narrowB, O.abd, O.abdB);
    case 8:
      return elem(D(true), narrowA, narrowB, O.mlal, O.mlalB);
    case 10:
      return elem(D(true), narrowA, narrowB, O.mlsl, O.mlslB);
    case 12:
      return elem(D(false), narrowA, narrowB, O.mull, O.mullB);
    case 9:
      return elem(D(true), narrowA, narrowB, O.qdmlal(bitsD), O.qdmlalB(bitsD));
    case 11:
      return elem(D(true), narrowA, narrowB, O.qdmlsl(bitsD), O.qdmlslB(bitsD));
    case 13:
      return elem(D(false), narrowA, narrowB, O.qdmull(bitsD), O.qdmullB(bitsD));
    default:
      return null;
  }
}

// ---- two-register miscellaneous --------------------------------------------------------------

function decodeTwoMisc(w: number, scalar: boolean): Op | null {
  const q = scalar ? 0 : fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const es = fld(w, 22, 2);
  const opcode = fld(w, 12, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const bytes = q ? 16 : 8;
  const bits = 8 << es;
  const lanes = scalar ? 1 : bytes >> es;
  if ((opcode >= 0x0c && opcode <= 0x0f && es >= 2) || opcode >= 0x16) {
    return decodeSimdFp(w, scalar);
  }
  if (!scalar && es === 3 && q === 0 && opcode !== 0x12 && opcode !== 0x14 && opcode !== 0x13) return null;
  // Same-size unary op, for sizes in `mask` (scalar: only where the scalar form exists).
  const same = (mask: number, smask: number, signed: boolean, f: Fn | null, fb: FnB | null, acc = false, dSigned = signed): Op | null => {
    if ((((scalar ? smask : mask) >> es) & 1) === 0) return null;
    return elem(dst(d, lanes, es, { acc, signed: dSigned }), src(n, es, signed), null, f, fb);
  };
  if (es === 3 && opcode >= 0x08 && opcode <= 0x0b && !(opcode === 0x0a && u === 1)) {
    const kinds = [
      ['cmgt0', 'cmge0'],
      ['cmeq0', 'cmle0'],
      ['cmlt0', 'cmlt0'],
      ['abs', 'neg'],
    ] as const;
    return fastUnary64(kinds[opcode - 0x08][u], d, n, scalar ? 1 : 2);
  }
  switch (opcode) {
    case 0x00:
      if (scalar) return null;
      if (u === 0) return es < 3 ? revOp(d, n, es, 8, bytes) : null;
      return es < 2 ? revOp(d, n, es, 4, bytes) : null;
    case 0x01:
      if (scalar || u === 1 || es !== 0) return null;
      return revOp(d, n, es, 2, bytes);
    case 0x02:
    case 0x06: {
      if (scalar || es === 3) return null;
      const signed = u === 0;
      const acc = opcode === 6;
      const D = dst(d, lanes >> 1, es + 1, { acc, signed });
      const A = src(n, es, signed, 0, 2 << es);
      const B = src(n, es, signed, 1, 2 << es);
      return elem(D, A, B, acc ? O.addAcc : O.add, acc ? O.addAccB : O.addB);
    }
    case 0x03:
      return u === 0
        ? same(0b1111, 0b1111, false, O.suqadd(bits), O.suqaddB(bits), true, true)
        : same(0b1111, 0b1111, true, O.usqadd(bits), O.usqaddB(bits), true, false);
    case 0x04:
      return u === 0 ? same(0b0111, 0, true, O.cls(bits), null) : same(0b0111, 0, false, O.clz(bits), null);
    case 0x05:
      if (scalar) return null;
      if (u === 0) return es === 0 ? fastCnt(d, n, bytes) : null;
      if (es === 0) return elem(dst(d, bytes >> 2, 2), src(n, 2, false), null, O.not, null);
      if (es === 1) return elem(dst(d, bytes, 0), src(n, 0, false), null, O.rbit8, null);
      return null;
    case 0x07:
      return u === 0 ? same(0b1111, 0b1111, true, O.sqabs(bits), O.sqabsB(bits)) : same(0b1111, 0b1111, true, O.sqneg(bits), O.sqnegB(bits));
    case 0x08:
      return u === 0 ? same(0b1111, 0b1000, true, O.cmgt0, O.cmgt0B) : same(0b1111, 0b1000, true, O.cmge0, O.cmge0B);
    case 0x09:
      return u === 0 ? same(0b1111, 0b1000, true, O.cmeq0, O.cmeq0B) : same(0b1111, 0b1000, true, O.cmle0, O.cmle0B);
    case 0x0a:
      return u === 0 ? same(0b1111, 0b1000, true, O.cmlt0, O.cmlt0B) : null;
    case 0x0b:
      return u === 0 ? same(0b1111, 0b1000, true, O.abs, O.absB) : same(0b1111, 0b1000, true, O.neg, O.negB);
    case 0x12:
    case 0x14: {
      if (es === 3) return null;
      if (scalar && opcode === 0x12 && u === 0) return null;
      // XTN / SQXTUN / SQXTN / UQXTN: source elements of 2*bits, results of bits.
      const nl = scalar ? 1 : 8 >> es;
      const D = dst(d, nl, es, { high: q === 1 });
      if (opcode === 0x12 && u === 0) return xtnOp(d, n, es, q === 1);
      const signedSrc = !(opcode === 0x14 && u === 1);
      const unsignedSat = u === 1;
      const f = unsignedSat ? O.narrowU(bits) : O.narrowS(bits);
      const fb = unsignedSat ? O.narrowUB(bits) : O.narrowSB(bits);
      return elem(D, src(n, es + 1, signedSrc), null, f, fb);
    }
    case 0x13: {
      if (scalar || u !== 1 || es === 3) return null;
      const nl = 8 >> es;
      return elem(dst(d, nl, es + 1), src(n, es, false, q ? nl : 0), null, O.shl(bits), O.shlB(bits));
    }
    default:
      return null;
  }
}

// ---- across lanes -----------------------------------------------------------------------

function decodeAcross(w: number): Op | null {
  const q = fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const es = fld(w, 22, 2);
  const opcode = fld(w, 12, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  if (opcode === 0x0c || opcode === 0x0f) return decodeSimdFp(w, false);
  if (es === 3 || (es === 2 && q === 0)) return null;
  const lanes = (q ? 16 : 8) >> es;
  const signed = u === 0;
  if (es === 0 && u === 1 && (opcode === 0x0a || opcode === 0x1a)) return fastAcrossBytes(opcode === 0x0a ? 'umax' : 'umin', d, n, lanes);
  if (es === 0 && u === 0 && opcode === 0x1b) return fastAcrossBytes('add', d, n, lanes);
  switch (opcode) {
    case 0x03:
      return acrossOp(d, n, es, lanes, signed, es + 1, O.add);
    case 0x0a:
      return acrossOp(d, n, es, lanes, signed, es, O.max);
    case 0x1a:
      return acrossOp(d, n, es, lanes, signed, es, O.min);
    case 0x1b:
      return u === 0 ? acrossOp(d, n, es, lanes, false, es, O.add) : null;
    default:
      return null;
  }
}

// ---- copy ----------------------------------------------------------------------------------

function decodeCopy(w: number): Op | null {
  const q = fld(w, 30, 1);
  const op = fld(w, 29, 1);
  const imm5 = fld(w, 16, 5);
  const imm4 = fld(w, 11, 4);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  if ((imm5 & 0xf) === 0) return null;
  const es = 31 - Math.clz32(imm5 & -imm5);
  const index = imm5 >> (es + 1);
  if (op === 1) {
    if (q === 0) return null;
    return insElementOp(d, n, es, index, imm4 >> es);
  }
  switch (imm4) {
    case 0:
      if (es === 3 && q === 0) return null;
      return dupElementOp(d, n, es, index, q ? 16 : 8);
    case 1:
      if (es === 3 && q === 0) return null;
      return dupGeneralOp(d, rnZr(n), es, q ? 16 : 8);
    case 3:
      if (q === 0) return null;
      return insGeneralOp(d, rnZr(n), es, index);
    case 5:
      if (es === 3 || (es === 2 && q === 0)) return null;
      return movToGeneralOp(rdZr(d), n, es, index, true, q === 1);
    case 7:
      if (q === 1 ? es !== 3 : es === 3) return null;
      return movToGeneralOp(rdZr(d), n, es, index, false, q === 1);
    default:
      return null;
  }
}

// ---- three-register extension (dot product) ------------------------------------------------------

function decodeThreeExt(w: number): Op | null {
  const q = fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const size = fld(w, 22, 2);
  const opcode = fld(w, 11, 4);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const m = fld(w, 16, 5);
  if (opcode === 2 && size === 2) return dotOp(d, n, m, q ? 4 : 2, u === 0, -1);
  if (u === 1 && (opcode === 0 || opcode === 1) && (size === 1 || size === 2)) {
    return qrdmlahOp(d, n, m, size, 0, (q ? 16 : 8) >> size, opcode === 1, 1 << size);
  }
  return null;
}

/** SQRDMLAH / SQRDMLSH (scalar, three same extra). */
function decodeScalarThreeExt(w: number): Op | null {
  const u = fld(w, 29, 1);
  const size = fld(w, 22, 2);
  const opcode = fld(w, 11, 4);
  if (u !== 1 || (opcode !== 0 && opcode !== 1) || (size !== 1 && size !== 2)) return null;
  return qrdmlahOp(fld(w, 0, 5), fld(w, 5, 5), fld(w, 16, 5), size, 0, 1, opcode === 1, 1 << size);
}

// ---- modified immediate --------------------------------------------------------------------

function decodeModImm(w: number): Op | null {
  const q = fld(w, 30, 1);
  const op = fld(w, 29, 1);
  const cmode = fld(w, 12, 4);
  const o2 = fld(w, 11, 1);
  const d = fld(w, 0, 5);
  const imm8 = (fld(w, 16, 3) << 5) | fld(w, 5, 5);
  const bytes = q ? 16 : 8;
  if (o2 === 1) {
    if (cmode !== 15 || op !== 0) return null;
    // FMOV (vector, immediate), half precision: a:NOT(b):bb:cdefgh:Zeros(6).
    const a = (imm8 >> 7) & 1;
    const b = (imm8 >> 6) & 1;
    const h = (a << 15) | ((b ^ 1) << 14) | ((b ? 3 : 0) << 12) | ((imm8 & 0x3f) << 6);
    const v = (h | (h << 16)) | 0;
    return moviOp(d, v, v, bytes);
  }
  if (cmode === 15 && op === 1 && q === 0) return null;
  const imm = expandImm(op, cmode, imm8);
  if (imm === null) return null;
  const [lo, hi] = imm;
  const isOrrBic = (cmode < 12 && (cmode & 1) === 1);
  if (isOrrBic) return orrBicImmOp(d, lo, hi, bytes, op === 1);
  const invert = op === 1 && cmode < 14;
  return moviOp(d, invert ? ~lo : lo, invert ? ~hi : hi, bytes);
}

// ---- shift by immediate ----------------------------------------------------------------------

function decodeShiftImm(w: number, scalar: boolean): Op | null {
  const q = scalar ? 0 : fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const immh = fld(w, 19, 4);
  const immhb = fld(w, 16, 7);
  const opcode = fld(w, 11, 5);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const es = 31 - Math.clz32(immh);
  const bits = 8 << es;
  const rsh = 2 * bits - immhb;
  const lsh = immhb - bits;
  const bytes = q ? 16 : 8;
  if (opcode === 0x1c || opcode === 0x1f) return decodeSimdFp(w, scalar);
  const narrowing = opcode >= 0x10 && opcode <= 0x13;
  const long = opcode === 0x14;
  if (narrowing || long) {
    if (es === 3) return null;
    if (long && scalar) return null;
  } else if (scalar ? es !== 3 && opcode !== 0x0c && opcode !== 0x0e : es === 3 && q === 0) {
    return null;
  }
  const lanes = scalar ? 1 : bytes >> es;
  const signed = u === 0;
  const same = (f: Fn, fb: FnB, acc: boolean, sgn = signed, dSigned = false): Op | null =>
    elem(dst(d, lanes, es, { acc, signed: dSigned }), src(n, es, sgn), null, f, fb);
  if (es === 3 && (opcode === 0x00 || (opcode === 0x0a && u === 0))) {
    return fastShift64(opcode === 0x0a ? 'shl' : u === 1 ? 'ushr' : 'sshr', d, n, opcode === 0x0a ? lsh : rsh, lanes);
  }
  if (opcode === 0x10 && u === 0 && !scalar && es < 2) return fastShrn(d, n, es, rsh, q === 1);
  if (!scalar && (es === 1 || es === 2) && (opcode === 0x00 || opcode === 0x02 || (opcode === 0x0a && u === 0))) {
    const kind = opcode === 0x0a ? 'shl' : opcode === 0x00 ? (u ? 'ushr' : 'sshr') : u ? 'usra' : 'ssra';
    return fastShiftLanes(kind, es, opcode === 0x0a ? lsh : rsh, bytes, d, n);
  }
  switch (opcode) {
    case 0x00:
      return same(O.shr(rsh), O.shrB(rsh), false);
    case 0x02:
      return same(O.sra(rsh), O.sraB(rsh), true);
    case 0x04:
      return same(O.rshr(rsh), O.rshrB(rsh), false);
    case 0x06:
      return same(O.rsra(rsh), O.rsraB(rsh), true);
    case 0x08:
      return u === 1 ? same(O.sri(bits, rsh), O.sriB(bits, rsh), true, false, false) : null;
    case 0x0a:
      return u === 0 ? same(O.shl(lsh), O.shlB(lsh), false) : same(O.sli(bits, lsh), O.sliB(lsh), true, false, false);
    case 0x0c:
      return u === 1 ? same(O.qshl(bits, lsh, true), O.qshlB(bits, lsh, true), false, true) : null;
    case 0x0e:
      return same(O.qshl(bits, lsh, u === 1), O.qshlB(bits, lsh, u === 1), false);
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x13: {
      const round = (opcode & 1) === 1;
      let mode: 'none' | 's' | 'u';
      let sgn: boolean;
      if (opcode < 0x12) {
        if (u === 0) {
          if (scalar) return null;
          mode = 'none';
          sgn = false;
        } else {
          mode = 'u';
          sgn = true;
        }
      } else {
        mode = u === 0 ? 's' : 'u';
        sgn = u === 0;
      }
      const nl = scalar ? 1 : 8 >> es;
      const f = O.shrNarrow(rsh, round, bits, mode);
      const fb = O.shrNarrowB(rsh, round, bits, mode);
      return elem(dst(d, nl, es, { high: q === 1 }), src(n, es + 1, sgn), null, f, fb);
    }
    case 0x14: {
      const nl = 8 >> es;
      if (es === 2) return fastLong64(d, n, signed, lsh, q === 1);
      return elem(dst(d, nl, es + 1), src(n, es, signed, q ? nl : 0), null, O.shl(lsh), O.shlB(lsh));
    }
    default:
      return null;
  }
}

// ---- by element ------------------------------------------------------------------------------

function decodeIndexed(w: number, scalar: boolean): Op | null {
  const q = scalar ? 0 : fld(w, 30, 1);
  const u = fld(w, 29, 1);
  const size = fld(w, 22, 2);
  const opcode = fld(w, 12, 4);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  const L = fld(w, 21, 1);
  const M = fld(w, 20, 1);
  const H = fld(w, 11, 1);
  if (opcode === 1 || opcode === 5 || opcode === 9) {
    return decodeSimdFp(w, scalar);
  }
  if (size !== 1 && size !== 2) return null;
  const m = size === 1 ? fld(w, 16, 4) : fld(w, 16, 5);
  const index = size === 1 ? (H << 2) | (L << 1) | M : (H << 1) | L;
  const es = size;
  const bits = 8 << es;
  const signed = u === 0;
  const lanes = scalar ? 1 : (q ? 16 : 8) >> es;
  const B = src(m, es, signed, index, 0);
  const same = (f: Fn | null, fb: FnB | null, acc: boolean): Op | null =>
    elem(dst(d, lanes, es, { acc, signed: true }), src(n, es, true), src(m, es, true, index, 0), f, fb);
  const nl = scalar ? 1 : 8 >> es;
  const A = src(n, es, signed, q ? nl : 0);
  const long = (f: Fn, fb: FnB, acc: boolean): Op | null => elem(dst(d, nl, es + 1, { acc, signed }), A, B, f, fb);
  const bitsD = 2 * bits;
  if (es === 2 && !scalar && (opcode === 0x2 || opcode === 0x6 || opcode === 0xa)) {
    return fastMull64(d, n, fld(w, 16, 5), signed, opcode === 0x2 ? 1 : opcode === 0x6 ? -1 : 0, q === 1, index);
  }
  switch (opcode) {
    case 0x0:
      return u === 1 && !scalar ? same(O.mla, null, true) : null;
    case 0x4:
      return u === 1 && !scalar ? same(O.mls, null, true) : null;
    case 0x8:
      return u === 0 && !scalar ? same(O.mul, null, false) : null;
    case 0x2:
      return scalar ? null : long(O.mlal, O.mlalB, true);
    case 0x6:
      return scalar ? null : long(O.mlsl, O.mlslB, true);
    case 0xa:
      return scalar ? null : long(O.mull, O.mullB, false);
    case 0x3:
      return u === 0 ? long(O.qdmlal(bitsD), O.qdmlalB(bitsD), true) : null;
    case 0x7:
      return u === 0 ? long(O.qdmlsl(bitsD), O.qdmlslB(bitsD), true) : null;
    case 0xb:
      return u === 0 ? long(O.qdmull(bitsD), O.qdmullB(bitsD), false) : null;
    case 0xc:
      return u === 0 ? same(O.qdmulh(bits, false), null, false) : null;
    case 0xd:
      return u === 0 ? same(O.qdmulh(bits, true), null, false) : qrdmlahOp(d, n, m, es, index, lanes, false);
    case 0xf:
      return u === 1 ? qrdmlahOp(d, n, m, es, index, lanes, true) : null;
    case 0xe:
      if (scalar || size !== 2) return null;
      return dotOp(d, n, fld(w, 16, 5), q ? 4 : 2, u === 0, index);
    default:
      return null;
  }
}

/** SQRDMLAH / SQRDMLSH; `mStride` 0 selects Vm.T[index] for every lane (by element). */
function qrdmlahOp(d: number, n: number, m: number, es: number, index: number, lanes: number, subtract: boolean, mStride = 0): Op {
  return lanesOpBig(dst(d, lanes, es, { acc: true, signed: true }), src(n, es, true), src(m, es, true, index, mStride), O.qrdmlah(8 << es, subtract));
}

// ---- scalar, bits 28:24 = 11110 ------------------------------------------------------------

function decodeScalar11110(w: number): Op | null {
  if ((w & 0x00200000) !== 0) {
    if ((w & 0x400) !== 0) return decodeThreeSame(w, true);
    if ((w & 0xc00) === 0) return decodeThreeDiff(w, true);
    if ((w & 0xc00) === 0x800) {
      const op2 = fld(w, 17, 4);
      if (op2 === 0) return decodeTwoMisc(w, true);
      if (op2 === 8) return decodeScalarPairwise(w);
    }
    return null;
  }
  if ((w & 0x20e08400) === 0x00000400 && fld(w, 11, 4) === 0) {
    // DUP (element), scalar: Vd = Vn.T[index].
    const imm5 = fld(w, 16, 5);
    if ((imm5 & 0xf) === 0) return null;
    const es = 31 - Math.clz32(imm5 & -imm5);
    const index = imm5 >> (es + 1);
    const n = fld(w, 5, 5);
    const map: number[] = [];
    for (let k = 0; k < 1 << es; k++) map.push(src(n, 0, false, (index << es) + k).off);
    return scalarShuffle(fld(w, 0, 5), map);
  }
  if ((w & 0x8400) === 0x8400) return decodeScalarThreeExt(w);
  return null;
}

/** A scalar result of 1, 2, 4 or 8 bytes gathered from state-block bytes. */
function scalarShuffle(d: number, map: number[]): Op {
  if (map.length >= 8) return shuffleOp(d, map);
  return lanesOp(dst(d, map.length, 0), { off: map[0], es: 0, signed: false, stride: 1 }, null, O.ident);
}

function decodeScalarPairwise(w: number): Op | null {
  const u = fld(w, 29, 1);
  const size = fld(w, 22, 2);
  const opcode = fld(w, 12, 5);
  if (opcode === 0x1b && u === 0 && size === 3) {
    return addpScalarOp(fld(w, 0, 5), fld(w, 5, 5));
  }
  return decodeSimdFp(w, true);
}

// ---- FMOV between a general register and a vector lane ---------------------------------------

function decodeFmovGeneral(w: number): Op | null {
  const sf = fld(w, 31, 1);
  const type = fld(w, 22, 2);
  const rmode = fld(w, 19, 2);
  const opcode = fld(w, 16, 3);
  const d = fld(w, 0, 5);
  const n = fld(w, 5, 5);
  if (opcode !== 6 && opcode !== 7) return null;
  let es: number;
  let index = 0;
  if (sf === 0 && type === 0 && rmode === 0) es = 2;
  else if (sf === 1 && type === 1 && rmode === 0) es = 3;
  else if (sf === 1 && type === 2 && rmode === 1) {
    es = 3;
    index = 1;
  } else return null;
  if (opcode === 6) return movToGeneralOp(rdZr(d), n, es, index, false, sf === 1);
  const r = rnZr(n);
  if (index === 1) return insGeneralOp(d, r, 3, 1);
  return fmovToVectorOp(d, r, es === 3);
}
