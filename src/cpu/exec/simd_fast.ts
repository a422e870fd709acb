// Specialised three-same integer ops for the hottest cases (string routines,
// 64-bit lanes): direct loops over the typed-array views, no lane callbacks,
// no BigInt. Each is lane-wise, so reading lane i then writing lane i of Vd
// is safe even when Vd aliases a source.

import type { Cpu, Op } from '../cpu.js';
import { FPSR_OFF } from '../state.js';
import { T0, vreg } from './simd_lanes.js';

/** A fast op for three-same (U, size, opcode) on vectors, or null to use the generic path. */
export function fastThreeSame(u: number, size: number, opcode: number, q: number, d: number, n: number, m: number): Op | null {
  const bytes = q ? 16 : 8;
  const vn = vreg(n);
  const vm = vreg(m);
  const vd = vreg(d);
  if (size === 0 && (opcode === 0x11 || opcode === 0x10 || opcode === 0x06 || opcode === 0x07)) {
    return bytesOp(u, opcode, bytes, vd, vn, vm);
  }
  if (size === 2 && opcode === 0x10) {
    const tn = vn >> 2;
    const tm = vm >> 2;
    const td = vd >> 2;
    const words = bytes >> 2;
    const sub = u === 1;
    return (c, pc) => {
      const i = c.i32;
      for (let k = 0; k < words; k++) i[td + k] = sub ? i[tn + k] - i[tm + k] : i[tn + k] + i[tm + k];
      if (words === 2) {
        i[td + 2] = 0;
        i[td + 3] = 0;
      }
      return pc + 4;
    };
  }
  if (size === 3) return wideOp(u, opcode, vd >> 2, vn >> 2, vm >> 2, 2);
  return null;
}

function bytesOp(u: number, opcode: number, bytes: number, vd: number, vn: number, vm: number): Op | null {
  const zeroHigh = bytes === 8;
  const td = vd >> 2;
  // One literal loop per operation keeps every call site monomorphic.
  switch ((opcode << 1) | u) {
    case (0x11 << 1) | 1: // CMEQ: the core of memchr, strlen, strchr
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = u8[vn + k] === u8[vm + k] ? 0xff : 0;
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case 0x11 << 1: // CMTST
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = (u8[vn + k] & u8[vm + k]) !== 0 ? 0xff : 0;
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case 0x10 << 1: // ADD
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = u8[vn + k] + u8[vm + k];
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case (0x10 << 1) | 1: // SUB
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = u8[vn + k] - u8[vm + k];
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case (0x06 << 1) | 1: // CMHI
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = u8[vn + k] > u8[vm + k] ? 0xff : 0;
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case (0x07 << 1) | 1: // CMHS
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = u8[vn + k] >= u8[vm + k] ? 0xff : 0;
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case 0x06 << 1: // CMGT
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = (u8[vn + k] ^ 0x80) > (u8[vm + k] ^ 0x80) ? 0xff : 0;
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    case 0x07 << 1: // CMGE
      return (c, pc) => {
        const u8 = c.u8;
        for (let k = 0; k < bytes; k++) u8[vd + k] = (u8[vn + k] ^ 0x80) >= (u8[vm + k] ^ 0x80) ? 0xff : 0;
        if (zeroHigh) c.i32[td + 2] = c.i32[td + 3] = 0;
        return pc + 4;
      };
    default:
      return null;
  }
}

