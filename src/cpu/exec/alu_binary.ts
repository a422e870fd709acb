// Data-processing (2 source) (Arm ARM C6.2: UDIV, SDIV, LSLV, LSRV, ASRV,
// RORV, CRC32B/H/W/X, CRC32CB/H/W/X).

import type { Op } from '../cpu.js';
import { out, shift32, shift64 } from './alu_common.js';

/** Unsigned (sdiv false) or signed division; x / 0 = 0, INT_MIN / -1 = INT_MIN. */
export function divide(sf: boolean, signed: boolean, d: number, n: number, m: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  if (!sf) {
    if (signed) {
      return (c, pc) => {
        const i = c.i32;
        const a = i[n2];
        const b = i[m2];
        i[d2] = b === 0 ? 0 : b === -1 ? -a : Math.trunc(a / b);
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const b = i[m2] >>> 0;
      i[d2] = b === 0 ? 0 : Math.floor((i[n2] >>> 0) / b);
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  if (signed) {
    return (c, pc) => {
      const i = c.i32;
      const nh = i[n2 + 1];
      const mh = i[m2 + 1];
      if (nh >= -0x100000 && nh < 0x100000 && mh >= -0x100000 && mh < 0x100000) {
        // Both operands are below 2^52 in magnitude: doubles, then fix the rounding.
        const a = nh * 4294967296 + (i[n2] >>> 0);
        const b = mh * 4294967296 + (i[m2] >>> 0);
        let q = b === 0 ? 0 : Math.trunc(a / b);
        const r = a - q * b;
        if (r !== 0 && r < 0 !== a < 0) q += q > 0 ? -1 : 1;
        i[d2] = q % 4294967296;
        i[d2 + 1] = Math.floor(q / 4294967296);
        return pc + 4;
      }
      sdiv64Big(i, n2, m2, d2);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    const nh = i[n2 + 1] >>> 0;
    const mh = i[m2 + 1] >>> 0;
    if (nh < 0x100000 && mh < 0x100000) {
      const a = nh * 4294967296 + (i[n2] >>> 0);
      const b = mh * 4294967296 + (i[m2] >>> 0);
      let q = b === 0 ? 0 : Math.floor(a / b);
      const r = a - q * b;
      if (r < 0) q -= 1;
      else if (b !== 0 && r >= b) q += 1;
      i[d2] = q % 4294967296;
      i[d2 + 1] = Math.floor(q / 4294967296);
      return pc + 4;
    }
    udiv64Big(i, n2, m2, d2);
    return pc + 4;
  };
}

function readBig(i: Int32Array, k: number): bigint {
  return (BigInt(i[k + 1] >>> 0) << 32n) | BigInt(i[k] >>> 0);
}

function writeBig(i: Int32Array, k: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  i[k] = Number(u & 0xffffffffn) | 0;
  i[k + 1] = Number(u >> 32n) | 0;
}

function udiv64Big(i: Int32Array, n2: number, m2: number, d2: number): void {
  const b = readBig(i, m2);
  writeBig(i, d2, b === 0n ? 0n : readBig(i, n2) / b);
}

function sdiv64Big(i: Int32Array, n2: number, m2: number, d2: number): void {
  const b = BigInt.asIntN(64, readBig(i, m2));
  writeBig(i, d2, b === 0n ? 0n : BigInt.asIntN(64, readBig(i, n2)) / b);
}

/** LSLV/LSRV/ASRV/RORV: shift Rn by Rm modulo the register size. */
export function shiftVar(sf: boolean, type: number, d: number, n: number, m: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  if (!sf) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = shift32(i[n2], type, i[m2] & 31);
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    shift64(i[n2], i[n2 + 1], type, i[m2] & 63);
    i[d2] = out.lo;
    i[d2 + 1] = out.hi;
    return pc + 4;
  };
}

function crcTable(poly: number): Int32Array {
  const t = new Int32Array(256);
  for (let k = 0; k < 256; k++) {
    let v = k;
    for (let b = 0; b < 8; b++) v = v & 1 ? (v >>> 1) ^ poly : v >>> 1;
    t[k] = v;
  }
  return t;
}

/** Reflected tables: CRC-32 (0x04C11DB7) and CRC-32C (0x1EDC6F41). */
const CRC32_TABLE = crcTable(0xedb88320);
const CRC32C_TABLE = crcTable(0x82f63b78);

function crcWord(t: Int32Array, acc: number, v: number, bytes: number): number {
  for (let k = 0; k < bytes; k++) {
    acc = t[(acc ^ v) & 0xff] ^ (acc >>> 8);
    v >>>= 8;
  }
  return acc;
}

/**
 * CRC32{B,H,W,X} / CRC32C{...}: Wd = CRC of Wn (the accumulator, no
 * inversion) over the low `bytes` bytes of Rm, least significant first.
 */
export function crc32(castagnoli: boolean, bytes: number, d: number, n: number, m: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  const t = castagnoli ? CRC32C_TABLE : CRC32_TABLE;
  if (bytes === 8) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = crcWord(t, crcWord(t, i[n2], i[m2], 4), i[m2 + 1], 4);
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    i[d2] = crcWord(t, i[n2], i[m2], bytes);
    i[d2 + 1] = 0;
    return pc + 4;
  };
}
