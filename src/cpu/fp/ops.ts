// The exact (slow-path) FP operations, generic over the format, on raw bit
// patterns as BigInt. Each follows the Arm ARM pseudocode function named in
// its comment, including NaN propagation and every FPSR flag.

import type { Cpu } from '../cpu.js';
import {
  type Fmt,
  type Unpacked,
  D,
  DZC,
  FPCR_AHP,
  FPCR_DN,
  FPCR_FZ,
  FPCR_IDX,
  IOC,
  IXC,
  K_INF,
  K_QNAN,
  K_SNAN,
  K_ZERO,
  OFC,
  RM,
  RN,
  RP,
  RZ,
  RA,
  UFC,
  addExact,
  bitLength,
  divExact,
  flushes,
  infBits,
  isNaNKind,
  maxNormalBits,
  processNaN,
  processNaNs,
  processNaNs3,
  raise,
  roundBits,
  roundSigned,
  signed,
  sqrtExact,
  toFixed,
  unpack,
  zeroBits,
} from './core.js';

function fpcrOf(c: Cpu): number {
  return c.i32[FPCR_IDX];
}

function modeOf(fpcr: number): number {
  return (fpcr >>> 22) & 3;
}

function defaultNaN(f: Fmt): bigint {
  return f.defaultNaN;
}

/** The bits of 2^k * (1 + frac) as a constant of format f (for 1.5, 2.0 and 3.0). */
function constBits(f: Fmt, s: number, exp: number, top: bigint): bigint {
  return (s ? f.signBit : 0n) | (BigInt(exp + f.bias) << BigInt(f.f)) | (top << BigInt(f.f - 2));
}

// ---- add, sub, mul, div --------------------------------------------------------

/** FPAdd / FPSub (negB): a + b or a - b. */
export function addB(c: Cpu, f: Fmt, ab: bigint, bb: bigint, negB: boolean): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const b = unpack(c, f, bb, fz);
  const nan = processNaNs(c, f, a, b, fpcr);
  if (nan !== null) return nan;
  const sb = negB ? b.s ^ 1 : b.s;
  if (a.k === K_INF && b.k === K_INF && a.s !== sb) {
    raise(c, IOC);
    return defaultNaN(f);
  }
  if (a.k === K_INF) return infBits(f, a.s);
  if (b.k === K_INF) return infBits(f, sb);
  if (a.k === K_ZERO && b.k === K_ZERO && a.s === sb) return zeroBits(f, a.s);
  const [m, e] = addExact(signed(a), a.e, sb ? -b.m : b.m, b.e);
  return roundSigned(c, f, m, e, modeOf(fpcr), fz);
}

/** FPMul, or FPMulX (mulX: infinity times zero gives 2.0 instead of the default NaN). */
export function mulB(c: Cpu, f: Fmt, ab: bigint, bb: bigint, mulX: boolean): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const b = unpack(c, f, bb, fz);
  const nan = processNaNs(c, f, a, b, fpcr);
  if (nan !== null) return nan;
  const s = a.s ^ b.s;
  if ((a.k === K_INF && b.k === K_ZERO) || (a.k === K_ZERO && b.k === K_INF)) {
    if (mulX) return constBits(f, s, 1, 0n);
    raise(c, IOC);
    return defaultNaN(f);
  }
  if (a.k === K_INF || b.k === K_INF) return infBits(f, s);
  if (a.k === K_ZERO || b.k === K_ZERO) return zeroBits(f, s);
  return roundBits(c, f, s, a.m * b.m, a.e + b.e, modeOf(fpcr), fz);
}

/** FPDiv. */
export function divB(c: Cpu, f: Fmt, ab: bigint, bb: bigint): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const b = unpack(c, f, bb, fz);
  const nan = processNaNs(c, f, a, b, fpcr);
  if (nan !== null) return nan;
  const s = a.s ^ b.s;
  if ((a.k === K_INF && b.k === K_INF) || (a.k === K_ZERO && b.k === K_ZERO)) {
    raise(c, IOC);
    return defaultNaN(f);
  }
  if (a.k === K_INF || b.k === K_ZERO) {
    if (a.k !== K_INF) raise(c, DZC);
    return infBits(f, s);
  }
  if (a.k === K_ZERO || b.k === K_INF) return zeroBits(f, s);
  const [m, e] = divExact(a.m, a.e, b.m, b.e, f.f + 2);
  return roundBits(c, f, s, m, e, modeOf(fpcr), fz);
}

