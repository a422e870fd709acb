// Exact floating-point core, after the Arm ARM pseudocode (FPUnpack, FPRound,
// FPProcessNaN(s), FPToFixed, FixedToFP). Values here are raw bit patterns as
// BigInt; finite values are unpacked into an exact mantissa and exponent and
// every result is rounded once by roundBits(). This is the slow path: the
// fast paths in arith.ts handle round-to-nearest with normal results.

import type { Cpu } from '../cpu.js';
import { FPCR_OFF, FPSR_OFF } from '../state.js';

/** An IEEE binary format: N bits, E exponent bits, F fraction bits. */
export interface Fmt {
  readonly n: 16 | 32 | 64;
  readonly e: number;
  readonly f: number;
  /** Minimum normal exponent (1 - bias). */
  readonly emin: number;
  readonly bias: number;
  readonly expMask: bigint;
  readonly fracMask: bigint;
  readonly signBit: bigint;
  readonly quietBit: bigint;
  readonly defaultNaN: bigint;
}

function fmt(n: 16 | 32 | 64, e: number, f: number): Fmt {
  const bias = (1 << (e - 1)) - 1;
  const E = BigInt(e);
  const F = BigInt(f);
  return {
    n,
    e,
    f,
    emin: 1 - bias,
    bias,
    expMask: ((1n << E) - 1n) << F,
    fracMask: (1n << F) - 1n,
    signBit: 1n << BigInt(n - 1),
    quietBit: 1n << (F - 1n),
    defaultNaN: (((1n << E) - 1n) << F) | (1n << (F - 1n)),
  };
}

export const H = fmt(16, 5, 10);
export const S = fmt(32, 8, 23);
export const D = fmt(64, 11, 52);

/** Rounding modes: the FPCR.RMode encodings 0-3, then ties-away and round-to-odd. */
export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;
export const RA = 4;
export const RO = 5;

/** FPSR cumulative exception bits. */
export const IOC = 1;
export const DZC = 2;
export const OFC = 4;
export const UFC = 8;
export const IXC = 16;
export const IDC = 128;

/** FPCR bits. */
export const FPCR_FZ16 = 1 << 19;
export const FPCR_AHP = 1 << 26;
export const FPCR_FZ = 1 << 24;
export const FPCR_DN = 1 << 25;

export const FPCR_IDX = FPCR_OFF >> 2;
export const FPSR_IDX = FPSR_OFF >> 2;

export function raise(c: Cpu, flags: number): void {
  c.i32[FPSR_IDX] |= flags;
}

/** The FPCR rounding mode (RN/RP/RM/RZ). */
export function fpcrMode(c: Cpu): number {
  return (c.i32[FPCR_IDX] >>> 22) & 3;
}

/** Whether denormals of `f` are flushed under `fpcr` (FZ, or FZ16 for half). */
export function flushes(f: Fmt, fpcr: number): boolean {
  return f.n === 16 ? (fpcr & FPCR_FZ16) !== 0 : (fpcr & FPCR_FZ) !== 0;
}

// ---- unpacking ---------------------------------------------------------------

export const K_ZERO = 0;
export const K_FINITE = 1;
export const K_INF = 2;
export const K_QNAN = 3;
export const K_SNAN = 4;

/** An unpacked operand: kind, sign, and for finite values m * 2^e exactly (m > 0). */
export interface Unpacked {
  k: number;
  s: number;
  m: bigint;
  e: number;
  bits: bigint;
}

/**
 * FPUnpack: classify `bits` of format `f`. A denormal is flushed to zero when
 * `flush` is set; that raises IDC except for half precision (FZ16), as Arm does.
 */
export function unpack(c: Cpu, f: Fmt, bits: bigint, flush: boolean, ahp = false): Unpacked {
  const s = (bits & f.signBit) !== 0n ? 1 : 0;
  const ex = Number((bits & f.expMask) >> BigInt(f.f));
  const fr = bits & f.fracMask;
  if (ex === 0) {
    if (fr === 0n) return { k: K_ZERO, s, m: 0n, e: 0, bits };
    if (flush) {
      if (f.n !== 16) raise(c, IDC);
      return { k: K_ZERO, s, m: 0n, e: 0, bits };
    }
    return { k: K_FINITE, s, m: fr, e: f.emin - f.f, bits };
  }
  if (ex === (1 << f.e) - 1 && !ahp) {
    if (fr === 0n) return { k: K_INF, s, m: 0n, e: 0, bits };
    return { k: (fr & f.quietBit) !== 0n ? K_QNAN : K_SNAN, s, m: 0n, e: 0, bits };
  }
  return { k: K_FINITE, s, m: fr | (1n << BigInt(f.f)), e: ex - f.bias - f.f, bits };
}

export function isNaNKind(k: number): boolean {
  return k >= K_QNAN;
}

export function infBits(f: Fmt, s: number): bigint {
  return (s ? f.signBit : 0n) | f.expMask;
}
export function zeroBits(f: Fmt, s: number): bigint {
  return s ? f.signBit : 0n;
}
export function maxNormalBits(f: Fmt, s: number): bigint {
  return (s ? f.signBit : 0n) | (f.expMask - (1n << BigInt(f.f))) | f.fracMask;
}

