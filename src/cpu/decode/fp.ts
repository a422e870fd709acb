// Scalar floating-point instructions (Arm ARM C4.1.6, "Data Processing --
// Scalar Floating-Point and Advanced SIMD", the scalar FP encodings): FP
// data-processing with 1, 2 and 3 sources, compares, conditional compare and
// select, FMOV (register, immediate, general), and conversions between
// floating-point formats, integers and fixed point. Anything else in the
// group (Advanced SIMD) returns null so decodeSimd gets it.

import type { Cpu, Op } from '../cpu.js';
import { FPSR_OFF, V_OFF, X_OFF, rdZr, rnZr } from '../state.js';
import * as A from '../fp/arith.js';

type Bin = (c: Cpu, a: number, b: number) => number;
type Un = (c: Cpu, a: number) => number;

/** Per-format accessors and operations; values in the arith.ts representation. */
interface Kit {
  /** Read the scalar at state-block byte offset `off`. */
  rd(c: Cpu, off: number): number;
  /** Write the scalar at byte offset `off` and zero the rest of the 128-bit register. */
  wr(c: Cpu, off: number, v: number): void;
  /** Flip the sign bit (FNEG semantics, NaNs included). */
  neg(v: number): number;
  /** Clear the sign bit. */
  abs(v: number): number;
  add: Bin;
  sub: Bin;
  mul: Bin;
  nmul: Bin;
  div: Bin;
  max: Bin;
  min: Bin;
  maxNm: Bin;
  minNm: Bin;
  sqrt: Un;
  mulAdd(c: Cpu, addend: number, x: number, y: number): number;
  compare(c: Cpu, a: number, b: number, signalAll: boolean): number;
  roundInt(c: Cpu, a: number, mode: number, exact: boolean): number;
  roundIntN: ((c: Cpu, a: number, mode: number, intBits: 32 | 64) => number) | null;
  toInt(c: Cpu, a: number, signed: boolean, bits: number, mode: number, fbits: number, dst: number): void;
  fromInt(c: Cpu, lo: number, hi: number, signed: boolean, bits: number, mode: number, fbits: number): number;
  /** Positive zero in this representation. */
  zero: number;
  /** Build the value from the FMOV 8-bit immediate. */
  imm(imm8: number): number;
}

const nsc = new Float64Array(1);
const nscU = new Uint32Array(nsc.buffer);

function neg64(v: number): number {
  nsc[0] = v;
  nscU[1] ^= 0x80000000;
  return nsc[0];
}
function abs64(v: number): number {
  nsc[0] = v;
  nscU[1] &= 0x7fffffff;
  return nsc[0];
}

/** VFPExpandImm: sign, 3-bit exponent, 4-bit fraction. */
function immFields(imm8: number): [number, number, number] {
  return [(imm8 >> 7) & 1, (((imm8 >> 4) & 7) ^ 4) - 3, imm8 & 15];
}

const KD: Kit = {
  rd: (c, off) => c.f64[off >> 3],
  wr: (c, off, v) => {
    const i = off >> 3;
    c.f64[i] = v;
    c.i32[(off >> 2) + 2] = 0;
    c.i32[(off >> 2) + 3] = 0;
  },
  neg: neg64,
  abs: abs64,
  add: A.add64,
  sub: A.sub64,
  mul: A.mul64,
  nmul: (c, a, b) => neg64(A.mul64(c, a, b)),
  div: A.div64,
  max: A.max64,
  min: A.min64,
  maxNm: A.maxNm64,
  minNm: A.minNm64,
  sqrt: A.sqrt64,
  mulAdd: A.mulAdd64,
  compare: A.compare64,
  roundInt: A.roundInt64,
  roundIntN: A.roundIntN64,
  toInt: A.toInt64,
  fromInt: A.fromInt64,
  zero: 0,
  imm: (imm8) => {
    const [s, e, f] = immFields(imm8);
    nscU[0] = 0;
    nscU[1] = ((s << 31) | ((e + 1023) << 20) | (f << 16)) >>> 0;
    return nsc[0];
  },
};

