// Random words in the data-processing spaces (Arm ARM C4.1: op0 100x DP
// immediate, x101 DP register, x111 FP/SIMD): whatever they are, allocated or
// not. Run in trap mode, so an undefined encoding on either side shows up as
// the SIGILL marker in the scratch buffer. No loads, stores or branches live
// in these spaces. Exploration only (qemu's "max" CPU has extensions Flint
// does not claim); failures are named by objdump's mnemonic and a category.

import type { Insn } from '../case.js';
import { insn, randomState, type Generator } from './base.js';

const SPACES = [0b1000, 0b1001, 0b0101, 0b1101, 0b0111, 0b1111];

export const generateDecode: Generator = (rng, st) => {
  randomState(rng, st);
  const op0 = rng.pick(SPACES);
  const w = ((rng.u32() & ~(0xf << 25)) | (op0 << 25)) >>> 0;
  const out: Insn[] = [insn(`op0=${op0.toString(2).padStart(4, '0')}`, w)];
  return out;
};
