// Advanced SIMD (Arm ARM C4.1.90): integer and float three-same, two-register
// misc, across lanes, three-different (long/wide/narrow), shift by immediate
// (incl. narrowing, rounding, saturating, long, fixed-point conversions),
// modified immediate (MOVI/MVNI/ORR/BIC/FMOV), copy (DUP/INS/UMOV/SMOV),
// permutes (UZP/ZIP/TRN), EXT, TBL/TBX, by-element, and the scalar forms.
// Only allocated encodings: each table lists the sizes an operation allows.

import type { Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { bits, insn, randomState, sequence, type Generator } from './base.js';

const reg = (rng: Rng): number => rng.reg();
const ARR = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'];
const arr = (size: number, q: number): string => ARR[2 * size + q];

/** Sizes 0..3 an operation accepts, as a bit mask. */
const S012 = 0b0111;
const S0123 = 0b1111;
const S12 = 0b0110;
const S0 = 0b0001;
const S01 = 0b0011;

function pickSize(rng: Rng, mask: number): number {
  const ok: number[] = [];
  for (let s = 0; s < 4; s++) if (mask & (1 << s)) ok.push(s);
  return rng.pick(ok);
}

/** Q for a vector form: size 3 (64-bit elements) needs Q=1. */
function pickQ(rng: Rng, size: number): number {
  return size === 3 ? 1 : rng.int(2);
}

// ---- three same -----------------------------------------------------------

const INT3: ReadonlyArray<readonly [string, string, number, number]> = [
  // signed name, unsigned name ('' = unallocated), opcode, size mask (U=0 / U=1 share it unless noted below)
  ['shadd', 'uhadd', 0b00000, S012],
  ['sqadd', 'uqadd', 0b00001, S0123],
  ['srhadd', 'urhadd', 0b00010, S012],
  ['shsub', 'uhsub', 0b00100, S012],
  ['sqsub', 'uqsub', 0b00101, S0123],
  ['cmgt', 'cmhi', 0b00110, S0123],
  ['cmge', 'cmhs', 0b00111, S0123],
  ['sshl', 'ushl', 0b01000, S0123],
  ['sqshl', 'uqshl', 0b01001, S0123],
  ['srshl', 'urshl', 0b01010, S0123],
  ['sqrshl', 'uqrshl', 0b01011, S0123],
  ['smax', 'umax', 0b01100, S012],
  ['smin', 'umin', 0b01101, S012],
  ['sabd', 'uabd', 0b01110, S012],
  ['saba', 'uaba', 0b01111, S012],
  ['add', 'sub', 0b10000, S0123],
  ['cmtst', 'cmeq', 0b10001, S0123],
  ['mla', 'mls', 0b10010, S012],
  ['mul', 'pmul', 0b10011, S012],
  ['smaxp', 'umaxp', 0b10100, S012],
  ['sminp', 'uminp', 0b10101, S012],
  ['sqdmulh', 'sqrdmulh', 0b10110, S12],
  ['addp', '', 0b10111, S0123],
];

function threeSameInt(rng: Rng): Insn {
  const [sn, un, opcode, mask] = rng.pick(INT3);
  const u = un === '' ? 0 : rng.int(2);
  const size = u === 1 && un === 'pmul' ? 0 : pickSize(rng, mask);
  const q = pickQ(rng, size);
  return insn(`${u ? un : sn}.${arr(size, q)}`, bits([q, 30], [u, 29], [0b01110, 24], [size, 22], [1, 21], [reg(rng), 16], [opcode, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

function logic(rng: Rng): Insn {
  const u = rng.int(2);
  const size = rng.int(4);
  const q = rng.int(2);
  const name = [['and', 'bic', 'orr', 'orn'], ['eor', 'bsl', 'bit', 'bif']][u][size];
  return insn(`${name}.${q ? '16b' : '8b'}`, bits([q, 30], [u, 29], [0b01110, 24], [size, 22], [1, 21], [reg(rng), 16], [0b00011, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

const FP3: ReadonlyArray<readonly [string, number, number, number]> = [
  // name, U, a, opcode
  ['fmaxnm', 0, 0, 0b11000], ['fmla', 0, 0, 0b11001], ['fadd', 0, 0, 0b11010], ['fmulx', 0, 0, 0b11011],
  ['fcmeq', 0, 0, 0b11100], ['fmax', 0, 0, 0b11110], ['frecps', 0, 0, 0b11111],
  ['fminnm', 0, 1, 0b11000], ['fmls', 0, 1, 0b11001], ['fsub', 0, 1, 0b11010], ['fmin', 0, 1, 0b11110],
  ['frsqrts', 0, 1, 0b11111],
  ['fmaxnmp', 1, 0, 0b11000], ['faddp', 1, 0, 0b11010], ['fmul', 1, 0, 0b11011], ['fcmge', 1, 0, 0b11100],
  ['facge', 1, 0, 0b11101], ['fmaxp', 1, 0, 0b11110], ['fdiv', 1, 0, 0b11111],
  ['fminnmp', 1, 1, 0b11000], ['fabd', 1, 1, 0b11010], ['fcmgt', 1, 1, 0b11100], ['facgt', 1, 1, 0b11101],
  ['fminp', 1, 1, 0b11110],
];

function threeSameFp(rng: Rng): Insn {
  const [name, u, a, opcode] = rng.pick(FP3);
  const sz = rng.int(2);
  const q = sz ? 1 : rng.int(2);
  return insn(`${name}.${sz ? '2d' : q ? '4s' : '2s'}`, bits([q, 30], [u, 29], [0b01110, 24], [a, 23], [sz, 22], [1, 21], [reg(rng), 16], [opcode, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

// ---- two-register misc ------------------------------------------------------

const INT2: ReadonlyArray<readonly [string, number, number, number, boolean]> = [
  // name, U, opcode, size mask, narrow/long (Q picks the half; any size in mask with any Q)
  ['rev64', 0, 0b00000, S012, false],
  ['rev16', 0, 0b00001, S0, false],
  ['saddlp', 0, 0b00010, S012, false],
  ['suqadd', 0, 0b00011, S0123, false],
  ['cls', 0, 0b00100, S012, false],
  ['cnt', 0, 0b00101, S0, false],
  ['sadalp', 0, 0b00110, S012, false],
  ['sqabs', 0, 0b00111, S0123, false],
  ['cmgt_zero', 0, 0b01000, S0123, false],
  ['cmeq_zero', 0, 0b01001, S0123, false],
  ['cmlt_zero', 0, 0b01010, S0123, false],
  ['abs', 0, 0b01011, S0123, false],
  ['xtn', 0, 0b10010, S012, true],
  ['sqxtn', 0, 0b10100, S012, true],
  ['rev32', 1, 0b00000, S01, false],
  ['uaddlp', 1, 0b00010, S012, false],
  ['usqadd', 1, 0b00011, S0123, false],
  ['clz', 1, 0b00100, S012, false],
  ['not', 1, 0b00101, S0, false],
  ['rbit', 1, 0b00101, 0b0010, false],
  ['uadalp', 1, 0b00110, S012, false],
  ['sqneg', 1, 0b00111, S0123, false],
  ['cmge_zero', 1, 0b01000, S0123, false],
  ['cmle_zero', 1, 0b01001, S0123, false],
  ['neg', 1, 0b01011, S0123, false],
  ['sqxtun', 1, 0b10010, S012, true],
  ['shll', 1, 0b10011, S012, true],
  ['uqxtn', 1, 0b10100, S012, true],
];

function twoMiscInt(rng: Rng): Insn {
  const [name, u, opcode, mask, half] = rng.pick(INT2);
  const size = pickSize(rng, mask);
  const q = half ? rng.int(2) : pickQ(rng, size);
  return insn(`${name}${half && q ? '2' : ''}.${arr(size, q)}`, bits([q, 30], [u, 29], [0b01110, 24], [size, 22], [0b10000, 17], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

const FP2: ReadonlyArray<readonly [string, number, number, number, number]> = [
  // name, U, a, opcode, kind: 0 normal (sz=1 needs Q=1), 1 narrow/long (any Q), 2 sz=0 only, 3 sz=1 only (any Q)
  ['fcvtn', 0, 0, 0b10110, 1], ['fcvtl', 0, 0, 0b10111, 1], ['frintn', 0, 0, 0b11000, 0], ['frintm', 0, 0, 0b11001, 0],
  ['fcvtns', 0, 0, 0b11010, 0], ['fcvtms', 0, 0, 0b11011, 0], ['fcvtas', 0, 0, 0b11100, 0], ['scvtf', 0, 0, 0b11101, 0],
  ['frint32z', 0, 0, 0b11110, 0], ['frint64z', 0, 0, 0b11111, 0],
  ['fcmgt_zero', 0, 1, 0b01100, 0], ['fcmeq_zero', 0, 1, 0b01101, 0], ['fcmlt_zero', 0, 1, 0b01110, 0],
  ['fabs', 0, 1, 0b01111, 0], ['frintp', 0, 1, 0b11000, 0], ['frintz', 0, 1, 0b11001, 0], ['fcvtps', 0, 1, 0b11010, 0],
  ['fcvtzs', 0, 1, 0b11011, 0], ['urecpe', 0, 1, 0b11100, 2], ['frecpe', 0, 1, 0b11101, 0],
  ['fcvtxn', 1, 0, 0b10110, 3], ['frinta', 1, 0, 0b11000, 0], ['frintx', 1, 0, 0b11001, 0], ['fcvtnu', 1, 0, 0b11010, 0],
  ['fcvtmu', 1, 0, 0b11011, 0], ['fcvtau', 1, 0, 0b11100, 0], ['ucvtf', 1, 0, 0b11101, 0], ['frint32x', 1, 0, 0b11110, 0],
  ['frint64x', 1, 0, 0b11111, 0],
  ['fcmge_zero', 1, 1, 0b01100, 0], ['fcmle_zero', 1, 1, 0b01101, 0], ['fneg', 1, 1, 0b01111, 0], ['frinti', 1, 1, 0b11001, 0],
  ['fcvtpu', 1, 1, 0b11010, 0], ['fcvtzu', 1, 1, 0b11011, 0], ['ursqrte', 1, 1, 0b11100, 2], ['frsqrte', 1, 1, 0b11101, 0],
  ['fsqrt', 1, 1, 0b11111, 0],
];

function twoMiscFp(rng: Rng): Insn {
  const [name, u, a, opcode, kind] = rng.pick(FP2);
  const sz = kind === 2 ? 0 : kind === 3 ? 1 : rng.int(2);
  const q = kind === 0 || kind === 2 ? (sz ? 1 : rng.int(2)) : rng.int(2);
  const t = kind === 1 || kind === 3 ? `${q ? '2' : ''}.${sz ? 'd' : 's'}` : `.${sz ? '2d' : q ? '4s' : '2s'}`;
  return insn(`${name}${t}`, bits([q, 30], [u, 29], [0b01110, 24], [a, 23], [sz, 22], [0b10000, 17], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

// ---- across lanes -------------------------------------------------------------

function acrossLanes(rng: Rng): Insn {
  if (rng.chance(0.25)) {
    const a = rng.int(2);
    const op = rng.pick([0b01100, 0b01111]);
    const name = op === 0b01100 ? (a ? 'fminnmv' : 'fmaxnmv') : a ? 'fminv' : 'fmaxv';
    return insn(`${name}.4s`, bits([1, 30], [1, 29], [0b01110, 24], [a, 23], [0b11000, 17], [op, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
  }
  const forms: ReadonlyArray<readonly [string, number, number]> = [
    ['saddlv', 0, 0b00011], ['uaddlv', 1, 0b00011], ['smaxv', 0, 0b01010], ['umaxv', 1, 0b01010],
    ['sminv', 0, 0b11010], ['uminv', 1, 0b11010], ['addv', 0, 0b11011],
  ];
  const [name, u, opcode] = rng.pick(forms);
  const size = rng.int(3);
  const q = size === 2 ? 1 : rng.int(2);
  return insn(`${name}.${arr(size, q)}`, bits([q, 30], [u, 29], [0b01110, 24], [size, 22], [0b11000, 17], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

// ---- three different --------------------------------------------------------

function threeDifferent(rng: Rng): Insn {
  const forms: ReadonlyArray<readonly [string, string, number, number]> = [
    ['saddl', 'uaddl', 0b0000, S012], ['saddw', 'uaddw', 0b0001, S012], ['ssubl', 'usubl', 0b0010, S012],
    ['ssubw', 'usubw', 0b0011, S012], ['addhn', 'raddhn', 0b0100, S012], ['sabal', 'uabal', 0b0101, S012],
    ['subhn', 'rsubhn', 0b0110, S012], ['sabdl', 'uabdl', 0b0111, S012], ['smlal', 'umlal', 0b1000, S012],
    ['sqdmlal', '', 0b1001, S12], ['smlsl', 'umlsl', 0b1010, S012], ['sqdmlsl', '', 0b1011, S12],
    ['smull', 'umull', 0b1100, S012], ['sqdmull', '', 0b1101, S12], ['pmull', '', 0b1110, 0b1001],
  ];
  const [sn, un, opcode, mask] = rng.pick(forms);
  const u = un === '' ? 0 : rng.int(2);
  const size = pickSize(rng, mask);
  const q = rng.int(2);
  return insn(`${u ? un : sn}${q ? '2' : ''}.${arr(size, q)}`, bits([q, 30], [u, 29], [0b01110, 24], [size, 22], [1, 21], [reg(rng), 16], [opcode, 12], [reg(rng), 5], [reg(rng), 0]));
}

// ---- shift by immediate -----------------------------------------------------------

/** immh:immb for element size 8<<size: a right shift of 1..esize, or a left shift of 0..esize-1. */
function shiftField(rng: Rng, size: number, right: boolean): number {
  const esize = 8 << size;
  const sh = right ? rng.range(1, esize) : rng.int(esize);
  return right ? 2 * esize - sh : esize + sh;
}

const SHIFTS: ReadonlyArray<readonly [string, string, number, number]> = [
  // signed name, unsigned name, opcode, kind: 0 right, 1 left, 2 narrow right, 3 long left, 4 fixed-point conversion
  ['sshr', 'ushr', 0b00000, 0], ['ssra', 'usra', 0b00010, 0], ['srshr', 'urshr', 0b00100, 0],
  ['srsra', 'ursra', 0b00110, 0], ['', 'sri', 0b01000, 0], ['shl', 'sli', 0b01010, 1], ['', 'sqshlu', 0b01100, 1],
  ['sqshl', 'uqshl', 0b01110, 1], ['shrn', 'sqshrun', 0b10000, 2], ['rshrn', 'sqrshrun', 0b10001, 2],
  ['sqshrn', 'uqshrn', 0b10010, 2], ['sqrshrn', 'uqrshrn', 0b10011, 2], ['sshll', 'ushll', 0b10100, 3],
  ['scvtf_fix', 'ucvtf_fix', 0b11100, 4], ['fcvtzs_fix', 'fcvtzu_fix', 0b11111, 4],
];

function shiftImm(rng: Rng): Insn {
  const [sn, un, opcode, kind] = rng.pick(SHIFTS);
  const u = sn === '' ? 1 : rng.int(2);
  const name = u ? un : sn;
  let size: number;
  let q: number;
  if (kind === 2 || kind === 3) {
    size = rng.int(3);
    q = rng.int(2);
  } else if (kind === 4) {
    size = rng.pick([2, 3]);
    q = size === 3 ? 1 : rng.int(2);
  } else {
    size = rng.int(4);
    q = pickQ(rng, size);
  }
  const field = shiftField(rng, size, kind === 0 || kind === 2 || kind === 4);
  return insn(`${name}${(kind === 2 || kind === 3) && q ? '2' : ''}.${arr(size, q)}`, bits([q, 30], [u, 29], [0b011110, 23], [field, 16], [opcode, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

// ---- modified immediate ---------------------------------------------------------

function modImm(rng: Rng): Insn {
  const op = rng.int(2);
  let cmode = rng.int(16);
  let q = rng.int(2);
  if (op === 1 && cmode === 15) q = 1; // FMOV 2D
  let name: string;
  if (cmode < 8) name = (cmode & 1 ? (op ? 'bic' : 'orr') : op ? 'mvni' : 'movi') + '32';
  else if (cmode < 12) name = (cmode & 1 ? (op ? 'bic' : 'orr') : op ? 'mvni' : 'movi') + '16';
  else if (cmode < 14) name = (op ? 'mvni' : 'movi') + '_msl';
  else if (cmode === 14) name = op ? 'movi64' : 'movi8';
  else name = op ? 'fmov.2d' : 'fmov.s';
  if (cmode > 15) cmode = 15;
  const imm = rng.int(256);
  return insn(`${name}_imm`, bits([q, 30], [op, 29], [0b0111100000, 19], [imm >> 5, 16], [cmode, 12], [1, 10], [imm & 31, 5], [reg(rng), 0]));
}

// ---- copy, permute, EXT, TBL ------------------------------------------------------

/** imm5 for element size 8<<size and lane index. */
const imm5 = (size: number, index: number): number => ((index << (size + 1)) | (1 << size)) & 31;
const lanes = (size: number): number => 16 >> size;

function copy(rng: Rng): Insn {
  const k = rng.int(6);
  const rn = reg(rng);
  const rd = reg(rng);
  const enc = (q: number, op: number, i5: number, imm4: number, name: string): Insn =>
    insn(name, bits([q, 30], [op, 29], [0b01110000, 21], [i5, 16], [imm4, 11], [1, 10], [rn, 5], [rd, 0]));
  const size = rng.int(4);
  const idx = rng.int(lanes(size));
  switch (k) {
    case 0: {
      const q = pickQ(rng, size);
      return enc(q, 0, imm5(size, idx), 0b0000, `dup_elem.${arr(size, q)}`);
    }
    case 1: {
      const q = pickQ(rng, size);
      return enc(q, 0, imm5(size, 0), 0b0001, `dup_gen.${arr(size, q)}`);
    }
    case 2: {
      const q = rng.int(2);
      const s = q ? rng.int(3) : rng.int(2);
      return enc(q, 0, imm5(s, rng.int(lanes(s))), 0b0101, `smov.${q ? 'x' : 'w'}.${'bhs'[s]}`);
    }
    case 3: {
      const s = rng.int(4);
      return enc(s === 3 ? 1 : 0, 0, imm5(s, rng.int(lanes(s))), 0b0111, `umov.${'bhsd'[s]}`);
    }
    case 4:
      return enc(1, 0, imm5(size, idx), 0b0011, `ins_gen.${'bhsd'[size]}`);
    default: {
      const src = rng.int(lanes(size));
      return enc(1, 1, imm5(size, idx), (src << size) & 15, `ins_elem.${'bhsd'[size]}`);
    }
  }
}

function permute(rng: Rng): Insn {
  const opcode = rng.pick([1, 2, 3, 5, 6, 7]);
  const name = ['', 'uzp1', 'trn1', 'zip1', '', 'uzp2', 'trn2', 'zip2'][opcode];
  const size = rng.int(4);
  const q = pickQ(rng, size);
  return insn(`${name}.${arr(size, q)}`, bits([q, 30], [0b001110, 24], [size, 22], [reg(rng), 16], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

function ext(rng: Rng): Insn {
  const q = rng.int(2);
  const imm4 = rng.int(q ? 16 : 8);
  return insn(`ext.${q ? '16b' : '8b'}`, bits([q, 30], [0b101110, 24], [reg(rng), 16], [imm4, 11], [reg(rng), 5], [reg(rng), 0]));
}

function tbl(rng: Rng): Insn {
  const q = rng.int(2);
  const len = rng.int(4);
  const op = rng.int(2);
  return insn(`${op ? 'tbx' : 'tbl'}${len + 1}.${q ? '16b' : '8b'}`, bits([q, 30], [0b001110, 24], [reg(rng), 16], [len, 13], [op, 12], [reg(rng), 5], [reg(rng), 0]));
}

// ---- by element -----------------------------------------------------------------

function byElement(rng: Rng, scalar: boolean): Insn {
  const fp = rng.chance(0.4);
  if (fp) {
    const forms: ReadonlyArray<readonly [string, number, number]> = [['fmla', 0, 0b0001], ['fmls', 0, 0b0101], ['fmul', 0, 0b1001], ['fmulx', 1, 0b1001]];
    const [name, u, opcode] = rng.pick(forms);
    const sz = rng.int(2);
    const q = scalar ? 1 : sz ? 1 : rng.int(2);
    const index = rng.int(sz ? 2 : 4);
    const h = sz ? index : index >> 1;
    const l = sz ? 0 : index & 1;
    const rm = reg(rng);
    const t = scalar ? (sz ? 'd' : 's') : sz ? '2d' : q ? '4s' : '2s';
    return insn(`${name}_elem.${t}`, bits([scalar ? 1 : q, 30], [u, 29], [scalar ? 0b11111 : 0b01111, 24], [2 | sz, 22], [l, 21], [rm, 16], [opcode, 12], [h, 11], [reg(rng), 5], [reg(rng), 0]));
  }
  const forms: ReadonlyArray<readonly [string, number, number, boolean, boolean]> = [
    // name, U, opcode, long (Q picks half), allowed as scalar
    ['mul', 0, 0b1000, false, false], ['mla', 1, 0b0000, false, false], ['mls', 1, 0b0100, false, false],
    ['smull', 0, 0b1010, true, false], ['umull', 1, 0b1010, true, false], ['smlal', 0, 0b0010, true, false],
    ['umlal', 1, 0b0010, true, false], ['smlsl', 0, 0b0110, true, false], ['umlsl', 1, 0b0110, true, false],
    ['sqdmulh', 0, 0b1100, false, true], ['sqrdmulh', 0, 0b1101, false, true], ['sqdmull', 0, 0b1011, true, true],
    ['sqdmlal', 0, 0b0011, true, true], ['sqdmlsl', 0, 0b0111, true, true],
  ];
  const choices = scalar ? forms.filter((f) => f[4]) : forms;
  const [name, u, opcode, long] = rng.pick(choices);
  const size = rng.pick([1, 2]);
  const q = scalar ? 1 : rng.int(2);
  let h: number;
  let l: number;
  let m: number;
  let rm: number;
  if (size === 1) {
    const index = rng.int(8);
    h = index >> 2;
    l = (index >> 1) & 1;
    m = index & 1;
    rm = rng.int(16);
  } else {
    const index = rng.int(4);
    h = index >> 1;
    l = index & 1;
    rm = reg(rng);
    m = rm >> 4;
    rm &= 15;
  }
  const t = scalar ? 'hs'[size - 1] : arr(size, q);
  return insn(`${name}${long && q && !scalar ? '2' : ''}_elem.${t}`, bits([scalar ? 1 : q, 30], [u, 29], [scalar ? 0b11111 : 0b01111, 24], [size, 22], [l, 21], [m, 20], [rm, 16], [opcode, 12], [h, 11], [reg(rng), 5], [reg(rng), 0]));
}

// ---- scalar forms -------------------------------------------------------------------

function scalarThreeSame(rng: Rng): Insn {
  const forms: ReadonlyArray<readonly [string, number, number, number]> = [
    // name, U, opcode, size mask
    ['sqadd', 0, 0b00001, S0123], ['uqadd', 1, 0b00001, S0123], ['sqsub', 0, 0b00101, S0123], ['uqsub', 1, 0b00101, S0123],
    ['cmgt', 0, 0b00110, 0b1000], ['cmhi', 1, 0b00110, 0b1000], ['cmge', 0, 0b00111, 0b1000], ['cmhs', 1, 0b00111, 0b1000],
    ['sshl', 0, 0b01000, 0b1000], ['ushl', 1, 0b01000, 0b1000], ['sqshl', 0, 0b01001, S0123], ['uqshl', 1, 0b01001, S0123],
    ['srshl', 0, 0b01010, 0b1000], ['urshl', 1, 0b01010, 0b1000], ['sqrshl', 0, 0b01011, S0123], ['uqrshl', 1, 0b01011, S0123],
    ['add', 0, 0b10000, 0b1000], ['sub', 1, 0b10000, 0b1000], ['cmtst', 0, 0b10001, 0b1000], ['cmeq', 1, 0b10001, 0b1000],
    ['sqdmulh', 0, 0b10110, S12], ['sqrdmulh', 1, 0b10110, S12],
  ];
  if (rng.chance(0.35)) {
    const fpForms: ReadonlyArray<readonly [string, number, number, number]> = [
      ['fmulx', 0, 0, 0b11011], ['fcmeq', 0, 0, 0b11100], ['frecps', 0, 0, 0b11111], ['frsqrts', 0, 1, 0b11111],
      ['fcmge', 1, 0, 0b11100], ['facge', 1, 0, 0b11101], ['fabd', 1, 1, 0b11010], ['fcmgt', 1, 1, 0b11100], ['facgt', 1, 1, 0b11101],
    ];
    const [name, u, a, opcode] = rng.pick(fpForms);
    const sz = rng.int(2);
    return insn(`${name}.${sz ? 'd' : 's'}`, bits([0b01, 30], [u, 29], [0b11110, 24], [a, 23], [sz, 22], [1, 21], [reg(rng), 16], [opcode, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
  }
  const [name, u, opcode, mask] = rng.pick(forms);
  const size = pickSize(rng, mask);
  return insn(`${name}.${'bhsd'[size]}`, bits([0b01, 30], [u, 29], [0b11110, 24], [size, 22], [1, 21], [reg(rng), 16], [opcode, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

function scalarTwoMisc(rng: Rng): Insn {
  const forms: ReadonlyArray<readonly [string, number, number, number]> = [
    ['suqadd', 0, 0b00011, S0123], ['usqadd', 1, 0b00011, S0123], ['sqabs', 0, 0b00111, S0123], ['sqneg', 1, 0b00111, S0123],
    ['cmgt_zero', 0, 0b01000, 0b1000], ['cmge_zero', 1, 0b01000, 0b1000], ['cmeq_zero', 0, 0b01001, 0b1000],
    ['cmle_zero', 1, 0b01001, 0b1000], ['cmlt_zero', 0, 0b01010, 0b1000], ['abs', 0, 0b01011, 0b1000], ['neg', 1, 0b01011, 0b1000],
    ['sqxtn', 0, 0b10100, S012], ['uqxtn', 1, 0b10100, S012], ['sqxtun', 1, 0b10010, S012],
  ];
  if (rng.chance(0.4)) {
    const fpForms: ReadonlyArray<readonly [string, number, number, number]> = [
      ['fcvtns', 0, 0, 0b11010], ['fcvtms', 0, 0, 0b11011], ['fcvtas', 0, 0, 0b11100], ['scvtf', 0, 0, 0b11101],
      ['fcmgt_zero', 0, 1, 0b01100], ['fcmeq_zero', 0, 1, 0b01101], ['fcmlt_zero', 0, 1, 0b01110], ['fcvtps', 0, 1, 0b11010],
      ['fcvtzs', 0, 1, 0b11011], ['frecpe', 0, 1, 0b11101], ['frecpx', 0, 1, 0b11111], ['fcvtnu', 1, 0, 0b11010],
      ['fcvtmu', 1, 0, 0b11011], ['fcvtau', 1, 0, 0b11100], ['ucvtf', 1, 0, 0b11101], ['fcmge_zero', 1, 1, 0b01100],
      ['fcmle_zero', 1, 1, 0b01101], ['fcvtpu', 1, 1, 0b11010], ['fcvtzu', 1, 1, 0b11011], ['frsqrte', 1, 1, 0b11101],
    ];
    if (rng.chance(0.1)) {
      return insn('fcvtxn.s', bits([0b01, 30], [1, 29], [0b11110, 24], [0, 23], [1, 22], [0b10000, 17], [0b10110, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
    }
    const [name, u, a, opcode] = rng.pick(fpForms);
    const sz = rng.int(2);
    return insn(`${name}.${sz ? 'd' : 's'}`, bits([0b01, 30], [u, 29], [0b11110, 24], [a, 23], [sz, 22], [0b10000, 17], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
  }
  const [name, u, opcode, mask] = rng.pick(forms);
  const size = pickSize(rng, mask);
  return insn(`${name}.${'bhsd'[size]}`, bits([0b01, 30], [u, 29], [0b11110, 24], [size, 22], [0b10000, 17], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

function scalarPairwise(rng: Rng): Insn {
  if (rng.chance(0.3)) return insn('addp.d', bits([0b01, 30], [0b11110, 24], [3, 22], [0b11000, 17], [0b11011, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
  const forms: ReadonlyArray<readonly [string, number, number]> = [
    ['fmaxnmp', 0, 0b01100], ['faddp', 0, 0b01101], ['fmaxp', 0, 0b01111], ['fminnmp', 1, 0b01100], ['fminp', 1, 0b01111],
  ];
  const [name, a, opcode] = rng.pick(forms);
  const sz = rng.int(2);
  return insn(`${name}_scalar.${sz ? 'd' : 's'}`, bits([0b01, 30], [1, 29], [0b11110, 24], [a, 23], [sz, 22], [0b11000, 17], [opcode, 12], [0b10, 10], [reg(rng), 5], [reg(rng), 0]));
}

function scalarShift(rng: Rng): Insn {
  const [sn, un, opcode, kind] = rng.pick(SHIFTS.filter((s) => s[3] !== 3));
  const u = sn === '' ? 1 : rng.int(2);
  const name = u ? un : sn;
  let size: number;
  if (kind === 0 || (kind === 1 && opcode === 0b01010)) size = 3; // only D for plain shifts and SHL/SLI
  else if (kind === 1) size = rng.int(4);
  else if (kind === 2) {
    if (opcode === 0b10000 && u === 0) return scalarShift(rng); // no scalar SHRN
    if (opcode === 0b10001 && u === 0) return scalarShift(rng); // no scalar RSHRN
    size = rng.int(3);
  } else size = rng.pick([2, 3]);
  const field = shiftField(rng, size, kind === 0 || kind === 2 || kind === 4);
  return insn(`${name}_scalar.${'bhsd'[size]}`, bits([0b01, 30], [u, 29], [0b111110, 23], [field, 16], [opcode, 11], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

function scalarDup(rng: Rng): Insn {
  const size = rng.int(4);
  return insn(`dup_scalar.${'bhsd'[size]}`, bits([0b01, 30], [0b11110000, 21], [imm5(size, rng.int(lanes(size))), 16], [1, 10], [reg(rng), 5], [reg(rng), 0]));
}

export const generateSimd: Generator = (rng, st) => {
  randomState(rng, st);
  return simdSequence(rng);
};

/** Like simd, with FPCR.AHP, DN, FZ and FZ16 set at random on top of the rounding mode. */
export const generateSimdCtl: Generator = (rng, st) => {
  randomState(rng, st);
  const ctl = (rng.int(2) << 26) | (rng.int(2) << 25) | (rng.int(2) << 24) | (rng.int(2) << 19);
  st.setFpcr((st.fpcr() | ctl) >>> 0);
  return simdSequence(rng);
};

function simdSequence(rng: Rng): Insn[] {
  return sequence(rng, () =>
    rng.weighted<(r: Rng) => Insn>([
      [5, threeSameInt],
      [1, logic],
      [3, threeSameFp],
      [4, twoMiscInt],
      [3, twoMiscFp],
      [2, acrossLanes],
      [3, threeDifferent],
      [4, shiftImm],
      [2, modImm],
      [3, copy],
      [2, permute],
      [1, ext],
      [1, tbl],
      [3, (r) => byElement(r, false)],
      [1, (r) => byElement(r, true)],
      [2, scalarThreeSame],
      [2, scalarTwoMisc],
      [1, scalarPairwise],
      [2, scalarShift],
      [1, scalarDup],
    ])(rng),
  );
}
