// Data processing, immediate (Arm ARM C4.1.86): add/sub immediate, logical
// immediate with valid bitmasks, move wide, bitfield, EXTR, ADR/ADRP.

import type { Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { bits, insn, randomState, sequence, type Generator } from './base.js';

const w = (sf: number): string => (sf ? '.x' : '.w');

/** Encode a valid (N, immr, imms) bitmask immediate for a register of `size` bits. */
export function bitmaskFields(rng: Rng, size: 32 | 64): { n: number; immr: number; imms: number } {
  const sizes = size === 64 ? [2, 4, 8, 16, 32, 64] : [2, 4, 8, 16, 32];
  const e = rng.pick(sizes);
  const ones = rng.range(1, e - 1);
  const immr = rng.int(e);
  if (e === 64) return { n: 1, immr, imms: ones - 1 };
  const prefix = (~(2 * e - 1) & 0x3f) >>> 0; // e=32: 0b000000, 16: 0b100000, 8: 0b110000, ...
  return { n: 0, immr, imms: (prefix & 0x3f) | (ones - 1) };
}

function addSubImm(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = rng.int(2);
  const s = rng.int(2);
  const sh = rng.int(2);
  const imm12 = rng.chance(0.3) ? rng.pick([0, 1, 0xfff, 0x800]) : rng.int(4096);
  const name = (op ? 'sub' : 'add') + (s ? 's' : '') + '_imm' + w(sf);
  return insn(name, bits([sf, 31], [op, 30], [s, 29], [0b100010, 23], [sh, 22], [imm12, 10], [rng.reg(), 5], [rng.reg(), 0]));
}

function logicalImm(rng: Rng): Insn {
  const sf = rng.int(2);
  const opc = rng.int(4);
  const { n, immr, imms } = bitmaskFields(rng, sf ? 64 : 32);
  const name = ['and', 'orr', 'eor', 'ands'][opc] + '_imm' + w(sf);
  return insn(name, bits([sf, 31], [opc, 29], [0b100100, 23], [n, 22], [immr, 16], [imms, 10], [rng.reg(), 5], [rng.reg(), 0]));
}

function moveWide(rng: Rng): Insn {
  const sf = rng.int(2);
  const opc = rng.pick([0, 2, 3]);
  const hw = rng.int(sf ? 4 : 2);
  const imm16 = rng.chance(0.3) ? rng.pick([0, 0xffff, 0x8000, 1]) : rng.int(65536);
  const name = ['movn', '', 'movz', 'movk'][opc] + w(sf);
  return insn(name, bits([sf, 31], [opc, 29], [0b100101, 23], [hw, 21], [imm16, 5], [rng.reg(), 0]));
}

function bitfield(rng: Rng): Insn {
  const sf = rng.int(2);
  const opc = rng.int(3);
  const width = sf ? 64 : 32;
  const immr = rng.int(width);
  const imms = rng.int(width);
  const name = ['sbfm', 'bfm', 'ubfm'][opc] + w(sf);
  return insn(name, bits([sf, 31], [opc, 29], [0b100110, 23], [sf, 22], [immr, 16], [imms, 10], [rng.reg(), 5], [rng.reg(), 0]));
}

function extr(rng: Rng): Insn {
  const sf = rng.int(2);
  const imms = rng.int(sf ? 64 : 32);
  return insn('extr' + w(sf), bits([sf, 31], [0b100111, 23], [sf, 22], [rng.reg(), 16], [imms, 10], [rng.reg(), 5], [rng.reg(), 0]));
}

function adr(rng: Rng): Insn {
  const op = rng.int(2);
  const imm = rng.u32() & 0x1fffff;
  return insn(op ? 'adrp' : 'adr', bits([op, 31], [imm & 3, 29], [0b10000, 24], [imm >>> 2, 5], [rng.reg(), 0]));
}

export const generateDpImm: Generator = (rng, st) => {
  randomState(rng, st);
  return sequence(rng, () =>
    rng.weighted<(r: Rng) => Insn>([
      [3, addSubImm],
      [3, logicalImm],
      [2, moveWide],
      [3, bitfield],
      [1, extr],
      [1, adr],
    ])(rng),
  );
};