const KS: Kit = {
  rd: (c, off) => c.u32[off >> 2],
  wr: (c, off, v) => {
    const i = off >> 2;
    const u = c.u32;
    u[i] = v;
    u[i + 1] = 0;
    u[i + 2] = 0;
    u[i + 3] = 0;
  },
  neg: (v) => (v ^ 0x80000000) >>> 0,
  abs: (v) => (v & 0x7fffffff) >>> 0,
  add: A.add32,
  sub: A.sub32,
  mul: A.mul32,
  nmul: A.nmul32,
  div: A.div32,
  max: A.max32,
  min: A.min32,
  maxNm: A.maxNm32,
  minNm: A.minNm32,
  sqrt: A.sqrt32,
  mulAdd: A.mulAdd32,
  compare: A.compare32,
  roundInt: A.roundInt32,
  roundIntN: A.roundIntN32,
  toInt: A.toInt32,
  fromInt: A.fromInt32,
  zero: 0,
  imm: (imm8) => {
    const [s, e, f] = immFields(imm8);
    return ((s << 31) | ((e + 127) << 23) | (f << 19)) >>> 0;
  },
};

const KH: Kit = {
  rd: (c, off) => c.u32[off >> 2] & 0xffff,
  wr: KS.wr,
  neg: (v) => v ^ 0x8000,
  abs: (v) => v & 0x7fff,
  add: A.add16,
  sub: A.sub16,
  mul: A.mul16,
  nmul: A.nmul16,
  div: A.div16,
  max: A.max16,
  min: A.min16,
  maxNm: A.maxNm16,
  minNm: A.minNm16,
  sqrt: A.sqrt16,
  mulAdd: A.mulAdd16,
  compare: A.compare16,
  roundInt: A.roundInt16,
  roundIntN: null,
  toInt: A.toInt16,
  fromInt: A.fromInt16,
  zero: 0,
  imm: (imm8) => {
    const [s, e, f] = immFields(imm8);
    return (s << 15) | ((e + 15) << 10) | (f << 6);
  },
};

function kitOf(ptype: number): Kit | null {
  return ptype === 0 ? KS : ptype === 1 ? KD : ptype === 3 ? KH : null;
}

const vOff = (n: number): number => V_OFF + 16 * n;
const xOff = (n: number): number => X_OFF + 8 * n;

export function decodeFp(word: number): Op | null {
  if ((word & 0x40000000) !== 0 || (word & 0x20000000) !== 0) return null;
  const top = (word >>> 24) & 0x1f;
  if (top === 0x1f) return word >>> 31 === 0 ? decode3Src(word) : null;
  if (top !== 0x1e) return null;
  if ((word & 0x00200000) === 0) return decodeFixed(word);
  switch ((word >>> 10) & 3) {
    case 0:
      if (((word >>> 10) & 0x3f) === 0) return decodeIntConv(word);
      if (word >>> 31 !== 0) return null;
      if (((word >>> 10) & 0x1f) === 0x10) return decode1Src(word);
      if (((word >>> 10) & 0xf) === 0x8) return decodeCompare(word);
      if (((word >>> 10) & 0x7) === 0x4) return decodeImm(word);
      return null;
    case 1:
      return word >>> 31 === 0 ? decodeCondCompare(word) : null;
    case 2:
      return word >>> 31 === 0 ? decode2Src(word) : null;
    default:
      return word >>> 31 === 0 ? decodeCondSelect(word) : null;
  }
}

// ---- 1 source --------------------------------------------------------------------