/** FPSqrt. */
export function sqrtB(c: Cpu, f: Fmt, ab: bigint): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  if (isNaNKind(a.k)) return processNaN(c, f, a, fpcr);
  if (a.k === K_ZERO) return zeroBits(f, a.s);
  if (a.s === 1) {
    raise(c, IOC);
    return defaultNaN(f);
  }
  if (a.k === K_INF) return infBits(f, 0);
  const [m, e] = sqrtExact(a.m, a.e, f.f + 2);
  return roundBits(c, f, 0, m, e, modeOf(fpcr), fz);
}

// ---- fused multiply-add ------------------------------------------------------

/** FPMulAdd: addend + x * y with a single rounding. */
export function mulAddB(c: Cpu, f: Fmt, addendB: bigint, xb: bigint, yb: bigint): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, addendB, fz);
  const x = unpack(c, f, xb, fz);
  const y = unpack(c, f, yb, fz);
  const infZero = (x.k === K_INF && y.k === K_ZERO) || (x.k === K_ZERO && y.k === K_INF);
  let nan = processNaNs3(c, f, a, x, y, fpcr);
  if (a.k === K_QNAN && infZero) {
    raise(c, IOC);
    nan = defaultNaN(f);
  }
  if (nan !== null) return nan;
  const sp = x.s ^ y.s;
  const infP = x.k === K_INF || y.k === K_INF;
  const zeroP = x.k === K_ZERO || y.k === K_ZERO;
  if (infZero || (a.k === K_INF && infP && a.s !== sp)) {
    raise(c, IOC);
    return defaultNaN(f);
  }
  if ((a.k === K_INF && a.s === 0) || (infP && sp === 0)) return infBits(f, 0);
  if ((a.k === K_INF && a.s === 1) || (infP && sp === 1)) return infBits(f, 1);
  if (a.k === K_ZERO && zeroP && a.s === sp) return zeroBits(f, a.s);
  const pm = zeroP ? 0n : sp ? -(x.m * y.m) : x.m * y.m;
  const [m, e] = addExact(signed(a), a.e, pm, x.e + y.e);
  return roundSigned(c, f, m, e, modeOf(fpcr), fz);
}

/** FPRecipStepFused (FRECPS): 2.0 - a * b, fused. */
export function recipStepB(c: Cpu, f: Fmt, ab: bigint, bb: bigint): bigint {
  return stepB(c, f, ab ^ f.signBit, bb, false);
}

/** FPRSqrtStepFused (FRSQRTS): (3.0 - a * b) / 2, fused. */
export function rsqrtStepB(c: Cpu, f: Fmt, ab: bigint, bb: bigint): bigint {
  return stepB(c, f, ab ^ f.signBit, bb, true);
}

function stepB(c: Cpu, f: Fmt, ab: bigint, bb: bigint, rsqrt: boolean): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const b = unpack(c, f, bb, fz);
  const nan = processNaNs(c, f, a, b, fpcr);
  if (nan !== null) return nan;
  if ((a.k === K_INF && b.k === K_ZERO) || (a.k === K_ZERO && b.k === K_INF)) {
    return rsqrt ? constBits(f, 0, 0, 2n) : constBits(f, 0, 1, 0n);
  }
  if (a.k === K_INF || b.k === K_INF) return infBits(f, a.s ^ b.s);
  const sp = a.s ^ b.s;
  const pm = a.k === K_ZERO || b.k === K_ZERO ? 0n : sp ? -(a.m * b.m) : a.m * b.m;
  const [m, e] = addExact(rsqrt ? 3n : 2n, 0, pm, a.e + b.e);
  return roundSigned(c, f, m, rsqrt ? e - 1 : e, modeOf(fpcr), fz);
}

// ---- min and max -------------------------------------------------------------

/** FPMax / FPMin, and FPMaxNum / FPMinNum (num: a single quiet NaN loses). */
export function minMaxB(c: Cpu, f: Fmt, ab: bigint, bb: bigint, isMax: boolean, num: boolean): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  let a = unpack(c, f, ab, fz);
  let b = unpack(c, f, bb, fz);
  if (num) {
    const inf = infBits(f, isMax ? 1 : 0);
    if (a.k === K_QNAN && b.k !== K_QNAN) a = unpack(c, f, inf, false);
    else if (a.k !== K_QNAN && b.k === K_QNAN) b = unpack(c, f, inf, false);
  }
  const nan = processNaNs(c, f, a, b, fpcr);
  if (nan !== null) return nan;
  const cmp = compareValues(a, b);
  const pick = isMax ? (cmp > 0 ? a : b) : cmp < 0 ? a : b;
  if (pick.k === K_INF) return infBits(f, pick.s);
  if (pick.k === K_ZERO) {
    if (cmp === 0 || (a.k === K_ZERO && b.k === K_ZERO)) return zeroBits(f, isMax ? a.s & b.s : a.s | b.s);
    return zeroBits(f, pick.s);
  }
  return roundBits(c, f, pick.s, pick.m, pick.e, modeOf(fpcr), fz);
}

