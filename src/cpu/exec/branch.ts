// Branches (Arm ARM C6.2: B, BL, B.cond, CBZ, CBNZ, TBZ, TBNZ, BR, BLR, RET).
// Targets are PC-relative offsets fixed at decode time; the PC itself is
// only known when the op runs.

import type { Op } from '../cpu.js';
import { C_OFF, N_OFF, V_OFF_FLAG, Z_OFF } from '../state.js';

const NI = N_OFF >> 2;
const ZI = Z_OFF >> 2;
const CI = C_OFF >> 2;
const VI = V_OFF_FLAG >> 2;
const LR2 = 2 * 30;

export function branch(off: number): Op {
  return (_c, pc) => pc + off;
}

export function branchLink(off: number): Op {
  return (c, pc) => {
    const i = c.i32;
    const ret = pc + 4;
    i[LR2] = ret % 4294967296;
    i[LR2 + 1] = Math.floor(ret / 4294967296);
    return pc + off;
  };
}

/**
 * Branch target from a register: bits 63:56 replaced by the sign extension
 * of bit 55 (TBI is on for EL0), so a tagged pointer branches to its address
 * and anything else lands outside the 48-bit space and faults on fetch.
 */
function target(i: Int32Array, n2: number): number {
  return (((i[n2 + 1] << 8) >> 8) >>> 0) * 4294967296 + (i[n2] >>> 0);
}

/** BR (link false), BLR (link true); RET is BR with a return hint. */
export function branchReg(n: number, link: boolean): Op {
  const n2 = 2 * n;
  if (!link) return (c) => target(c.i32, n2);
  return (c, pc) => {
    const i = c.i32;
    const t = target(i, n2);
    const ret = pc + 4;
    i[LR2] = ret % 4294967296;
    i[LR2 + 1] = Math.floor(ret / 4294967296);
    return t;
  };
}

/** B.cond: one closure per condition so the test is inline. */
export function branchCond(cond: number, off: number): Op {
  switch (cond) {
    case 0: return (c, pc) => (c.i32[ZI] !== 0 ? pc + off : pc + 4);
    case 1: return (c, pc) => (c.i32[ZI] === 0 ? pc + off : pc + 4);
    case 2: return (c, pc) => (c.i32[CI] !== 0 ? pc + off : pc + 4);
    case 3: return (c, pc) => (c.i32[CI] === 0 ? pc + off : pc + 4);
    case 4: return (c, pc) => (c.i32[NI] !== 0 ? pc + off : pc + 4);
    case 5: return (c, pc) => (c.i32[NI] === 0 ? pc + off : pc + 4);
    case 6: return (c, pc) => (c.i32[VI] !== 0 ? pc + off : pc + 4);
    case 7: return (c, pc) => (c.i32[VI] === 0 ? pc + off : pc + 4);
    case 8: return (c, pc) => { const i = c.i32; return i[CI] !== 0 && i[ZI] === 0 ? pc + off : pc + 4; };
    case 9: return (c, pc) => { const i = c.i32; return i[CI] === 0 || i[ZI] !== 0 ? pc + off : pc + 4; };
    case 10: return (c, pc) => { const i = c.i32; return i[NI] === i[VI] ? pc + off : pc + 4; };
    case 11: return (c, pc) => { const i = c.i32; return i[NI] !== i[VI] ? pc + off : pc + 4; };
    case 12: return (c, pc) => { const i = c.i32; return i[ZI] === 0 && i[NI] === i[VI] ? pc + off : pc + 4; };
    case 13: return (c, pc) => { const i = c.i32; return i[ZI] !== 0 || i[NI] !== i[VI] ? pc + off : pc + 4; };
    default: return (_c, pc) => pc + off;
  }
}

/** CBZ (nonzero false) / CBNZ (nonzero true). */
export function compareBranch(sf: boolean, nonzero: boolean, t: number, off: number): Op {
  const t2 = 2 * t;
  if (sf) {
    if (nonzero) return (c, pc) => { const i = c.i32; return (i[t2] | i[t2 + 1]) !== 0 ? pc + off : pc + 4; };
    return (c, pc) => { const i = c.i32; return (i[t2] | i[t2 + 1]) === 0 ? pc + off : pc + 4; };
  }
  if (nonzero) return (c, pc) => (c.i32[t2] !== 0 ? pc + off : pc + 4);
  return (c, pc) => (c.i32[t2] === 0 ? pc + off : pc + 4);
}

/** TBZ (nonzero false) / TBNZ (nonzero true) on bit 0..63. */
export function testBranch(bit: number, nonzero: boolean, t: number, off: number): Op {
  const idx = 2 * t + (bit >> 5);
  const mask = 1 << (bit & 31);
  if (nonzero) return (c, pc) => ((c.i32[idx] & mask) !== 0 ? pc + off : pc + 4);
  return (c, pc) => ((c.i32[idx] & mask) === 0 ? pc + off : pc + 4);
}
