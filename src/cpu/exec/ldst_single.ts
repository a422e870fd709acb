// Single-register loads and stores (Arm ARM C4.1.4: "Load/store register"
// with unsigned immediate, unscaled immediate, immediate pre/post-indexed,
// unprivileged, register offset, and literal forms), for general and
// SIMD&FP registers. One closure per (access kind, addressing form), so each
// op makes one direct call to its access function.

import type { Cpu, Op } from '../cpu.js';
import { V_OFF } from '../state.js';
import { eaReg, wbImm } from './ldst_mem.js';

// ---- access functions: t is the register slot (general) or number (SIMD&FP) ----

function stB(c: Cpu, va: number, t: number): void {
  c.st8(va, c.i32[2 * t]);
}
function stH(c: Cpu, va: number, t: number): void {
  c.st16(va, c.i32[2 * t] & 0xffff);
}
function stW(c: Cpu, va: number, t: number): void {
  c.st32(va, c.i32[2 * t]);
}
function stX(c: Cpu, va: number, t: number): void {
  if ((va & 7) !== 0) {
    c.st64(va, t << 3);
    return;
  }
  // Aligned: one page, one translation, two word moves.
  const k = c.tw(va) >> 2;
  const i = c.i32;
  i[k] = i[2 * t];
  i[k + 1] = i[2 * t + 1];
}
function ldB(c: Cpu, va: number, t: number): void {
  const v = c.ld8(va);
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = 0;
}
function ldH(c: Cpu, va: number, t: number): void {
  const v = c.ld16(va);
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = 0;
}
function ldW(c: Cpu, va: number, t: number): void {
  const v = c.ld32(va);
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = 0;
}
function ldX(c: Cpu, va: number, t: number): void {
  if ((va & 7) !== 0) {
    c.ld64(va, t << 3);
    return;
  }
  const k = c.tr(va) >> 2;
  const i = c.i32;
  i[2 * t] = i[k];
  i[2 * t + 1] = i[k + 1];
}
function ldSBX(c: Cpu, va: number, t: number): void {
  const v = (c.ld8(va) << 24) >> 24;
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = v >> 31;
}
function ldSHX(c: Cpu, va: number, t: number): void {
  const v = (c.ld16(va) << 16) >> 16;
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = v >> 31;
}
function ldSW(c: Cpu, va: number, t: number): void {
  const v = c.ld32(va) | 0;
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = v >> 31;
}
function ldSBW(c: Cpu, va: number, t: number): void {
  const v = (c.ld8(va) << 24) >> 24;
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = 0;
}
function ldSHW(c: Cpu, va: number, t: number): void {
  const v = (c.ld16(va) << 16) >> 16;
  const i = c.i32;
  i[2 * t] = v;
  i[2 * t + 1] = 0;
}

function stVB(c: Cpu, va: number, t: number): void {
  c.st8(va, c.u8[V_OFF + 16 * t]);
}
function stVH(c: Cpu, va: number, t: number): void {
  c.st16(va, c.i32[(V_OFF >> 2) + 4 * t] & 0xffff);
}
function stVS(c: Cpu, va: number, t: number): void {
  c.st32(va, c.i32[(V_OFF >> 2) + 4 * t]);
}
function stVD(c: Cpu, va: number, t: number): void {
  c.st64(va, V_OFF + 16 * t);
}
function stVQ(c: Cpu, va: number, t: number): void {
  c.st128(va, V_OFF + 16 * t);
}
/** Write a scalar of at most 32 bits to V[t], zeroing the rest of the register. */
function setVScalar(c: Cpu, t: number, v: number): void {
  const i = c.i32;
  const k = (V_OFF >> 2) + 4 * t;
  i[k] = v;
  i[k + 1] = 0;
  i[k + 2] = 0;
  i[k + 3] = 0;
}
function ldVB(c: Cpu, va: number, t: number): void {
  setVScalar(c, t, c.ld8(va));
}
function ldVH(c: Cpu, va: number, t: number): void {
  setVScalar(c, t, c.ld16(va));
}
function ldVS(c: Cpu, va: number, t: number): void {
  setVScalar(c, t, c.ld32(va));
}
function ldVD(c: Cpu, va: number, t: number): void {
  c.ld64(va, V_OFF + 16 * t);
  const i = c.i32;
  const k = (V_OFF >> 2) + 4 * t;
  i[k + 2] = 0;
  i[k + 3] = 0;
}
function ldVQ(c: Cpu, va: number, t: number): void {
  c.ld128(va, V_OFF + 16 * t);
}

// ---- access kinds and addressing forms ----

