// Scalar IEEE arithmetic with Arm semantics, shared by the scalar FP and the
// Advanced SIMD instructions. Every function reads FPCR from the state block
// (rounding mode, FZ, FZ16, DN) and ORs the FPSR cumulative flags (IOC, DZC,
// OFC, UFC, IXC, IDC) into it, bit-exact with the Arm ARM pseudocode.
//
// Value representations (chosen so signalling NaNs survive):
//   f64: a JS number whose bits are the binary64 value (read c.f64[i]);
//   f32: the binary32 bit pattern as an unsigned number (read c.u32[i]);
//   f16: the binary16 bit pattern as an unsigned number (0..0xffff).
// Rounding modes: RN=0, RP=1, RM=2, RZ=3 (the FPCR.RMode encodings), RA=4
// (ties away), RO=5 (round to odd); fpcrMode(c) gives the current one.
//
// Fast paths (a plain JS operation plus error-free transformations: TwoSum,
// Dekker products, division/sqrt remainders, round-to-odd for fused
// multiply-add) handle every rounding mode and FZ whenever operands and result
// are normal numbers; NaNs, infinities, exact zeros, denormal results and
// overflow go through the exact BigInt core (ops.ts). IXC is sticky, so the
// RN fast paths skip the inexactness check once it is set.

import type { Cpu } from '../cpu.js';
import {
  D,
  FPCR_FZ,
  FPCR_FZ16,
  OFC,
  UFC,
  FPCR_IDX,
  FPSR_IDX,
  H,
  IXC,
  S,
  bitsF64,
  f32Of,
  f16Value,
  f32Value,
  f64Bits,
  fpcrMode,
} from './core.js';
import {
  addB,
  compareB,
  compareCondB,
  convertB,
  divB,
  fromFixedB,
  jsConvertB,
  minMaxB,
  mulAddB,
  mulB,
  recipEstimateB,
  recipStepB,
  recpXB,
  roundIntB,
  roundIntNB,
  rsqrtEstimateB,
  rsqrtStepB,
  sqrtB,
  toFixedB,
} from './ops.js';

export { RN, RP, RM, RZ, RA, RO, IOC, DZC, OFC, UFC, IXC, IDC, fpcrMode } from './core.js';

/** FPCR bits that leave the plain round-to-nearest path (RMode, FZ). */
const SLOW_FPCR = (3 << 22) | FPCR_FZ;
const MIN64 = 2.2250738585072014e-308;
const MAX64 = Number.MAX_VALUE;
const MIN32 = 1.1754943508222875e-38;
const MAX32 = 3.4028234663852886e38;
const SPLIT = 134217729;
const SAFE_BIG = 2 ** 995;
/** 2^i for i in 0..64 (fixed-point scales and integer limits), looked up rather than computed per lane. */
const POW2: readonly number[] = Array.from({ length: 65 }, (_, i) => 2 ** i);
const SAFE_SMALL = 2 ** -960;

const sc = new Float64Array(1);
const scU = new Uint32Array(sc.buffer);

/** FZ clear: operands need no flushing (for operations that do not round). */
function noFz(c: Cpu): boolean {
  return (c.i32[FPCR_IDX] & FPCR_FZ) === 0;
}
function needIxc(c: Cpu): boolean {
  return (c.i32[FPSR_IDX] & IXC) === 0;
}
function setIxc(c: Cpu): void {
  c.i32[FPSR_IDX] |= IXC;
}

/** Error of the double product a*b = p (exact when no overflow or underflow). */
function prodErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Round-to-odd adjustment: x = RN(x + e); if e != 0 and x is even, step x one ulp toward e. */
function oddify(x: number, e: number): number {
  if (e === 0) return x;
  sc[0] = x;
  if ((scU[0] & 1) !== 0) return x;
  if (e > 0 === x > 0) scU[0] += 1;
  else if (scU[0] === 0) {
    scU[0] = 0xffffffff;
    scU[1] -= 1;
  } else scU[0] -= 1;
  return sc[0];
}

/** Whether a binary64 operand needs no flushing under fpcr (FZ clear, or not a denormal). */
function in64(fpcr: number, a: number): boolean {
  return (fpcr & FPCR_FZ) === 0 || a === 0 || !(Math.abs(a) < MIN64);
}
/** A zero product or quotient of a and b is exact: both finite, and no denormal to flush. */
function zeroOk64(c: Cpu, a: number, b: number): boolean {
  const fpcr = c.i32[FPCR_IDX];
  return Math.abs(a) <= MAX64 && Math.abs(b) <= MAX64 && in64(fpcr, a) && in64(fpcr, b);
}
function zeroOk32(c: Cpu, x: number, y: number): boolean {
  const fpcr = c.i32[FPCR_IDX];
  return Math.abs(x) <= MAX32 && Math.abs(y) <= MAX32 && in32(fpcr, x) && in32(fpcr, y);
}
function in32(fpcr: number, x: number): boolean {
  return (fpcr & FPCR_FZ) === 0 || x === 0 || !(Math.abs(x) < MIN32);
}

/**
 * Finish a binary64 result from its round-to-nearest value r (normal, so no
 * underflow is possible) and the sign of the rounding error e = exact - r:
 * raise IXC and step to the neighbour the FPCR mode asks for. NaN means
 * "cannot" (the step overflowed): the caller takes the exact path.
 */
