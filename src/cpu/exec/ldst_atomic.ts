// FEAT_LSE atomics (Arm ARM C4.1.4: "Atomic memory operations", "Compare
// and swap", "Compare and swap pair"): LDADD/LDCLR/LDEOR/LDSET/LDSMAX/
// LDSMIN/LDUMAX/LDUMIN, SWP, CAS, CASP, in every size and ordering (the
// ST<op> aliases are the same ops with Rt = ZR). Each op translates its
// address once for writing (so a read-only page faults as a write), and
// checks alignment first; registers change only after the memory update.

import type { Op } from '../cpu.js';
import { rmwFor } from './ldst_mem.js';

export const AT_ADD = 0;
export const AT_CLR = 1;
export const AT_EOR = 2;
export const AT_SET = 3;
export const AT_SMAX = 4;
export const AT_SMIN = 5;
export const AT_UMAX = 6;
export const AT_UMIN = 7;
export const AT_SWP = 8;

/** An atomic op on `size` (1, 2 or 4) bytes: Rs operand slot s, old value to slot t. */
function atomicNarrow(op: number, size: number, s: number, t: number, n: number): Op {
  const sh = 32 - 8 * size;
  return (c, pc) => {
    const va = c.ea(n, 0);
    const a = rmwFor(c, va, size);
    const i = c.i32;
    const u = c.u8;
    const x = i[2 * s];
    const old = size === 4 ? i[a >> 2] >>> 0 : size === 1 ? u[a] : u[a] | (u[a + 1] << 8);
    let r: number;
    switch (op) {
      case AT_ADD: r = old + x; break;
      case AT_CLR: r = old & ~x; break;
      case AT_EOR: r = old ^ x; break;
      case AT_SET: r = old | x; break;
      case AT_SMAX: r = (old << sh) >> sh >= (x << sh) >> sh ? old : x; break;
      case AT_SMIN: r = (old << sh) >> sh <= (x << sh) >> sh ? old : x; break;
      case AT_UMAX: r = old >= (x << sh) >>> sh ? old : x; break;
      case AT_UMIN: r = old <= (x << sh) >>> sh ? old : x; break;
      default: r = x; break;
    }
    if (size === 4) i[a >> 2] = r;
    else {
      u[a] = r;
      if (size === 2) u[a + 1] = r >> 8;
    }
    i[2 * t] = old;
    i[2 * t + 1] = 0;
    return pc + 4;
  };
}

/** An atomic op on 8 bytes. */
function atomic64(op: number, s: number, t: number, n: number): Op {
  return (c, pc) => {
    const va = c.ea(n, 0);
    const k = rmwFor(c, va, 8) >> 2;
    const i = c.i32;
    const xlo = i[2 * s];
    const xhi = i[2 * s + 1];
    const olo = i[k];
    const ohi = i[k + 1];
    let rlo: number;
    let rhi: number;
    switch (op) {
      case AT_ADD: {
        const lo = (olo >>> 0) + (xlo >>> 0);
        rlo = lo | 0;
        rhi = (ohi + xhi + (lo > 0xffffffff ? 1 : 0)) | 0;
        break;
      }
      case AT_CLR: rlo = olo & ~xlo; rhi = ohi & ~xhi; break;
      case AT_EOR: rlo = olo ^ xlo; rhi = ohi ^ xhi; break;
      case AT_SET: rlo = olo | xlo; rhi = ohi | xhi; break;
      default: {
        let keepOld: boolean;
        if (op === AT_SWP) keepOld = false;
        else {
          const signed = op === AT_SMAX || op === AT_SMIN;
          // cmp: -1, 0, 1 for old <, =, > x.
          let cmp: number;
          if (ohi !== xhi) cmp = (signed ? ohi > xhi : ohi >>> 0 > xhi >>> 0) ? 1 : -1;
          else cmp = olo === xlo ? 0 : olo >>> 0 > xlo >>> 0 ? 1 : -1;
          keepOld = op === AT_SMAX || op === AT_UMAX ? cmp >= 0 : cmp <= 0;
        }
        rlo = keepOld ? olo : xlo;
        rhi = keepOld ? ohi : xhi;
      }
    }
    i[k] = rlo;
    i[k + 1] = rhi;
    i[2 * t] = olo;
    i[2 * t + 1] = ohi;
    return pc + 4;
  };
}

