// Scalar floating point (Arm ARM C4.1.90, floating-point data processing and
// conversions): arithmetic, FMA, FSQRT/FABS/FNEG, FRINT*, FCVT between
// precisions, int and fixed-point conversions, FMOV (register, general,
// immediate), compares, FCCMP, FCSEL; half, single and double precision.
// Inputs come from tables of interesting values (values.ts); FPCR selects a
// random rounding mode. The fp_ctl group also sets FZ, DN, FZ16 and AHP.

import type { InitState, Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { interestingF16, interestingF32, interestingF64 } from '../values.js';
import { bits, FPSR_FLAGS, insn, randomState, sequence, type Generator } from './base.js';

/** ftype field: 0 single, 1 double, 3 half. */
type Ftype = 0 | 1 | 3;
const P = (t: Ftype): string => (t === 0 ? 's' : t === 1 ? 'd' : 'h');
const reg = (rng: Rng): number => rng.reg();

/** Fill the low 64 bits of every V register with interesting values of mixed precision. */
function fpState(rng: Rng, st: InitState, main: Ftype): void {
  for (let n = 0; n < 32; n++) {
    const t: Ftype = rng.chance(0.75) ? main : rng.pick([0, 1, 3] as const);
    if (t === 1) st.setVLane64(n, 0, interestingF64(rng));
    else if (t === 0) st.setVLane32(n, 0, interestingF32(rng));
    else st.setVLane16(n, 0, interestingF16(rng));
  }
  // Integer sources for conversions: edges, small values and float-like bit patterns.
  for (let n = 0; n < 31; n++) if (rng.chance(0.3)) st.setX(n, rng.chance(0.5) ? interestingF64(rng) : BigInt(rng.range(-300, 300)));
}

function ftypeOf(rng: Rng, main: Ftype): Ftype {
  return rng.chance(0.8) ? main : rng.pick([0, 1, 3] as const);
}

function oneSource(rng: Rng, t: Ftype): Insn {
  const k = rng.int(5);
  let opcode: number;
  let name: string;
  if (k === 0) {
    opcode = rng.int(4);
    name = ['fmov', 'fabs', 'fneg', 'fsqrt'][opcode];
  } else if (k === 1) {
    const to = rng.pick(([0, 1, 3] as const).filter((x) => x !== t));
    opcode = 0b000100 | to;
    name = `fcvt.${P(to)}`;
  } else if (k <= 3) {
    opcode = rng.pick([8, 9, 10, 11, 12, 14, 15]);
    name = ['frintn', 'frintp', 'frintm', 'frintz', 'frinta', '', 'frintx', 'frinti'][opcode - 8];
  } else {
    if (t === 3) return oneSource(rng, 0);
    opcode = rng.range(16, 19);
    name = ['frint32z', 'frint32x', 'frint64z', 'frint64x'][opcode - 16];
  }
  return insn(`${name}.${P(t)}`, bits([0b11110, 24], [t, 22], [1, 21], [opcode, 15], [0b10000, 10], [reg(rng), 5], [reg(rng), 0]));
}

function twoSource(rng: Rng, t: Ftype): Insn {
  const opcode = rng.int(9);
  const name = ['fmul', 'fdiv', 'fadd', 'fsub', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fnmul'][opcode];
  return insn(`${name}.${P(t)}`, bits([0b11110, 24], [t, 22], [1, 21], [reg(rng), 16], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

function threeSource(rng: Rng, t: Ftype): Insn {
  const o1 = rng.int(2);
  const o0 = rng.int(2);
  const name = [['fmadd', 'fmsub'], ['fnmadd', 'fnmsub']][o1][o0];
  return insn(`${name}.${P(t)}`, bits([0b11111, 24], [t, 22], [o1, 21], [reg(rng), 16], [o0, 15], [reg(rng), 10], [reg(rng), 5], [reg(rng), 0]));
}

function compare(rng: Rng, t: Ftype): Insn {
  const zero = rng.int(2);
  const e = rng.int(2);
  const name = `fcmp${e ? 'e' : ''}${zero ? '_zero' : ''}.${P(t)}`;
  return insn(name, bits([0b11110, 24], [t, 22], [1, 21], [zero ? 0 : reg(rng), 16], [0b1000, 10], [reg(rng), 5], [(e << 4) | (zero << 3), 0]));
}

function condCompare(rng: Rng, t: Ftype): Insn {
  const op = rng.int(2);
  return insn(`fccmp${op ? 'e' : ''}.${P(t)}`, bits([0b11110, 24], [t, 22], [1, 21], [reg(rng), 16], [rng.int(16), 12], [0b01, 10], [reg(rng), 5], [op, 4], [rng.int(16), 0]));
}

function condSelect(rng: Rng, t: Ftype): Insn {
  return insn(`fcsel.${P(t)}`, bits([0b11110, 24], [t, 22], [1, 21], [reg(rng), 16], [rng.int(16), 12], [0b11, 10], [reg(rng), 5], [reg(rng), 0]));
}

function fmovImm(rng: Rng, t: Ftype): Insn {
  return insn(`fmov_imm.${P(t)}`, bits([0b11110, 24], [t, 22], [1, 21], [rng.int(256), 13], [0b100, 10], [reg(rng), 0]));
}

/** FP <-> integer: FCVT{N,P,M,Z,A}{S,U}, SCVTF/UCVTF, FMOV general. */
function intConvert(rng: Rng, t: Ftype): Insn {
  const sf = rng.int(2);
  const k = rng.int(8);
  const rn = reg(rng);
  const rd = reg(rng);
  const enc = (rmode: number, opcode: number, name: string, s = sf, ty: number = t): Insn =>
    insn(name, bits([s, 31], [0b11110, 24], [ty, 22], [1, 21], [rmode, 19], [opcode, 16], [rn, 5], [rd, 0]));
  const w = sf ? '.x' : '.w';
  if (k <= 3) {
    const rmode = rng.int(4);
    const u = rng.int(2);
    const name = `fcvt${'npmz'[rmode]}${u ? 'u' : 's'}${w}.${P(t)}`;
    return enc(rmode, u, name);
  }
  if (k === 4) {
    const u = rng.int(2);
    return enc(0, 0b100 | u, `fcvta${u ? 'u' : 's'}${w}.${P(t)}`);
  }
  if (k === 5) {
    const u = rng.int(2);
    return enc(0, 0b010 | u, `${u ? 'u' : 's'}cvtf${w}.${P(t)}`);
  }
  // FMOV between general and FP registers: W<->S, X<->D, W/X<->H, X<->V.D[1].
  const dir = rng.int(2); // 0: to general (opcode 110), 1: to FP (opcode 111)
  const form = rng.int(4);
  if (form === 0) return enc(0, 0b110 | dir, `fmov_gen${dir ? '_to' : '_from'}.s`, 0, 0);
  if (form === 1) return enc(0, 0b110 | dir, `fmov_gen${dir ? '_to' : '_from'}.d`, 1, 1);
  if (form === 2) return enc(0, 0b110 | dir, `fmov_gen${dir ? '_to' : '_from'}.h`, sf, 3);
  return enc(1, 0b110 | dir, `fmov_gen${dir ? '_to' : '_from'}.d1`, 1, 2);
}

/** FP <-> fixed point: SCVTF/UCVTF/FCVTZS/FCVTZU with fbits. */
function fixedConvert(rng: Rng, t: Ftype): Insn {
  const sf = rng.int(2);
  const fbits = rng.chance(0.3) ? rng.pick(sf ? [1, 32, 63, 64] : [1, 16, 31, 32]) : rng.range(1, sf ? 64 : 32);
  const scale = 64 - fbits;
  const toFp = rng.int(2);
  const u = rng.int(2);
  const rmode = toFp ? 0 : 3;
  const opcode = toFp ? 0b010 | u : u;
  const name = toFp ? `${u ? 'u' : 's'}cvtf_fix` : `fcvtz${u ? 'u' : 's'}_fix`;
  return insn(`${name}${sf ? '.x' : '.w'}.${P(t)}`, bits([sf, 31], [0b11110, 24], [t, 22], [rmode, 19], [opcode, 16], [scale, 10], [reg(rng), 5], [reg(rng), 0]));
}

function fpInsn(rng: Rng, main: Ftype): Insn {
  const t = ftypeOf(rng, main);
  return rng.weighted<(r: Rng, t: Ftype) => Insn>([
    [4, twoSource],
    [2, threeSource],
    [3, oneSource],
    [2, compare],
    [1, condCompare],
    [1, condSelect],
    [1, fmovImm],
    [3, intConvert],
    [2, fixedConvert],
  ])(rng, t);
}

/** Exponent and mantissa widths of a precision. */
const FMT: Record<Ftype, { e: number; m: number }> = { 0: { e: 8, m: 23 }, 1: { e: 11, m: 52 }, 3: { e: 5, m: 10 } };

/** A mantissa: random, a few leading bits only (exact products, ties), all ones, or zero (a power of two). */
function mantissa(rng: Rng, m: number): bigint {
  const all = (1n << BigInt(m)) - 1n;
  const r = ((rng.u64() << 64n) | rng.u64()) & all;
  switch (rng.int(4)) {
    case 3:
      return 0n;
    case 0:
      return r;
    case 1: {
      const keep = rng.range(1, Math.ceil(m / 2) + 1);
      return r & (all ^ ((1n << BigInt(m - keep)) - 1n));
    }
    default:
      return rng.chance(0.5) ? all : all ^ BigInt(rng.int(4));
  }
}

function setF(st: InitState, reg: number, t: Ftype, sign: number, bexp: number, mant: bigint): void {
  const { e, m } = FMT[t];
  const be = Math.max(0, Math.min((1 << e) - 2, bexp));
  const v = (BigInt(sign) << BigInt(e + m)) | (BigInt(be) << BigInt(m)) | mant;
  if (t === 1) st.setVLane64(reg, 0, v);
  else if (t === 0) st.setVLane32(reg, 0, Number(v));
  else st.setVLane16(reg, 0, Number(v));
}

/**
 * Give the first instruction's sources values whose results land on the
 * edges: products and quotients near the overflow and underflow thresholds
 * (denormal results, FZ, rounding to max or infinity), sums with
 * cancellation or exponent gaps at the rounding and sticky bits.
 */
function correlate(rng: Rng, st: InitState, first: Insn): void {
  const w = first.word;
  const ty = (w >>> 22) & 3;
  if (ty === 2) return;
  const t = ty as Ftype;
  const { e, m } = FMT[t];
  const bias = (1 << (e - 1)) - 1;
  const maxBe = (1 << e) - 2;
  const rn = (w >>> 5) & 31;
  const rm = (w >>> 16) & 31;
  const threeSource = ((w >>> 24) & 0x1f) === 0b11111;
  const twoSource = ((w >>> 24) & 0x1f) === 0b11110 && ((w >>> 21) & 1) === 1 && ((w >>> 10) & 3) === 2;
  if (!threeSource && !twoSource) return;
  const opcode = (w >>> 12) & 15;
  const sgn = (): number => rng.int(2);
  // Target biased exponent of a product or quotient: near underflow, deep denormal, or overflow.
  const target = rng.pick([1, 0, -1, 2, -m + 1, -m, -m - 1, maxBe, maxBe - 1, maxBe + 1]) + rng.range(-1, 1);
  if ((opcode <= 1 || opcode === 8) && !threeSource && rng.chance(0.25)) {
    // An exact product or quotient (one operand a power of two) at the top of the range.
    const top = maxBe + rng.range(-1, 0);
    const e1 = rng.range(1, maxBe);
    setF(st, rn, t, sgn(), e1, mantissa(rng, m));
    setF(st, rm, t, sgn(), opcode === 1 ? e1 - top + bias : top - e1 + bias, 0n);
  } else if (threeSource || opcode === 0 || opcode === 8) {
    const e1 = rng.range(1, maxBe);
    setF(st, rn, t, sgn(), e1, mantissa(rng, m));
    setF(st, rm, t, sgn(), target - e1 + bias, mantissa(rng, m));
    if (threeSource && rng.chance(0.6)) {
      // The addend cancels (most of) the product.
      const ra = (w >>> 10) & 31;
      setF(st, ra, t, sgn(), target + rng.range(-2, 2), mantissa(rng, m));
    }
  } else if (opcode === 1) {
    const e1 = rng.range(1, maxBe);
    setF(st, rn, t, sgn(), e1, mantissa(rng, m));
    setF(st, rm, t, sgn(), e1 - target + bias, mantissa(rng, m));
  } else if (opcode === 2 || opcode === 3) {
    const e1 = rng.range(1, maxBe);
    const gap = rng.pick([0, 0, 1, -1, m, m + 1, m + 2, m + 3, -m - 1, -m - 2, 2, -2]);
    const m1 = mantissa(rng, m);
    const m2 = rng.chance(0.3) ? m1 : rng.chance(0.3) ? m1 ^ 1n : mantissa(rng, m);
    setF(st, rn, t, sgn(), e1, m1);
    setF(st, rm, t, sgn(), e1 + gap, m2);
  }
}

function pickMain(rng: Rng): Ftype {
  return rng.weighted<Ftype>([[4, 1], [4, 0], [2, 3]]);
}

export const generateFp: Generator = (rng, st) => {
  randomState(rng, st);
  const main = pickMain(rng);
  fpState(rng, st, main);
  const out = sequence(rng, () => fpInsn(rng, main));
  if (rng.chance(0.6)) correlate(rng, st, out[0]);
  return out;
};

/** FPCR.AHP (26), DN (25), FZ (24), FZ16 (19) on top of the rounding mode. */
export const generateFpCtl: Generator = (rng, st) => {
  randomState(rng, st);
  const main = pickMain(rng);
  fpState(rng, st, main);
  const ctl = (rng.int(2) << 26) | (rng.int(2) << 25) | (rng.int(2) << 24) | (rng.int(2) << 19);
  st.setFpcr((st.fpcr() | ctl) >>> 0);
  st.setFpsr(rng.chance(0.7) ? 0 : rng.u32() & FPSR_FLAGS);
  const out = sequence(rng, () => fpInsn(rng, main));
  if (rng.chance(0.6)) correlate(rng, st, out[0]);
  return out;
};