function dir64(c: Cpu, mode: number, r: number, e: number): number {
  if (e === 0) return r;
  c.i32[FPSR_IDX] |= IXC;
  if (mode === 0 || (mode === 1 ? e < 0 : mode === 2 ? e > 0 : e > 0 === r > 0)) return r;
  sc[0] = r;
  if (e > 0 === r > 0) {
    if (scU[0] === 0xffffffff) {
      scU[0] = 0;
      scU[1] += 1;
    } else scU[0] += 1;
  } else if (scU[0] === 0) {
    scU[0] = 0xffffffff;
    scU[1] -= 1;
  } else scU[0] -= 1;
  const d = sc[0];
  return Math.abs(d) <= MAX64 ? d : NaN;
}

/** As dir64 for a binary32 result r (a double holding a normal binary32 value); returns bits or -1. */
function dir32(c: Cpu, mode: number, r: number, e: number): number {
  const bits = f32Of(r);
  if (e === 0) return bits;
  c.i32[FPSR_IDX] |= IXC;
  if (mode === 0 || (mode === 1 ? e < 0 : mode === 2 ? e > 0 : e > 0 === r > 0)) return bits;
  const nb = e > 0 === r > 0 ? bits + 1 : bits - 1;
  return (nb & 0x7f800000) === 0x7f800000 ? -1 : nb >>> 0;
}

const b32 = (x: number): bigint => BigInt(x >>> 0);
const n32 = (b: bigint): number => Number(b);

// ---- binary64 ------------------------------------------------------------------

/** a + b. */
export function add64(c: Cpu, a: number, b: number): number {
  const r = a + b;
  const m = Math.abs(r);
  if ((m > MIN64 && m <= MAX64) || r === 0) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0) {
      if (needIxc(c)) {
        const bv = r - a;
        if (a - (r - bv) + (b - bv) !== 0) setIxc(c);
      }
      return r;
    }
    if (r !== 0 && in64(fpcr, a) && in64(fpcr, b)) {
      const bv = r - a;
      const d = dir64(c, (fpcr >>> 22) & 3, r, a - (r - bv) + (b - bv));
      if (d === d) return d;
    }
  }
  return bitsF64(addB(c, D, f64Bits(a), f64Bits(b), false));
}

/** a - b. */
export function sub64(c: Cpu, a: number, b: number): number {
  if (b === b) return add64neg(c, a, b);
  return bitsF64(addB(c, D, f64Bits(a), f64Bits(b), true));
}

function add64neg(c: Cpu, a: number, nb: number): number {
  const b = -nb;
  const r = a + b;
  const m = Math.abs(r);
  if ((m > MIN64 && m <= MAX64) || r === 0) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0) {
      if (needIxc(c)) {
        const bv = r - a;
        if (a - (r - bv) + (b - bv) !== 0) setIxc(c);
      }
      return r;
    }
    if (r !== 0 && in64(fpcr, a) && in64(fpcr, b)) {
      const bv = r - a;
      const d = dir64(c, (fpcr >>> 22) & 3, r, a - (r - bv) + (b - bv));
      if (d === d) return d;
    }
  }
  return bitsF64(addB(c, D, f64Bits(a), f64Bits(nb), true));
}

/** a * b. */
export function mul64(c: Cpu, a: number, b: number): number {
  const r = a * b;
  const m = Math.abs(r);
  if (m > MIN64 && m <= MAX64) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0 && !needIxc(c)) return r;
    // The error-free product needs headroom: near DBL_MAX its partial products overflow.
    if (m > SAFE_SMALL && m < SAFE_BIG && Math.abs(a) < SAFE_BIG && Math.abs(b) < SAFE_BIG && in64(fpcr, a) && in64(fpcr, b)) {
      const d = dir64(c, (fpcr >>> 22) & 3, r, prodErr(a, b, r));
      if (d === d) return d;
    }
  } else if (r === 0 && (a === 0 || b === 0) && zeroOk64(c, a, b)) return r;
  return bitsF64(mulB(c, D, f64Bits(a), f64Bits(b), false));
}

/** FMULX: a * b, except infinity times zero is ±2.0. */
export function mulX64(c: Cpu, a: number, b: number): number {
  return bitsF64(mulB(c, D, f64Bits(a), f64Bits(b), true));
}

/** -(a * b) (FNMUL; the negation also flips a NaN result's sign). */
export function nmul64(c: Cpu, a: number, b: number): number {
  return -mul64(c, a, b);
}

/** a / b. */
export function div64(c: Cpu, a: number, b: number): number {
  const r = a / b;
  const m = Math.abs(r);
  if (m > MIN64 && m <= MAX64) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0 && !needIxc(c)) return r;
    const p = r * b;
    const ap = Math.abs(p);
    if (ap > SAFE_SMALL && ap < SAFE_BIG && m < SAFE_BIG && Math.abs(b) < SAFE_BIG && in64(fpcr, a) && in64(fpcr, b)) {
      const rem = a - p - prodErr(r, b, p);
      const d = dir64(c, (fpcr >>> 22) & 3, r, b > 0 ? rem : -rem);
      if (d === d) return d;
    }
  } else if (a === 0 && b !== 0 && zeroOk64(c, a, b)) return r;
  return bitsF64(divB(c, D, f64Bits(a), f64Bits(b)));
}