function decode1Src(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null) return null;
  const opcode = (word >>> 15) & 0x3f;
  const d = vOff(word & 31);
  const n = vOff((word >>> 5) & 31);
  const unary = (f: (c: Cpu, a: number) => number): Op => (c, pc) => {
    k.wr(c, d, f(c, k.rd(c, n)));
    return pc + 4;
  };
  switch (opcode) {
    case 0:
      return unary((_c, a) => a);
    case 1:
      return unary((_c, a) => k.abs(a));
    case 2:
      return unary((_c, a) => k.neg(a));
    case 3:
      return unary(k.sqrt);
    case 4:
    case 5:
    case 7:
      return decodeFcvt(word, k, opcode & 3, d, n);
    case 8:
    case 9:
    case 10:
    case 11:
    case 12: {
      const mode = [A.RN, A.RP, A.RM, A.RZ, A.RA][opcode - 8];
      return unary((c, a) => k.roundInt(c, a, mode, false));
    }
    case 14:
      return unary((c, a) => k.roundInt(c, a, A.fpcrMode(c), true));
    case 15:
      return unary((c, a) => k.roundInt(c, a, A.fpcrMode(c), false));
    case 16:
    case 17:
    case 18:
    case 19: {
      const rn = k.roundIntN;
      if (rn === null) return null;
      const bits = opcode < 18 ? 32 : 64;
      if ((opcode & 1) === 0) return unary((c, a) => rn(c, a, A.RZ, bits));
      return unary((c, a) => rn(c, a, A.fpcrMode(c), bits));
    }
    default:
      return null;
  }
}

function decodeFcvt(word: number, from: Kit, opc: number, d: number, n: number): Op | null {
  const ptype = (word >>> 22) & 3;
  if (opc === ptype) return null;
  const to = kitOf(opc);
  if (to === null) return null;
  let f: Un;
  if (from === KD) f = to === KS ? (c, a) => A.cvt64to32(c, a) : (c, a) => A.cvt64to16(c, a);
  else if (from === KS) f = to === KD ? A.cvt32to64 : (c, a) => A.cvt32to16(c, a);
  else f = to === KD ? A.cvt16to64 : A.cvt16to32;
  return (c, pc) => {
    to.wr(c, d, f(c, from.rd(c, n)));
    return pc + 4;
  };
}

// ---- 2 and 3 sources ---------------------------------------------------------------

function decode2Src(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null) return null;
  const opcode = (word >>> 12) & 15;
  const fns: Array<Bin | undefined> = [k.mul, k.div, k.add, k.sub, k.max, k.min, k.maxNm, k.minNm, k.nmul];
  const f = fns[opcode];
  if (f === undefined) return null;
  const d = vOff(word & 31);
  const n = vOff((word >>> 5) & 31);
  const m = vOff((word >>> 16) & 31);
  if (k === KD) {
    const di = d >> 3;
    const ni = n >> 3;
    const mi = m >> 3;
    return (c, pc) => {
      const r = f(c, c.f64[ni], c.f64[mi]);
      c.f64[di] = r;
      c.i32[(d >> 2) + 2] = 0;
      c.i32[(d >> 2) + 3] = 0;
      return pc + 4;
    };
  }
  if (k === KS) {
    const di = d >> 2;
    const ni = n >> 2;
    const mi = m >> 2;
    return (c, pc) => {
      const r = f(c, c.u32[ni], c.u32[mi]);
      const u = c.u32;
      u[di] = r;
      u[di + 1] = 0;
      u[di + 2] = 0;
      u[di + 3] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    k.wr(c, d, f(c, k.rd(c, n), k.rd(c, m)));
    return pc + 4;
  };
}

function decode3Src(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null) return null;
  const o1 = (word >>> 21) & 1;
  const o0 = (word >>> 15) & 1;
  const d = vOff(word & 31);
  const n = vOff((word >>> 5) & 31);
  const a = vOff((word >>> 10) & 31);
  const m = vOff((word >>> 16) & 31);
  const negA = o1 === 1;
  const negN = o0 !== o1;
  if (k === KD && !negA && !negN) {
    return (c, pc) => {
      const f = c.f64;
      f[d >> 3] = A.mulAdd64(c, f[a >> 3], f[n >> 3], f[m >> 3]);
      c.i32[(d >> 2) + 2] = 0;
      c.i32[(d >> 2) + 3] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    let va = k.rd(c, a);
    let vn = k.rd(c, n);
    if (negA) va = k.neg(va);
    if (negN) vn = k.neg(vn);
    k.wr(c, d, k.mulAdd(c, va, vn, k.rd(c, m)));
    return pc + 4;
  };
}

