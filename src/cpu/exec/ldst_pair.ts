// Load/store pair (Arm ARM C4.1.4: "Load/store register pair" offset,
// pre-index, post-index, and "no-allocate pair"): LDP/STP/LDPSW/LDNP/STNP of
// W/X and S/D/Q registers. Both halves are read from (or written to) memory
// before any register changes, so a fault on the second half leaves the
// registers as they were. For LDP with Rt == Rt2 the first value is kept,
// and for a load with writeback where Rt == Rn the writeback is kept (qemu).

import type { Cpu, Op } from '../cpu.js';
import { V_OFF } from '../state.js';
import { dstFor, flushTo, srcFor, wbImm } from './ldst_mem.js';

const VW = V_OFF >> 2;

function stpW(c: Cpu, va: number, t: number, t2: number): void {
  const i = c.i32;
  const w0 = i[2 * t];
  const w1 = i[2 * t2];
  const a = dstFor(c, va, 8);
  const d = c.dv;
  d.setInt32(a, w0, true);
  d.setInt32(a + 4, w1, true);
  flushTo(c, va, a, 8);
}
function stpX(c: Cpu, va: number, t: number, t2: number): void {
  const i = c.i32;
  const w0 = i[2 * t];
  const w1 = i[2 * t + 1];
  const w2 = i[2 * t2];
  const w3 = i[2 * t2 + 1];
  const a = dstFor(c, va, 16);
  const d = c.dv;
  d.setInt32(a, w0, true);
  d.setInt32(a + 4, w1, true);
  d.setInt32(a + 8, w2, true);
  d.setInt32(a + 12, w3, true);
  flushTo(c, va, a, 16);
}
function ldpW(c: Cpu, va: number, t: number, t2: number): void {
  const a = srcFor(c, va, 8);
  const d = c.dv;
  const w0 = d.getInt32(a, true);
  const w1 = d.getInt32(a + 4, true);
  const i = c.i32;
  i[2 * t2] = w1;
  i[2 * t2 + 1] = 0;
  i[2 * t] = w0;
  i[2 * t + 1] = 0;
}
function ldpX(c: Cpu, va: number, t: number, t2: number): void {
  const a = srcFor(c, va, 16);
  const d = c.dv;
  const w0 = d.getInt32(a, true);
  const w1 = d.getInt32(a + 4, true);
  const w2 = d.getInt32(a + 8, true);
  const w3 = d.getInt32(a + 12, true);
  const i = c.i32;
  i[2 * t2] = w2;
  i[2 * t2 + 1] = w3;
  i[2 * t] = w0;
  i[2 * t + 1] = w1;
}
function ldpSW(c: Cpu, va: number, t: number, t2: number): void {
  const a = srcFor(c, va, 8);
  const d = c.dv;
  const w0 = d.getInt32(a, true);
  const w1 = d.getInt32(a + 4, true);
  const i = c.i32;
  i[2 * t2] = w1;
  i[2 * t2 + 1] = w1 >> 31;
  i[2 * t] = w0;
  i[2 * t + 1] = w0 >> 31;
}
function stpS(c: Cpu, va: number, t: number, t2: number): void {
  const i = c.i32;
  const w0 = i[VW + 4 * t];
  const w1 = i[VW + 4 * t2];
  const a = dstFor(c, va, 8);
  const d = c.dv;
  d.setInt32(a, w0, true);
  d.setInt32(a + 4, w1, true);
  flushTo(c, va, a, 8);
}
function stpD(c: Cpu, va: number, t: number, t2: number): void {
  const i = c.i32;
  const w0 = i[VW + 4 * t];
  const w1 = i[VW + 4 * t + 1];
  const w2 = i[VW + 4 * t2];
  const w3 = i[VW + 4 * t2 + 1];
  const a = dstFor(c, va, 16);
  const d = c.dv;
  d.setInt32(a, w0, true);
  d.setInt32(a + 4, w1, true);
  d.setInt32(a + 8, w2, true);
  d.setInt32(a + 12, w3, true);
  flushTo(c, va, a, 16);
}
function stpQ(c: Cpu, va: number, t: number, t2: number): void {
  const a = dstFor(c, va, 32);
  const i = c.i32;
  const d = c.dv;
  const k = VW + 4 * t;
  const k2 = VW + 4 * t2;
  d.setInt32(a, i[k], true);
  d.setInt32(a + 4, i[k + 1], true);
  d.setInt32(a + 8, i[k + 2], true);
  d.setInt32(a + 12, i[k + 3], true);
  d.setInt32(a + 16, i[k2], true);
  d.setInt32(a + 20, i[k2 + 1], true);
  d.setInt32(a + 24, i[k2 + 2], true);
  d.setInt32(a + 28, i[k2 + 3], true);
  flushTo(c, va, a, 32);
}
function ldpS(c: Cpu, va: number, t: number, t2: number): void {
  const a = srcFor(c, va, 8);
  const d = c.dv;
  const w0 = d.getInt32(a, true);
  const w1 = d.getInt32(a + 4, true);
  const i = c.i32;
  const k = VW + 4 * t;
  const k2 = VW + 4 * t2;
  i[k2] = w1;
  i[k2 + 1] = 0;
  i[k2 + 2] = 0;
  i[k2 + 3] = 0;
  i[k] = w0;
  i[k + 1] = 0;
  i[k + 2] = 0;
  i[k + 3] = 0;
}
function ldpD(c: Cpu, va: number, t: number, t2: number): void {
  const a = srcFor(c, va, 16);
  const d = c.dv;
  const w0 = d.getInt32(a, true);
  const w1 = d.getInt32(a + 4, true);
  const w2 = d.getInt32(a + 8, true);
  const w3 = d.getInt32(a + 12, true);
  const i = c.i32;
  const k = VW + 4 * t;
  const k2 = VW + 4 * t2;
  i[k2] = w2;
  i[k2 + 1] = w3;
  i[k2 + 2] = 0;
  i[k2 + 3] = 0;
  i[k] = w0;
  i[k + 1] = w1;
  i[k + 2] = 0;
  i[k + 3] = 0;
}
function ldpQ(c: Cpu, va: number, t: number, t2: number): void {
  const a = srcFor(c, va, 32);
  const d = c.dv;
  const w0 = d.getInt32(a, true);
  const w1 = d.getInt32(a + 4, true);
  const w2 = d.getInt32(a + 8, true);
  const w3 = d.getInt32(a + 12, true);
  const w4 = d.getInt32(a + 16, true);
  const w5 = d.getInt32(a + 20, true);
  const w6 = d.getInt32(a + 24, true);
  const w7 = d.getInt32(a + 28, true);
  const i = c.i32;
  const k = VW + 4 * t;
  const k2 = VW + 4 * t2;
  i[k2] = w4;
  i[k2 + 1] = w5;
  i[k2 + 2] = w6;
  i[k2 + 3] = w7;
  i[k] = w0;
  i[k + 1] = w1;
  i[k + 2] = w2;
  i[k + 3] = w3;
}