/** Square root. */
export function sqrt64(c: Cpu, a: number): number {
  if (a === 0) return a;
  if (a > SAFE_SMALL && a < SAFE_BIG) {
    const r = Math.sqrt(a);
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0 && !needIxc(c)) return r;
    const p = r * r;
    const d = dir64(c, (fpcr >>> 22) & 3, r, a - p - prodErr(r, r, p));
    if (d === d) return d;
  }
  return bitsF64(sqrtB(c, D, f64Bits(a)));
}

/** Fused addend + x * y, one rounding (FMADD; FMSUB etc. negate operands first). */
export function mulAdd64(c: Cpu, addend: number, x: number, y: number): number {
  const fpcr = c.i32[FPCR_IDX];
  const p = x * y;
  if ((fpcr & SLOW_FPCR) === 0 && p === 0 && (x === 0 || y === 0) && Math.abs(x) <= MAX64 && Math.abs(y) <= MAX64) {
    const r0 = p + addend;
    if (Math.abs(r0) <= MAX64) return r0;
  }
  const mp = Math.abs(p);
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (
    mp > SAFE_SMALL &&
    mp < SAFE_BIG &&
    ax >= MIN64 &&
    ax < SAFE_BIG &&
    ay >= MIN64 &&
    ay < SAFE_BIG &&
    Math.abs(addend) < SAFE_BIG &&
    in64(fpcr, addend)
  ) {
    // Boldo-Melquiond: p + pe = x*y exactly, th + tl = p + addend exactly,
    // v + w = tl + pe exactly; rounding v to odd makes RN(th + vo) correct.
    const pe = prodErr(x, y, p);
    const th = p + addend;
    const bv = th - p;
    const tl = p - (th - bv) + (addend - bv);
    const v = tl + pe;
    const vv = v - tl;
    const w = tl - (v - vv) + (pe - vv);
    const vo = oddify(v, w);
    const r = th + vo;
    const m = Math.abs(r);
    if (m > MIN64 && m <= MAX64) {
      const rv = r - th;
      const e3 = th - (r - rv) + (vo - rv);
      if ((fpcr & SLOW_FPCR) === 0) {
        if (needIxc(c) && (w !== 0 || e3 !== 0)) setIxc(c);
        return r;
      }
      // exact - r = e3 + (v - vo) + w; e3, when nonzero, dominates the rest.
      const d = dir64(c, (fpcr >>> 22) & 3, r, e3 !== 0 ? e3 : v - vo + w);
      if (d === d) return d;
    }
  }
  return bitsF64(mulAddB(c, D, f64Bits(addend), f64Bits(x), f64Bits(y)));
}

/** FMAX: the larger; NaNs propagate; max(+0, -0) = +0. */
export function max64(c: Cpu, a: number, b: number): number {
  if (noFz(c) && a === a && b === b) {
    if (a > b) return a;
    if (a < b || a !== 0) return b;
  }
  return bitsF64(minMaxB(c, D, f64Bits(a), f64Bits(b), true, false));
}
/** FMIN: the smaller; NaNs propagate; min(+0, -0) = -0. */
export function min64(c: Cpu, a: number, b: number): number {
  if (noFz(c) && a === a && b === b) {
    if (a < b) return a;
    if (a > b || a !== 0) return b;
  }
  return bitsF64(minMaxB(c, D, f64Bits(a), f64Bits(b), false, false));
}
/** FMAXNM: as FMAX, but a single quiet NaN operand loses to a number. */
export function maxNm64(c: Cpu, a: number, b: number): number {
  if (a === a && b === b) return max64(c, a, b);
  return bitsF64(minMaxB(c, D, f64Bits(a), f64Bits(b), true, true));
}
/** FMINNM: as FMIN, but a single quiet NaN operand loses to a number. */
export function minNm64(c: Cpu, a: number, b: number): number {
  if (a === a && b === b) return min64(c, a, b);
  return bitsF64(minMaxB(c, D, f64Bits(a), f64Bits(b), false, true));
}

/** FRECPE: reciprocal estimate (8 bits, Arm table). */
export function recipEstimate64(c: Cpu, a: number): number {
  return bitsF64(recipEstimateB(c, D, f64Bits(a)));
}
/** FRSQRTE: reciprocal square root estimate (8 bits, Arm table). */
export function rsqrtEstimate64(c: Cpu, a: number): number {
  return bitsF64(rsqrtEstimateB(c, D, f64Bits(a)));
}
/** FRECPS: 2.0 - a * b, fused. */
export function recipStep64(c: Cpu, a: number, b: number): number {
  return bitsF64(recipStepB(c, D, f64Bits(a), f64Bits(b)));
}
/** FRSQRTS: (3.0 - a * b) / 2, fused. */
export function rsqrtStep64(c: Cpu, a: number, b: number): number {
  return bitsF64(rsqrtStepB(c, D, f64Bits(a), f64Bits(b)));
}
/** FRECPX: reciprocal exponent. */
export function recpX64(c: Cpu, a: number): number {
  return bitsF64(recpXB(c, D, f64Bits(a)));
}

/** FCMP/FCMPE: NZCV nibble (8 lt, 6 eq, 2 gt, 3 unordered); IOC for sNaN, or any NaN if signalAll. */
export function compare64(c: Cpu, a: number, b: number, signalAll: boolean): number {
  if (a === a && b === b && noFz(c)) return a < b ? 8 : a === b ? 6 : 2;
  return compareB(c, D, f64Bits(a), f64Bits(b), signalAll);
}
/** FCMEQ lane test: a == b; IOC only for a signalling NaN. */
export function cmpEq64(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, D, f64Bits(a), f64Bits(b), 0);
}
/** FCMGE lane test: a >= b; IOC for any NaN. */
export function cmpGe64(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, D, f64Bits(a), f64Bits(b), 1);
}
/** FCMGT lane test: a > b; IOC for any NaN. */
export function cmpGt64(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, D, f64Bits(a), f64Bits(b), 2);
}

