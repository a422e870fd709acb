// The A64 "Loads and Stores" encoding group (Arm ARM C4.1.4): op0 bits 27 =
// 1 and 25 = 0. Classes are told apart by bits 31:28 (op0), 26 (op1, the V
// bit), 24:23 (op2), 21:16 (op3) and 11:10 (op4). All field extraction and
// register mapping happens here; exec/ldst_*.ts build the closures.
// Not implemented (null, so SIGILL): SVE, MTE tag ops, LDRAA/LDRAB, MOPS,
// LD64B/ST64B, LSE128, RCpc3 and other unallocated encodings.

import type { Op } from '../cpu.js';
import { rdZr, rnSp, rnZr } from '../state.js';
import { AT_SWP, atomicOp, casOp, caspOp } from '../exec/ldst_atomic.js';
import {
  loadExclusive,
  loadExclusivePair,
  orderedOp,
  storeExclusive,
  storeExclusivePair,
} from '../exec/ldst_excl.js';
import { EXT_SXTW, EXT_UXTW, EXT_X, ownBaseWriteback } from '../exec/ldst_mem.js';
import {
  LDPD,
  LDPQ,
  LDPS,
  LDPSW,
  LDPW,
  LDPX,
  pairOff,
  pairPost,
  pairPre,
  STPD,
  STPQ,
  STPS,
  STPW,
  STPX,
} from '../exec/ldst_pair.js';
import {
  LDB_V,
  LDD_V,
  LDQ_V,
  LDRB,
  LDRH,
  LDRSBW,
  LDRSBX,
  LDRSHW,
  LDRSHX,
  LDRSW,
  LDRW,
  LDRX,
  LDS_V,
  prefetchOp,
  singleImm,
  singleLiteral,
  singlePost,
  singlePre,
  singleReg,
  STRB,
  STRH,
  STRW,
  STRX,
  STB_V,
  STQ_V,
} from '../exec/ldst_single.js';
import { POST_IMM, POST_NONE, POST_REG, simdMultiple, simdSingle } from '../exec/ldst_simd.js';

/** Sign-extend the low `bits` bits of v. */
function sext(v: number, bits: number): number {
  return (v << (32 - bits)) >> (32 - bits);
}

/** Kind constants are laid out so these tables index them by size. */
const ST_GP = [STRB, STRH, STRW, STRX];
const LD_GP = [LDRB, LDRH, LDRW, LDRX];
const LDS_X = [LDRSBX, LDRSHX, LDRSW];
const LDS_W = [LDRSBW, LDRSHW];

/** The single-register access: kind, log2 of the access size, or -1 for PRFM, or null. */
interface SingleKind {
  kind: number;
  scale: number;
  load: boolean;
}
const PRFM: SingleKind = { kind: -1, scale: 3, load: true };

/** Decode size (31:30), V (26), opc (23:22) of a single-register load/store. */
function singleKind(size: number, v: number, opc: number): SingleKind | null {
  if (v === 0) {
    switch (opc) {
      case 0: return { kind: ST_GP[size], scale: size, load: false };
      case 1: return { kind: LD_GP[size], scale: size, load: true };
      case 2: return size === 3 ? PRFM : { kind: LDS_X[size], scale: size, load: true };
      default: return size < 2 ? { kind: LDS_W[size], scale: size, load: true } : null;
    }
  }
  if (opc < 2) return { kind: (opc === 0 ? STB_V : LDB_V) + size, scale: size, load: opc === 1 };
  if (size === 0) return { kind: opc === 2 ? STQ_V : LDQ_V, scale: 4, load: opc === 3 };
  return null;
}

/** Rt as the encoding uses it: ZR for general registers, the V number for SIMD&FP. */
function rtSlot(rt: number, v: number, load: boolean): number {
  if (v === 1) return rt;
  return load ? rdZr(rt) : rnZr(rt);
}

