// Advanced SIMD data movement: byte shuffles (permutes, EXT, REV, DUP
// element), table lookup, moves between general and vector registers,
// immediates, and the bitwise logical group (done on 32-bit words).

import type { Op } from '../cpu.js';
import { T0, commit, commitHigh, vreg } from './simd_lanes.js';

/**
 * Result byte i is the state-block byte at offset map[i] (map.length is 8 or 16);
 * the rest of Vd is zeroed. Covers ZIP/UZP/TRN, EXT, REV and DUP (element).
 */
export function shuffleOp(d: number, map: readonly number[]): Op {
  const src = Int32Array.from(map);
  const bytes = src.length;
  return (c, pc) => {
    const u8 = c.u8;
    for (let i = 0; i < bytes; i++) u8[T0 + i] = u8[src[i]];
    commit(c, d, bytes);
    return pc + 4;
  };
}

/** Byte map for an element permutation: result element i is element sel(i) of Vn (< lanes) or Vm. */
export function elementMap(n: number, m: number, es: number, lanes: number, sel: (i: number) => number): number[] {
  const out: number[] = [];
  const sz = 1 << es;
  for (let i = 0; i < lanes; i++) {
    const j = sel(i);
    const base = j < lanes ? vreg(n) + j * sz : vreg(m) + (j - lanes) * sz;
    for (let k = 0; k < sz; k++) out.push(base + k);
  }
  return out;
}

/** UZP1/UZP2/TRN1/TRN2/ZIP1/ZIP2 (opcode bits 14:12 of the permute group). */
export function permuteOp(opc: number, d: number, n: number, m: number, es: number, lanes: number): Op | null {
  const half = lanes >> 1;
  const hi = opc >> 2;
  let sel: (i: number) => number;
  switch (opc & 3) {
    case 1: // UZP: even (1) or odd (2) elements of Vm:Vn
      sel = (i) => 2 * i + hi;
      break;
    case 2: // TRN
      sel = (i) => ((i & 1) === 0 ? (i & ~1) + hi : lanes + (i & ~1) + hi);
      break;
    case 3: // ZIP
      sel = (i) => ((i & 1) === 0 ? (i >> 1) + hi * half : lanes + (i >> 1) + hi * half);
      break;
    default:
      return null;
  }
  return shuffleOp(d, elementMap(n, m, es, lanes, sel));
}

/** EXT: bytes imm.. of Vm:Vn, `bytes` (8 or 16) of them. */
export function extOp(d: number, n: number, m: number, imm: number, bytes: number): Op {
  const map: number[] = [];
  for (let i = 0; i < bytes; i++) {
    const j = imm + i;
    map.push(j < bytes ? vreg(n) + j : vreg(m) + j - bytes);
  }
  return shuffleOp(d, map);
}

/** REV16/REV32/REV64: reverse elements of 2^es bytes inside containers of `container` bytes. */
export function revOp(d: number, n: number, es: number, container: number, bytes: number): Op {
  const sz = 1 << es;
  const map: number[] = [];
  for (let i = 0; i < bytes; i++) {
    const base = i - (i % container);
    const within = i % container;
    const el = Math.floor(within / sz);
    const rev = container / sz - 1 - el;
    map.push(vreg(n) + base + rev * sz + (within % sz));
  }
  return shuffleOp(d, map);
}

/** DUP (element): every element of Vd is Vn.T[index]. */
export function dupElementOp(d: number, n: number, es: number, index: number, bytes: number): Op {
  const s = vreg(n) + (index << es);
  if (es === 3) {
    const w = s >> 2;
    return (c, pc) => {
      const i = c.i32;
      const lo = i[w];
      const hi = i[w + 1];
      const t = vreg(d) >> 2;
      i[t] = lo;
      i[t + 1] = hi;
      i[t + 2] = bytes === 16 ? lo : 0;
      i[t + 3] = bytes === 16 ? hi : 0;
      return pc + 4;
    };
  }
  return dupOp(d, es, bytes, (c) => (es === 0 ? c.u8[s] : es === 1 ? c.u8[s] | (c.u8[s + 1] << 8) : c.i32[s >> 2]));
}

/** DUP (general): every element of Vd is the low bits of general register slot r. */
export function dupGeneralOp(d: number, r: number, es: number, bytes: number): Op {
  if (es === 3) {
    return (c, pc) => {
      const i = c.i32;
      const lo = i[2 * r];
      const hi = i[2 * r + 1];
      const t = vreg(d) >> 2;
      i[t] = lo;
      i[t + 1] = hi;
      i[t + 2] = bytes === 16 ? lo : 0;
      i[t + 3] = bytes === 16 ? hi : 0;
      return pc + 4;
    };
  }
  return dupOp(d, es, bytes, (c) => c.i32[2 * r]);
}