/** Round to an integer-valued magnitude in mode (m >= 0 finite). */
function roundMag(m: number, mode: number, neg: boolean): number {
  const fl = Math.floor(m);
  const d = m - fl;
  if (d === 0) return fl;
  switch (mode) {
    case 0:
      return d > 0.5 || (d === 0.5 && fl % 2 === 1) ? fl + 1 : fl;
    case 4:
      return d >= 0.5 ? fl + 1 : fl;
    case 1:
      return neg ? fl : fl + 1;
    case 2:
      return neg ? fl + 1 : fl;
    default:
      return fl;
  }
}

/** FRINT*: round to integral in mode; exact=true raises IXC when the value changes (FRINTX). */
export function roundInt64(c: Cpu, a: number, mode: number, exact: boolean): number {
  if (a === a && (c.i32[FPCR_IDX] & FPCR_FZ) === 0) {
    if (a === 0 || Math.abs(a) >= 4503599627370496) return a;
    const neg = a < 0;
    const m = roundMag(Math.abs(a), mode, neg);
    const r = neg ? -m : m;
    if (exact && r !== a) setIxc(c);
    return r;
  }
  return bitsF64(roundIntB(c, D, f64Bits(a), mode, exact));
}
/** FRINT32Z/X and FRINT64Z/X: round to integral in mode; out of int range (or NaN/Inf) gives -2^(intBits-1), IOC. */
export function roundIntN64(c: Cpu, a: number, mode: number, intBits: 32 | 64): number {
  return bitsF64(roundIntNB(c, D, f64Bits(a), mode, intBits));
}

/** Write an integer result of `bits` bits at byte offset dst of the state block. */
function storeInt(c: Cpu, v: bigint, bits: number, dst: number): void {
  const u = BigInt.asUintN(64, v);
  if (bits === 64) {
    c.i32[dst >> 2] = Number(u & 0xffffffffn);
    c.i32[(dst >> 2) + 1] = Number(u >> 32n);
  } else if (bits === 32) c.i32[dst >> 2] = Number(u & 0xffffffffn);
  else c.dv.setUint16(dst, Number(u & 0xffffn), true);
}

function storeNum(c: Cpu, t: number, bits: number, dst: number): void {
  if (bits === 64) {
    const hi = Math.floor(t / 4294967296);
    c.i32[dst >> 2] = t - hi * 4294967296;
    c.i32[(dst >> 2) + 1] = hi;
  } else if (bits === 32) c.i32[dst >> 2] = t;
  else c.dv.setUint16(dst, t & 0xffff, true);
}

/**
 * FCVT[NPMZA][SU] / FCVTZ[SU] fixed: a * 2^fbits rounded in mode, saturated to a
 * `bits`-wide (16/32/64) signed or unsigned integer, written little-endian at
 * byte offset dst of the state block (upper parts of the destination untouched).
 */
export function toInt64(
  c: Cpu,
  a: number,
  signed: boolean,
  bits: number,
  mode: number,
  fbits: number,
  dst: number,
): void {
  const v = fbits === 0 ? a : a * POW2[fbits];
  const m = Math.abs(v);
  if (v === v && m <= MAX64 && (Math.abs(a) >= MIN64 || a === 0)) {
    const neg = v < 0;
    const t0 = roundMag(m, mode, neg);
    const t = neg ? -t0 : t0;
    const lim = POW2[signed ? bits - 1 : bits];
    if (signed ? t >= -lim && t < lim : t >= 0 && t < lim) {
      storeNum(c, t, bits, dst);
      if (t !== v) setIxc(c);
      return;
    }
  }
  storeInt(c, toFixedB(c, D, f64Bits(a), !signed, bits, mode, fbits), bits, dst);
}

/** SCVTF/UCVTF: the integer (lo, hi halves; `bits` 16/32/64 wide) / 2^fbits rounded in mode. */
export function fromInt64(
  c: Cpu,
  lo: number,
  hi: number,
  signed: boolean,
  bits: number,
  mode: number,
  fbits: number,
): number {
  const v = intValue(lo, hi, signed, bits);
  if (v !== null) return fbits === 0 ? v : v / POW2[fbits];
  return bitsF64(fromFixedB(c, D, intBig(lo, hi, signed, bits), fbits, mode));
}

/** The integer as an exact double, or null if it needs more than 53 bits. */
function intValue(lo: number, hi: number, signed: boolean, bits: number): number | null {
  if (bits === 16) return signed ? (lo << 16) >> 16 : lo & 0xffff;
  if (bits === 32) return signed ? lo | 0 : lo >>> 0;
  const h = signed ? hi | 0 : hi >>> 0;
  if (h >= -2097152 && h < 2097152) return h * 4294967296 + (lo >>> 0);
  return null;
}

function intBig(lo: number, hi: number, signed: boolean, bits: number): bigint {
  if (bits === 16) return BigInt(signed ? (lo << 16) >> 16 : lo & 0xffff);
  if (bits === 32) return BigInt(signed ? lo | 0 : lo >>> 0);
  const u = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return signed ? BigInt.asIntN(64, u) : u;
}