// ---- access kinds and addressing forms ----

export const STPW = 0;
export const STPX = 1;
export const LDPW = 2;
export const LDPX = 3;
export const LDPSW = 4;
export const STPS = 5;
export const STPD = 6;
export const STPQ = 7;
export const LDPS = 8;
export const LDPD = 9;
export const LDPQ = 10;

/** [Xn|SP, #imm]: signed offset (LDP/STP) and no-allocate (LDNP/STNP) forms. */
export function pairOff(kind: number, t: number, t2: number, n: number, imm: number): Op | null {
  switch (kind) {
    case STPW: return (c, pc) => { stpW(c, c.ea(n, imm), t, t2); return pc + 4; };
    case STPX: return (c, pc) => { stpX(c, c.ea(n, imm), t, t2); return pc + 4; };
    case LDPW: return (c, pc) => { ldpW(c, c.ea(n, imm), t, t2); return pc + 4; };
    case LDPX: return (c, pc) => { ldpX(c, c.ea(n, imm), t, t2); return pc + 4; };
    case LDPSW: return (c, pc) => { ldpSW(c, c.ea(n, imm), t, t2); return pc + 4; };
    case STPS: return (c, pc) => { stpS(c, c.ea(n, imm), t, t2); return pc + 4; };
    case STPD: return (c, pc) => { stpD(c, c.ea(n, imm), t, t2); return pc + 4; };
    case STPQ: return (c, pc) => { stpQ(c, c.ea(n, imm), t, t2); return pc + 4; };
    case LDPS: return (c, pc) => { ldpS(c, c.ea(n, imm), t, t2); return pc + 4; };
    case LDPD: return (c, pc) => { ldpD(c, c.ea(n, imm), t, t2); return pc + 4; };
    case LDPQ: return (c, pc) => { ldpQ(c, c.ea(n, imm), t, t2); return pc + 4; };
  }
  return null;
}

/** [Xn|SP, #imm]!: pre-index; the base is updated after both accesses. */
export function pairPre(kind: number, t: number, t2: number, n: number, imm: number): Op | null {
  switch (kind) {
    case STPW: return (c, pc) => { stpW(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPX: return (c, pc) => { stpX(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPW: return (c, pc) => { ldpW(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPX: return (c, pc) => { ldpX(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPSW: return (c, pc) => { ldpSW(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPS: return (c, pc) => { stpS(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPD: return (c, pc) => { stpD(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPQ: return (c, pc) => { stpQ(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPS: return (c, pc) => { ldpS(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPD: return (c, pc) => { ldpD(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPQ: return (c, pc) => { ldpQ(c, c.ea(n, imm), t, t2); wbImm(c, n, imm); return pc + 4; };
  }
  return null;
}

/** [Xn|SP], #imm: post-index; the base is updated after both accesses. */
export function pairPost(kind: number, t: number, t2: number, n: number, imm: number): Op | null {
  switch (kind) {
    case STPW: return (c, pc) => { stpW(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPX: return (c, pc) => { stpX(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPW: return (c, pc) => { ldpW(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPX: return (c, pc) => { ldpX(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPSW: return (c, pc) => { ldpSW(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPS: return (c, pc) => { stpS(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPD: return (c, pc) => { stpD(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case STPQ: return (c, pc) => { stpQ(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPS: return (c, pc) => { ldpS(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPD: return (c, pc) => { ldpD(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
    case LDPQ: return (c, pc) => { ldpQ(c, c.ea(n, 0), t, t2); wbImm(c, n, imm); return pc + 4; };
  }
  return null;
}

