// Integer lane functions for the Advanced SIMD builders (simd_int.ts). Each
// takes the source elements a and b and the destination element d, already
// sign- or zero-extended by the reader, and returns the exact result; the
// writer keeps its low bits. Saturating ones note saturation in `sat`.
// The *B versions do the same on BigInt for 64-bit elements.

import type { Fn, FnB } from './simd_int.js';
import { satS, satSB, satU, satUB } from './simd_lanes.js';

export const add: Fn = (a, b) => a + b;
export const sub: Fn = (a, b) => a - b;
export const mul: Fn = (a, b) => Math.imul(a, b);
export const mla: Fn = (a, b, d) => d + Math.imul(a, b);
export const mls: Fn = (a, b, d) => d - Math.imul(a, b);
export const hadd: Fn = (a, b) => Math.floor((a + b) / 2);
export const rhadd: Fn = (a, b) => Math.floor((a + b + 1) / 2);
export const hsub: Fn = (a, b) => Math.floor((a - b) / 2);
export const cmgt: Fn = (a, b) => (a > b ? -1 : 0);
export const cmge: Fn = (a, b) => (a >= b ? -1 : 0);
export const cmeq: Fn = (a, b) => (a === b ? -1 : 0);
export const cmtst: Fn = (a, b) => ((a & b) !== 0 ? -1 : 0);
export const max: Fn = (a, b) => (a > b ? a : b);
export const min: Fn = (a, b) => (a < b ? a : b);
export const abd: Fn = (a, b) => Math.abs(a - b);
export const aba: Fn = (a, b, d) => d + Math.abs(a - b);
export const mull: Fn = (a, b) => a * b;
export const mlal: Fn = (a, b, d) => d + a * b;
export const mlsl: Fn = (a, b, d) => d - a * b;
export const addAcc: Fn = (a, b, d) => d + a + b;
export const abs: Fn = (a) => Math.abs(a);
export const neg: Fn = (a) => -a;
export const not: Fn = (a) => ~a;
export const ident: Fn = (a) => a;
export const cmgt0: Fn = (a) => (a > 0 ? -1 : 0);
export const cmge0: Fn = (a) => (a >= 0 ? -1 : 0);
export const cmeq0: Fn = (a) => (a === 0 ? -1 : 0);
export const cmle0: Fn = (a) => (a <= 0 ? -1 : 0);
export const cmlt0: Fn = (a) => (a < 0 ? -1 : 0);

export const qadd = (bits: number, signed: boolean): Fn =>
  signed ? (a, b) => satS(a + b, bits) : (a, b) => satU(a + b, bits);
export const qsub = (bits: number, signed: boolean): Fn =>
  signed ? (a, b) => satS(a - b, bits) : (a, b) => satU(a - b, bits);
export const sqabs = (bits: number): Fn => (a) => satS(Math.abs(a), bits);
export const sqneg = (bits: number): Fn => (a) => satS(-a, bits);
/** SUQADD: a unsigned, d signed, signed saturation. USQADD: a signed, d unsigned. */
export const suqadd = (bits: number): Fn => (a, _b, d) => satS(a + d, bits);
export const usqadd = (bits: number): Fn => (a, _b, d) => satU(a + d, bits);
/** Narrowing with saturation of the (already extended) source to `bits`. */
export const narrowS = (bits: number): Fn => (a) => satS(a, bits);
export const narrowU = (bits: number): Fn => (a) => satU(a, bits);

export const clz = (bits: number): Fn => (a) => (a === 0 ? bits : Math.clz32(a) - (32 - bits));
export const cls = (bits: number): Fn => (a) => {
  const u = a < 0 ? ~a : a;
  return (u === 0 ? bits : Math.clz32(u) - (32 - bits)) - 1;
};
export const cnt: Fn = (a) => {
  let v = a - ((a >> 1) & 0x55);
  v = (v & 0x33) + ((v >> 2) & 0x33);
  return (v + (v >> 4)) & 0x0f;
};
export const rbit8: Fn = (a) => {
  let v = ((a & 0xf0) >> 4) | ((a & 0x0f) << 4);
  v = ((v & 0xcc) >> 2) | ((v & 0x33) << 2);
  return ((v & 0xaa) >> 1) | ((v & 0x55) << 1);
};