/** FJCVTZS: JavaScript ToInt32 of a (round toward zero, modulo 2^32); sets NZCV to 0Z00. */
export function jsToInt32(c: Cpu, a: number): number {
  const [r, z] = jsConvertB(c, f64Bits(a));
  c.setNZCV(0, z, 0, 0);
  return r;
}

// ---- binary32 ----------------------------------------------------------------

function slow32(b: bigint): number {
  return n32(b);
}

/** a + b. */
export function add32(c: Cpu, a: number, b: number): number {
  return addSub32(c, a, b, f32Value(b), false);
}

/** a - b. */
export function sub32(c: Cpu, a: number, b: number): number {
  return addSub32(c, a, b, -f32Value(b), true);
}

function addSub32(c: Cpu, a: number, b: number, y: number, neg: boolean): number {
  const x = f32Value(a);
  const s = x + y;
  const r = Math.fround(s);
  const m = Math.abs(r);
  if ((m > MIN32 && m <= MAX32) || r === 0) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0) {
      if (needIxc(c)) {
        const bv = s - x;
        if (r !== s || x - (s - bv) + (y - bv) !== 0) setIxc(c);
      }
      return f32Of(r);
    }
    if (r !== 0 && in32(fpcr, x) && in32(fpcr, y)) {
      const bv = s - x;
      const d = dir32(c, (fpcr >>> 22) & 3, r, r !== s ? s - r : x - (s - bv) + (y - bv));
      if (d >= 0) return d;
    }
  }
  return slow32(addB(c, S, b32(a), b32(b), neg));
}

/** a * b. */
export function mul32(c: Cpu, a: number, b: number): number {
  const x = f32Value(a);
  const y = f32Value(b);
  const p = x * y;
  const r = Math.fround(p);
  const m = Math.abs(r);
  if (m > MIN32 && m <= MAX32) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0) {
      if (r !== p) setIxc(c);
      return f32Of(r);
    }
    if (in32(fpcr, x) && in32(fpcr, y)) {
      const d = dir32(c, (fpcr >>> 22) & 3, r, p - r);
      if (d >= 0) return d;
    }
  } else if (p === 0 && (x === 0 || y === 0) && zeroOk32(c, x, y)) return f32Of(p);
  return slow32(mulB(c, S, b32(a), b32(b), false));
}

/** FMULX. */
export function mulX32(c: Cpu, a: number, b: number): number {
  return slow32(mulB(c, S, b32(a), b32(b), true));
}

/** -(a * b) (FNMUL). */
export function nmul32(c: Cpu, a: number, b: number): number {
  return (mul32(c, a, b) ^ 0x80000000) >>> 0;
}

/** a / b. */
export function div32(c: Cpu, a: number, b: number): number {
  const x = f32Value(a);
  const y = f32Value(b);
  const r = Math.fround(x / y);
  const m = Math.abs(r);
  if (m > MIN32 && m <= MAX32) {
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0) {
      if (needIxc(c) && r * y !== x) setIxc(c);
      return f32Of(r);
    }
    if (in32(fpcr, x) && in32(fpcr, y)) {
      const rem = x - r * y;
      const d = dir32(c, (fpcr >>> 22) & 3, r, y > 0 ? rem : -rem);
      if (d >= 0) return d;
    }
  } else if (x === 0 && y !== 0 && zeroOk32(c, x, y)) return f32Of(r);
  return slow32(divB(c, S, b32(a), b32(b)));
}

/** Square root. */
export function sqrt32(c: Cpu, a: number): number {
  if ((a & 0x7fffffff) === 0) return a;
  const x = f32Value(a);
  if (x > 0 && x <= MAX32) {
    const r = Math.fround(Math.sqrt(x));
    const fpcr = c.i32[FPCR_IDX];
    if ((fpcr & SLOW_FPCR) === 0) {
      if (needIxc(c) && r * r !== x) setIxc(c);
      return f32Of(r);
    }
    if (in32(fpcr, x)) {
      const d = dir32(c, (fpcr >>> 22) & 3, r, x - r * r);
      if (d >= 0) return d;
    }
  }
  return slow32(sqrtB(c, S, b32(a)));
}

/** Fused addend + x * y, one rounding. */
export function mulAdd32(c: Cpu, addend: number, x: number, y: number): number {
  const fx = f32Value(x);
  const fy = f32Value(y);
  const z = f32Value(addend);
  const p = fx * fy;
  const s = p + z;
  if (Math.abs(s) <= MAX64) {
    const bv = s - p;
    const e = p - (s - bv) + (z - bv);
    const r = Math.fround(oddify(s, e));
    const m = Math.abs(r);
    if (m > MIN32 && m <= MAX32) {
      const fpcr = c.i32[FPCR_IDX];
      if ((fpcr & SLOW_FPCR) === 0) {
        if (needIxc(c) && (e !== 0 || r !== s)) setIxc(c);
        return f32Of(r);
      }
      if (in32(fpcr, fx) && in32(fpcr, fy) && in32(fpcr, z)) {
        const d = dir32(c, (fpcr >>> 22) & 3, r, r !== s ? s - r : e);
        if (d >= 0) return d;
      }
    }
  }
  return slow32(mulAddB(c, S, b32(addend), b32(x), b32(y)));
}