export const STRB = 0;
export const STRH = 1;
export const STRW = 2;
export const STRX = 3;
export const LDRB = 4;
export const LDRH = 5;
export const LDRW = 6;
export const LDRX = 7;
export const LDRSBX = 8;
export const LDRSHX = 9;
export const LDRSW = 10;
export const LDRSBW = 11;
export const LDRSHW = 12;
export const STB_V = 13;
export const STH_V = 14;
export const STS_V = 15;
export const STD_V = 16;
export const STQ_V = 17;
export const LDB_V = 18;
export const LDH_V = 19;
export const LDS_V = 20;
export const LDD_V = 21;
export const LDQ_V = 22;

/** [Xn|SP, #imm]: unsigned offset, unscaled (LDUR/STUR) and unprivileged (LDTR/STTR) forms. */
export function singleImm(kind: number, t: number, n: number, imm: number): Op | null {
  switch (kind) {
    case STRB: return (c, pc) => { stB(c, c.ea(n, imm), t); return pc + 4; };
    case STRH: return (c, pc) => { stH(c, c.ea(n, imm), t); return pc + 4; };
    case STRW: return (c, pc) => { stW(c, c.ea(n, imm), t); return pc + 4; };
    case STRX: return (c, pc) => { stX(c, c.ea(n, imm), t); return pc + 4; };
    case LDRB: return (c, pc) => { ldB(c, c.ea(n, imm), t); return pc + 4; };
    case LDRH: return (c, pc) => { ldH(c, c.ea(n, imm), t); return pc + 4; };
    case LDRW: return (c, pc) => { ldW(c, c.ea(n, imm), t); return pc + 4; };
    case LDRX: return (c, pc) => { ldX(c, c.ea(n, imm), t); return pc + 4; };
    case LDRSBX: return (c, pc) => { ldSBX(c, c.ea(n, imm), t); return pc + 4; };
    case LDRSHX: return (c, pc) => { ldSHX(c, c.ea(n, imm), t); return pc + 4; };
    case LDRSW: return (c, pc) => { ldSW(c, c.ea(n, imm), t); return pc + 4; };
    case LDRSBW: return (c, pc) => { ldSBW(c, c.ea(n, imm), t); return pc + 4; };
    case LDRSHW: return (c, pc) => { ldSHW(c, c.ea(n, imm), t); return pc + 4; };
    case STB_V: return (c, pc) => { stVB(c, c.ea(n, imm), t); return pc + 4; };
    case STH_V: return (c, pc) => { stVH(c, c.ea(n, imm), t); return pc + 4; };
    case STS_V: return (c, pc) => { stVS(c, c.ea(n, imm), t); return pc + 4; };
    case STD_V: return (c, pc) => { stVD(c, c.ea(n, imm), t); return pc + 4; };
    case STQ_V: return (c, pc) => { stVQ(c, c.ea(n, imm), t); return pc + 4; };
    case LDB_V: return (c, pc) => { ldVB(c, c.ea(n, imm), t); return pc + 4; };
    case LDH_V: return (c, pc) => { ldVH(c, c.ea(n, imm), t); return pc + 4; };
    case LDS_V: return (c, pc) => { ldVS(c, c.ea(n, imm), t); return pc + 4; };
    case LDD_V: return (c, pc) => { ldVD(c, c.ea(n, imm), t); return pc + 4; };
    case LDQ_V: return (c, pc) => { ldVQ(c, c.ea(n, imm), t); return pc + 4; };
  }
  return null;
}