/** Polynomial (carry-less) multiply of two bytes; the full 16-bit product. */
export const pmull8: Fn = (a, b) => {
  let r = 0;
  for (let i = 0; i < 8; i++) if ((b >> i) & 1) r ^= a << i;
  return r;
};

/** SQDMULH / SQRDMULH: high half of 2ab (rounded), saturated. Signed elements of `bits`. */
export const qdmulh = (bits: number, round: boolean): Fn => {
  if (bits === 16) {
    const r = round ? 1 << 14 : 0;
    return (a, b) => satS(Math.floor((a * b + r) / 32768), 16);
  }
  const r = round ? 2 ** 30 : 0;
  return (a, b) => {
    // a*b can exceed 2^53: split a into 16-bit halves to keep every step exact.
    const hiPart = (a >> 16) * b;
    const loPart = (a & 0xffff) * b;
    const q = Math.floor(hiPart / 32768);
    const rem = hiPart - q * 32768;
    return satS(q + Math.floor((rem * 65536 + loPart + r) / 2147483648), 32);
  };
};
/** SQRDMLAH / SQRDMLSH: d +/- (2ab rounded high half), saturated. */
export const qrdmlah = (bits: number, subtract: boolean): FnB => {
  const sh = BigInt(bits);
  const r = 1n << (sh - 1n);
  return (a, b, d) => satSB(((d << sh) + (subtract ? -2n : 2n) * a * b + r) >> sh, bits);
};

/** SQDMULL / SQDMLAL / SQDMLSL with 16-bit sources (results fit in a number). */
export const qdmull = (bitsD: number): Fn => (a, b) => satS(2 * a * b, bitsD);
export const qdmlal = (bitsD: number): Fn => (a, b, d) => satS(d + satS(2 * a * b, bitsD), bitsD);
export const qdmlsl = (bitsD: number): Fn => (a, b, d) => satS(d - satS(2 * a * b, bitsD), bitsD);

/** Shift by register (SSHL, USHL, SRSHL, URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL). */
export const shiftReg = (bits: number, signed: boolean, round: boolean, saturating: boolean): Fn => (a, b) => {
  const s = (b << 24) >> 24;
  if (s >= 0) {
    if (!saturating) return s >= bits ? 0 : a * 2 ** s;
    if (a === 0) return 0;
    const v = s > bits ? (a > 0 ? Infinity : -Infinity) : a * 2 ** s;
    return signed ? satS(v, bits) : satU(v, bits);
  }
  let k = -s;
  if (round) {
    if (k > bits + 1) k = bits + 1;
    return Math.floor((a + 2 ** (k - 1)) / 2 ** k);
  }
  if (k > bits) k = bits;
  return Math.floor(a / 2 ** k);
};