/** UMAXP / UMINP / ADDP on bytes (strlen, memchr, strnlen reduce a CMEQ mask with these). */
export function fastPairwiseBytes(kind: 'umax' | 'umin' | 'add', d: number, n: number, m: number, bytes: number): Op {
  const vn = vreg(n);
  const vm = vreg(m);
  const vd = vreg(d);
  const half = bytes >> 1;
  const zeroHigh = bytes === 8;
  const T = T0;
  const finish = (c: Cpu): void => {
    const i = c.i32;
    const t = vd >> 2;
    i[t] = i[T >> 2];
    i[t + 1] = i[(T >> 2) + 1];
    i[t + 2] = zeroHigh ? 0 : i[(T >> 2) + 2];
    i[t + 3] = zeroHigh ? 0 : i[(T >> 2) + 3];
  };
  if (kind === 'umax') {
    return (c, pc) => {
      const u8 = c.u8;
      for (let k = 0; k < half; k++) {
        const a = u8[vn + 2 * k];
        const b = u8[vn + 2 * k + 1];
        u8[T + k] = a > b ? a : b;
        const x = u8[vm + 2 * k];
        const y = u8[vm + 2 * k + 1];
        u8[T + half + k] = x > y ? x : y;
      }
      finish(c);
      return pc + 4;
    };
  }
  if (kind === 'umin') {
    return (c, pc) => {
      const u8 = c.u8;
      for (let k = 0; k < half; k++) {
        const a = u8[vn + 2 * k];
        const b = u8[vn + 2 * k + 1];
        u8[T + k] = a < b ? a : b;
        const x = u8[vm + 2 * k];
        const y = u8[vm + 2 * k + 1];
        u8[T + half + k] = x < y ? x : y;
      }
      finish(c);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const u8 = c.u8;
    for (let k = 0; k < half; k++) {
      u8[T + k] = u8[vn + 2 * k] + u8[vn + 2 * k + 1];
      u8[T + half + k] = u8[vm + 2 * k] + u8[vm + 2 * k + 1];
    }
    finish(c);
    return pc + 4;
  };
}

/** SHRN / SHRN2 from 16-bit (es 0) or 32-bit (es 1) elements. */
export function fastShrn(d: number, n: number, es: number, sh: number, high: boolean): Op {
  const vn = vreg(n);
  const td = vreg(d) >> 2;
  const T = T0 + (high ? 8 : 0);
  return (c, pc) => {
    const u8 = c.u8;
    if (es === 0) {
      for (let k = 0; k < 8; k++) u8[T + k] = (u8[vn + 2 * k] | (u8[vn + 2 * k + 1] << 8)) >>> sh;
    } else {
      const u32 = c.u32;
      for (let k = 0; k < 4; k++) {
        const v = u32[(vn >> 2) + k] >>> sh;
        u8[T + 2 * k] = v;
        u8[T + 2 * k + 1] = v >>> 8;
      }
    }
    const i = c.i32;
    if (high) {
      i[td + 2] = i[(T0 >> 2) + 2];
      i[td + 3] = i[(T0 >> 2) + 3];
    } else {
      i[td] = i[T0 >> 2];
      i[td + 1] = i[(T0 >> 2) + 1];
      i[td + 2] = 0;
      i[td + 3] = 0;
    }
    return pc + 4;
  };
}

/** UMAXV / UMINV / ADDV on bytes. */
export function fastAcrossBytes(kind: 'umax' | 'umin' | 'add', d: number, n: number, bytes: number): Op {
  const vn = vreg(n);
  const td = vreg(d) >> 2;
  return (c, pc) => {
    const u8 = c.u8;
    let r = u8[vn];
    if (kind === 'umax') {
      for (let k = 1; k < bytes; k++) if (u8[vn + k] > r) r = u8[vn + k];
    } else if (kind === 'umin') {
      for (let k = 1; k < bytes; k++) if (u8[vn + k] < r) r = u8[vn + k];
    } else {
      for (let k = 1; k < bytes; k++) r += u8[vn + k];
      r &= 0xff;
    }
    const i = c.i32;
    i[td] = r;
    i[td + 1] = 0;
    i[td + 2] = 0;
    i[td + 3] = 0;
    return pc + 4;
  };
}

/** CNT on bytes. */
export function fastCnt(d: number, n: number, bytes: number): Op {
  const vn = vreg(n);
  const vd = vreg(d);
  return (c, pc) => {
    const u8 = c.u8;
    for (let k = 0; k < bytes; k++) u8[T0 + k] = POPCOUNT[u8[vn + k]];
    for (let k = 0; k < bytes; k++) u8[vd + k] = u8[T0 + k];
    if (bytes === 8) c.i32[(vd >> 2) + 2] = c.i32[(vd >> 2) + 3] = 0;
    return pc + 4;
  };
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, v) => {
  let n = 0;
  for (let x = v; x !== 0; x >>= 1) n += x & 1;
  return n;
});

