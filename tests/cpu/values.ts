// Tables of interesting values: integers that sit on edges, and floating-point
// bit patterns for each precision (zeros, infinities, NaNs, denormals, extremes,
// halfway cases, ordinary numbers).

import type { Rng } from './rng.js';

const EDGE_64: readonly bigint[] = [
  0n, 1n, 2n, 0xffffffffffffffffn, 0xfffffffffffffffen, 0x7fffffffffffffffn, 0x8000000000000000n,
  0x8000000000000001n, 0x7ffffffen, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0xffffffff80000000n,
  0xffffffff7fffffffn, 0xffff_ffff_0000_0000n, 0x00000000_0000ffffn, 0x8000n, 0x7fffn, 0xffffn, 0x80n, 0x7fn, 0xffn,
  0x5555555555555555n, 0xaaaaaaaaaaaaaaaan, 0x0123456789abcdefn, 0xfedcba9876543210n, 0x3fn, 0x40n, 0x20n, 0x1fn,
];

/** A 64-bit value mixing edges, small numbers, sign-extended small numbers and random bits. */
export function interestingU64(rng: Rng): bigint {
  switch (rng.int(8)) {
    case 0:
    case 1:
      return rng.pick(EDGE_64);
    case 2:
      return BigInt(rng.int(256));
    case 3:
      return BigInt.asUintN(64, -BigInt(rng.int(256) + 1));
    case 4:
      return BigInt(rng.u32()); // 32-bit value, upper half zero
    case 5: {
      // an edge with one bit flipped
      return BigInt.asUintN(64, rng.pick(EDGE_64) ^ (1n << BigInt(rng.int(64))));
    }
    default:
      return rng.u64();
  }
}

export const F64_SPECIAL: readonly bigint[] = [
  0x0000000000000000n, // +0
  0x8000000000000000n, // -0
  0x7ff0000000000000n, // +Inf
  0xfff0000000000000n, // -Inf
  0x7ff8000000000000n, // default qNaN
  0xfff8000000000001n, // -qNaN with payload
  0x7ff0000000000001n, // sNaN
  0x7ff4000000000000n, // sNaN
  0x0000000000000001n, // min denormal
  0x000fffffffffffffn, // max denormal
  0x8000000000000001n,
  0x0010000000000000n, // min normal
  0x7fefffffffffffffn, // max
  0xffefffffffffffffn, // -max
  0x3ff0000000000000n, // 1
  0xbff0000000000000n, // -1
  0x3fe0000000000000n, // 0.5
  0x3ff8000000000000n, // 1.5
  0x4004000000000000n, // 2.5
  0xc004000000000000n, // -2.5
  0x3fe8000000000000n, // 0.75
  0x4000000000000000n, // 2
  0x3ff0000000000001n, // 1 + ulp
  0x3cb0000000000000n, // 2^-52
  0x43e0000000000000n, // 2^63
  0xc3e0000000000000n, // -2^63
  0x43f0000000000000n, // 2^64
  0x41e0000000000000n, // 2^31
  0xc1e0000000000000n, // -2^31
  0x41efffffffe00000n, // 2^32 - 1
  0x4330000000000000n, // 2^52
  0x4340000000000000n, // 2^53
  0x4330000000000001n,
  0x3fd5555555555555n, // 1/3
  0x400921fb54442d18n, // pi
  0x47efffffe0000000n, // f32 max
  0x47effffff0000000n, // halfway above f32 max
  0x36a0000000000000n, // f32 min denormal
  0x3690000000000000n, // half of f32 min denormal
  0x40effe0000000000n, // f16 max (65504)
  0x40effe8000000000n, // 65520 (rounds to inf in f16)
];

export const F32_SPECIAL: readonly number[] = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x7fa00000, 0x00000001,
  0x007fffff, 0x80000001, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000,
  0x40200000, 0xc0200000, 0x3f400000, 0x40000000, 0x3f800001, 0x34000000, 0x5f000000, 0xdf000000, 0x5f800000,
  0x4f000000, 0xcf000000, 0x4f800000, 0x4b000000, 0x4b800000, 0x4b000001, 0x3eaaaaab, 0x40490fdb, 0x477fe000,
  0x477ff000, 0x33800000, 0x38800000, 0x387fc000, 0xcb000001, 0x4effffff, 0x3effffff,
];

export const F16_SPECIAL: readonly number[] = [
  0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe01, 0x7c01, 0x7d00, 0x0001, 0x03ff, 0x8001, 0x0400, 0x7bff, 0xfbff,
  0x3c00, 0xbc00, 0x3800, 0x3e00, 0x4100, 0xc100, 0x3a00, 0x4000, 0x3c01, 0x1400, 0x7800, 0x5bff, 0x6400,
];