/** FMAX. */
export function max32(c: Cpu, a: number, b: number): number {
  const x = f32Value(a);
  const y = f32Value(b);
  if (x === x && y === y && noFz(c)) {
    if (x > y) return a;
    if (x < y || x !== 0) return b;
  }
  return slow32(minMaxB(c, S, b32(a), b32(b), true, false));
}
/** FMIN. */
export function min32(c: Cpu, a: number, b: number): number {
  const x = f32Value(a);
  const y = f32Value(b);
  if (x === x && y === y && noFz(c)) {
    if (x < y) return a;
    if (x > y || x !== 0) return b;
  }
  return slow32(minMaxB(c, S, b32(a), b32(b), false, false));
}
/** FMAXNM. */
export function maxNm32(c: Cpu, a: number, b: number): number {
  if (f32Value(a) === f32Value(a) && f32Value(b) === f32Value(b)) return max32(c, a, b);
  return slow32(minMaxB(c, S, b32(a), b32(b), true, true));
}
/** FMINNM. */
export function minNm32(c: Cpu, a: number, b: number): number {
  if (f32Value(a) === f32Value(a) && f32Value(b) === f32Value(b)) return min32(c, a, b);
  return slow32(minMaxB(c, S, b32(a), b32(b), false, true));
}
/** FRECPE. */
export function recipEstimate32(c: Cpu, a: number): number {
  return slow32(recipEstimateB(c, S, b32(a)));
}
/** FRSQRTE. */
export function rsqrtEstimate32(c: Cpu, a: number): number {
  return slow32(rsqrtEstimateB(c, S, b32(a)));
}
/** FRECPS: 2.0 - a * b, fused. */
export function recipStep32(c: Cpu, a: number, b: number): number {
  return slow32(recipStepB(c, S, b32(a), b32(b)));
}
/** FRSQRTS: (3.0 - a * b) / 2, fused. */
export function rsqrtStep32(c: Cpu, a: number, b: number): number {
  return slow32(rsqrtStepB(c, S, b32(a), b32(b)));
}
/** FRECPX. */
export function recpX32(c: Cpu, a: number): number {
  return slow32(recpXB(c, S, b32(a)));
}
/** FCMP/FCMPE: NZCV nibble. */
export function compare32(c: Cpu, a: number, b: number, signalAll: boolean): number {
  const x = f32Value(a);
  const y = f32Value(b);
  if (x === x && y === y && noFz(c)) return x < y ? 8 : x === y ? 6 : 2;
  return compareB(c, S, b32(a), b32(b), signalAll);
}
/** FCMEQ lane test. */
export function cmpEq32(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, S, b32(a), b32(b), 0);
}
/** FCMGE lane test. */
export function cmpGe32(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, S, b32(a), b32(b), 1);
}
/** FCMGT lane test. */
export function cmpGt32(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, S, b32(a), b32(b), 2);
}
/** FRINT*: round to integral in mode; exact raises IXC when inexact. */
export function roundInt32(c: Cpu, a: number, mode: number, exact: boolean): number {
  const x = f32Value(a);
  if (x === x && (c.i32[FPCR_IDX] & FPCR_FZ) === 0) {
    if (x === 0 || !(Math.abs(x) < 8388608)) return a;
    const neg = x < 0;
    const m = roundMag(Math.abs(x), mode, neg);
    const r = neg ? -m : m;
    if (exact && r !== x) setIxc(c);
    return f32Of(r);
  }
  return slow32(roundIntB(c, S, b32(a), mode, exact));
}
/** FRINT32Z/X and FRINT64Z/X. */
export function roundIntN32(c: Cpu, a: number, mode: number, intBits: 32 | 64): number {
  return slow32(roundIntNB(c, S, b32(a), mode, intBits));
}
/** Float to integer, as toInt64, for a binary32 operand. */
export function toInt32(c: Cpu, a: number, signed: boolean, bits: number, mode: number, fbits: number, dst: number): void {
  const x = f32Value(a);
  if (x === x && (Math.abs(x) >= MIN32 || x === 0)) {
    toInt64(c, x, signed, bits, mode, fbits, dst);
    return;
  }
  storeInt(c, toFixedB(c, S, b32(a), !signed, bits, mode, fbits), bits, dst);
}
/** SCVTF/UCVTF to binary32. */
export function fromInt32(
  c: Cpu,
  lo: number,
  hi: number,
  signed: boolean,
  bits: number,
  mode: number,
  fbits: number,
): number {
  const v = intValue(lo, hi, signed, bits);
  if (v !== null) {
    if (v === 0) return 0;
    const x = fbits === 0 ? v : v / 2 ** fbits;
    const r = Math.fround(x);
    const m = Math.abs(r);
    if (m > MIN32 && m <= MAX32 && mode < 4) {
      const d = dir32(c, mode, r, x - r);
      if (d >= 0) return d;
    }
  }
  return slow32(fromFixedB(c, S, intBig(lo, hi, signed, bits), fbits, mode));
}

// ---- binary16 ---------------------------------------------------------------------
// Operands are widened to doubles (exact); results come back through toHalf,
// which rounds a double plus the sign of its remaining error in any mode.

const b16 = (x: number): bigint => BigInt(x & 0xffff);
const MIN16 = 2 ** -14;