/** USHR / SSHR / SHL on 64-bit lanes (Q=1) or a D scalar (lanes 1), on 32-bit halves. */
export function fastShift64(kind: 'ushr' | 'sshr' | 'shl', d: number, n: number, sh: number, lanes: number): Op {
  const tn = vreg(n) >> 2;
  const td = vreg(d) >> 2;
  return (c, pc) => {
    const i = c.i32;
    for (let k = 0; k < 2 * lanes; k += 2) {
      const lo = i[tn + k];
      const hi = i[tn + k + 1];
      let rl: number;
      let rh: number;
      if (kind === 'shl') {
        if (sh === 0) {
          rl = lo;
          rh = hi;
        } else if (sh < 32) {
          rl = lo << sh;
          rh = (hi << sh) | (lo >>> (32 - sh));
        } else {
          rl = 0;
          rh = lo << (sh - 32);
        }
      } else if (sh < 32) {
        rl = (lo >>> sh) | (hi << (32 - sh));
        rh = kind === 'ushr' ? hi >>> sh : hi >> sh;
      } else if (sh < 64) {
        rl = kind === 'ushr' ? hi >>> (sh - 32) : hi >> (sh - 32);
        rh = kind === 'ushr' ? 0 : hi >> 31;
      } else {
        rl = kind === 'ushr' ? 0 : hi >> 31;
        rh = rl;
      }
      i[T0 / 4 + k] = rl;
      i[T0 / 4 + k + 1] = rh;
    }
    i[td] = i[T0 / 4];
    i[td + 1] = i[T0 / 4 + 1];
    i[td + 2] = lanes === 2 ? i[T0 / 4 + 2] : 0;
    i[td + 3] = lanes === 2 ? i[T0 / 4 + 3] : 0;
    return pc + 4;
  };
}

/** 64-bit lanes (Q=1, two lanes) on 32-bit halves: ADD, SUB, CMEQ, CMTST, CMGT/CMHI, CMGE/CMHS. */
/** The same 64-bit ops for a D scalar (ADD, SUB, CMEQ, CMTST, CMGT, CMHI, CMGE, CMHS). */
export function fastScalar64(u: number, opcode: number, d: number, n: number, m: number): Op | null {
  return wideOp(u, opcode, vreg(d) >> 2, vreg(n) >> 2, vreg(m) >> 2, 1);
}

/** Lanes-wide (1 or 2) 64-bit op; results go through T0 so Vd may alias a source. */
function wideOp(u: number, opcode: number, td: number, tn: number, tm: number, lanes: number): Op | null {
  const op = wideCore(u, opcode, tn, tm, 2 * lanes);
  if (op === null) return null;
  const t = T0 >> 2;
  return (c, pc) => {
    op(c);
    const i = c.i32;
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = lanes === 2 ? i[t + 2] : 0;
    i[td + 3] = lanes === 2 ? i[t + 3] : 0;
    return pc + 4;
  };
}