/** Compare two non-NaN unpacked values: -1, 0 or 1. */
function compareValues(a: Unpacked, b: Unpacked): number {
  const ia = a.k === K_INF ? (a.s ? -1 : 1) : 0;
  const ib = b.k === K_INF ? (b.s ? -1 : 1) : 0;
  if (ia !== ib) return ia < ib ? -1 : 1;
  if (ia !== 0) return 0;
  const [m] = addExact(signed(a), a.e, -signed(b), b.e);
  return m === 0n ? 0 : m < 0n ? -1 : 1;
}

// ---- compare -----------------------------------------------------------------

/** FPCompare: the NZCV nibble (8 less, 6 equal, 2 greater, 3 unordered). */
export function compareB(c: Cpu, f: Fmt, ab: bigint, bb: bigint, signalAll: boolean): number {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const b = unpack(c, f, bb, fz);
  if (isNaNKind(a.k) || isNaNKind(b.k)) {
    if (signalAll || a.k === K_SNAN || b.k === K_SNAN) raise(c, IOC);
    return 3;
  }
  const r = compareValues(a, b);
  return r === 0 ? 6 : r < 0 ? 8 : 2;
}

/** FPCompareEQ / FPCompareGE / FPCompareGT (kind 0, 1, 2) as used by vector compares. */
export function compareCondB(c: Cpu, f: Fmt, ab: bigint, bb: bigint, kind: number): boolean {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const b = unpack(c, f, bb, fz);
  if (isNaNKind(a.k) || isNaNKind(b.k)) {
    if (kind !== 0 || a.k === K_SNAN || b.k === K_SNAN) raise(c, IOC);
    return false;
  }
  const r = compareValues(a, b);
  return kind === 0 ? r === 0 : kind === 1 ? r >= 0 : r > 0;
}

// ---- rounding to integral ----------------------------------------------------

/** Round the magnitude m * 2^e (m > 0) to an integer in `mode` for sign s: [value, inexact]. */
function roundMagnitude(m: bigint, e: number, s: number, mode: number): [bigint, boolean] {
  if (e >= 0) return [m << BigInt(e), false];
  const sh = BigInt(-e);
  const q = m >> sh;
  const rem = m & ((1n << sh) - 1n);
  if (rem === 0n) return [q, false];
  const half = 1n << (sh - 1n);
  let up: boolean;
  switch (mode) {
    case RN:
      up = rem > half || (rem === half && (q & 1n) === 1n);
      break;
    case RA:
      up = rem >= half;
      break;
    case RP:
      up = s === 0;
      break;
    case RM:
      up = s === 1;
      break;
    default:
      up = false;
  }
  return [up ? q + 1n : q, true];
}

/** FPRoundInt: round to an integral value in `mode`; `exact` raises IXC when inexact (FRINTX). */
export function roundIntB(c: Cpu, f: Fmt, ab: bigint, mode: number, exact: boolean): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  if (isNaNKind(a.k)) return processNaN(c, f, a, fpcr);
  if (a.k === K_INF) return infBits(f, a.s);
  if (a.k === K_ZERO) return zeroBits(f, a.s);
  const [v, inexact] = roundMagnitude(a.m, a.e, a.s, mode);
  const r = v === 0n ? zeroBits(f, a.s) : roundBits(c, f, a.s, v, 0, RZ, fz);
  if (inexact && exact) raise(c, IXC);
  return r;
}

/** FPRoundIntN (FRINT32*, FRINT64*): out of range, NaN and infinity give -2^(intBits-1) and IOC. */
export function roundIntNB(c: Cpu, f: Fmt, ab: bigint, mode: number, intBits: number): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  const minInt = f.signBit | (BigInt(intBits - 1 + f.bias) << BigInt(f.f));
  if (isNaNKind(a.k) || a.k === K_INF) {
    raise(c, IOC);
    return minInt;
  }
  if (a.k === K_ZERO) return zeroBits(f, a.s);
  const [v, inexact] = roundMagnitude(a.m, a.e, a.s, mode);
  const lim = 1n << BigInt(intBits - 1);
  if (a.s ? v > lim : v >= lim) {
    raise(c, IOC);
    return minInt;
  }
  const r = v === 0n ? zeroBits(f, a.s) : roundBits(c, f, a.s, v, 0, RZ, fz);
  if (inexact) raise(c, IXC);
  return r;
}