function randomF64(rng: Rng): bigint {
  // sign, exponent near the middle or anywhere, random mantissa
  const sign = BigInt(rng.int(2)) << 63n;
  const exp = BigInt(rng.chance(0.7) ? 1023 + rng.range(-40, 70) : rng.int(2048)) << 52n;
  const mant = rng.u64() & 0xfffffffffffffn;
  const m = rng.chance(0.3) ? mant & 0xfffff00000000n : mant; // fewer significant bits sometimes
  return sign | exp | m;
}
function randomF32(rng: Rng): number {
  const sign = rng.int(2) << 31;
  const exp = (rng.chance(0.7) ? 127 + rng.range(-30, 40) : rng.int(256)) << 23;
  const mant = rng.u32() & (rng.chance(0.3) ? 0x7f0000 : 0x7fffff);
  return (sign | exp | mant) >>> 0;
}
function randomF16(rng: Rng): number {
  const sign = rng.int(2) << 15;
  const exp = (rng.chance(0.7) ? 15 + rng.range(-8, 12) : rng.int(32)) << 10;
  return sign | exp | (rng.u32() & 0x3ff);
}
const TMP = new DataView(new ArrayBuffer(8));

/** A small integer-valued double, or a value with a fraction of exactly .5 (rounding edges). */
function roundingF64(rng: Rng): bigint {
  const v = (rng.int(2) ? -1 : 1) * (rng.int(40) + (rng.chance(0.5) ? 0.5 : rng.chance(0.5) ? 0.25 : 0.75));
  TMP.setFloat64(0, v, true);
  return TMP.getBigUint64(0, true);
}

export function interestingF64(rng: Rng): bigint {
  const r = rng.int(10);
  if (r < 4) return rng.pick(F64_SPECIAL);
  if (r < 6) return roundingF64(rng);
  return randomF64(rng);
}
export function interestingF32(rng: Rng): number {
  const r = rng.int(10);
  if (r < 4) return rng.pick(F32_SPECIAL);
  if (r < 6) {
    TMP.setBigUint64(0, roundingF64(rng), true);
    TMP.setFloat32(0, TMP.getFloat64(0, true), true);
    return TMP.getUint32(0, true);
  }
  return randomF32(rng);
}
export function interestingF16(rng: Rng): number {
  return rng.int(10) < 4 ? rng.pick(F16_SPECIAL) : randomF16(rng);
}

/** Fill 16 bytes at `off` of `dv` for a vector register: random bytes, or lanes of interesting values. */
const EDGE_16 = [0, 1, 2, 0x7fff, 0x8000, 0x8001, 0xffff, 0xfffe, 0x00ff, 0xff00, 0x4000, 0xc000];
const EDGE_32 = [0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe, 0xffff, 0x10000, 0x40000000, 0xc0000000];

export function interestingVector(rng: Rng, dv: DataView, off: number): void {
  switch (rng.int(9)) {
    case 6:
      // halfword and word lanes on the saturation edges
      if (rng.chance(0.5)) for (let i = 0; i < 8; i++) dv.setUint16(off + 2 * i, rng.chance(0.7) ? rng.pick(EDGE_16) : rng.int(65536), true);
      else for (let i = 0; i < 4; i++) dv.setUint32(off + 4 * i, rng.chance(0.7) ? rng.pick(EDGE_32) : rng.u32(), true);
      break;
    case 7: {
      // small signed lanes: shift counts, indices, values near zero
      const size = rng.pick([1, 2, 4, 8]);
      for (let i = 0; i < 16 / size; i++) {
        const v = rng.range(-70, 70);
        if (size === 1) dv.setInt8(off + i, v);
        else if (size === 2) dv.setInt16(off + 2 * i, v, true);
        else if (size === 4) dv.setInt32(off + 4 * i, v, true);
        else dv.setBigInt64(off + 8 * i, BigInt(v), true);
      }
      break;
    }
    case 0:
      for (let i = 0; i < 2; i++) dv.setBigUint64(off + 8 * i, interestingF64(rng), true);
      break;
    case 1:
      for (let i = 0; i < 4; i++) dv.setUint32(off + 4 * i, interestingF32(rng), true);
      break;
    case 2:
      for (let i = 0; i < 8; i++) dv.setUint16(off + 2 * i, interestingF16(rng), true);
      break;
    case 3:
      for (let i = 0; i < 2; i++) dv.setBigUint64(off + 8 * i, interestingU64(rng), true);
      break;
    case 4:
      for (let i = 0; i < 16; i++) dv.setUint8(off + i, rng.pick([0, 0x7f, 0x80, 0xff, 1, rng.int(256)]));
      break;
    default:
      for (let i = 0; i < 4; i++) dv.setUint32(off + 4 * i, rng.u32(), true);
  }
}