function dupOp(d: number, es: number, bytes: number, read: (c: Parameters<Op>[0]) => number): Op {
  const t = vreg(d) >> 2;
  return (c, pc) => {
    let v = read(c);
    if (es === 0) v = (v & 0xff) * 0x01010101;
    else if (es === 1) v = (v & 0xffff) * 0x00010001;
    const i = c.i32;
    i[t] = v;
    i[t + 1] = v;
    i[t + 2] = bytes === 16 ? v : 0;
    i[t + 3] = bytes === 16 ? v : 0;
    return pc + 4;
  };
}

/** INS (general): Vd.T[index] = low bits of general register slot r; other elements kept. */
export function insGeneralOp(d: number, r: number, es: number, index: number): Op {
  const o = vreg(d) + (index << es);
  switch (es) {
    case 0:
      return (c, pc) => {
        c.u8[o] = c.i32[2 * r];
        return pc + 4;
      };
    case 1:
      return (c, pc) => {
        const v = c.i32[2 * r];
        c.u8[o] = v;
        c.u8[o + 1] = v >> 8;
        return pc + 4;
      };
    case 2:
      return (c, pc) => {
        c.i32[o >> 2] = c.i32[2 * r];
        return pc + 4;
      };
    default:
      return (c, pc) => {
        c.i32[o >> 2] = c.i32[2 * r];
        c.i32[(o >> 2) + 1] = c.i32[2 * r + 1];
        return pc + 4;
      };
  }
}

/** INS (element): Vd.T[di] = Vn.T[si]. */
export function insElementOp(d: number, n: number, es: number, di: number, si: number): Op {
  const o = vreg(d) + (di << es);
  const s = vreg(n) + (si << es);
  const sz = 1 << es;
  return (c, pc) => {
    const u8 = c.u8;
    for (let k = 0; k < sz; k++) u8[T0 + k] = u8[s + k];
    for (let k = 0; k < sz; k++) u8[o + k] = u8[T0 + k];
    return pc + 4;
  };
}

/** UMOV / SMOV: general register slot r = Vn.T[index], zero- or sign-extended to 32 or 64 bits. */
export function movToGeneralOp(r: number, n: number, es: number, index: number, signed: boolean, x: boolean): Op {
  const o = vreg(n) + (index << es);
  if (es === 3) {
    return (c, pc) => {
      const i = c.i32;
      i[2 * r] = i[o >> 2];
      i[2 * r + 1] = i[(o >> 2) + 1];
      return pc + 4;
    };
  }
  return (c, pc) => {
    const u8 = c.u8;
    let v: number;
    if (es === 0) v = signed ? (u8[o] << 24) >> 24 : u8[o];
    else if (es === 1) v = signed ? ((u8[o] | (u8[o + 1] << 8)) << 16) >> 16 : u8[o] | (u8[o + 1] << 8);
    else v = c.i32[o >> 2];
    const i = c.i32;
    i[2 * r] = v;
    i[2 * r + 1] = x && signed && v < 0 ? -1 : 0;
    return pc + 4;
  };
}

/** TBL / TBX with `regs` (1-4) table registers starting at n; `bytes` is 8 or 16. */
export function tableOp(d: number, n: number, regs: number, m: number, bytes: number, extension: boolean): Op {
  const tab: number[] = [];
  for (let k = 0; k < regs; k++) tab.push(vreg((n + k) & 31));
  const tabs = Int32Array.from(tab);
  const limit = 16 * regs;
  const vm = vreg(m);
  const vd = vreg(d);
  return (c, pc) => {
    const u8 = c.u8;
    for (let i = 0; i < bytes; i++) {
      const x = u8[vm + i];
      u8[T0 + i] = x < limit ? u8[tabs[x >> 4] + (x & 15)] : extension ? u8[vd + i] : 0;
    }
    commit(c, d, bytes);
    return pc + 4;
  };
}

/**
 * AdvSIMDExpandImm: the 64-bit immediate of the modified-immediate group as
 * [lo, hi] 32-bit words, or null for an unallocated combination.
 */
export function expandImm(op: number, cmode: number, imm8: number): [number, number] | null {
  let w: number;
  switch (cmode >> 1) {
    case 0:
    case 1:
    case 2:
    case 3:
      w = imm8 << (8 * (cmode >> 1));
      return [w | 0, w | 0];
    case 4:
    case 5:
      w = imm8 << (8 * ((cmode >> 1) & 1));
      w = (w | (w << 16)) | 0;
      return [w, w];
    case 6:
      w = (cmode & 1) === 0 ? (imm8 << 8) | 0xff : (imm8 << 16) | 0xffff;
      return [w, w];
    default:
      break;
  }
  if ((cmode & 1) === 0) {
    if (op === 0) {
      w = imm8 * 0x01010101;
      return [w | 0, w | 0];
    }
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < 4; k++) {
      if ((imm8 >> k) & 1) lo |= 0xff << (8 * k);
      if ((imm8 >> (k + 4)) & 1) hi |= 0xff << (8 * k);
    }
    return [lo, hi];
  }
  const a = (imm8 >> 7) & 1;
  const b = (imm8 >> 6) & 1;
  const cdefgh = imm8 & 0x3f;
  if (op === 0) {
    // Single precision: a:NOT(b):bbbbb:cdefgh:Zeros(19).
    w = (a << 31) | ((b ^ 1) << 30) | ((b ? 0x1f : 0) << 25) | (cdefgh << 19);
    return [w | 0, w | 0];
  }
  // Double precision: a:NOT(b):bbbbbbbb:cdefgh:Zeros(48).
  const hi = (a << 31) | ((b ^ 1) << 30) | ((b ? 0xff : 0) << 22) | (cdefgh << 16);
  return [0, hi | 0];
}