// ---- conversions ---------------------------------------------------------------

/**
 * FPConvert between formats in `mode`. FZ16 is ignored, as Arm does for
 * conversions; FPCR.AHP selects the alternative half-precision format (no
 * infinities or NaNs) for a half-precision source or destination.
 */
export function convertB(c: Cpu, from: Fmt, to: Fmt, ab: bigint, mode: number): bigint {
  const fpcr = fpcrOf(c);
  const fzIn = from.n !== 16 && (fpcr & FPCR_FZ) !== 0;
  const fzOut = to.n !== 16 && (fpcr & FPCR_FZ) !== 0;
  const ahp = (fpcr & FPCR_AHP) !== 0;
  const a = unpack(c, from, ab, fzIn, ahp && from.n === 16);
  if (ahp && to.n === 16) {
    if (isNaNKind(a.k)) {
      raise(c, IOC);
      return zeroBits(to, a.s);
    }
    if (a.k === K_INF) {
      raise(c, IOC);
      return (a.s ? to.signBit : 0n) | (to.signBit - 1n);
    }
    if (a.k === K_ZERO) return zeroBits(to, a.s);
    return roundBits(c, to, a.s, a.m, a.e, mode, false, true);
  }
  if (isNaNKind(a.k)) {
    if (a.k === K_SNAN) raise(c, IOC);
    if ((fpcr & FPCR_DN) !== 0) return to.defaultNaN;
    const payload = ab & (from.fracMask >> 1n);
    const shifted = to.f >= from.f ? payload << BigInt(to.f - from.f) : payload >> BigInt(from.f - to.f);
    return (a.s ? to.signBit : 0n) | to.expMask | to.quietBit | shifted;
  }
  if (a.k === K_INF) return infBits(to, a.s);
  if (a.k === K_ZERO) return zeroBits(to, a.s);
  return roundBits(c, to, a.s, a.m, a.e, mode, fzOut);
}

/** FPToFixed: bits of format f to a `bits`-wide integer (returned as a signed BigInt value). */
export function toFixedB(
  c: Cpu,
  f: Fmt,
  ab: bigint,
  unsigned: boolean,
  bits: number,
  mode: number,
  fbits: number,
): bigint {
  const fpcr = fpcrOf(c);
  const a = unpack(c, f, ab, flushes(f, fpcr));
  return toFixed(c, a, fbits, unsigned, bits, mode);
}

/** FixedToFP: the integer v / 2^fbits rounded to format f in `mode`; zero is +0. */
export function fromFixedB(c: Cpu, f: Fmt, v: bigint, fbits: number, mode: number): bigint {
  const fpcr = fpcrOf(c);
  if (v === 0n) return 0n;
  const s = v < 0n ? 1 : 0;
  return roundBits(c, f, s, s ? -v : v, -fbits, mode, flushes(f, fpcr));
}

/** FPToFixedJS (FJCVTZS): the low 32 bits of the truncated value, and the Z flag. */
export function jsConvertB(c: Cpu, ab: bigint): [number, number] {
  const fpcr = fpcrOf(c);
  const a = unpack(c, D, ab, flushes(D, fpcr));
  if (isNaNKind(a.k)) {
    raise(c, IOC);
    return [0, 0];
  }
  if (a.k === K_INF) {
    raise(c, IOC);
    return [0, 0];
  }
  if (a.k === K_ZERO) {
    const z = a.s === 0 && (ab & D.fracMask) === 0n ? 1 : 0;
    return [0, z];
  }
  const [v, inexact] = roundMagnitude(a.m, a.e, a.s, RZ);
  const sv = a.s ? -v : v;
  const r = Number(BigInt.asIntN(32, sv));
  if (sv < -(1n << 31n) || sv > (1n << 31n) - 1n) {
    raise(c, IOC);
    return [r, 0];
  }
  if (inexact) {
    raise(c, IXC);
    return [r, 0];
  }
  return [r, 1];
}

// ---- estimates -------------------------------------------------------------------

function recipEstimateInt(a: number): number {
  const a2 = a * 2 + 1;
  const b = Math.floor(524288 / a2);
  return (b + 1) >> 1;
}

function rsqrtEstimateInt(a0: number): number {
  let a = a0;
  if (a < 256) a = a * 2 + 1;
  else {
    a = (a >> 1) << 1;
    a = (a + 1) * 2;
  }
  let b = 512;
  while (a * (b + 1) * (b + 1) < 268435456) b++;
  return (b + 1) >> 1;
}