/** Whether binary16 bits are usable on the fast path: not NaN/Inf, not a denormal flushed by FZ16. */
function ok16(fpcr: number, a: number): boolean {
  const ex = a & 0x7c00;
  if (ex === 0x7c00) return false;
  return ex !== 0 || (a & 0x3ff) === 0 || (fpcr & FPCR_FZ16) === 0;
}

/**
 * Round the nonzero finite value x + err (err: only its sign matters, and
 * |err| is below half an ulp of x in binary64) to binary16 bits in mode, with
 * FZ16 flushing and the UFC/OFC/IXC flags of FPRoundBase.
 */
function toHalf(c: Cpu, fpcr: number, mode: number, x: number, err: number): number {
  const neg = x < 0;
  const sign = neg ? 0x8000 : 0;
  const ax = Math.abs(x);
  const ae = neg ? -err : err;
  const tiny = ax < MIN16 || (ax === MIN16 && ae < 0);
  if (tiny && (fpcr & FPCR_FZ16) !== 0) {
    c.i32[FPSR_IDX] |= UFC;
    return sign;
  }
  let q = 2 ** -24;
  if (ax >= MIN16) {
    sc[0] = ax;
    const e = ((scU[1] >>> 20) & 0x7ff) - 1023;
    q = 2 ** (e - 10);
    if (ae < 0 && ax === 2 ** e && ax > MIN16) q /= 2;
  }
  const t = ax / q;
  let n = Math.floor(t);
  const frac = t - n;
  let cmp: number; // -2 exact, -1 below half, 0 half, 1 above half
  if (frac === 0) {
    if (ae === 0) cmp = -2;
    else if (ae > 0) cmp = -1;
    else {
      n -= 1;
      cmp = 1;
    }
  } else if (frac < 0.5) cmp = -1;
  else if (frac > 0.5) cmp = 1;
  else cmp = ae === 0 ? 0 : ae > 0 ? 1 : -1;
  const inexact = cmp !== -2;
  if (tiny && inexact) c.i32[FPSR_IDX] |= UFC;
  let up: boolean;
  switch (mode) {
    case 0:
      up = cmp === 1 || (cmp === 0 && (n & 1) === 1);
      break;
    case 1:
      up = inexact && !neg;
      break;
    case 2:
      up = inexact && neg;
      break;
    case 4:
      up = cmp >= 0;
      break;
    default:
      up = false;
  }
  if (up) n++;
  const v = n * q;
  if (v > 65504) {
    c.i32[FPSR_IDX] |= OFC | IXC;
    const toInf = mode === 0 || mode === 4 || (mode === 1 && !neg) || (mode === 2 && neg);
    return sign | (toInf ? 0x7c00 : 0x7bff);
  }
  if (inexact) c.i32[FPSR_IDX] |= IXC;
  if (v < MIN16) return sign | (v / 2 ** -24);
  sc[0] = v;
  const e2 = ((scU[1] >>> 20) & 0x7ff) - 1023;
  return sign | ((e2 + 15) << 10) | (v / 2 ** (e2 - 10) - 1024);
}