/** MOVI / MVNI / FMOV (vector, immediate): Vd = the replicated immediate. */
export function moviOp(d: number, lo: number, hi: number, bytes: number): Op {
  const t = vreg(d) >> 2;
  const w2 = bytes === 16 ? lo : 0;
  const w3 = bytes === 16 ? hi : 0;
  return (c, pc) => {
    const i = c.i32;
    i[t] = lo;
    i[t + 1] = hi;
    i[t + 2] = w2;
    i[t + 3] = w3;
    return pc + 4;
  };
}

/** ORR / BIC (vector, immediate). */
export function orrBicImmOp(d: number, lo: number, hi: number, bytes: number, bic: boolean): Op {
  const t = vreg(d) >> 2;
  const a = bic ? ~lo : lo;
  const b = bic ? ~hi : hi;
  const q = bytes === 16;
  if (bic) {
    return (c, pc) => {
      const i = c.i32;
      i[t] &= a;
      i[t + 1] &= b;
      if (q) {
        i[t + 2] &= a;
        i[t + 3] &= b;
      } else {
        i[t + 2] = 0;
        i[t + 3] = 0;
      }
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    i[t] |= a;
    i[t + 1] |= b;
    if (q) {
      i[t + 2] |= a;
      i[t + 3] |= b;
    } else {
      i[t + 2] = 0;
      i[t + 3] = 0;
    }
    return pc + 4;
  };
}

/**
 * The three-same logical group (opcode 00011): U:size selects AND, BIC, ORR,
 * ORN, EOR, BSL, BIT, BIF. Word-wise, so Vd may alias the sources.
 */
export function logicOp(sel: number, d: number, n: number, m: number, bytes: number): Op {
  const tn = vreg(n) >> 2;
  const tm = vreg(m) >> 2;
  const td = vreg(d) >> 2;
  const words = bytes >> 2;
  const f = LOGIC[sel];
  return (c, pc) => {
    const i = c.i32;
    for (let k = 0; k < words; k++) i[T0 / 4 + k] = f(i[tn + k], i[tm + k], i[td + k]);
    i[td] = i[T0 / 4];
    i[td + 1] = i[T0 / 4 + 1];
    if (words === 4) {
      i[td + 2] = i[T0 / 4 + 2];
      i[td + 3] = i[T0 / 4 + 3];
    } else {
      i[td + 2] = 0;
      i[td + 3] = 0;
    }
    return pc + 4;
  };
}

type Logic = (n: number, m: number, d: number) => number;
const LOGIC: readonly Logic[] = [
  (n, m) => n & m, // AND
  (n, m) => n & ~m, // BIC
  (n, m) => n | m, // ORR
  (n, m) => n | ~m, // ORN
  (n, m) => n ^ m, // EOR
  (n, m, d) => (d & n) | (~d & m), // BSL
  (n, m, d) => (d & ~m) | (n & m), // BIT
  (n, m, d) => (d & m) | (n & ~m), // BIF
];

/** FMOV Sd, Wn / FMOV Dd, Xn: the low 32 or 64 bits of general slot r, the rest zeroed. */
export function fmovToVectorOp(d: number, r: number, x: boolean): Op {
  const t = vreg(d) >> 2;
  return (c, pc) => {
    const i = c.i32;
    i[t] = i[2 * r];
    i[t + 1] = x ? i[2 * r + 1] : 0;
    i[t + 2] = 0;
    i[t + 3] = 0;
    return pc + 4;
  };
}

/** XTN / XTN2: the low half of each element of 2^(es+1) bytes, into the lower (upper zeroed) or upper half of Vd. */
export function xtnOp(d: number, n: number, es: number, high: boolean): Op {
  const sz = 1 << es;
  const map: number[] = [];
  for (let i = 0; i < 8; i++) map.push(vreg(n) + 2 * sz * Math.floor(i / sz) + (i % sz));
  const src = Int32Array.from(map);
  const t = T0 + (high ? 8 : 0);
  return (c, pc) => {
    const u8 = c.u8;
    for (let i = 0; i < 8; i++) u8[t + i] = u8[src[i]];
    if (high) commitHigh(c, d);
    else commit(c, d, 8);
    return pc + 4;
  };
}
