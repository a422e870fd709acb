// Data processing, register (Arm ARM C4.1.87): logical and add/sub shifted,
// add/sub extended, ADC/SBC, CCMP/CCMN, conditional select, 1-source,
// 2-source (division by zero, CRC32), 3-source (incl. SMULH/UMULH).

import type { Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { bits, insn, randomState, sequence, type Generator } from './base.js';

const w = (sf: number): string => (sf ? '.x' : '.w');
const reg = (rng: Rng): number => rng.reg();

function logicalShifted(rng: Rng): Insn {
  const sf = rng.int(2);
  const opc = rng.int(4);
  const nBit = rng.int(2);
  const shift = rng.int(4);
  const imm6 = rng.int(sf ? 64 : 32);
  const name = [['and', 'bic'], ['orr', 'orn'], ['eor', 'eon'], ['ands', 'bics']][opc][nBit] + '_shift' + w(sf);
  return insn(name, bits([sf, 31], [opc, 29], [0b01010, 24], [shift, 22], [nBit, 21], [reg(rng), 16], [imm6, 10], [reg(rng), 5], [reg(rng), 0]));
}

function addSubShifted(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = rng.int(2);
  const s = rng.int(2);
  const shift = rng.int(3);
  const imm6 = rng.chance(0.3) ? 0 : rng.int(sf ? 64 : 32);
  const name = (op ? 'sub' : 'add') + (s ? 's' : '') + '_shift' + w(sf);
  return insn(name, bits([sf, 31], [op, 30], [s, 29], [0b01011, 24], [shift, 22], [reg(rng), 16], [imm6, 10], [reg(rng), 5], [reg(rng), 0]));
}

function addSubExtended(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = rng.int(2);
  const s = rng.int(2);
  const option = rng.int(8);
  const imm3 = rng.int(5);
  const name = (op ? 'sub' : 'add') + (s ? 's' : '') + '_ext' + w(sf);
  return insn(name, bits([sf, 31], [op, 30], [s, 29], [0b01011, 24], [1, 21], [reg(rng), 16], [option, 13], [imm3, 10], [reg(rng), 5], [reg(rng), 0]));
}

function adcSbc(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = rng.int(2);
  const s = rng.int(2);
  const name = (op ? 'sbc' : 'adc') + (s ? 's' : '') + w(sf);
  return insn(name, bits([sf, 31], [op, 30], [s, 29], [0b11010000, 21], [reg(rng), 16], [reg(rng), 5], [reg(rng), 0]));
}

function condCompare(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = rng.int(2);
  const imm = rng.int(2);
  const name = (op ? 'ccmp' : 'ccmn') + (imm ? '_imm' : '_reg') + w(sf);
  return insn(name, bits([sf, 31], [op, 30], [1, 29], [0b11010010, 21], [reg(rng), 16], [rng.int(16), 12], [imm, 11], [reg(rng), 5], [rng.int(16), 0]));
}

function condSelect(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = rng.int(2);
  const op2 = rng.int(2);
  const name = [['csel', 'csinc'], ['csinv', 'csneg']][op][op2] + w(sf);
  return insn(name, bits([sf, 31], [op, 30], [0b11010100, 21], [reg(rng), 16], [rng.int(16), 12], [op2, 10], [reg(rng), 5], [reg(rng), 0]));
}

function oneSource(rng: Rng): Insn {
  const sf = rng.int(2);
  const op = sf ? rng.int(6) : rng.pick([0, 1, 2, 4, 5]);
  const names = sf ? ['rbit', 'rev16', 'rev32', 'rev', 'clz', 'cls'] : ['rbit', 'rev16', 'rev', '', 'clz', 'cls'];
  return insn(names[op] + w(sf), bits([sf, 31], [1, 30], [0b11010110, 21], [op, 10], [reg(rng), 5], [reg(rng), 0]));
}

function twoSource(rng: Rng): Insn {
  const kind = rng.int(4);
  let sf: number;
  let opcode: number;
  let name: string;
  if (kind === 0) {
    sf = rng.int(2);
    opcode = rng.pick([2, 3]);
    name = opcode === 2 ? 'udiv' : 'sdiv';
    // XZR as the divisor: division by zero gives 0
    if (rng.chance(0.15)) return insn(name + w(sf), bits([sf, 31], [0b11010110, 21], [31, 16], [opcode, 10], [reg(rng), 5], [reg(rng), 0]));
  } else if (kind === 1) {
    sf = rng.int(2);
    opcode = rng.range(8, 11);
    name = ['lslv', 'lsrv', 'asrv', 'rorv'][opcode - 8];
  } else {
    const sz = rng.int(4);
    const c = rng.int(2);
    sf = sz === 3 ? 1 : 0;
    opcode = 0b010000 | (c << 2) | sz;
    name = 'crc32' + (c ? 'c' : '') + 'bhwx'[sz];
    return insn(name, bits([sf, 31], [0b11010110, 21], [reg(rng), 16], [opcode, 10], [reg(rng), 5], [reg(rng), 0]));
  }
  return insn(name + w(sf), bits([sf, 31], [0b11010110, 21], [reg(rng), 16], [opcode, 10], [reg(rng), 5], [reg(rng), 0]));
}

function threeSource(rng: Rng): Insn {
  const kind = rng.int(8);
  const forms: ReadonlyArray<readonly [string, number, number, number]> = [
    // name, op31, o0, sf (-1: either)
    ['madd', 0, 0, -1],
    ['msub', 0, 1, -1],
    ['smaddl', 1, 0, 1],
    ['smsubl', 1, 1, 1],
    ['smulh', 2, 0, 1],
    ['umaddl', 5, 0, 1],
    ['umsubl', 5, 1, 1],
    ['umulh', 6, 0, 1],
  ];
  const [name, op31, o0, sfReq] = forms[kind];
  const sf = sfReq === -1 ? rng.int(2) : sfReq;
  const ra = name.endsWith('mulh') ? 31 : reg(rng);
  return insn(name + (sfReq === -1 ? w(sf) : ''), bits([sf, 31], [0b11011, 24], [op31, 21], [reg(rng), 16], [o0, 15], [ra, 10], [reg(rng), 5], [reg(rng), 0]));
}

export const generateDpReg: Generator = (rng, st) => {
  randomState(rng, st);
  return sequence(rng, () =>
    rng.weighted<(r: Rng) => Insn>([
      [3, logicalShifted],
      [3, addSubShifted],
      [2, addSubExtended],
      [2, adcSbc],
      [2, condCompare],
      [2, condSelect],
      [2, oneSource],
      [3, twoSource],
      [3, threeSource],
    ])(rng),
  );
};