/** [Xn|SP, #imm]!: pre-index; the base is updated after the access. */
export function singlePre(kind: number, t: number, n: number, imm: number): Op | null {
  switch (kind) {
    case STRB: return (c, pc) => { stB(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STRH: return (c, pc) => { stH(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STRW: return (c, pc) => { stW(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STRX: return (c, pc) => { stX(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRB: return (c, pc) => { ldB(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRH: return (c, pc) => { ldH(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRW: return (c, pc) => { ldW(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRX: return (c, pc) => { ldX(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSBX: return (c, pc) => { ldSBX(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSHX: return (c, pc) => { ldSHX(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSW: return (c, pc) => { ldSW(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSBW: return (c, pc) => { ldSBW(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSHW: return (c, pc) => { ldSHW(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STB_V: return (c, pc) => { stVB(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STH_V: return (c, pc) => { stVH(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STS_V: return (c, pc) => { stVS(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STD_V: return (c, pc) => { stVD(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case STQ_V: return (c, pc) => { stVQ(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDB_V: return (c, pc) => { ldVB(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDH_V: return (c, pc) => { ldVH(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDS_V: return (c, pc) => { ldVS(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDD_V: return (c, pc) => { ldVD(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
    case LDQ_V: return (c, pc) => { ldVQ(c, c.ea(n, imm), t); wbImm(c, n, imm); return pc + 4; };
  }
  return null;
}

/** [Xn|SP], #imm: post-index; the base is updated after the access. */
export function singlePost(kind: number, t: number, n: number, imm: number): Op | null {
  switch (kind) {
    case STRB: return (c, pc) => { stB(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STRH: return (c, pc) => { stH(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STRW: return (c, pc) => { stW(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STRX: return (c, pc) => { stX(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRB: return (c, pc) => { ldB(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRH: return (c, pc) => { ldH(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRW: return (c, pc) => { ldW(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRX: return (c, pc) => { ldX(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSBX: return (c, pc) => { ldSBX(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSHX: return (c, pc) => { ldSHX(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSW: return (c, pc) => { ldSW(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSBW: return (c, pc) => { ldSBW(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDRSHW: return (c, pc) => { ldSHW(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STB_V: return (c, pc) => { stVB(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STH_V: return (c, pc) => { stVH(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STS_V: return (c, pc) => { stVS(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STD_V: return (c, pc) => { stVD(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case STQ_V: return (c, pc) => { stVQ(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDB_V: return (c, pc) => { ldVB(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDH_V: return (c, pc) => { ldVH(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDS_V: return (c, pc) => { ldVS(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDD_V: return (c, pc) => { ldVD(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
    case LDQ_V: return (c, pc) => { ldVQ(c, c.ea(n, 0), t); wbImm(c, n, imm); return pc + 4; };
  }
  return null;
}

/** [Xn|SP, Rm{, extend {#s}}]: register offset. */
export function singleReg(kind: number, t: number, n: number, m: number, ext: number, s: number): Op | null {
  switch (kind) {
    case STRB: return (c, pc) => { stB(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STRH: return (c, pc) => { stH(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STRW: return (c, pc) => { stW(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STRX: return (c, pc) => { stX(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRB: return (c, pc) => { ldB(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRH: return (c, pc) => { ldH(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRW: return (c, pc) => { ldW(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRX: return (c, pc) => { ldX(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRSBX: return (c, pc) => { ldSBX(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRSHX: return (c, pc) => { ldSHX(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRSW: return (c, pc) => { ldSW(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRSBW: return (c, pc) => { ldSBW(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDRSHW: return (c, pc) => { ldSHW(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STB_V: return (c, pc) => { stVB(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STH_V: return (c, pc) => { stVH(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STS_V: return (c, pc) => { stVS(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STD_V: return (c, pc) => { stVD(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case STQ_V: return (c, pc) => { stVQ(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDB_V: return (c, pc) => { ldVB(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDH_V: return (c, pc) => { ldVH(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDS_V: return (c, pc) => { ldVS(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDD_V: return (c, pc) => { ldVD(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
    case LDQ_V: return (c, pc) => { ldVQ(c, eaReg(c, n, m, ext, s), t); return pc + 4; };
  }
  return null;
}

/** LDR (literal) and LDRSW (literal), LDR S/D/Q (literal): PC-relative. */
export function singleLiteral(kind: number, t: number, imm: number): Op | null {
  switch (kind) {
    case LDRW: return (c, pc) => { ldW(c, pc + imm, t); return pc + 4; };
    case LDRX: return (c, pc) => { ldX(c, pc + imm, t); return pc + 4; };
    case LDRSW: return (c, pc) => { ldSW(c, pc + imm, t); return pc + 4; };
    case LDS_V: return (c, pc) => { ldVS(c, pc + imm, t); return pc + 4; };
    case LDD_V: return (c, pc) => { ldVD(c, pc + imm, t); return pc + 4; };
    case LDQ_V: return (c, pc) => { ldVQ(c, pc + imm, t); return pc + 4; };
  }
  return null;
}

type Access = (c: Cpu, va: number, t: number) => void;
const ACCESS: readonly Access[] = [
  stB, stH, stW, stX, ldB, ldH, ldW, ldX, ldSBX, ldSHX, ldSW, ldSBW, ldSHW,
  stVB, stVH, stVS, stVD, stVQ, ldVB, ldVH, ldVS, ldVD, ldVQ,
];

/** The access function of a kind, for rare forms that need no specialised closure. */
export function singleAccess(kind: number): Access {
  return ACCESS[kind];
}

/** PRFM/PRFUM in every form: a hint that performs no access and never faults. */
export const prefetchOp: Op = (c, pc) => pc + 4;
