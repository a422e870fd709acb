// Logical operations (immediate and shifted register), move wide, bitfield
// moves and EXTR (Arm ARM C6.2: AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS,
// MOVN, MOVZ, MOVK, SBFM, BFM, UBFM, EXTR).

import type { Op } from '../cpu.js';
import { logicFlags, out, shift32, shift64, SHIFT_ASR, SHIFT_LSL, SHIFT_LSR } from './alu_common.js';

export const LOGIC_AND = 0;
export const LOGIC_ORR = 1;
export const LOGIC_EOR = 2;
export const LOGIC_ANDS = 3;

/** Write a 64-bit constant (MOVZ, MOVN, ORR from XZR, MOV to SP). */
export function movConst(d: number, lo: number, hi: number): Op {
  const d2 = 2 * d;
  return (c, pc) => {
    const i = c.i32;
    i[d2] = lo;
    i[d2 + 1] = hi;
    return pc + 4;
  };
}

/** MOVK: insert a 16-bit immediate at bit position `pos` (0, 16, 32, 48). */
export function movk(sf: boolean, d: number, imm16: number, pos: number): Op {
  const d2 = 2 * d;
  const idx = pos < 32 ? d2 : d2 + 1;
  const sh = pos & 31;
  const keep = ~(0xffff << sh);
  const ins = imm16 << sh;
  if (sf) {
    return (c, pc) => {
      const i = c.i32;
      i[idx] = (i[idx] & keep) | ins;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    i[d2] = (i[d2] & keep) | ins;
    i[d2 + 1] = 0;
    return pc + 4;
  };
}

/** AND/ORR/EOR/ANDS with a decoded bitmask immediate (lo, hi). */
export function logicImm(sf: boolean, opc: number, d: number, n: number, lo: number, hi: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  if (!sf) {
    switch (opc) {
      case LOGIC_AND:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] & lo;
          i[d2 + 1] = 0;
          return pc + 4;
        };
      case LOGIC_ORR:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] | lo;
          i[d2 + 1] = 0;
          return pc + 4;
        };
      case LOGIC_EOR:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] ^ lo;
          i[d2 + 1] = 0;
          return pc + 4;
        };
      default:
        return (c, pc) => {
          const i = c.i32;
          const r = i[n2] & lo;
          i[d2] = r;
          i[d2 + 1] = 0;
          logicFlags(i, r, r);
          return pc + 4;
        };
    }
  }
  switch (opc) {
    case LOGIC_AND:
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[n2] & lo;
        i[d2 + 1] = i[n2 + 1] & hi;
        return pc + 4;
      };
    case LOGIC_ORR:
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[n2] | lo;
        i[d2 + 1] = i[n2 + 1] | hi;
        return pc + 4;
      };
    case LOGIC_EOR:
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[n2] ^ lo;
        i[d2 + 1] = i[n2 + 1] ^ hi;
        return pc + 4;
      };
    default:
      return (c, pc) => {
        const i = c.i32;
        const rl = i[n2] & lo;
        const rh = i[n2 + 1] & hi;
        i[d2] = rl;
        i[d2 + 1] = rh;
        logicFlags(i, rl, rh);
        return pc + 4;
      };
  }
}

/**
 * Logical (shifted register): opc as LOGIC_*, `invert` for BIC/ORN/EON/BICS,
 * shift type 0-3 (ROR allowed) and amount.
 */