function wideCore(u: number, opcode: number, tn: number, tm: number, words: number): ((c: Cpu) => void) | null {
  const td = T0 >> 2;
  switch (opcode) {
    case 0x10:
      return (c) => {
        const i = c.i32;
        for (let k = 0; k < words; k += 2) {
          const al = i[tn + k] >>> 0;
          const ah = i[tn + k + 1];
          const bl = i[tm + k] >>> 0;
          const bh = i[tm + k + 1];
          if (u === 0) {
            const lo = al + bl;
            i[td + k] = lo;
            i[td + k + 1] = (ah + bh + (lo > 0xffffffff ? 1 : 0)) | 0;
          } else {
            i[td + k] = al - bl;
            i[td + k + 1] = (ah - bh - (al < bl ? 1 : 0)) | 0;
          }
        }
      };
    case 0x11:
      return (c) => {
        const i = c.i32;
        for (let k = 0; k < words; k += 2) {
          const r =
            u === 1
              ? i[tn + k] === i[tm + k] && i[tn + k + 1] === i[tm + k + 1]
              : (i[tn + k] & i[tm + k]) !== 0 || (i[tn + k + 1] & i[tm + k + 1]) !== 0;
          i[td + k] = r ? -1 : 0;
          i[td + k + 1] = r ? -1 : 0;
        }
      };
    case 0x06:
    case 0x07: {
      const orEqual = opcode === 0x07;
      const signed = u === 0;
      return (c) => {
        const i = c.i32;
        for (let k = 0; k < words; k += 2) {
          const ah = signed ? i[tn + k + 1] : i[tn + k + 1] >>> 0;
          const bh = signed ? i[tm + k + 1] : i[tm + k + 1] >>> 0;
          const al = i[tn + k] >>> 0;
          const bl = i[tm + k] >>> 0;
          const r = ah > bh || (ah === bh && (orEqual ? al >= bl : al > bl));
          i[td + k] = r ? -1 : 0;
          i[td + k + 1] = r ? -1 : 0;
        }
      };
    }
    default:
      return null;
  }
}

/** Operations of the specialised 16- and 32-bit lane loops. */
const K = {
  Add: 0,
  Sub: 1,
  Mul: 2,
  Mla: 3,
  Mls: 4,
  Smax: 5,
  Smin: 6,
  Umax: 7,
  Umin: 8,
  Cmeq: 9,
  Cmtst: 10,
  Cmgt: 11,
  Cmge: 12,
  Cmhi: 13,
  Cmhs: 14,
} as const;

/** Lane kind for three-same (U, opcode) on 16/32-bit elements, or -1. */
export function laneKind(u: number, opcode: number): number {
  switch (opcode) {
    case 0x10:
      return u ? K.Sub : K.Add;
    case 0x13:
      return u ? -1 : K.Mul;
    case 0x12:
      return u ? K.Mls : K.Mla;
    case 0x0c:
      return u ? K.Umax : K.Smax;
    case 0x0d:
      return u ? K.Umin : K.Smin;
    case 0x11:
      return u ? K.Cmeq : K.Cmtst;
    case 0x06:
      return u ? K.Cmhi : K.Cmgt;
    case 0x07:
      return u ? K.Cmhs : K.Cmge;
    default:
      return -1;
  }
}

/** a op b on signed 32-bit values (results truncated by the caller). */
function lane(kind: number, a: number, b: number, d: number): number {
  switch (kind) {
    case K.Add:
      return a + b;
    case K.Sub:
      return a - b;
    case K.Mul:
      return Math.imul(a, b);
    case K.Mla:
      return d + Math.imul(a, b);
    case K.Mls:
      return d - Math.imul(a, b);
    case K.Smax:
      return a > b ? a : b;
    case K.Smin:
      return a < b ? a : b;
    case K.Umax:
      return a >>> 0 > b >>> 0 ? a : b;
    case K.Umin:
      return a >>> 0 < b >>> 0 ? a : b;
    case K.Cmeq:
      return a === b ? -1 : 0;
    case K.Cmtst:
      return (a & b) !== 0 ? -1 : 0;
    case K.Cmgt:
      return a > b ? -1 : 0;
    case K.Cmge:
      return a >= b ? -1 : 0;
    case K.Cmhi:
      return a >>> 0 > b >>> 0 ? -1 : 0;
    default:
      return a >>> 0 >= b >>> 0 ? -1 : 0;
  }
}

/**
 * Three-same ops on 32-bit (es 2) or 16-bit (es 1) lanes without callbacks.
 * 16-bit lanes are widened so that signed (K.Smax, K.Cmgt...) and unsigned
 * comparisons see the right values: signed kinds get sign-extended lanes,
 * unsigned kinds zero-extended ones (which compare correctly through >>> 0).
 */