/** LD<op>/SWP of `size` bytes: s = operand slot (ZR reads 0), t = result slot (ZR discards). */
export function atomicOp(op: number, size: number, s: number, t: number, n: number): Op {
  return size === 8 ? atomic64(op, s, t, n) : atomicNarrow(op, size, s, t, n);
}

/**
 * CAS of `size` bytes: compares memory with Rs (slot sr), stores Rt (slot tr)
 * if equal, and always writes the old value to Rs (slot sw).
 */
export function casOp(size: number, sr: number, sw: number, tr: number, n: number): Op {
  if (size === 8) {
    return (c, pc) => {
      const va = c.ea(n, 0);
      const k = rmwFor(c, va, 8) >> 2;
      const i = c.i32;
      const olo = i[k];
      const ohi = i[k + 1];
      if (olo === i[2 * sr] && ohi === i[2 * sr + 1]) {
        const nlo = i[2 * tr];
        const nhi = i[2 * tr + 1];
        i[k] = nlo;
        i[k + 1] = nhi;
      }
      i[2 * sw] = olo;
      i[2 * sw + 1] = ohi;
      return pc + 4;
    };
  }
  const mask = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
  return (c, pc) => {
    const va = c.ea(n, 0);
    const a = rmwFor(c, va, size);
    const i = c.i32;
    const u = c.u8;
    const old = size === 4 ? i[a >> 2] : size === 1 ? u[a] : u[a] | (u[a + 1] << 8);
    if (old === (i[2 * sr] & mask)) {
      const v = i[2 * tr];
      if (size === 4) i[a >> 2] = v;
      else {
        u[a] = v;
        if (size === 2) u[a + 1] = v >> 8;
      }
    }
    i[2 * sw] = old;
    i[2 * sw + 1] = 0;
    return pc + 4;
  };
}

/**
 * CASP: compares 2 x `es` bytes with the pair (Rs, Rs+1), stores (Rt, Rt+1)
 * if equal, and writes the old pair to (Rs, Rs+1). Slots: s/s1 read, sw/sw1
 * written, t/t1 read.
 */
export function caspOp(es: number, s: number, s1: number, sw: number, sw1: number, t: number, t1: number, n: number): Op {
  if (es === 8) {
    return (c, pc) => {
      const va = c.ea(n, 0);
      const k = rmwFor(c, va, 16) >> 2;
      const i = c.i32;
      const o0 = i[k];
      const o1 = i[k + 1];
      const o2 = i[k + 2];
      const o3 = i[k + 3];
      if (o0 === i[2 * s] && o1 === i[2 * s + 1] && o2 === i[2 * s1] && o3 === i[2 * s1 + 1]) {
        const n0 = i[2 * t];
        const n1 = i[2 * t + 1];
        const n2 = i[2 * t1];
        const n3 = i[2 * t1 + 1];
        i[k] = n0;
        i[k + 1] = n1;
        i[k + 2] = n2;
        i[k + 3] = n3;
      }
      i[2 * sw] = o0;
      i[2 * sw + 1] = o1;
      i[2 * sw1] = o2;
      i[2 * sw1 + 1] = o3;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const va = c.ea(n, 0);
    const k = rmwFor(c, va, 8) >> 2;
    const i = c.i32;
    const o0 = i[k];
    const o1 = i[k + 1];
    if (o0 === i[2 * s] && o1 === i[2 * s1]) {
      const n0 = i[2 * t];
      const n1 = i[2 * t1];
      i[k] = n0;
      i[k + 1] = n1;
    }
    i[2 * sw] = o0;
    i[2 * sw + 1] = 0;
    i[2 * sw1] = o1;
    i[2 * sw1 + 1] = 0;
    return pc + 4;
  };
}
