// Data Processing -- Register (Arm ARM C4.1.3): bits 27:25 = 101. Fields:
// op0 = bit 30, op1 = bit 28, op2 = bits 24:21, op3 = bits 15:10. Returns
// null for unallocated encodings and unimplemented extensions (FlagM
// RMIF/SETF, PAC, MTE, CSSC).

import type { Op } from '../cpu.js';
import { rdSp, rdZr, rnSp, rnZr } from '../state.js';
import { addSubCarry, addSubExtended, addSubShifted, condCompare } from '../exec/alu_arith.js';
import { logicShifted } from '../exec/alu_logic.js';
import { condSelect } from '../exec/alu_select.js';
import { unary } from '../exec/alu_unary.js';
import { crc32, divide, shiftVar } from '../exec/alu_binary.js';
import { multiplyAdd, multiplyAddLong, multiplyHigh } from '../exec/alu_mul.js';
import { SHIFT_LSL, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR } from '../exec/alu_common.js';

const fD = (w: number): number => rdZr(w & 31);
const fN = (w: number): number => rnZr((w >>> 5) & 31);
const fM = (w: number): number => rnZr((w >>> 16) & 31);

function logicalShifted(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const amount = (word >>> 10) & 63;
  if (!sf && amount >= 32) return null;
  const opc = (word >>> 29) & 3;
  const invert = ((word >>> 21) & 1) === 1;
  return logicShifted(sf, opc, invert, fD(word), fN(word), fM(word), (word >>> 22) & 3, amount);
}

function addSubShiftedReg(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const type = (word >>> 22) & 3;
  const amount = (word >>> 10) & 63;
  if (type === 3 || (!sf && amount >= 32)) return null;
  const sub = ((word >>> 30) & 1) === 1;
  const flags = ((word >>> 29) & 1) === 1;
  return addSubShifted(sf, sub, flags, fD(word), fN(word), fM(word), type, amount);
}

function addSubExtendedReg(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const sh = (word >>> 10) & 7;
  if (((word >>> 22) & 3) !== 0 || sh > 4) return null;
  const sub = ((word >>> 30) & 1) === 1;
  const flags = ((word >>> 29) & 1) === 1;
  const d = flags ? rdZr(word & 31) : rdSp(word & 31);
  const n = rnSp((word >>> 5) & 31);
  return addSubExtended(sf, sub, flags, d, n, fM(word), (word >>> 13) & 7, sh);
}

function condCompareOp(word: number): Op | null {
  // S must be 1, o2 (bit 10) and o3 (bit 4) must be 0.
  if (((word >>> 29) & 1) === 0 || ((word >>> 10) & 1) === 1 || ((word >>> 4) & 1) === 1) return null;
  const sf = word >>> 31 === 1;
  const sub = ((word >>> 30) & 1) === 1;
  const imm = ((word >>> 11) & 1) === 1;
  const m = imm ? (word >>> 16) & 31 : fM(word);
  return condCompare(sf, sub, fN(word), m, imm, (word >>> 12) & 15, word & 15);
}

function condSelectOp(word: number): Op | null {
  if (((word >>> 29) & 1) === 1 || ((word >>> 11) & 1) === 1) return null;
  const sf = word >>> 31 === 1;
  const kind = (((word >>> 30) & 1) << 1) | ((word >>> 10) & 1);
  return condSelect(sf, kind, fD(word), fN(word), fM(word), (word >>> 12) & 15);
}

function dataProc2(word: number): Op | null {
  if (((word >>> 29) & 1) === 1) return null;
  const sf = word >>> 31 === 1;
  const opcode = (word >>> 10) & 63;
  const d = fD(word);
  const n = fN(word);
  const m = fM(word);
  switch (opcode) {
    case 2:
      return divide(sf, false, d, n, m);
    case 3:
      return divide(sf, true, d, n, m);
    case 8:
      return shiftVar(sf, SHIFT_LSL, d, n, m);
    case 9:
      return shiftVar(sf, SHIFT_LSR, d, n, m);
    case 10:
      return shiftVar(sf, SHIFT_ASR, d, n, m);
    case 11:
      return shiftVar(sf, SHIFT_ROR, d, n, m);
  }
  if ((opcode & 0b111000) === 0b010000) {
    // CRC32{B,H,W,X} (C = bit 12), sz = bits 11:10; X needs sf = 1, the others sf = 0.
    const sz = opcode & 3;
    if ((sz === 3) !== sf) return null;
    return crc32((opcode & 4) !== 0, 1 << sz, d, n, m);
  }
  return null;
}

function dataProc1(word: number): Op | null {
  if (((word >>> 29) & 1) === 1 || ((word >>> 16) & 31) !== 0) return null;
  const sf = word >>> 31 === 1;
  const opcode = (word >>> 10) & 63;
  if (opcode > 5 || (opcode === 3 && !sf)) return null;
  return unary(sf, opcode, fD(word), fN(word));
}

function dataProc3(word: number): Op | null {
  if (((word >>> 29) & 3) !== 0) return null;
  const sf = word >>> 31 === 1;
  const op31 = (word >>> 21) & 7;
  const o0 = ((word >>> 15) & 1) === 1;
  const d = fD(word);
  const n = fN(word);
  const m = fM(word);
  const a = rnZr((word >>> 10) & 31);
  if (op31 === 0) return multiplyAdd(sf, o0, d, n, m, a);
  if (!sf) return null;
  switch (op31) {
    case 1:
      return multiplyAddLong(true, o0, d, n, m, a);
    case 5:
      return multiplyAddLong(false, o0, d, n, m, a);
    case 2: // SMULH; Ra "should be" 31 and is ignored, as qemu and objdump do
      return o0 ? null : multiplyHigh(true, d, n, m);
    case 6:
      return o0 ? null : multiplyHigh(false, d, n, m);
    default:
      return null;
  }
}

export function decodeDpReg(word: number): Op | null {
  const op1 = (word >>> 28) & 1;
  const op2 = (word >>> 21) & 15;
  if (op1 === 0) {
    if ((op2 & 8) === 0) return logicalShifted(word);
    return (op2 & 1) === 0 ? addSubShiftedReg(word) : addSubExtendedReg(word);
  }
  if ((op2 & 8) !== 0) return dataProc3(word);
  switch (op2) {
    case 0:
      if (((word >>> 10) & 63) !== 0) return null;
      return addSubCarry(word >>> 31 === 1, ((word >>> 30) & 1) === 1, ((word >>> 29) & 1) === 1, fD(word), fN(word), fM(word));
    case 2:
      return condCompareOp(word);
    case 4:
      return condSelectOp(word);
    case 6:
      return ((word >>> 30) & 1) === 0 ? dataProc2(word) : dataProc1(word);
    default:
      return null;
  }
}