// ---- compares, conditional compare and select, immediate --------------------------

function setNzcv(c: Cpu, nzcv: number): void {
  c.setNZCV((nzcv >> 3) & 1, (nzcv >> 2) & 1, (nzcv >> 1) & 1, nzcv & 1);
}

function decodeCompare(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null || ((word >>> 14) & 3) !== 0 || (word & 7) !== 0) return null;
  const withZero = (word & 8) !== 0;
  const signal = (word & 16) !== 0;
  const n = vOff((word >>> 5) & 31);
  const m = vOff((word >>> 16) & 31);
  if (withZero) {
    return (c, pc) => {
      setNzcv(c, k.compare(c, k.rd(c, n), k.zero, signal));
      return pc + 4;
    };
  }
  return (c, pc) => {
    setNzcv(c, k.compare(c, k.rd(c, n), k.rd(c, m), signal));
    return pc + 4;
  };
}

function decodeCondCompare(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null) return null;
  const nzcv = word & 15;
  const signal = (word & 16) !== 0;
  const cond = (word >>> 12) & 15;
  const n = vOff((word >>> 5) & 31);
  const m = vOff((word >>> 16) & 31);
  return (c, pc) => {
    setNzcv(c, c.cond(cond) ? k.compare(c, k.rd(c, n), k.rd(c, m), signal) : nzcv);
    return pc + 4;
  };
}

function decodeCondSelect(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null) return null;
  const cond = (word >>> 12) & 15;
  const d = vOff(word & 31);
  const n = vOff((word >>> 5) & 31);
  const m = vOff((word >>> 16) & 31);
  return (c, pc) => {
    k.wr(c, d, k.rd(c, c.cond(cond) ? n : m));
    return pc + 4;
  };
}

function decodeImm(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null || ((word >>> 5) & 31) !== 0) return null;
  const v = k.imm((word >>> 13) & 0xff);
  const d = vOff(word & 31);
  return (c, pc) => {
    k.wr(c, d, v);
    return pc + 4;
  };
}

// ---- conversions ----------------------------------------------------------------

function decodeFixed(word: number): Op | null {
  const k = kitOf((word >>> 22) & 3);
  if (k === null) return null;
  const sf = word >>> 31;
  const scale = (word >>> 10) & 63;
  if (sf === 0 && scale < 32) return null;
  const fbits = 64 - scale;
  const rmode = (word >>> 19) & 3;
  const opcode = (word >>> 16) & 7;
  const bits = sf ? 64 : 32;
  const d = word & 31;
  const n = (word >>> 5) & 31;
  if (rmode === 3 && opcode < 2) return fpToInt(k, opcode === 0, bits, A.RZ, fbits, n, d);
  if (rmode === 0 && (opcode === 2 || opcode === 3)) return intToFp(k, opcode === 2, bits, fbits, n, d);
  return null;
}