export function logicShifted(
  sf: boolean,
  opc: number,
  invert: boolean,
  d: number,
  n: number,
  m: number,
  type: number,
  amount: number,
): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  const inv = invert ? -1 : 0;
  if (!sf) {
    switch (opc) {
      case LOGIC_AND:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] & (shift32(i[m2], type, amount) ^ inv);
          i[d2 + 1] = 0;
          return pc + 4;
        };
      case LOGIC_ORR:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] | (shift32(i[m2], type, amount) ^ inv);
          i[d2 + 1] = 0;
          return pc + 4;
        };
      case LOGIC_EOR:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] ^ shift32(i[m2], type, amount) ^ inv;
          i[d2 + 1] = 0;
          return pc + 4;
        };
      default:
        return (c, pc) => {
          const i = c.i32;
          const r = i[n2] & (shift32(i[m2], type, amount) ^ inv);
          i[d2] = r;
          i[d2 + 1] = 0;
          logicFlags(i, r, r);
          return pc + 4;
        };
    }
  }
  if (amount === 0 && !invert) {
    switch (opc) {
      case LOGIC_AND:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] & i[m2];
          i[d2 + 1] = i[n2 + 1] & i[m2 + 1];
          return pc + 4;
        };
      case LOGIC_ORR:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] | i[m2];
          i[d2 + 1] = i[n2 + 1] | i[m2 + 1];
          return pc + 4;
        };
      case LOGIC_EOR:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] ^ i[m2];
          i[d2 + 1] = i[n2 + 1] ^ i[m2 + 1];
          return pc + 4;
        };
      default:
        return (c, pc) => {
          const i = c.i32;
          const rl = i[n2] & i[m2];
          const rh = i[n2 + 1] & i[m2 + 1];
          i[d2] = rl;
          i[d2 + 1] = rh;
          logicFlags(i, rl, rh);
          return pc + 4;
        };
    }
  }
  if (!invert && opc !== LOGIC_ANDS && (type === SHIFT_LSL || type === SHIFT_LSR) && amount < 32) {
    // The common forms (orr x0, x1, x2, lsl #k; eor x0, x0, x0, lsr #k), shifted inline.
    const k = amount;
    const j = 32 - k;
    const lsl = type === SHIFT_LSL;
    if (opc === LOGIC_ORR) {
      return (c, pc) => {
        const i = c.i32;
        const ml = i[m2];
        const mh = i[m2 + 1];
        const bl = lsl ? ml << k : (ml >>> k) | (mh << j);
        const bh = lsl ? (mh << k) | (ml >>> j) : mh >>> k;
        i[d2] = i[n2] | bl;
        i[d2 + 1] = i[n2 + 1] | bh;
        return pc + 4;
      };
    }
    if (opc === LOGIC_EOR) {
      return (c, pc) => {
        const i = c.i32;
        const ml = i[m2];
        const mh = i[m2 + 1];
        const bl = lsl ? ml << k : (ml >>> k) | (mh << j);
        const bh = lsl ? (mh << k) | (ml >>> j) : mh >>> k;
        i[d2] = i[n2] ^ bl;
        i[d2 + 1] = i[n2 + 1] ^ bh;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const ml = i[m2];
      const mh = i[m2 + 1];
      const bl = lsl ? ml << k : (ml >>> k) | (mh << j);
      const bh = lsl ? (mh << k) | (ml >>> j) : mh >>> k;
      i[d2] = i[n2] & bl;
      i[d2 + 1] = i[n2 + 1] & bh;
      return pc + 4;
    };
  }
  switch (opc) {
    case LOGIC_AND:
      return (c, pc) => {
        const i = c.i32;
        shift64(i[m2], i[m2 + 1], type, amount);
        i[d2] = i[n2] & (out.lo ^ inv);
        i[d2 + 1] = i[n2 + 1] & (out.hi ^ inv);
        return pc + 4;
      };
    case LOGIC_ORR:
      return (c, pc) => {
        const i = c.i32;
        shift64(i[m2], i[m2 + 1], type, amount);
        i[d2] = i[n2] | (out.lo ^ inv);
        i[d2 + 1] = i[n2 + 1] | (out.hi ^ inv);
        return pc + 4;
      };
    case LOGIC_EOR:
      return (c, pc) => {
        const i = c.i32;
        shift64(i[m2], i[m2 + 1], type, amount);
        i[d2] = i[n2] ^ out.lo ^ inv;
        i[d2 + 1] = i[n2 + 1] ^ out.hi ^ inv;
        return pc + 4;
      };
    default:
      return (c, pc) => {
        const i = c.i32;
        shift64(i[m2], i[m2 + 1], type, amount);
        const rl = i[n2] & (out.lo ^ inv);
        const rh = i[n2 + 1] & (out.hi ^ inv);
        i[d2] = rl;
        i[d2 + 1] = rh;
        logicFlags(i, rl, rh);
        return pc + 4;
      };
  }
}

export const BF_SBFM = 0;
export const BF_BFM = 1;
export const BF_UBFM = 2;

/**
 * SBFM/BFM/UBFM with immr = r, imms = s and the masks of DecodeBitMasks
 * (wmask, tmask as lo/hi). Common aliases (LSL, LSR, ASR, UBFX, SXTW...)
 * get their own closures.
 */
