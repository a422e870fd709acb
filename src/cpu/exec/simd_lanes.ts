// Lane access for Advanced SIMD: readers and writers for one element of a V
// register (or of the TMP scratch), the saturation flag, and the final write
// of a result from scratch into Vd (which zeroes what the architecture says).
//
// Every SIMD op computes its result into TMP_OFF first and commits it at the
// end, so all operands are read before the destination changes (Vd may equal
// Vn or Vm). Offsets are byte offsets in the state block.

import type { Cpu } from '../cpu.js';
import { FPSR_OFF, TMP_OFF, V_OFF } from '../state.js';

/** Byte offset of register Vn. */
export function vreg(n: number): number {
  return V_OFF + 16 * n;
}

/** Scratch for a result (16 bytes). */
export const T0 = TMP_OFF;

/** Reads or writes one element through BigInt (64-bit elements: the slow path). */
export type GetBig = (c: Cpu, off: number) => bigint;
export type SetBig = (c: Cpu, off: number, v: bigint) => void;

const M32 = 0xffffffffn;

export const getU64: GetBig = (c, o) => (BigInt(c.u32[(o >> 2) + 1]) << 32n) | BigInt(c.u32[o >> 2]);
export const getS64: GetBig = (c, o) => (BigInt(c.i32[(o >> 2) + 1]) << 32n) | BigInt(c.u32[o >> 2]);
export const set64: SetBig = (c, o, v) => {
  c.u32[o >> 2] = Number(v & M32);
  c.u32[(o >> 2) + 1] = Number((v >> 32n) & M32);
};
const u16 = (c: Cpu, o: number): number => c.u8[o] | (c.u8[o + 1] << 8);

/** BigInt readers by [signed][log2 size] and writers by log2 size. */
export const GETB: readonly (readonly GetBig[])[] = [
  [(c, o) => BigInt(c.u8[o]), (c, o) => BigInt(u16(c, o)), (c, o) => BigInt(c.u32[o >> 2]), getU64],
  [(c, o) => BigInt((c.u8[o] << 24) >> 24), (c, o) => BigInt((u16(c, o) << 16) >> 16), (c, o) => BigInt(c.i32[o >> 2]), getS64],
];
export const SETB: readonly SetBig[] = [
  (c, o, v) => {
    c.u8[o] = Number(v & 0xffn);
  },
  (c, o, v) => {
    const w = Number(v & 0xffffn);
    c.u8[o] = w;
    c.u8[o + 1] = w >> 8;
  },
  (c, o, v) => {
    c.u32[o >> 2] = Number(v & M32);
  },
  set64,
];

/** Set by saturating lane functions; ops clear it before and fold it into FPSR.QC after. */
export const sat = { hit: 0 };

export const FPSR_QC = 1 << 27;

export function foldQc(c: Cpu): void {
  if (sat.hit !== 0) c.i32[FPSR_OFF >> 2] |= FPSR_QC;
}

/**
 * Copies the first `bytes` (1, 2, 4, 8 or 16) of T0 into register d and zeroes
 * the rest of the register.
 */
export function commit(c: Cpu, d: number, bytes: number): void {
  const i = c.i32;
  const s = T0 >> 2;
  const t = (V_OFF >> 2) + 4 * d;
  if (bytes >= 8) {
    i[t] = i[s];
    i[t + 1] = i[s + 1];
    if (bytes === 16) {
      i[t + 2] = i[s + 2];
      i[t + 3] = i[s + 3];
    } else {
      i[t + 2] = 0;
      i[t + 3] = 0;
    }
    return;
  }
  i[t] = bytes === 4 ? i[s] : i[s] & (bytes === 2 ? 0xffff : 0xff);
  i[t + 1] = 0;
  i[t + 2] = 0;
  i[t + 3] = 0;
}

/** Copies bytes 8..15 of T0 into the upper half of register d (the "2" narrowing forms). */
export function commitHigh(c: Cpu, d: number): void {
  const i = c.i32;
  const s = T0 >> 2;
  const t = (V_OFF >> 2) + 4 * d;
  i[t + 2] = i[s + 2];
  i[t + 3] = i[s + 3];
}

/** Signed maximum and unsigned maximum by element width in bits (1..64). */
const SMAX = Float64Array.from({ length: 65 }, (_, b) => 2 ** (b - 1) - 1);
const UMAX = Float64Array.from({ length: 65 }, (_, b) => 2 ** b - 1);

/** Saturates v to the signed range of `bits`, noting saturation. */
export function satS(v: number, bits: number): number {
  const max = SMAX[bits];
  if (v > max) {
    sat.hit = 1;
    return max;
  }
  if (v < -max - 1) {
    sat.hit = 1;
    return -max - 1;
  }
  return v;
}

/** Saturates v to the unsigned range of `bits`, noting saturation. */
export function satU(v: number, bits: number): number {
  const max = UMAX[bits];
  if (v > max) {
    sat.hit = 1;
    return max;
  }
  if (v < 0) {
    sat.hit = 1;
    return 0;
  }
  return v;
}

export function satSB(v: bigint, bits: number): bigint {
  const max = (1n << BigInt(bits - 1)) - 1n;
  if (v > max) {
    sat.hit = 1;
    return max;
  }
  if (v < -max - 1n) {
    sat.hit = 1;
    return -max - 1n;
  }
  return v;
}

export function satUB(v: bigint, bits: number): bigint {
  const max = (1n << BigInt(bits)) - 1n;
  if (v > max) {
    sat.hit = 1;
    return max;
  }
  if (v < 0n) {
    sat.hit = 1;
    return 0n;
  }
  return v;
}
