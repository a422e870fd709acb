// Shared pieces of the integer data-processing ops: 64-bit shifts on
// (lo, hi) halves, the NZCV update of an addition, bitmask immediates and
// 32x32->64 multiplication. Results that are 64 bits wide land in `out`
// (module state: no allocation on the hot path).

import { C_OFF, N_OFF, V_OFF_FLAG, Z_OFF } from '../state.js';

export const NI = N_OFF >> 2;
export const ZI = Z_OFF >> 2;
export const CI = C_OFF >> 2;
export const VI = V_OFF_FLAG >> 2;

/** The 64-bit result of the last helper call, as signed 32-bit halves. */
export const out = { lo: 0, hi: 0 };

export const SHIFT_LSL = 0;
export const SHIFT_LSR = 1;
export const SHIFT_ASR = 2;
export const SHIFT_ROR = 3;

/** out = (lo, hi) shifted by `type` (LSL/LSR/ASR/ROR) by n in 0..63. */
export function shift64(lo: number, hi: number, type: number, n: number): void {
  if (n === 0) {
    out.lo = lo | 0;
    out.hi = hi | 0;
    return;
  }
  switch (type) {
    case SHIFT_LSL:
      if (n < 32) {
        out.hi = (hi << n) | (lo >>> (32 - n));
        out.lo = lo << n;
      } else {
        out.hi = lo << (n - 32);
        out.lo = 0;
      }
      return;
    case SHIFT_LSR:
      if (n < 32) {
        out.lo = (lo >>> n) | (hi << (32 - n));
        out.hi = hi >>> n | 0;
      } else {
        out.lo = (hi >>> (n - 32)) | 0;
        out.hi = 0;
      }
      return;
    case SHIFT_ASR:
      if (n < 32) {
        out.lo = (lo >>> n) | (hi << (32 - n));
        out.hi = hi >> n;
      } else {
        out.lo = hi >> (n - 32);
        out.hi = hi >> 31;
      }
      return;
    default:
      if (n < 32) {
        out.lo = (lo >>> n) | (hi << (32 - n));
        out.hi = (hi >>> n) | (lo << (32 - n));
      } else if (n === 32) {
        out.lo = hi | 0;
        out.hi = lo | 0;
      } else {
        const k = n - 32;
        out.lo = (hi >>> k) | (lo << (32 - k));
        out.hi = (lo >>> k) | (hi << (32 - k));
      }
  }
}

/** A 32-bit value shifted by `type` by n in 0..31. */
export function shift32(v: number, type: number, n: number): number {
  if (n === 0) return v | 0;
  switch (type) {
    case SHIFT_LSL:
      return v << n;
    case SHIFT_LSR:
      return (v >>> n) | 0;
    case SHIFT_ASR:
      return v >> n;
    default:
      return (v >>> n) | (v << (32 - n));
  }
}

/**
 * Extend-and-shift of an extended-register operand (Arm ARM ExtendReg):
 * option 0-7 is UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX; then LSL by sh (0..4).
 */
export function extend64(lo: number, hi: number, option: number, sh: number): void {
  let l: number;
  let h: number;
  switch (option) {
    case 0: l = lo & 0xff; h = 0; break;
    case 1: l = lo & 0xffff; h = 0; break;
    case 2: l = lo | 0; h = 0; break;
    case 3: l = lo | 0; h = hi | 0; break;
    case 4: l = (lo << 24) >> 24; h = l >> 31; break;
    case 5: l = (lo << 16) >> 16; h = l >> 31; break;
    case 6: l = lo | 0; h = l >> 31; break;
    default: l = lo | 0; h = hi | 0;
  }
  if (sh === 0) {
    out.lo = l;
    out.hi = h;
  } else {
    out.hi = (h << sh) | (l >>> (32 - sh));
    out.lo = l << sh;
  }
}

/** The 32-bit form of extend64 (result in the low word). */
export function extend32(v: number, option: number, sh: number): number {
  let l: number;
  switch (option) {
    case 0: l = v & 0xff; break;
    case 1: l = v & 0xffff; break;
    case 4: l = (v << 24) >> 24; break;
    case 5: l = (v << 16) >> 16; break;
    default: l = v | 0;
  }
  return l << sh;
}

/**
 * X[d] = a + b + cin with NZCV set as AddWithCarry does. Subtraction is
 * a + NOT(b) + 1; SBCS is a + NOT(b) + C.
 */