function fpToInt(k: Kit, signed: boolean, bits: number, mode: number, fbits: number, n: number, d: number): Op {
  const src = vOff(n);
  const dst = xOff(rdZr(d));
  if (k === KD && signed && bits === 32 && mode === A.RZ && fbits === 0) {
    // FCVTZS Wd, Dn: the common case is a double in int32 range.
    return (c, pc) => {
      const a = c.f64[src >> 3];
      const t = Math.trunc(a);
      if (t >= -2147483648 && t <= 2147483647 && (t === a || Math.abs(a) >= 2.2250738585072014e-308)) {
        if (t !== a) c.i32[FPSR_OFF >> 2] |= A.IXC;
        c.i32[dst >> 2] = t;
        c.i32[(dst >> 2) + 1] = 0;
        return pc + 4;
      }
      k.toInt(c, a, true, 32, A.RZ, 0, dst);
      c.i32[(dst >> 2) + 1] = 0;
      return pc + 4;
    };
  }
  if (bits === 32) {
    return (c, pc) => {
      k.toInt(c, k.rd(c, src), signed, 32, mode, fbits, dst);
      c.i32[(dst >> 2) + 1] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    k.toInt(c, k.rd(c, src), signed, 64, mode, fbits, dst);
    return pc + 4;
  };
}

function intToFp(k: Kit, signed: boolean, bits: number, fbits: number, n: number, d: number): Op {
  const s = rnZr(n);
  const dst = vOff(d);
  return (c, pc) => {
    k.wr(c, dst, k.fromInt(c, c.i32[2 * s], c.i32[2 * s + 1], signed, bits, A.fpcrMode(c), fbits));
    return pc + 4;
  };
}

function decodeIntConv(word: number): Op | null {
  const sf = word >>> 31;
  const ptype = (word >>> 22) & 3;
  const rmode = (word >>> 19) & 3;
  const opcode = (word >>> 16) & 7;
  const d = word & 31;
  const n = (word >>> 5) & 31;
  const bits = sf ? 64 : 32;
  if (opcode === 6 || opcode === 7) return decodeFmovGeneral(sf, ptype, rmode, opcode, n, d);
  const k = kitOf(ptype);
  if (k === null) return null;
  if (opcode < 2) {
    const mode = rmode === 0 ? A.RN : rmode === 1 ? A.RP : rmode === 2 ? A.RM : A.RZ;
    return fpToInt(k, opcode === 0, bits, mode, 0, n, d);
  }
  if (rmode !== 0) return null;
  if (opcode === 2 || opcode === 3) return intToFp(k, opcode === 2, bits, 0, n, d);
  return fpToInt(k, opcode === 4, bits, A.RA, 0, n, d);
}

function decodeFmovGeneral(sf: number, ptype: number, rmode: number, opcode: number, n: number, d: number): Op | null {
  const toGeneral = opcode === 6;
  if (rmode === 3 && toGeneral && sf === 0 && ptype === 1) {
    const src = vOff(n);
    const dst = xOff(rdZr(d));
    return (c, pc) => {
      const r = A.jsToInt32(c, c.f64[src >> 3]);
      c.i32[dst >> 2] = r;
      c.i32[(dst >> 2) + 1] = 0;
      return pc + 4;
    };
  }
  if (rmode === 1 && sf === 1 && ptype === 2) {
    // FMOV Xd, Vn.D[1] / FMOV Vd.D[1], Xn: the other half is untouched.
    if (toGeneral) {
      const src = vOff(n) + 8;
      const dst = xOff(rdZr(d));
      return (c, pc) => {
        c.i32[dst >> 2] = c.i32[src >> 2];
        c.i32[(dst >> 2) + 1] = c.i32[(src >> 2) + 1];
        return pc + 4;
      };
    }
    const src = xOff(rnZr(n));
    const dst = vOff(d) + 8;
    return (c, pc) => {
      c.i32[dst >> 2] = c.i32[src >> 2];
      c.i32[(dst >> 2) + 1] = c.i32[(src >> 2) + 1];
      return pc + 4;
    };
  }
  if (rmode !== 0) return null;
  const sizeOk = (sf === 0 && ptype === 0) || (sf === 1 && ptype === 1) || ptype === 3;
  if (!sizeOk) return null;
  const half = ptype === 3;
  const wide = ptype === 1;
  if (toGeneral) {
    const src = vOff(n);
    const dst = xOff(rdZr(d));
    return (c, pc) => {
      const i = c.i32;
      const lo = i[src >> 2];
      const hi = wide ? i[(src >> 2) + 1] : 0;
      i[dst >> 2] = half ? lo & 0xffff : lo;
      i[(dst >> 2) + 1] = hi;
      return pc + 4;
    };
  }
  const src = xOff(rnZr(n));
  const dst = vOff(d);
  return (c, pc) => {
    const i = c.i32;
    const lo = i[src >> 2];
    const hi = wide ? i[(src >> 2) + 1] : 0;
    i[dst >> 2] = half ? lo & 0xffff : lo;
    i[(dst >> 2) + 1] = hi;
    i[(dst >> 2) + 2] = 0;
    i[(dst >> 2) + 3] = 0;
    return pc + 4;
  };
}