/** Load/store register: unsigned immediate, unscaled/pre/post/unprivileged, register offset. */
function decodeSingle(word: number): Op | null {
  const size = word >>> 30;
  const v = (word >>> 26) & 1;
  const opc = (word >>> 22) & 3;
  const rn = rnSp((word >>> 5) & 31);
  const rt = word & 31;
  const k = singleKind(size, v, opc);
  if (k === null) return null;
  const t = rtSlot(rt, v, k.load);
  if (((word >>> 24) & 1) === 1) {
    // Unsigned immediate, scaled by the access size.
    if (k === PRFM) return prefetchOp;
    return singleImm(k.kind, t, rn, ((word >>> 10) & 0xfff) << k.scale);
  }
  const op4 = (word >>> 10) & 3;
  if (((word >>> 21) & 1) === 1) {
    // Register offset (op4 = 10); atomics (op4 = 00) are decoded before this.
    if (op4 !== 2) return null;
    const option = (word >>> 13) & 7;
    if ((option & 2) === 0) return null;
    if (k === PRFM) return prefetchOp;
    const ext = option === 2 ? EXT_UXTW : option === 6 ? EXT_SXTW : EXT_X;
    const s = ((word >>> 12) & 1) === 1 ? k.scale : 0;
    return singleReg(k.kind, t, rn, rnZr((word >>> 16) & 31), ext, s);
  }
  const imm = sext((word >>> 12) & 0x1ff, 9);
  if (op4 === 0) return k === PRFM ? prefetchOp : singleImm(k.kind, t, rn, imm);
  if (k === PRFM) return null;
  if (op4 === 2) return v === 1 ? null : singleImm(k.kind, t, rn, imm);
  const pre = op4 === 3;
  if (k.load && v === 0 && t === rn) return ownBaseWriteback(singleImm(k.kind, t, rn, pre ? imm : 0), rn, imm);
  return pre ? singlePre(k.kind, t, rn, imm) : singlePost(k.kind, t, rn, imm);
}

/** Load register (literal): LDR W/X/S/D/Q, LDRSW, PRFM. */
function decodeLiteral(word: number): Op | null {
  const opc = word >>> 30;
  const v = (word >>> 26) & 1;
  const imm = sext((word >>> 5) & 0x7ffff, 19) * 4;
  const rt = word & 31;
  if (v === 0) {
    if (opc === 3) return prefetchOp;
    return singleLiteral([LDRW, LDRX, LDRSW][opc], rdZr(rt), imm);
  }
  if (opc === 3) return null;
  return singleLiteral([LDS_V, LDD_V, LDQ_V][opc], rt, imm);
}

/** Load/store pair: offset, pre-index, post-index, no-allocate. */
function decodePair(word: number): Op | null {
  const opc = word >>> 30;
  const v = (word >>> 26) & 1;
  const type = (word >>> 23) & 3;
  const load = ((word >>> 22) & 1) === 1;
  const imm7 = sext((word >>> 15) & 0x7f, 7);
  const rt2 = (word >>> 10) & 31;
  const rn = rnSp((word >>> 5) & 31);
  const rt = word & 31;
  let kind: number;
  let scale: number;
  if (v === 0) {
    if (opc === 0) [kind, scale] = [load ? LDPW : STPW, 2];
    else if (opc === 2) [kind, scale] = [load ? LDPX : STPX, 3];
    else if (opc === 1 && load && type !== 0) [kind, scale] = [LDPSW, 2];
    else return null; // STGP (MTE), LDNP of LDPSW shape, opc = 3
  } else {
    if (opc === 3) return null;
    kind = load ? [LDPS, LDPD, LDPQ][opc] : [STPS, STPD, STPQ][opc];
    scale = 2 + opc;
  }
  const t = v === 1 ? rt : load ? rdZr(rt) : rnZr(rt);
  const t2 = v === 1 ? rt2 : load ? rdZr(rt2) : rnZr(rt2);
  const imm = imm7 * (1 << scale);
  if (load && v === 0 && (type & 1) === 1 && (t === rn || t2 === rn)) {
    return ownBaseWriteback(pairOff(kind, t, t2, rn, type === 3 ? imm : 0), rn, imm);
  }
  switch (type) {
    case 1: return pairPost(kind, t, t2, rn, imm);
    case 3: return pairPre(kind, t, t2, rn, imm);
    default: return pairOff(kind, t, t2, rn, imm);
  }
}