/** a + b. */
export function add16(c: Cpu, a: number, b: number): number {
  const fpcr = c.i32[FPCR_IDX];
  if (ok16(fpcr, a) && ok16(fpcr, b)) {
    const r = f16Value(a) + f16Value(b);
    if (r !== 0) return toHalf(c, fpcr, (fpcr >>> 22) & 3, r, 0);
  }
  return n32(addB(c, H, b16(a), b16(b), false));
}
/** a - b. */
export function sub16(c: Cpu, a: number, b: number): number {
  const fpcr = c.i32[FPCR_IDX];
  if (ok16(fpcr, a) && ok16(fpcr, b)) {
    const r = f16Value(a) - f16Value(b);
    if (r !== 0) return toHalf(c, fpcr, (fpcr >>> 22) & 3, r, 0);
  }
  return n32(addB(c, H, b16(a), b16(b), true));
}
/** a * b. */
export function mul16(c: Cpu, a: number, b: number): number {
  const fpcr = c.i32[FPCR_IDX];
  if (ok16(fpcr, a) && ok16(fpcr, b)) {
    const r = f16Value(a) * f16Value(b);
    if (r !== 0) return toHalf(c, fpcr, (fpcr >>> 22) & 3, r, 0);
  }
  return n32(mulB(c, H, b16(a), b16(b), false));
}
/** a / b. */
export function div16(c: Cpu, a: number, b: number): number {
  const fpcr = c.i32[FPCR_IDX];
  if (ok16(fpcr, a) && ok16(fpcr, b)) {
    const x = f16Value(a);
    const y = f16Value(b);
    const r = x / y;
    if (r !== 0 && y !== 0) {
      const p = r * y;
      const rem = x - p - prodErr(r, y, p);
      return toHalf(c, fpcr, (fpcr >>> 22) & 3, r, y > 0 ? rem : -rem);
    }
  }
  return n32(divB(c, H, b16(a), b16(b)));
}
/** Square root. */
export function sqrt16(c: Cpu, a: number): number {
  const fpcr = c.i32[FPCR_IDX];
  const x = f16Value(a);
  if (ok16(fpcr, a) && x > 0) {
    const r = Math.sqrt(x);
    const p = r * r;
    return toHalf(c, fpcr, (fpcr >>> 22) & 3, r, x - p - prodErr(r, r, p));
  }
  return n32(sqrtB(c, H, b16(a)));
}
/** Fused addend + x * y. */
export function mulAdd16(c: Cpu, addend: number, x: number, y: number): number {
  const fpcr = c.i32[FPCR_IDX];
  if (ok16(fpcr, addend) && ok16(fpcr, x) && ok16(fpcr, y)) {
    const p = f16Value(x) * f16Value(y);
    const z = f16Value(addend);
    const s = p + z;
    if (s !== 0) {
      const bv = s - p;
      return toHalf(c, fpcr, (fpcr >>> 22) & 3, s, p - (s - bv) + (z - bv));
    }
  }
  return n32(mulAddB(c, H, b16(addend), b16(x), b16(y)));
}
/** -(a * b). */
export function nmul16(c: Cpu, a: number, b: number): number {
  return mul16(c, a, b) ^ 0x8000;
}
/** FMULX. */
export function mulX16(c: Cpu, a: number, b: number): number {
  return n32(mulB(c, H, b16(a), b16(b), true));
}
/** FMAX. */
export function max16(c: Cpu, a: number, b: number): number {
  return n32(minMaxB(c, H, b16(a), b16(b), true, false));
}
/** FMIN. */
export function min16(c: Cpu, a: number, b: number): number {
  return n32(minMaxB(c, H, b16(a), b16(b), false, false));
}
/** FMAXNM. */
export function maxNm16(c: Cpu, a: number, b: number): number {
  return n32(minMaxB(c, H, b16(a), b16(b), true, true));
}
/** FMINNM. */
export function minNm16(c: Cpu, a: number, b: number): number {
  return n32(minMaxB(c, H, b16(a), b16(b), false, true));
}
/** FRECPE. */
export function recipEstimate16(c: Cpu, a: number): number {
  return n32(recipEstimateB(c, H, b16(a)));
}
/** FRSQRTE. */
export function rsqrtEstimate16(c: Cpu, a: number): number {
  return n32(rsqrtEstimateB(c, H, b16(a)));
}
/** FRECPS. */
export function recipStep16(c: Cpu, a: number, b: number): number {
  return n32(recipStepB(c, H, b16(a), b16(b)));
}
/** FRSQRTS. */
export function rsqrtStep16(c: Cpu, a: number, b: number): number {
  return n32(rsqrtStepB(c, H, b16(a), b16(b)));
}
/** FRECPX. */
export function recpX16(c: Cpu, a: number): number {
  return n32(recpXB(c, H, b16(a)));
}
/** FCMP/FCMPE: NZCV nibble. */
export function compare16(c: Cpu, a: number, b: number, signalAll: boolean): number {
  return compareB(c, H, b16(a), b16(b), signalAll);
}
/** FCMEQ lane test. */
export function cmpEq16(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, H, b16(a), b16(b), 0);
}
/** FCMGE lane test. */
export function cmpGe16(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, H, b16(a), b16(b), 1);
}
/** FCMGT lane test. */
export function cmpGt16(c: Cpu, a: number, b: number): boolean {
  return compareCondB(c, H, b16(a), b16(b), 2);
}
/** FRINT*. */
export function roundInt16(c: Cpu, a: number, mode: number, exact: boolean): number {
  return n32(roundIntB(c, H, b16(a), mode, exact));
}
/** Float to integer, as toInt64, for a binary16 operand. */
export function toInt16(c: Cpu, a: number, signed: boolean, bits: number, mode: number, fbits: number, dst: number): void {
  storeInt(c, toFixedB(c, H, b16(a), !signed, bits, mode, fbits), bits, dst);
}
/** SCVTF/UCVTF to binary16. */
export function fromInt16(
  c: Cpu,
  lo: number,
  hi: number,
  signed: boolean,
  bits: number,
  mode: number,
  fbits: number,
): number {
  return n32(fromFixedB(c, H, intBig(lo, hi, signed, bits), fbits, mode));
}

// ---- conversions between formats -----------------------------------------------

/** FCVT double to single, in mode (default: FPCR). */
export function cvt64to32(c: Cpu, a: number, mode: number = fpcrMode(c)): number {
  const r = Math.fround(a);
  const m = Math.abs(r);
  if (m > MIN32 && m <= MAX32 && mode < 4) {
    const d = dir32(c, mode, r, a - r);
    if (d >= 0) return d;
  }
  return n32(convertB(c, D, S, f64Bits(a), mode));
}
/** FCVT single to double (exact). */
export function cvt32to64(c: Cpu, a: number): number {
  const x = f32Value(a);
  if (x === x && (Math.abs(x) >= MIN32 || x === 0 || (c.i32[FPCR_IDX] & FPCR_FZ) === 0)) return x;
  return bitsF64(convertB(c, S, D, b32(a), 0));
}
/** FCVT double to half, in mode (default: FPCR). */
export function cvt64to16(c: Cpu, a: number, mode: number = fpcrMode(c)): number {
  return n32(convertB(c, D, H, f64Bits(a), mode));
}
/** FCVT half to double (exact). */
export function cvt16to64(c: Cpu, a: number): number {
  return bitsF64(convertB(c, H, D, b16(a), 0));
}
/** FCVT single to half, in mode (default: FPCR). */
export function cvt32to16(c: Cpu, a: number, mode: number = fpcrMode(c)): number {
  return n32(convertB(c, S, H, b32(a), mode));
}
/** FCVT half to single (exact). */
export function cvt16to32(c: Cpu, a: number): number {
  return n32(convertB(c, H, S, b16(a), 0));
}
