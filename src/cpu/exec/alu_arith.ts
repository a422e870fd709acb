// Integer add/subtract: immediate, shifted register, extended register,
// with carry, and conditional compare (Arm ARM C6.2: ADD, ADDS, SUB, SUBS,
// ADC, ADCS, SBC, SBCS, CCMN, CCMP). Register arguments are state slots, already
// mapped for SP/ZR by the decoder.

import type { Op } from '../cpu.js';
import { ZR_WRITE } from '../state.js';
import { CI, SHIFT_LSL, adds32, adds64, extend32, extend64, out, shift32, shift64 } from './alu_common.js';

/** ADD/SUB (immediate), imm already shifted (0..0xfff000). */
export function addSubImm(sf: boolean, sub: boolean, flags: boolean, d: number, n: number, imm: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  if (flags) {
    if (sf) {
      const blo = sub ? ~imm : imm;
      const bhi = sub ? -1 : 0;
      const cin = sub ? 1 : 0;
      return (c, pc) => {
        const i = c.i32;
        adds64(i, i[n2], i[n2 + 1], blo, bhi, cin, d);
        return pc + 4;
      };
    }
    const b = sub ? ~imm : imm;
    const cin = sub ? 1 : 0;
    return (c, pc) => {
      const i = c.i32;
      adds32(i, i[n2], b, cin, d);
      return pc + 4;
    };
  }
  if (sf) {
    if (imm === 0) {
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[n2];
        i[d2 + 1] = i[n2 + 1];
        return pc + 4;
      };
    }
    if (sub) {
      return (c, pc) => {
        const i = c.i32;
        const lo = (i[n2] >>> 0) - imm;
        i[d2 + 1] = lo < 0 ? i[n2 + 1] - 1 : i[n2 + 1];
        i[d2] = lo;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const lo = (i[n2] >>> 0) + imm;
      i[d2 + 1] = lo > 0xffffffff ? i[n2 + 1] + 1 : i[n2 + 1];
      i[d2] = lo;
      return pc + 4;
    };
  }
  const k = sub ? -imm : imm;
  return (c, pc) => {
    const i = c.i32;
    i[d2] = i[n2] + k;
    i[d2 + 1] = 0;
    return pc + 4;
  };
}