export function fastLanes(kind: number, es: number, bytes: number, d: number, n: number, m: number): Op {
  const tn = vreg(n) >> 2;
  const tm = vreg(m) >> 2;
  const td = vreg(d) >> 2;
  const words = bytes >> 2;
  const signedKind = kind === K.Smax || kind === K.Smin || kind === K.Cmgt || kind === K.Cmge;
  return (c, pc) => {
    const i = c.i32;
    const t = T0 >> 2;
    if (es === 2) {
      for (let k = 0; k < words; k++) i[t + k] = lane(kind, i[tn + k], i[tm + k], i[td + k]);
    } else {
      for (let k = 0; k < words; k++) {
        const a = i[tn + k];
        const b = i[tm + k];
        const dd = i[td + k];
        let lo: number;
        let hi: number;
        if (signedKind) {
          lo = lane(kind, (a << 16) >> 16, (b << 16) >> 16, (dd << 16) >> 16);
          hi = lane(kind, a >> 16, b >> 16, dd >> 16);
        } else {
          lo = lane(kind, a & 0xffff, b & 0xffff, dd & 0xffff);
          hi = lane(kind, a >>> 16, b >>> 16, dd >>> 16);
        }
        i[t + k] = (lo & 0xffff) | (hi << 16);
      }
    }
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = words === 4 ? i[t + 2] : 0;
    i[td + 3] = words === 4 ? i[t + 3] : 0;
    return pc + 4;
  };
}

/** USHR / SSHR / SHL / USRA / SSRA on 32-bit (es 2) or 16-bit (es 1) lanes. */
export function fastShiftLanes(kind: 'ushr' | 'sshr' | 'shl' | 'usra' | 'ssra', es: number, sh: number, bytes: number, d: number, n: number): Op {
  const tn = vreg(n) >> 2;
  const td = vreg(d) >> 2;
  const words = bytes >> 2;
  const bits = 8 << es;
  const one = (v: number, acc: number): number => {
    switch (kind) {
      case 'shl':
        return v << sh;
      case 'ushr':
        return sh >= bits ? 0 : (es === 2 ? v >>> sh : (v & 0xffff) >>> sh);
      case 'sshr':
        return (es === 2 ? v : (v << 16) >> 16) >> (sh >= bits ? bits - 1 : sh);
      case 'usra':
        return acc + (sh >= bits ? 0 : (es === 2 ? v >>> sh : (v & 0xffff) >>> sh));
      default:
        return acc + ((es === 2 ? v : (v << 16) >> 16) >> (sh >= bits ? bits - 1 : sh));
    }
  };
  return (c, pc) => {
    const i = c.i32;
    const t = T0 >> 2;
    for (let k = 0; k < words; k++) {
      const a = i[tn + k];
      const dd = i[td + k];
      if (es === 2) i[t + k] = one(a, dd);
      else i[t + k] = (one(a, dd) & 0xffff) | (one(a >> 16, dd >> 16) << 16);
    }
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = words === 4 ? i[t + 2] : 0;
    i[td + 3] = words === 4 ? i[t + 3] : 0;
    return pc + 4;
  };
}

/** SSHLL / USHLL (SXTL / UXTL) from 32-bit to 64-bit lanes, shift 0..31, lower or upper source half. */
export function fastLong64(d: number, n: number, signed: boolean, sh: number, upper: boolean): Op {
  const tn = (vreg(n) >> 2) + (upper ? 2 : 0);
  const td = vreg(d) >> 2;
  const t = T0 >> 2;
  return (c, pc) => {
    const i = c.i32;
    for (let k = 0; k < 2; k++) {
      const v = i[tn + k];
      const hi = signed ? v >> 31 : 0;
      i[t + 2 * k] = v << sh;
      i[t + 2 * k + 1] = sh === 0 ? hi : (hi << sh) | (v >>> (32 - sh));
    }
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = i[t + 2];
    i[td + 3] = i[t + 3];
    return pc + 4;
  };
}

