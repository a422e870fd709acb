// Advanced SIMD half precision (FEAT_FP16): three-same, two-register misc,
// by element and across lanes on .4h/.8h. Not part of `npm test` (the issue
// does not ask for vector FP16); run with diff_main --group simd_fp16.

import type { Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { interestingF16 } from '../values.js';
import { bits, insn, randomState, sequence, type Generator } from './base.js';

const reg = (rng: Rng): number => rng.reg();

const THREE: ReadonlyArray<readonly [string, number, number, number]> = [
  ['fmaxnm', 0, 0, 0], ['fmla', 0, 0, 1], ['fadd', 0, 0, 2], ['fmulx', 0, 0, 3], ['fcmeq', 0, 0, 4], ['fmax', 0, 0, 6],
  ['frecps', 0, 0, 7], ['fminnm', 0, 1, 0], ['fmls', 0, 1, 1], ['fsub', 0, 1, 2], ['fmin', 0, 1, 6], ['frsqrts', 0, 1, 7],
  ['fmaxnmp', 1, 0, 0], ['faddp', 1, 0, 2], ['fmul', 1, 0, 3], ['fcmge', 1, 0, 4], ['facge', 1, 0, 5], ['fmaxp', 1, 0, 6],
  ['fdiv', 1, 0, 7], ['fminnmp', 1, 1, 0], ['fabd', 1, 1, 2], ['fcmgt', 1, 1, 4], ['facgt', 1, 1, 5], ['fminp', 1, 1, 6],
];

const MISC: ReadonlyArray<readonly [string, number, number, number]> = [
  ['frintn', 0, 0, 0b11000], ['frintm', 0, 0, 0b11001], ['fcvtns', 0, 0, 0b11010], ['fcvtms', 0, 0, 0b11011],
  ['fcvtas', 0, 0, 0b11100], ['scvtf', 0, 0, 0b11101], ['fcmgt_zero', 0, 1, 0b01100], ['fcmeq_zero', 0, 1, 0b01101],
  ['fcmlt_zero', 0, 1, 0b01110], ['fabs', 0, 1, 0b01111], ['frintp', 0, 1, 0b11000], ['frintz', 0, 1, 0b11001],
  ['fcvtps', 0, 1, 0b11010], ['fcvtzs', 0, 1, 0b11011], ['frecpe', 0, 1, 0b11101], ['frinta', 1, 0, 0b11000],
  ['frintx', 1, 0, 0b11001], ['fcvtnu', 1, 0, 0b11010], ['fcvtmu', 1, 0, 0b11011], ['fcvtau', 1, 0, 0b11100],
  ['ucvtf', 1, 0, 0b11101], ['fcmge_zero', 1, 1, 0b01100], ['fcmle_zero', 1, 1, 0b01101], ['fneg', 1, 1, 0b01111],
  ['frinti', 1, 1, 0b11001], ['fcvtpu', 1, 1, 0b11010], ['fcvtzu', 1, 1, 0b11011], ['frsqrte', 1, 1, 0b11101],
  ['fsqrt', 1, 1, 0b11111],
];

function one(rng: Rng): Insn {
  const q = rng.int(2);
  const t = q ? '8h' : '4h';
  switch (rng.int(7)) {
    case 0:
    case 1:
    case 2: {
      const [name, u, a, op] = rng.pick(THREE);
      return insn(`${name}.${t}`, bits([q, 30], [u, 29], [0b01110, 24], [a, 23], [0b10, 21], [reg(rng), 16], [op, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
    }
    case 3:
    case 4: {
      const [name, u, a, op] = rng.pick(MISC);
      return insn(`${name}.${t}`, bits([q, 30], [u, 29], [0b01110, 24], [a, 23], [0b1111, 19], [op, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
    }
    case 5: {
      const forms: ReadonlyArray<readonly [string, number, number]> = [['fmla', 0, 0b0001], ['fmls', 0, 0b0101], ['fmul', 0, 0b1001], ['fmulx', 1, 0b1001]];
      const [name, u, op] = rng.pick(forms);
      const index = rng.int(8);
      return insn(`${name}_elem.${t}`, bits([q, 30], [u, 29], [0b01111, 24], [(index >> 1) & 1, 21], [index & 1, 20], [rng.int(16), 16], [op, 12], [index >> 2, 11], [reg(rng), 5], [reg(rng), 0]));
    }
    default: {
      const a = rng.int(2);
      const op = rng.pick([0b01100, 0b01111]);
      const name = op === 0b01100 ? (a ? 'fminnmv' : 'fmaxnmv') : a ? 'fminv' : 'fmaxv';
      return insn(`${name}.${t}`, bits([q, 30], [0b01110, 24], [a, 23], [0b11000, 17], [op, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
    }
  }
}

export const generateSimdFp16: Generator = (rng, st) => {
  randomState(rng, st);
  for (let n = 0; n < 32; n++) if (rng.chance(0.8)) for (let l = 0; l < 8; l++) st.setVLane16(n, l, interestingF16(rng));
  return sequence(rng, () => one(rng));
};