export const shr = (sh: number): Fn => {
  const p = 2 ** sh;
  return (a) => Math.floor(a / p);
};
export const rshr = (sh: number): Fn => {
  const p = 2 ** sh;
  const r = p / 2;
  return (a) => Math.floor((a + r) / p);
};
export const sra = (sh: number): Fn => {
  const p = 2 ** sh;
  return (a, _b, d) => d + Math.floor(a / p);
};
export const rsra = (sh: number): Fn => {
  const p = 2 ** sh;
  const r = p / 2;
  return (a, _b, d) => d + Math.floor((a + r) / p);
};
export const shl = (sh: number): Fn => {
  const p = 2 ** sh;
  return (a) => a * p;
};
/** SLI: a << sh, keeping the low sh bits of d (a and d read unsigned, elements of `bits`). */
export const sli = (bits: number, sh: number): Fn => {
  const p = 2 ** sh;
  // Drop the bits of a that shift out first, so the sum stays below 2^bits (exact).
  const keep = 2 ** (bits - sh);
  return (a, _b, d) => (a % keep) * p + (d % p);
};
/** SRI: a >> sh (a unsigned), keeping the top sh bits of d (d unsigned). */
export const sri = (bits: number, sh: number): Fn => {
  if (sh === bits) return (_a, _b, d) => d;
  const keep = 2 ** (bits - sh);
  const p = 2 ** sh;
  return (a, _b, d) => d - (d % keep) + Math.floor(a / p);
};
export const qshl = (bits: number, sh: number, unsignedResult: boolean): Fn => {
  const p = 2 ** sh;
  return unsignedResult ? (a) => satU(a * p, bits) : (a) => satS(a * p, bits);
};
/** Narrowing shift right with optional rounding and saturation to `bits` (SHRN, SQSHRN, ...). */
export const shrNarrow = (sh: number, round: boolean, satBits: number, satMode: 'none' | 's' | 'u'): Fn => {
  const r = round ? 2 ** (sh - 1) : 0;
  const p = 2 ** sh;
  if (satMode === 's') return (a) => satS(Math.floor((a + r) / p), satBits);
  if (satMode === 'u') return (a) => satU(Math.floor((a + r) / p), satBits);
  return (a) => Math.floor((a + r) / p);
};
/** ADDHN / RADDHN / SUBHN / RSUBHN: high half of the sum or difference (sources of `bits`). */
export const addhn = (bits: number, round: boolean, subtract: boolean): Fn => {
  const p = 2 ** (bits / 2);
  const r = round ? p / 2 : 0;
  return subtract ? (a, b) => Math.floor((a - b + r) / p) : (a, b) => Math.floor((a + b + r) / p);
};

// ---- BigInt twins (64-bit elements) -------------------------------------------------

export const addB: FnB = (a, b) => a + b;
export const subB: FnB = (a, b) => a - b;
export const cmgtB: FnB = (a, b) => (a > b ? -1n : 0n);
export const cmgeB: FnB = (a, b) => (a >= b ? -1n : 0n);
export const cmeqB: FnB = (a, b) => (a === b ? -1n : 0n);
export const cmtstB: FnB = (a, b) => ((a & b) !== 0n ? -1n : 0n);
export const abdB: FnB = (a, b) => (a > b ? a - b : b - a);
export const abaB: FnB = (a, b, d) => d + (a > b ? a - b : b - a);
export const mullB: FnB = (a, b) => a * b;
export const mlalB: FnB = (a, b, d) => d + a * b;
export const mlslB: FnB = (a, b, d) => d - a * b;
export const addAccB: FnB = (a, b, d) => d + a + b;
export const absB: FnB = (a) => (a < 0n ? -a : a);
export const negB: FnB = (a) => -a;
export const identB: FnB = (a) => a;
export const cmgt0B: FnB = (a) => (a > 0n ? -1n : 0n);
export const cmge0B: FnB = (a) => (a >= 0n ? -1n : 0n);
export const cmeq0B: FnB = (a) => (a === 0n ? -1n : 0n);
export const cmle0B: FnB = (a) => (a <= 0n ? -1n : 0n);
export const cmlt0B: FnB = (a) => (a < 0n ? -1n : 0n);
export const qaddB = (bits: number, signed: boolean): FnB =>
  signed ? (a, b) => satSB(a + b, bits) : (a, b) => satUB(a + b, bits);
export const qsubB = (bits: number, signed: boolean): FnB =>
  signed ? (a, b) => satSB(a - b, bits) : (a, b) => satUB(a - b, bits);