/** Exclusive, ordered, compare-and-swap (bits 29:24 = 001000). */
function decodeExclusive(word: number): Op | null {
  const size = word >>> 30;
  const o2 = (word >>> 23) & 1;
  const load = ((word >>> 22) & 1) === 1;
  const o1 = (word >>> 21) & 1;
  const rs = (word >>> 16) & 31;
  const rt2 = (word >>> 10) & 31;
  const rn = rnSp((word >>> 5) & 31);
  const rt = word & 31;
  if (o2 === 0 && o1 === 0) {
    if (load) return loadExclusive(1 << size, rdZr(rt), rn);
    return storeExclusive(1 << size, rdZr(rs), rnZr(rt), rn);
  }
  if (o2 === 0) {
    if (size >= 2) {
      const es = size === 2 ? 4 : 8;
      if (load) return loadExclusivePair(es, rdZr(rt), rdZr(rt2), rn);
      return storeExclusivePair(es, rdZr(rs), rnZr(rt), rnZr(rt2), rn);
    }
    // CASP, CASPA, CASPL, CASPAL: even register pairs, Rt2 = 11111.
    if (rt2 !== 31 || (rs & 1) !== 0 || (rt & 1) !== 0) return null;
    const es = size === 0 ? 4 : 8;
    return caspOp(es, rnZr(rs), rnZr(rs + 1), rdZr(rs), rdZr(rs + 1), rnZr(rt), rnZr(rt + 1), rn);
  }
  if (o1 === 0) {
    // LDAR/LDLAR (o0 = 1/0), STLR/STLLR.
    const kind = load ? LD_GP[size] : ST_GP[size];
    return orderedOp(kind, !load, 1 << size, load ? rdZr(rt) : rnZr(rt), rn, 0);
  }
  // CAS, CASA, CASL, CASAL (B/H/W/X).
  if (rt2 !== 31) return null;
  return casOp(1 << size, rnZr(rs), rdZr(rs), rnZr(rt), rn);
}

/** LDAPUR and STLUR, all sizes (FEAT_LRCPC2): size 011001 opc 0 imm9 00 Rn Rt. */
function decodeRcpcUnscaled(word: number): Op | null {
  if (((word >>> 21) & 1) !== 0 || ((word >>> 10) & 3) !== 0 || ((word >>> 26) & 1) !== 0) return null;
  const size = word >>> 30;
  const opc = (word >>> 22) & 3;
  const k = singleKind(size, 0, opc);
  if (k === null || k === PRFM) return null;
  const imm = sext((word >>> 12) & 0x1ff, 9);
  const rt = word & 31;
  return orderedOp(k.kind, !k.load, 1 << size, k.load ? rdZr(rt) : rnZr(rt), rnSp((word >>> 5) & 31), imm);
}

/** Atomic memory operations: size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt. */
function decodeAtomic(word: number): Op | null {
  if (((word >>> 26) & 1) !== 0) return null;
  const size = word >>> 30;
  const a = (word >>> 23) & 1;
  const r = (word >>> 22) & 1;
  const rs = (word >>> 16) & 31;
  const o3 = (word >>> 15) & 1;
  const opc = (word >>> 12) & 7;
  const rn = rnSp((word >>> 5) & 31);
  const rt = word & 31;
  if (o3 === 0) return atomicOp(opc, 1 << size, rnZr(rs), rdZr(rt), rn);
  if (opc === 0) return atomicOp(AT_SWP, 1 << size, rnZr(rs), rdZr(rt), rn);
  if (opc === 4 && a === 1 && r === 0 && rs === 31) {
    return orderedOp(LD_GP[size], false, 1 << size, rdZr(rt), rn, 0); // LDAPR
  }
  return null;
}

/** Advanced SIMD load/store multiple and single structures (bits 31 = 0, 29:25 = 00110). */
function decodeSimdStruct(word: number): Op | null {
  const q = (word >>> 30) & 1;
  const single = ((word >>> 24) & 1) === 1;
  const postIdx = ((word >>> 23) & 1) === 1;
  const load = ((word >>> 22) & 1) === 1;
  const rm = (word >>> 16) & 31;
  const rn = rnSp((word >>> 5) & 31);
  const rt = word & 31;
  let post = POST_NONE;
  if (postIdx) post = rm === 31 ? POST_IMM : POST_REG;
  else if (rm !== 0) return null;
  if (!single) {
    if (((word >>> 21) & 1) !== 0) return null;
    return simdMultiple(load, q, (word >>> 12) & 15, (word >>> 10) & 3, rt, rn, post, rm);
  }
  return simdSingle(load, q, (word >>> 13) & 7, (word >>> 12) & 1, (word >>> 10) & 3, (word >>> 21) & 1, rt, rn, post, rm);
}

export function decodeLdSt(word: number): Op | null {
  const op0 = word >>> 28;
  const op1 = (word >>> 26) & 1;
  const op2 = (word >>> 23) & 3;
  switch (op0 & 3) {
    case 0:
      if (op1 === 1) return (op0 & 0b1011) === 0 ? decodeSimdStruct(word) : null;
      return op2 < 2 ? decodeExclusive(word) : null;
    case 1:
      if (op2 < 2) return decodeLiteral(word);
      return op1 === 0 ? decodeRcpcUnscaled(word) : null;
    case 2:
      return decodePair(word);
    default:
      if (op2 < 2 && ((word >>> 21) & 1) === 1 && ((word >>> 10) & 3) === 0) return decodeAtomic(word);
      return decodeSingle(word);
  }
}