export function adds64(i: Int32Array, alo: number, ahi: number, blo: number, bhi: number, cin: number, d: number): void {
  const l = (alo >>> 0) + (blo >>> 0) + cin;
  const h = (ahi >>> 0) + (bhi >>> 0) + (l > 0xffffffff ? 1 : 0);
  const rl = l | 0;
  const rh = h | 0;
  i[2 * d] = rl;
  i[2 * d + 1] = rh;
  i[NI] = rh >>> 31;
  i[ZI] = (rl | rh) === 0 ? 1 : 0;
  i[CI] = h > 0xffffffff ? 1 : 0;
  i[VI] = ((ahi ^ rh) & (bhi ^ rh)) >>> 31;
}

/** W[d] = a + b + cin with NZCV (see adds64). */
export function adds32(i: Int32Array, a: number, b: number, cin: number, d: number): void {
  const l = (a >>> 0) + (b >>> 0) + cin;
  const r = l | 0;
  i[2 * d] = r;
  i[2 * d + 1] = 0;
  i[NI] = r >>> 31;
  i[ZI] = r === 0 ? 1 : 0;
  i[CI] = l > 0xffffffff ? 1 : 0;
  i[VI] = ((a ^ r) & (b ^ r)) >>> 31;
}

/** NZCV after a logical op with flags (ANDS, BICS): C and V clear. */
export function logicFlags(i: Int32Array, lo: number, hi: number): void {
  i[NI] = hi >>> 31;
  i[ZI] = (lo | hi) === 0 ? 1 : 0;
  i[CI] = 0;
  i[VI] = 0;
}

/**
 * out = the unsigned 64-bit product of two 32-bit values (taken as
 * unsigned), from 16-bit limbs: every partial product is below 2^32.
 */
export function mulU32(a: number, b: number): void {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  out.lo = Math.imul(a, b);
  out.hi = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/**
 * out = the high 64 bits of the unsigned 128-bit product (alo,ahi)*(blo,bhi),
 * by 32-bit columns (every column sum stays below 2^53).
 */
export function umulh64(alo: number, ahi: number, blo: number, bhi: number): void {
  mulU32(alo, blo);
  const h00 = out.hi >>> 0;
  mulU32(alo, bhi);
  const l01 = out.lo >>> 0;
  const h01 = out.hi >>> 0;
  mulU32(ahi, blo);
  const l10 = out.lo >>> 0;
  const h10 = out.hi >>> 0;
  mulU32(ahi, bhi);
  const l11 = out.lo >>> 0;
  const h11 = out.hi >>> 0;
  const c1 = Math.floor((h00 + l01 + l10) / 4294967296);
  const s2 = h01 + h10 + l11 + c1;
  const c2 = Math.floor(s2 / 4294967296);
  out.lo = s2 | 0;
  out.hi = (h11 + c2) | 0;
}

/**
 * DecodeBitMasks (Arm ARM shared pseudocode): the wmask and tmask of a
 * logical or bitfield immediate as [wlo, whi, tlo, thi], or null if the
 * encoding is reserved. Decode-time only.
 */
export function decodeBitMasks(
  n: number,
  imms: number,
  immr: number,
  immediate: boolean,
  datasize: number,
): [number, number, number, number] | null {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return null;
  const esize = 1 << len;
  if (esize > datasize) return null;
  const levels = esize - 1;
  if (immediate && (imms & levels) === levels) return null;
  const s = imms & levels;
  const r = immr & levels;
  const d = (s - r) & levels;
  replicate(s + 1, r, esize);
  const wlo = out.lo;
  const whi = out.hi;
  replicate(d + 1, 0, esize);
  return [wlo, whi, out.lo, out.hi];
}

/** out = a run of `ones` low bits rotated right by r inside an esize-bit element, replicated to 64 bits. */
function replicate(ones: number, r: number, esize: number): void {
  if (esize === 64) {
    const lo = ones >= 32 ? -1 : ((1 << ones) - 1) | 0;
    const hi = ones >= 64 ? -1 : ones > 32 ? (1 << (ones - 32)) - 1 : 0;
    shift64(lo, hi, SHIFT_ROR, r);
    return;
  }
  const emask = esize === 32 ? -1 : (1 << esize) - 1;
  const elem = ones >= 32 ? -1 : ((1 << ones) - 1) | 0;
  let v = r === 0 ? elem : ((elem >>> r) | (elem << (esize - r))) & emask;
  for (let k = esize; k < 32; k *= 2) v |= v << k;
  out.lo = v;
  out.hi = v;
}