export const sqabsB = (bits: number): FnB => (a) => satSB(a < 0n ? -a : a, bits);
export const sqnegB = (bits: number): FnB => (a) => satSB(-a, bits);
export const suqaddB = (bits: number): FnB => (a, _b, d) => satSB(a + d, bits);
export const usqaddB = (bits: number): FnB => (a, _b, d) => satUB(a + d, bits);
export const narrowSB = (bits: number): FnB => (a) => satSB(a, bits);
export const narrowUB = (bits: number): FnB => (a) => satUB(a, bits);
export const qdmullB = (bitsD: number): FnB => (a, b) => satSB(2n * a * b, bitsD);
export const qdmlalB = (bitsD: number): FnB => (a, b, d) => satSB(d + satSB(2n * a * b, bitsD), bitsD);
export const qdmlslB = (bitsD: number): FnB => (a, b, d) => satSB(d - satSB(2n * a * b, bitsD), bitsD);
export const pmull64B: FnB = (a, b) => {
  let r = 0n;
  for (let i = 0n; i < 64n; i++) if ((b >> i) & 1n) r ^= a << i;
  return r;
};

export const shiftRegB = (bits: number, signed: boolean, round: boolean, saturating: boolean): FnB => (a, b) => {
  const s = BigInt.asIntN(8, b);
  if (s >= 0n) {
    if (!saturating) return s >= BigInt(bits) ? 0n : a << s;
    if (a === 0n) return 0n;
    const v = s > BigInt(bits) ? (a > 0n ? 1n << 200n : -(1n << 200n)) : a << s;
    return signed ? satSB(v, bits) : satUB(v, bits);
  }
  let k = -s;
  if (round) {
    if (k > BigInt(bits + 1)) k = BigInt(bits + 1);
    return (a + (1n << (k - 1n))) >> k;
  }
  if (k > BigInt(bits)) k = BigInt(bits);
  return a >> k;
};

export const shrB = (sh: number): FnB => {
  const k = BigInt(sh);
  return (a) => a >> k;
};
export const rshrB = (sh: number): FnB => {
  const k = BigInt(sh);
  const r = 1n << (k - 1n);
  return (a) => (a + r) >> k;
};
export const sraB = (sh: number): FnB => {
  const k = BigInt(sh);
  return (a, _b, d) => d + (a >> k);
};
export const rsraB = (sh: number): FnB => {
  const k = BigInt(sh);
  const r = 1n << (k - 1n);
  return (a, _b, d) => d + ((a + r) >> k);
};
export const shlB = (sh: number): FnB => {
  const k = BigInt(sh);
  return (a) => a << k;
};
export const sliB = (sh: number): FnB => {
  const k = BigInt(sh);
  const m = (1n << k) - 1n;
  return (a, _b, d) => (a << k) | (d & m);
};
export const sriB = (bits: number, sh: number): FnB => {
  if (sh === bits) return (_a, _b, d) => d;
  const k = BigInt(sh);
  const keep = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - sh)) - 1n);
  return (a, _b, d) => (d & keep) | (a >> k);
};
export const qshlB = (bits: number, sh: number, unsignedResult: boolean): FnB => {
  const k = BigInt(sh);
  return unsignedResult ? (a) => satUB(a << k, bits) : (a) => satSB(a << k, bits);
};
export const shrNarrowB = (sh: number, round: boolean, satBits: number, satMode: 'none' | 's' | 'u'): FnB => {
  const k = BigInt(sh);
  const r = round ? 1n << (k - 1n) : 0n;
  if (satMode === 's') return (a) => satSB((a + r) >> k, satBits);
  if (satMode === 'u') return (a) => satUB((a + r) >> k, satBits);
  return (a) => (a + r) >> k;
};
export const addhnB = (bits: number, round: boolean, subtract: boolean): FnB => {
  const k = BigInt(bits / 2);
  const r = round ? 1n << (k - 1n) : 0n;
  return subtract ? (a, b) => (a - b + r) >> k : (a, b) => (a + b + r) >> k;
};