/** Fraction of `bits` (format f) left-aligned into 52 bits, and the raw exponent field. */
function fraction52(f: Fmt, bits: bigint): [bigint, number] {
  const fr = (bits & f.fracMask) << BigInt(52 - f.f);
  const ex = Number((bits & f.expMask) >> BigInt(f.f));
  return [fr, ex];
}

const MASK52 = (1n << 52n) - 1n;

/** FPRecipEstimate (FRECPE), 8-bit precision as the Arm pseudocode. */
export function recipEstimateB(c: Cpu, f: Fmt, ab: bigint): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  if (isNaNKind(a.k)) return processNaN(c, f, a, fpcr);
  if (a.k === K_INF) return zeroBits(f, a.s);
  if (a.k === K_ZERO) {
    raise(c, DZC);
    return infBits(f, a.s);
  }
  const expo = bitLength(a.m) - 1 + a.e; // floor(log2 |value|)
  const tinyLimit = f.n === 16 ? -16 : f.n === 32 ? -128 : -1024;
  if (expo < tinyLimit) {
    const mode = modeOf(fpcr);
    const toInf = mode === RN || (mode === RP && a.s === 0) || (mode === RM && a.s === 1);
    raise(c, OFC | IXC);
    return toInf ? infBits(f, a.s) : maxNormalBits(f, a.s);
  }
  const bigLimit = f.n === 16 ? 14 : f.n === 32 ? 126 : 1022;
  if (fz && expo >= bigLimit) {
    raise(c, UFC);
    return zeroBits(f, a.s);
  }
  let [fraction, exp] = fraction52(f, ab);
  if (exp === 0) {
    if ((fraction >> 51n) === 0n) {
      exp = -1;
      fraction = (fraction << 2n) & MASK52;
    } else fraction = (fraction << 1n) & MASK52;
  }
  const scaled = 256 + Number(fraction >> 44n);
  let resultExp = (f.n === 16 ? 29 : f.n === 32 ? 253 : 2045) - exp;
  const est = recipEstimateInt(scaled);
  fraction = BigInt(est & 0xff) << 44n;
  if (resultExp === 0) fraction = (1n << 51n) | (fraction >> 1n);
  else if (resultExp === -1) {
    fraction = (1n << 50n) | (fraction >> 2n);
    resultExp = 0;
  }
  return (a.s ? f.signBit : 0n) | (BigInt(resultExp) << BigInt(f.f)) | (fraction >> BigInt(52 - f.f));
}

/** FPRSqrtEstimate (FRSQRTE), 8-bit precision as the Arm pseudocode. */
export function rsqrtEstimateB(c: Cpu, f: Fmt, ab: bigint): bigint {
  const fpcr = fpcrOf(c);
  const fz = flushes(f, fpcr);
  const a = unpack(c, f, ab, fz);
  if (isNaNKind(a.k)) return processNaN(c, f, a, fpcr);
  if (a.k === K_ZERO) {
    raise(c, DZC);
    return infBits(f, a.s);
  }
  if (a.s === 1) {
    raise(c, IOC);
    return defaultNaN(f);
  }
  if (a.k === K_INF) return zeroBits(f, 0);
  let [fraction, exp] = fraction52(f, ab);
  if (exp === 0) {
    while ((fraction >> 51n) === 0n) {
      fraction = (fraction << 1n) & MASK52;
      exp--;
    }
    fraction = (fraction << 1n) & MASK52;
  }
  const scaled = (exp & 1) === 0 ? 256 + Number(fraction >> 44n) : 128 + Number(fraction >> 45n);
  const k = f.n === 16 ? 44 : f.n === 32 ? 380 : 3068;
  const resultExp = Math.floor((k - exp) / 2);
  const est = rsqrtEstimateInt(scaled);
  return (BigInt(resultExp) << BigInt(f.f)) | (BigInt(est & 0xff) << BigInt(f.f - 8));
}

/** FPRecpX (FRECPX): sign and inverted exponent, zero fraction. */
export function recpXB(c: Cpu, f: Fmt, ab: bigint): bigint {
  const fpcr = fpcrOf(c);
  const a = unpack(c, f, ab, flushes(f, fpcr));
  if (isNaNKind(a.k)) return processNaN(c, f, a, fpcr);
  const exMax = (1n << BigInt(f.e)) - 1n;
  const ex = (ab & f.expMask) >> BigInt(f.f);
  const sign = a.s ? f.signBit : 0n;
  if (ex === 0n) return sign | ((exMax - 1n) << BigInt(f.f));
  return sign | ((~ex & exMax) << BigInt(f.f));
}