// ---- NaN processing ----------------------------------------------------------

/** FPProcessNaN: quiet a signalling NaN (raising IOC); DN gives the default NaN. */
export function processNaN(c: Cpu, f: Fmt, u: Unpacked, fpcr: number): bigint {
  let r = u.bits;
  if (u.k === K_SNAN) {
    raise(c, IOC);
    r |= f.quietBit;
  }
  return (fpcr & FPCR_DN) !== 0 ? f.defaultNaN : r;
}

/** FPProcessNaNs: the first signalling NaN, else the first quiet NaN, else null. */
export function processNaNs(c: Cpu, f: Fmt, a: Unpacked, b: Unpacked, fpcr: number): bigint | null {
  if (a.k === K_SNAN) return processNaN(c, f, a, fpcr);
  if (b.k === K_SNAN) return processNaN(c, f, b, fpcr);
  if (a.k === K_QNAN) return processNaN(c, f, a, fpcr);
  if (b.k === K_QNAN) return processNaN(c, f, b, fpcr);
  return null;
}

/** FPProcessNaNs3, operand order as given (addend first for FPMulAdd). */
export function processNaNs3(
  c: Cpu,
  f: Fmt,
  a: Unpacked,
  b: Unpacked,
  d: Unpacked,
  fpcr: number,
): bigint | null {
  if (a.k === K_SNAN) return processNaN(c, f, a, fpcr);
  if (b.k === K_SNAN) return processNaN(c, f, b, fpcr);
  if (d.k === K_SNAN) return processNaN(c, f, d, fpcr);
  if (a.k === K_QNAN) return processNaN(c, f, a, fpcr);
  if (b.k === K_QNAN) return processNaN(c, f, b, fpcr);
  if (d.k === K_QNAN) return processNaN(c, f, d, fpcr);
  return null;
}

// ---- rounding ----------------------------------------------------------------

export function bitLength(m: bigint): number {
  // m > 0
  const s = m.toString(16);
  const top = parseInt(s[0], 16);
  return (s.length - 1) * 4 + (32 - Math.clz32(top));
}

/**
 * FPRoundBase: round the exact value (-1)^s * m * 2^e (m > 0) to format `f`
 * in `mode`, flushing tiny results to zero when `fz` is set, and raising
 * UFC (tininess before rounding, as Arm with AH=0), OFC and IXC.
 */
export function roundBits(
  c: Cpu,
  f: Fmt,
  s: number,
  m: bigint,
  e: number,
  mode: number,
  fz: boolean,
  ahp = false,
): bigint {
  const F = f.f;
  const exponent = bitLength(m) - 1 + e;
  if (fz && exponent < f.emin) {
    raise(c, UFC);
    return zeroBits(f, s);
  }
  let biased = exponent - f.emin + 1;
  let qe: number;
  if (biased <= 0) {
    biased = 0;
    qe = f.emin - F;
  } else {
    qe = exponent - F;
  }
  let im: bigint;
  let cmp: number; // error against half an ulp: -2 none, -1 below, 0 half, 1 above
  if (e >= qe) {
    im = m << BigInt(e - qe);
    cmp = -2;
  } else {
    const sh = BigInt(qe - e);
    im = m >> sh;
    const rem = m & ((1n << sh) - 1n);
    if (rem === 0n) cmp = -2;
    else {
      const half = 1n << (sh - 1n);
      cmp = rem < half ? -1 : rem === half ? 0 : 1;
    }
  }
  const inexact = cmp !== -2;
  if (biased === 0 && inexact) raise(c, UFC);
  let up = false;
  let overflowToInf: boolean;
  switch (mode) {
    case RN:
      up = cmp === 1 || (cmp === 0 && (im & 1n) === 1n);
      overflowToInf = true;
      break;
    case RA:
      up = cmp >= 0;
      overflowToInf = true;
      break;
    case RP:
      up = inexact && s === 0;
      overflowToInf = s === 0;
      break;
    case RM:
      up = inexact && s === 1;
      overflowToInf = s === 1;
      break;
    case RO:
      if (inexact) im |= 1n;
      overflowToInf = false;
      break;
    default:
      overflowToInf = false;
  }
  if (up) {
    im += 1n;
    if (biased === 0 && im === 1n << BigInt(F)) biased = 1;
    if (im === 1n << BigInt(F + 1)) {
      im >>= 1n;
      biased++;
    }
  }
  if (ahp) {
    // Alternative half precision: exponent 31 is a normal binade; beyond it saturate with IOC.
    if (biased >= 1 << f.e) {
      raise(c, IOC);
      return (s ? f.signBit : 0n) | (f.signBit - 1n);
    }
  } else if (biased >= (1 << f.e) - 1) {
    raise(c, OFC | IXC);
    return overflowToInf ? infBits(f, s) : maxNormalBits(f, s);
  }
  if (inexact) raise(c, IXC);
  return (s ? f.signBit : 0n) | (BigInt(biased) << BigInt(F)) | (im & f.fracMask);
}

