// Top-level A64 decode (Arm ARM C4.1, "A64 instruction set encoding"):
// bits 28:25 (op0) select the encoding group. Each group's decoder returns an
// Op, or null for an encoding it does not implement; null becomes an
// undefined-instruction exit (SIGILL for the guest).

import type { Op } from '../cpu.js';
import { decodeDpImm } from './dp_imm.js';
import { decodeBranchSys } from './branch_sys.js';
import { decodeLdSt } from './ldst.js';
import { decodeDpReg } from './dp_reg.js';
import { decodeFp } from './fp.js';
import { decodeSimd } from './simd.js';

/** An op that stops the CPU with an undefined-instruction exit. */
export function undefinedOp(word: number): Op {
  return (c, pc) => {
    c.raise({ kind: 'undefined', word: word >>> 0 });
    return pc;
  };
}

export function decode(word: number): Op {
  const op0 = (word >>> 25) & 0xf;
  let op: Op | null = null;
  if ((op0 & 0b1110) === 0b1000) op = decodeDpImm(word);
  else if ((op0 & 0b1110) === 0b1010) op = decodeBranchSys(word);
  else if ((op0 & 0b0101) === 0b0100) op = decodeLdSt(word);
  else if ((op0 & 0b0111) === 0b0101) op = decodeDpReg(word);
  else if ((op0 & 0b0111) === 0b0111) op = decodeFp(word) ?? decodeSimd(word);
  return op ?? undefinedOp(word);
}
