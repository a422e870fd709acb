// Conditional select (Arm ARM C6.2: CSEL, CSINC, CSINV, CSNEG and their
// aliases CSET, CSETM, CINC, CINV, CNEG).

import type { Op } from '../cpu.js';

export const SEL_CSEL = 0;
export const SEL_CSINC = 1;
export const SEL_CSINV = 2;
export const SEL_CSNEG = 3;

export function condSelect(sf: boolean, kind: number, d: number, n: number, m: number, cond: number): Op {
  const d2 = 2 * d;
  const n2 = 2 * n;
  const m2 = 2 * m;
  if (!sf) {
    switch (kind) {
      case SEL_CSEL:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = c.cond(cond) ? i[n2] : i[m2];
          i[d2 + 1] = 0;
          return pc + 4;
        };
      case SEL_CSINC:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = c.cond(cond) ? i[n2] : i[m2] + 1;
          i[d2 + 1] = 0;
          return pc + 4;
        };
      case SEL_CSINV:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = c.cond(cond) ? i[n2] : ~i[m2];
          i[d2 + 1] = 0;
          return pc + 4;
        };
      default:
        return (c, pc) => {
          const i = c.i32;
          i[d2] = c.cond(cond) ? i[n2] : -i[m2];
          i[d2 + 1] = 0;
          return pc + 4;
        };
    }
  }
  switch (kind) {
    case SEL_CSEL:
      return (c, pc) => {
        const i = c.i32;
        const s = c.cond(cond) ? n2 : m2;
        i[d2] = i[s];
        i[d2 + 1] = i[s + 1];
        return pc + 4;
      };
    case SEL_CSINC:
      return (c, pc) => {
        const i = c.i32;
        if (c.cond(cond)) {
          i[d2] = i[n2];
          i[d2 + 1] = i[n2 + 1];
        } else {
          const lo = i[m2] + 1;
          i[d2 + 1] = lo === 0 ? i[m2 + 1] + 1 : i[m2 + 1];
          i[d2] = lo;
        }
        return pc + 4;
      };
    case SEL_CSINV:
      return (c, pc) => {
        const i = c.i32;
        if (c.cond(cond)) {
          i[d2] = i[n2];
          i[d2 + 1] = i[n2 + 1];
        } else {
          i[d2] = ~i[m2];
          i[d2 + 1] = ~i[m2 + 1];
        }
        return pc + 4;
      };
    default:
      return (c, pc) => {
        const i = c.i32;
        if (c.cond(cond)) {
          i[d2] = i[n2];
          i[d2 + 1] = i[n2 + 1];
        } else {
          const lo = -i[m2] | 0;
          i[d2 + 1] = lo === 0 ? -i[m2 + 1] : ~i[m2 + 1];
          i[d2] = lo;
        }
        return pc + 4;
      };
  }
}