/** ADD/SUB(S) (shifted register): shift type 0-2, amount 0..63. */
export function addSubShifted(
  sf: boolean,
  sub: boolean,
  flags: boolean,
  d: number,
  n: number,
  m: number,
  type: number,
  amount: number,
): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  if (!sf) {
    if (flags) {
      const inv = sub ? -1 : 0;
      const cin = sub ? 1 : 0;
      return (c, pc) => {
        const i = c.i32;
        adds32(i, i[n2], shift32(i[m2], type, amount) ^ inv, cin, d);
        return pc + 4;
      };
    }
    if (amount === 0) {
      if (sub) {
        return (c, pc) => {
          const i = c.i32;
          i[d2] = i[n2] - i[m2];
          i[d2 + 1] = 0;
          return pc + 4;
        };
      }
      return (c, pc) => {
        const i = c.i32;
        i[d2] = i[n2] + i[m2];
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const b = shift32(i[m2], type, amount);
      i[d2] = sub ? i[n2] - b : i[n2] + b;
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  if (flags) {
    const inv = sub ? -1 : 0;
    const cin = sub ? 1 : 0;
    if (amount === 0) {
      return (c, pc) => {
        const i = c.i32;
        adds64(i, i[n2], i[n2 + 1], i[m2] ^ inv, i[m2 + 1] ^ inv, cin, d);
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      shift64(i[m2], i[m2 + 1], type, amount);
      adds64(i, i[n2], i[n2 + 1], out.lo ^ inv, out.hi ^ inv, cin, d);
      return pc + 4;
    };
  }
  if (amount === 0) {
    if (sub) {
      return (c, pc) => {
        const i = c.i32;
        const lo = (i[n2] >>> 0) - (i[m2] >>> 0);
        const hi = i[n2 + 1] - i[m2 + 1] - (lo < 0 ? 1 : 0);
        i[d2] = lo;
        i[d2 + 1] = hi;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const lo = (i[n2] >>> 0) + (i[m2] >>> 0);
      const hi = i[n2 + 1] + i[m2 + 1] + (lo > 0xffffffff ? 1 : 0);
      i[d2] = lo;
      i[d2 + 1] = hi;
      return pc + 4;
    };
  }
  if (type === SHIFT_LSL && amount < 32) {
    // The common scaled-index form (add x0, x1, x2, lsl #3), shifted inline.
    const j = 32 - amount;
    if (sub) {
      return (c, pc) => {
        const i = c.i32;
        const ml = i[m2];
        const bh = (i[m2 + 1] << amount) | (ml >>> j);
        const lo = (i[n2] >>> 0) - ((ml << amount) >>> 0);
        const hi = i[n2 + 1] - bh - (lo < 0 ? 1 : 0);
        i[d2] = lo;
        i[d2 + 1] = hi;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const ml = i[m2];
      const bh = (i[m2 + 1] << amount) | (ml >>> j);
      const lo = (i[n2] >>> 0) + ((ml << amount) >>> 0);
      const hi = i[n2 + 1] + bh + (lo > 0xffffffff ? 1 : 0);
      i[d2] = lo;
      i[d2 + 1] = hi;
      return pc + 4;
    };
  }
  if (sub) {
    return (c, pc) => {
      const i = c.i32;
      shift64(i[m2], i[m2 + 1], type, amount);
      const lo = (i[n2] >>> 0) - (out.lo >>> 0);
      const hi = i[n2 + 1] - out.hi - (lo < 0 ? 1 : 0);
      i[d2] = lo;
      i[d2 + 1] = hi;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    shift64(i[m2], i[m2 + 1], type, amount);
    const lo = (i[n2] >>> 0) + (out.lo >>> 0);
    const hi = i[n2 + 1] + out.hi + (lo > 0xffffffff ? 1 : 0);
    i[d2] = lo;
    i[d2 + 1] = hi;
    return pc + 4;
  };
}

/** ADD/SUB(S) (extended register): option 0-7, left shift 0..4. */
export function addSubExtended(
  sf: boolean,
  sub: boolean,
  flags: boolean,
  d: number,
  n: number,
  m: number,
  option: number,
  sh: number,
): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  const inv = sub ? -1 : 0;
  const cin = sub ? 1 : 0;
  if (!sf) {
    if (flags) {
      return (c, pc) => {
        const i = c.i32;
        adds32(i, i[n2], extend32(i[m2], option, sh) ^ inv, cin, d);
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const b = extend32(i[m2], option, sh);
      i[d2] = sub ? i[n2] - b : i[n2] + b;
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  if (flags) {
    return (c, pc) => {
      const i = c.i32;
      extend64(i[m2], i[m2 + 1], option, sh);
      adds64(i, i[n2], i[n2 + 1], out.lo ^ inv, out.hi ^ inv, cin, d);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    extend64(i[m2], i[m2 + 1], option, sh);
    const bl = out.lo ^ inv;
    const bh = out.hi ^ inv;
    const lo = (i[n2] >>> 0) + (bl >>> 0) + cin;
    const hi = i[n2 + 1] + bh + (lo > 0xffffffff ? 1 : 0);
    i[d2] = lo;
    i[d2 + 1] = hi;
    return pc + 4;
  };
}

/** ADC, ADCS, SBC, SBCS. */
export function addSubCarry(sf: boolean, sub: boolean, flags: boolean, d: number, n: number, m: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  const inv = sub ? -1 : 0;
  if (sf) {
    if (flags) {
      return (c, pc) => {
        const i = c.i32;
        adds64(i, i[n2], i[n2 + 1], i[m2] ^ inv, i[m2 + 1] ^ inv, i[CI], d);
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const lo = (i[n2] >>> 0) + ((i[m2] ^ inv) >>> 0) + i[CI];
      const hi = i[n2 + 1] + (i[m2 + 1] ^ inv) + (lo > 0xffffffff ? 1 : 0);
      i[d2] = lo;
      i[d2 + 1] = hi;
      return pc + 4;
    };
  }
  if (flags) {
    return (c, pc) => {
      const i = c.i32;
      adds32(i, i[n2], i[m2] ^ inv, i[CI], d);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    i[d2] = i[n2] + (i[m2] ^ inv) + i[CI];
    i[d2 + 1] = 0;
    return pc + 4;
  };
}

/**
 * CCMN/CCMP: if cond holds, the flags of Rn + op2 (CCMN) or Rn - op2 (CCMP);
 * otherwise the immediate nzcv. op2 is register slot m, or the 5-bit
 * immediate when `imm` is true.
 */
export function condCompare(
  sf: boolean,
  sub: boolean,
  n: number,
  m: number,
  imm: boolean,
  cond: number,
  nzcv: number,
): Op {
  const n2 = 2 * n;
  const m2 = 2 * m;
  const inv = sub ? -1 : 0;
  const cin = sub ? 1 : 0;
  const fn = (nzcv >> 3) & 1;
  const fz = (nzcv >> 2) & 1;
  const fc = (nzcv >> 1) & 1;
  const fv = nzcv & 1;
  const k = m;
  if (sf) {
    if (imm) {
      return (c, pc) => {
        if (c.cond(cond)) {
          const i = c.i32;
          adds64(i, i[n2], i[n2 + 1], k ^ inv, inv, cin, ZR_WRITE);
        } else c.setNZCV(fn, fz, fc, fv);
        return pc + 4;
      };
    }
    return (c, pc) => {
      if (c.cond(cond)) {
        const i = c.i32;
        adds64(i, i[n2], i[n2 + 1], i[m2] ^ inv, i[m2 + 1] ^ inv, cin, ZR_WRITE);
      } else c.setNZCV(fn, fz, fc, fv);
      return pc + 4;
    };
  }
  if (imm) {
    return (c, pc) => {
      if (c.cond(cond)) adds32(c.i32, c.i32[n2], k ^ inv, cin, ZR_WRITE);
      else c.setNZCV(fn, fz, fc, fv);
      return pc + 4;
    };
  }
  return (c, pc) => {
    if (c.cond(cond)) {
      const i = c.i32;
      adds32(i, i[n2], i[m2] ^ inv, cin, ZR_WRITE);
    } else c.setNZCV(fn, fz, fc, fv);
    return pc + 4;
  };
}
