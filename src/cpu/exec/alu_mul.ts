// Data-processing (3 source) (Arm ARM C6.2: MADD, MSUB, SMADDL, SMSUBL,
// UMADDL, UMSUBL, SMULH, UMULH; MUL, MNEG, SMULL, UMULL are aliases with Ra = ZR).

import type { Op } from '../cpu.js';
import { ZR_READ } from '../state.js';
import { mulU32, out, umulh64 } from './alu_common.js';

/** MADD/MSUB: Rd = Ra +/- Rn * Rm (low 32 or 64 bits). */
export function multiplyAdd(sf: boolean, sub: boolean, d: number, n: number, m: number, a: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  const a2 = 2 * a;
  if (!sf) {
    if (a === ZR_READ && !sub) {
      return (c, pc) => {
        const i = c.i32;
        i[d2] = Math.imul(i[n2], i[m2]);
        i[d2 + 1] = 0;
        return pc + 4;
      };
    }
    return (c, pc) => {
      const i = c.i32;
      const p = Math.imul(i[n2], i[m2]);
      i[d2] = sub ? i[a2] - p : i[a2] + p;
      i[d2 + 1] = 0;
      return pc + 4;
    };
  }
  return (c, pc) => {
    const i = c.i32;
    const nl = i[n2];
    const nh = i[n2 + 1];
    const ml = i[m2];
    const mh = i[m2 + 1];
    mulU32(nl, ml);
    let pl = out.lo;
    let ph = (out.hi + Math.imul(nl, mh) + Math.imul(nh, ml)) | 0;
    if (sub) {
      // Negate the product: -p = ~p + 1.
      pl = -pl | 0;
      ph = pl === 0 ? -ph | 0 : ~ph;
    }
    const lo = (i[a2] >>> 0) + (pl >>> 0);
    i[d2 + 1] = i[a2 + 1] + ph + (lo > 0xffffffff ? 1 : 0);
    i[d2] = lo;
    return pc + 4;
  };
}

/** SMADDL/SMSUBL/UMADDL/UMSUBL: Xd = Xa +/- Wn * Wm (64-bit product). */
export function multiplyAddLong(signed: boolean, sub: boolean, d: number, n: number, m: number, a: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  const a2 = 2 * a;
  return (c, pc) => {
    const i = c.i32;
    const x = i[n2];
    const y = i[m2];
    mulU32(x, y);
    let pl = out.lo;
    let ph = out.hi;
    if (signed) {
      // Signed product from the unsigned one: subtract y if x < 0 and x if y < 0 (mod 2^64).
      if (x < 0) ph = (ph - y) | 0;
      if (y < 0) ph = (ph - x) | 0;
    }
    if (sub) {
      pl = -pl | 0;
      ph = pl === 0 ? -ph | 0 : ~ph;
    }
    const lo = (i[a2] >>> 0) + (pl >>> 0);
    i[d2 + 1] = i[a2 + 1] + ph + (lo > 0xffffffff ? 1 : 0);
    i[d2] = lo;
    return pc + 4;
  };
}

/** SMULH/UMULH: the high 64 bits of the 128-bit product. */
export function multiplyHigh(signed: boolean, d: number, n: number, m: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  return (c, pc) => {
    const i = c.i32;
    const nl = i[n2];
    const nh = i[n2 + 1];
    const ml = i[m2];
    const mh = i[m2 + 1];
    umulh64(nl, nh, ml, mh);
    let lo = out.lo;
    let hi = out.hi;
    if (signed) {
      // high(signed) = high(unsigned) - (n < 0 ? m : 0) - (m < 0 ? n : 0), mod 2^64.
      if (nh < 0) {
        const l = (lo >>> 0) - (ml >>> 0);
        hi = (hi - mh - (l < 0 ? 1 : 0)) | 0;
        lo = l | 0;
      }
      if (mh < 0) {
        const l = (lo >>> 0) - (nl >>> 0);
        hi = (hi - nh - (l < 0 ? 1 : 0)) | 0;
        lo = l | 0;
      }
    }
    i[d2] = lo;
    i[d2 + 1] = hi;
    return pc + 4;
  };
}