/** 64-bit product of two 32-bit values (as unsigned or signed), left in MUL_LO / MUL_HI. */
let MUL_LO = 0;
let MUL_HI = 0;
function mul32x32(a: number, b: number, signed: boolean): void {
  const au = a >>> 0;
  const bu = b >>> 0;
  const a0 = au & 0xffff;
  const a1 = au >>> 16;
  const b0 = bu & 0xffff;
  const b1 = bu >>> 16;
  const mid = a0 * b1 + a1 * b0;
  const midLo = mid % 65536;
  const low = a0 * b0 + midLo * 65536;
  const carry = Math.floor(low / 4294967296);
  let hi = a1 * b1 + Math.floor(mid / 65536) + carry;
  if (signed) {
    if ((a | 0) < 0) hi -= bu;
    if ((b | 0) < 0) hi -= au;
  }
  MUL_LO = low | 0;
  MUL_HI = hi | 0;
}

/**
 * SMULL/UMULL/SMLAL/UMLAL/SMLSL/UMLSL (2) from 32-bit to 64-bit lanes; `acc` is
 * 0 (multiply), 1 (accumulate) or -1 (subtract); bIndex >= 0 selects Vm.S[bIndex].
 */
export function fastMull64(d: number, n: number, m: number, signed: boolean, acc: number, upper: boolean, bIndex: number): Op {
  const tn = (vreg(n) >> 2) + (upper ? 2 : 0);
  const tm = (vreg(m) >> 2) + (bIndex >= 0 ? bIndex : upper ? 2 : 0);
  const stepM = bIndex >= 0 ? 0 : 1;
  const td = vreg(d) >> 2;
  const t = T0 >> 2;
  return (c, pc) => {
    const i = c.i32;
    for (let k = 0; k < 2; k++) {
      mul32x32(i[tn + k], i[tm + k * stepM], signed);
      let lo = MUL_LO;
      let hi = MUL_HI;
      if (acc !== 0) {
        const dl = i[td + 2 * k] >>> 0;
        const dh = i[td + 2 * k + 1];
        if (acc > 0) {
          const s = dl + (lo >>> 0);
          hi = (dh + hi + (s > 0xffffffff ? 1 : 0)) | 0;
          lo = s | 0;
        } else {
          const pl = lo >>> 0;
          hi = (dh - hi - (dl < pl ? 1 : 0)) | 0;
          lo = (dl - pl) | 0;
        }
      }
      i[t + 2 * k] = lo;
      i[t + 2 * k + 1] = hi;
    }
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = i[t + 2];
    i[td + 3] = i[t + 3];
    return pc + 4;
  };
}

/** Byte-lane kinds for the common 8-bit three-same ops beyond bytesOp (image and auto-vectorised code). */
const B = {
  Uhadd: 0,
  Urhadd: 1,
  Shadd: 2,
  Srhadd: 3,
  Umax: 4,
  Umin: 5,
  Smax: 6,
  Smin: 7,
  Uabd: 8,
  Sabd: 9,
  Uqadd: 10,
  Uqsub: 11,
  Sqadd: 12,
  Sqsub: 13,
  Mul: 14,
} as const;

/** Byte kind for three-same (U, opcode), or -1. */
export function byteKind(u: number, opcode: number): number {
  switch (opcode) {
    case 0x00:
      return u ? B.Uhadd : B.Shadd;
    case 0x02:
      return u ? B.Urhadd : B.Srhadd;
    case 0x0c:
      return u ? B.Umax : B.Smax;
    case 0x0d:
      return u ? B.Umin : B.Smin;
    case 0x0e:
      return u ? B.Uabd : B.Sabd;
    case 0x01:
      return u ? B.Uqadd : B.Sqadd;
    case 0x05:
      return u ? B.Uqsub : B.Sqsub;
    case 0x13:
      return u ? -1 : B.Mul;
    default:
      return -1;
  }
}

/** Set by byteLane when a saturating lane saturates. */
let byteSat = 0;