export function bitfield(
  sf: boolean,
  opc: number,
  d: number,
  n: number,
  r: number,
  s: number,
  wlo: number,
  whi: number,
  tlo: number,
  thi: number,
): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  if (!sf) {
    if (opc === BF_UBFM) {
      if (s === 31) return shiftImm32(d, n, SHIFT_LSR, r);
      if (s + 1 === r) return shiftImm32(d, n, SHIFT_LSL, 32 - r);
      const mask = wlo & tlo;
      return (c, pc) => {
        const i = c.i32;
        const v = i[n2];
        i[d2] = ((v >>> r) | (v << (32 - r))) & mask;
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    if (opc === BF_SBFM) {
      if (s === 31) return shiftImm32(d, n, SHIFT_ASR, r);
      const sbit = s;
      return (c, pc) => {
        const i = c.i32;
        const v = i[n2];
        const bot = ((v >>> r) | (v << (32 - r))) & wlo;
        const top = (v << (31 - sbit)) >> 31;
        i[d2] = (top & ~tlo) | (bot & tlo);
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const v = i[n2];
      const dst = i[d2];
      const bot = (dst & ~wlo) | (((v >>> r) | (v << (32 - r))) & wlo);
      i[d2] = (dst & ~tlo) | (bot & tlo);
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  if (opc === BF_UBFM) {
    if (s === 63) return shiftImm64(d, n, SHIFT_LSR, r);
    if (s + 1 === r) return shiftImm64(d, n, SHIFT_LSL, 64 - r);
    const ml = wlo & tlo;
    const mh = whi & thi;
    if (r === 0 && mh === 0) {
      // UXTB/UXTH/UXTW-like: keep low bits.
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[n2] & ml;
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      shift64(i[n2], i[n2 + 1], 3, r);
      i[d2] = out.lo & ml;
      i[d2 + 1] = out.hi & mh;
      return pc + 4;
    };
  }
  if (opc === BF_SBFM) {
    if (s === 63) return shiftImm64(d, n, SHIFT_ASR, r);
    if (r === 0 && s === 31) {
      // SXTW
      return (c, pc) => {
        const i = c.i32;
        const v = i[n2];
        i[d2] = v;
        i[d2 + 1] = v >> 31;
        return pc + 4;
      };
    }
    const sIdx = s < 32 ? 0 : 1;
    const sSh = 31 - (s & 31);
    return (c, pc) => {
      const i = c.i32;
      const top = (i[n2 + sIdx] << sSh) >> 31;
      shift64(i[n2], i[n2 + 1], 3, r);
      i[d2] = (top & ~tlo) | (out.lo & wlo & tlo);
      i[d2 + 1] = (top & ~thi) | (out.hi & whi & thi);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    shift64(i[n2], i[n2 + 1], 3, r);
    const dl = i[d2];
    const dh = i[d2 + 1];
    const bl = (dl & ~wlo) | (out.lo & wlo);
    const bh = (dh & ~whi) | (out.hi & whi);
    i[d2] = (dl & ~tlo) | (bl & tlo);
    i[d2 + 1] = (dh & ~thi) | (bh & thi);
    return pc + 4;
  };
}

/** LSL/LSR/ASR by an immediate amount, 32-bit. */
function shiftImm32(d: number, n: number, type: number, amount: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  if (type === SHIFT_LSL) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = i[n2] << amount;
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  if (type === SHIFT_LSR) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = i[n2] >>> amount;
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    i[d2] = i[n2] >> amount;
    i[d2 + 1] = 0;
    return pc + 4;
  };
}

/** LSL/LSR/ASR by an immediate amount 1..63, 64-bit. */
function shiftImm64(d: number, n: number, type: number, amount: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  if (amount === 0) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = i[n2];
      i[d2 + 1] = i[n2 + 1];
      return pc + 4;
    };
  }
  const k = amount & 31;
  const j = 32 - k;
  if (amount < 32) {
    if (type === SHIFT_LSL) {
      return (c, pc) => {
        const i = c.i32;
        const lo = i[n2];
        i[d2 + 1] = (i[n2 + 1] << k) | (lo >>> j);
        i[d2] = lo << k;
        return pc + 4;
      };
    }
    if (type === SHIFT_LSR) {
      return (c, pc) => {
        const i = c.i32;
        const hi = i[n2 + 1];
        i[d2] = (i[n2] >>> k) | (hi << j);
        i[d2 + 1] = hi >>> k;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const hi = i[n2 + 1];
      i[d2] = (i[n2] >>> k) | (hi << j);
      i[d2 + 1] = hi >> k;
      return pc + 4;
    };
  }
  if (type === SHIFT_LSL) {
    return (c, pc) => {
      const i = c.i32;
      i[d2 + 1] = i[n2] << k;
      i[d2] = 0;
      return pc + 4;
    };
  }
  if (type === SHIFT_LSR) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = i[n2 + 1] >>> k;
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    const hi = i[n2 + 1];
    i[d2] = hi >> k;
    i[d2 + 1] = hi >> 31;
    return pc + 4;
  };
}

/** EXTR: bits lsb+datasize-1..lsb of Rn:Rm (ROR when Rn = Rm). */
export function extr(sf: boolean, d: number, n: number, m: number, lsb: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  if (!sf) {
    if (lsb === 0) {
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[m2];
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      i[d2] = (i[m2] >>> lsb) | (i[n2] << (32 - lsb));
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  if (lsb === 0) {
    return (c, pc) => {
      const i = c.i32;
      i[d2] = i[m2];
      i[d2 + 1] = i[m2 + 1];
      return pc + 4;
    };
  }
  if (lsb === 32) {
    return (c, pc) => {
      const i = c.i32;
      const lo = i[m2 + 1];
      i[d2 + 1] = i[n2];
      i[d2] = lo;
      return pc + 4;
    };
  }
  const k = lsb & 31;
  const j = 32 - k;
  if (lsb < 32) {
    return (c, pc) => {
      const i = c.i32;
      const mh = i[m2 + 1];
      const lo = (i[m2] >>> k) | (mh << j);
      i[d2 + 1] = (mh >>> k) | (i[n2] << j);
      i[d2] = lo;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    const nl = i[n2];
    const lo = (i[m2 + 1] >>> k) | (nl << j);
    i[d2 + 1] = (nl >>> k) | (i[n2 + 1] << j);
    i[d2] = lo;
    return pc + 4;
  };
}