/** Round an exact signed value m * 2^e (m may be 0 or negative); exact zero is +0 (-0 in RM). */
export function roundSigned(c: Cpu, f: Fmt, m: bigint, e: number, mode: number, fz: boolean): bigint {
  if (m === 0n) return zeroBits(f, mode === RM ? 1 : 0);
  if (m < 0n) return roundBits(c, f, 1, -m, e, mode, fz);
  return roundBits(c, f, 0, m, e, mode, fz);
}

// ---- exact arithmetic on unpacked finite operands -----------------------------

export function signed(u: Unpacked): bigint {
  return u.s ? -u.m : u.m;
}

/** Exact sum of two signed scaled mantissas: returns [m, e]. */
export function addExact(ma: bigint, ea: number, mb: bigint, eb: number): [bigint, number] {
  if (ma === 0n) return [mb, eb];
  if (mb === 0n) return [ma, ea];
  if (ea < eb) return [ma + (mb << BigInt(eb - ea)), ea];
  return [(ma << BigInt(ea - eb)) + mb, eb];
}

/** Quotient a/b (a, b > 0) to at least `bits` significant bits with a sticky low bit. */
export function divExact(ma: bigint, ea: number, mb: bigint, eb: number, bits: number): [bigint, number] {
  const k = Math.max(0, bits + 2 + bitLength(mb) - bitLength(ma));
  const num = ma << BigInt(k);
  const q = num / mb;
  const sticky = num % mb !== 0n ? 1n : 0n;
  return [(q << 1n) | sticky, ea - eb - k - 1];
}

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Square root of m * 2^e (m > 0) to at least `bits` significant bits with a sticky bit. */
export function sqrtExact(m: bigint, e: number, bits: number): [bigint, number] {
  let k = Math.max(0, 2 * (bits + 2) - bitLength(m));
  if ((e - k) & 1) k++;
  const n = m << BigInt(k);
  const r = isqrt(n);
  const sticky = r * r !== n ? 1n : 0n;
  return [(r << 1n) | sticky, (e - k) / 2 - 1];
}

// ---- conversion to integer ---------------------------------------------------

/**
 * FPToFixed on an unpacked operand: value * 2^fbits rounded in `mode`, then
 * saturated to a `bits`-wide signed or unsigned integer. NaN gives 0; NaN and
 * saturation raise IOC, otherwise inexactness raises IXC.
 */
export function toFixed(c: Cpu, u: Unpacked, fbits: number, unsigned: boolean, bits: number, mode: number): bigint {
  if (isNaNKind(u.k)) {
    raise(c, IOC);
    return 0n;
  }
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
  if (u.k === K_INF) {
    raise(c, IOC);
    return u.s ? min : max;
  }
  if (u.k === K_ZERO) return 0n;
  const e = u.e + fbits;
  let v: bigint;
  let inexact = false;
  if (e >= 0) v = u.m << BigInt(e);
  else {
    const sh = BigInt(-e);
    const q = u.m >> sh;
    const rem = u.m & ((1n << sh) - 1n);
    v = q;
    if (rem !== 0n) {
      inexact = true;
      const half = 1n << (sh - 1n);
      let up = false;
      switch (mode) {
        case RN:
          up = rem > half || (rem === half && (q & 1n) === 1n);
          break;
        case RA:
          up = rem >= half;
          break;
        case RP:
          up = u.s === 0;
          break;
        case RM:
          up = u.s === 1;
          break;
        default:
          up = false;
      }
      if (up) v += 1n;
    }
  }
  if (u.s) v = -v;
  if (v > max) {
    raise(c, IOC);
    return max;
  }
  if (v < min) {
    raise(c, IOC);
    return min;
  }
  if (inexact) raise(c, IXC);
  return v;
}

// ---- raw bit helpers for the number representations ---------------------------

const scratch = new Float64Array(1);
const scratchU = new Uint32Array(scratch.buffer);
const scratchF = new Float32Array(scratch.buffer);

export function f64Bits(x: number): bigint {
  scratch[0] = x;
  return (BigInt(scratchU[1]) << 32n) | BigInt(scratchU[0]);
}
export function bitsF64(b: bigint): number {
  scratchU[0] = Number(b & 0xffffffffn);
  scratchU[1] = Number(b >> 32n);
  return scratch[0];
}
/** The double value of binary32 bits (NaNs come back quiet; use only for non-NaN). */
export function f32Value(bits: number): number {
  scratchU[0] = bits;
  return scratchF[0];
}
/** The binary32 bits of a double representable in binary32. */
export function f32Of(x: number): number {
  scratchF[0] = x;
  return scratchU[0];
}
/** The double value of binary16 bits (non-NaN). */
export function f16Value(bits: number): number {
  const ex = (bits >>> 10) & 0x1f;
  const fr = bits & 0x3ff;
  const s = bits & 0x8000 ? -1 : 1;
  if (ex === 0) return s * fr * 2 ** -24;
  if (ex === 31) return fr === 0 ? s * Infinity : NaN;
  return s * (fr + 1024) * 2 ** (ex - 25);
}
