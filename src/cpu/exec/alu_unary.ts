// Data-processing (1 source) (Arm ARM C6.2: RBIT, REV16, REV32, REV, CLZ, CLS).

import type { Op } from '../cpu.js';

export const UN_RBIT = 0;
export const UN_REV16 = 1;
/** REV32 for X registers; REV for W registers. */
export const UN_REV32 = 2;
/** REV for X registers. */
export const UN_REV64 = 3;
export const UN_CLZ = 4;
export const UN_CLS = 5;

function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

function bswap32(v: number): number {
  return (v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

function rev16(v: number): number {
  return ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
}

/** Count of leading bits equal to the sign bit, not counting it (32-bit). */
function cls32(v: number): number {
  return Math.clz32((v ^ (v << 1)) | 1);
}

/** `opc` is one of UN_*; decoders reject REV64 with sf = 0. */
export function unary(sf: boolean, opc: number, d: number, n: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  if (!sf) {
    let f: (v: number) => number;
    switch (opc) {
      case UN_RBIT: f = rbit32; break;
      case UN_REV16: f = rev16; break;
      case UN_REV32: f = bswap32; break;
      case UN_CLZ: f = Math.clz32; break;
      default: f = cls32;
    }
    const g = f;
    return (c, pc) => {
      const i = c.i32;
      i[d2] = g(i[n2]);
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  switch (opc) {
    case UN_RBIT:
      return (c, pc) => {
        const i = c.i32;
        const lo = i[n2];
        i[d2] = rbit32(i[n2 + 1]);
        i[d2 + 1] = rbit32(lo);
        return pc + 4;
      };
    case UN_REV16:
      return (c, pc) => {
        const i = c.i32;
        i[d2] = rev16(i[n2]);
        i[d2 + 1] = rev16(i[n2 + 1]);
        return pc + 4;
      };
    case UN_REV32:
      return (c, pc) => {
        const i = c.i32;
        i[d2] = bswap32(i[n2]);
        i[d2 + 1] = bswap32(i[n2 + 1]);
        return pc + 4;
      };
    case UN_REV64:
      return (c, pc) => {
        const i = c.i32;
        const lo = i[n2];
        i[d2] = bswap32(i[n2 + 1]);
        i[d2 + 1] = bswap32(lo);
        return pc + 4;
      };
    case UN_CLZ:
      return (c, pc) => {
        const i = c.i32;
        const hi = i[n2 + 1];
        i[d2] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(i[n2]);
        i[d2 + 1] = 0;
        return pc + 4;
      };
    default:
      return (c, pc) => {
        const i = c.i32;
        const lo = i[n2];
        const hi = i[n2 + 1];
        const zh = hi ^ ((hi << 1) | (lo >>> 31));
        i[d2] = zh !== 0 ? Math.clz32(zh) : 32 + Math.clz32((lo ^ (lo << 1)) | 1);
        i[d2 + 1] = 0;
        return pc + 4;
      };
  }
}