/** One byte lane: a and b are unsigned bytes; the result's low 8 bits are kept. */
function byteLane(kind: number, a: number, b: number): number {
  switch (kind) {
    case B.Uhadd:
      return (a + b) >> 1;
    case B.Urhadd:
      return (a + b + 1) >> 1;
    case B.Shadd:
      return (((a << 24) >> 24) + ((b << 24) >> 24)) >> 1;
    case B.Srhadd:
      return (((a << 24) >> 24) + ((b << 24) >> 24) + 1) >> 1;
    case B.Umax:
      return a > b ? a : b;
    case B.Umin:
      return a < b ? a : b;
    case B.Smax:
      return (a ^ 0x80) > (b ^ 0x80) ? a : b;
    case B.Smin:
      return (a ^ 0x80) < (b ^ 0x80) ? a : b;
    case B.Uabd:
      return a > b ? a - b : b - a;
    case B.Sabd: {
      const x = ((a << 24) >> 24) - ((b << 24) >> 24);
      return x < 0 ? -x : x;
    }
    case B.Uqadd: {
      const x = a + b;
      if (x > 255) {
        byteSat = 1;
        return 255;
      }
      return x;
    }
    case B.Uqsub: {
      const x = a - b;
      if (x < 0) {
        byteSat = 1;
        return 0;
      }
      return x;
    }
    case B.Sqadd:
    case B.Sqsub: {
      const x = kind === B.Sqadd ? ((a << 24) >> 24) + ((b << 24) >> 24) : ((a << 24) >> 24) - ((b << 24) >> 24);
      if (x > 127) {
        byteSat = 1;
        return 127;
      }
      if (x < -128) {
        byteSat = 1;
        return -128;
      }
      return x;
    }
    default:
      return Math.imul(a, b);
  }
}

/** The byte kinds of byteKind() over 8 or 16 byte lanes; saturation sets FPSR.QC. */
export function fastBytes(kind: number, bytes: number, d: number, n: number, m: number): Op {
  const vn = vreg(n);
  const vm = vreg(m);
  const vd = vreg(d);
  return (c, pc) => {
    const u8 = c.u8;
    byteSat = 0;
    for (let k = 0; k < bytes; k++) u8[T0 + k] = byteLane(kind, u8[vn + k], u8[vm + k]);
    const i = c.i32;
    const t = T0 >> 2;
    const td = vd >> 2;
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = bytes === 16 ? i[t + 2] : 0;
    i[td + 3] = bytes === 16 ? i[t + 3] : 0;
    if (byteSat !== 0) i[FPSR_OFF >> 2] |= 1 << 27;
    return pc + 4;
  };
}

/** NEG, ABS and the compares against zero on 64-bit lanes (2 lanes, or 1 for the D scalar). */
export function fastUnary64(kind: 'neg' | 'abs' | 'cmgt0' | 'cmge0' | 'cmeq0' | 'cmle0' | 'cmlt0', d: number, n: number, lanes: number): Op {
  const tn = vreg(n) >> 2;
  const td = vreg(d) >> 2;
  const t = T0 >> 2;
  return (c, pc) => {
    const i = c.i32;
    for (let k = 0; k < 2 * lanes; k += 2) {
      const lo = i[tn + k];
      const hi = i[tn + k + 1];
      let rl: number;
      let rh: number;
      if (kind === 'neg' || (kind === 'abs' && hi < 0)) {
        rl = -lo | 0;
        rh = (~hi + (lo === 0 ? 1 : 0)) | 0;
      } else if (kind === 'abs') {
        rl = lo;
        rh = hi;
      } else {
        const zero = lo === 0 && hi === 0;
        const r =
          kind === 'cmgt0' ? hi >= 0 && !zero : kind === 'cmge0' ? hi >= 0 : kind === 'cmeq0' ? zero : kind === 'cmle0' ? hi < 0 || zero : hi < 0;
        rl = r ? -1 : 0;
        rh = rl;
      }
      i[t + k] = rl;
      i[t + k + 1] = rh;
    }
    i[td] = i[t];
    i[td + 1] = i[t + 1];
    i[td + 2] = lanes === 2 ? i[t + 2] : 0;
    i[td + 3] = lanes === 2 ? i[t + 3] : 0;
    return pc + 4;
  };
}
