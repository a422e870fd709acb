// Data Processing -- Immediate (Arm ARM C4.1.2): bits 28:26 = 100, op0 =
// bits 25:23 selects PC-relative addressing, add/subtract, logical, move
// wide, bitfield and extract. Returns null for unallocated encodings and for
// the extensions not implemented (MTE ADDG/SUBG, CSSC min/max).

import type { Op } from '../cpu.js';
import { rdSp, rdZr, rnSp, rnZr } from '../state.js';
import { decodeBitMasks } from '../exec/alu_common.js';
import { addSubImm } from '../exec/alu_arith.js';
import { bitfield, extr, LOGIC_ANDS, logicImm, movConst, movk } from '../exec/alu_logic.js';

/** ADR/ADRP: Rd = PC + imm, or the PC's 4 KiB page + imm << 12. */
function pcRel(word: number): Op {
  const d2 = 2 * rdZr(word & 31);
  const imm = (((word >> 5) & 0x7ffff) << 2) | ((word >>> 29) & 3);
  const simm = (imm << 11) >> 11;
  if (word >>> 31 === 0) {
    return (c, pc) => {
      const v = pc + simm;
      const i = c.i32;
      i[d2] = v % 4294967296;
      i[d2 + 1] = Math.floor(v / 4294967296);
      return pc + 4;
    };
  }
  const off = simm * 4096;
  return (c, pc) => {
    const v = pc - (pc % 4096) + off;
    const i = c.i32;
    i[d2] = v % 4294967296;
    i[d2 + 1] = Math.floor(v / 4294967296);
    return pc + 4;
  };
}

function addSub(word: number): Op {
  const sf = word >>> 31 === 1;
  const sub = ((word >>> 30) & 1) === 1;
  const flags = ((word >>> 29) & 1) === 1;
  const imm = ((word >>> 10) & 0xfff) << (((word >>> 22) & 1) * 12);
  const n = rnSp((word >>> 5) & 31);
  const d = flags ? rdZr(word & 31) : rdSp(word & 31);
  return addSubImm(sf, sub, flags, d, n, imm);
}

function logical(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const opc = (word >>> 29) & 3;
  const nbit = (word >>> 22) & 1;
  if (!sf && nbit === 1) return null;
  const masks = decodeBitMasks(nbit, (word >>> 10) & 63, (word >>> 16) & 63, true, sf ? 64 : 32);
  if (masks === null) return null;
  const n = rnZr((word >>> 5) & 31);
  const d = opc === LOGIC_ANDS ? rdZr(word & 31) : rdSp(word & 31);
  const lo = masks[0];
  const hi = sf ? masks[1] : 0;
  if (n === 32 && opc === 1) return movConst(d, lo, hi); // MOV (bitmask immediate)
  return logicImm(sf, opc, d, n, lo, hi);
}

function moveWide(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const opc = (word >>> 29) & 3;
  const hw = (word >>> 21) & 3;
  if (opc === 1 || (!sf && hw >= 2)) return null;
  const imm16 = (word >>> 5) & 0xffff;
  const d = rdZr(word & 31);
  const pos = hw * 16;
  if (opc === 3) return movk(sf, d, imm16, pos);
  let lo = pos < 32 ? imm16 << pos : 0;
  let hi = pos >= 32 ? imm16 << (pos - 32) : 0;
  if (opc === 0) {
    lo = ~lo;
    hi = sf ? ~hi : 0;
  }
  return movConst(d, lo, hi);
}

function bitfieldMove(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const opc = (word >>> 29) & 3;
  const nbit = (word >>> 22) & 1;
  const immr = (word >>> 16) & 63;
  const imms = (word >>> 10) & 63;
  if (opc === 3 || (sf ? 1 : 0) !== nbit) return null;
  if (!sf && (immr >= 32 || imms >= 32)) return null;
  const masks = decodeBitMasks(nbit, imms, immr, false, sf ? 64 : 32);
  if (masks === null) return null;
  const [wlo, whi, tlo, thi] = masks;
  return bitfield(sf, opc, rdZr(word & 31), rnZr((word >>> 5) & 31), immr, imms, wlo, whi, tlo, thi);
}

function extract(word: number): Op | null {
  const sf = word >>> 31 === 1;
  const nbit = (word >>> 22) & 1;
  const imms = (word >>> 10) & 63;
  if (((word >>> 29) & 3) !== 0 || ((word >>> 21) & 1) !== 0) return null;
  if ((sf ? 1 : 0) !== nbit || (!sf && imms >= 32)) return null;
  return extr(sf, rdZr(word & 31), rnZr((word >>> 5) & 31), rnZr((word >>> 16) & 31), imms);
}

export function decodeDpImm(word: number): Op | null {
  switch ((word >>> 23) & 7) {
    case 0:
    case 1:
      return pcRel(word);
    case 2:
      return addSub(word);
    case 4:
      return logical(word);
    case 5:
      return moveWide(word);
    case 6:
      return bitfieldMove(word);
    case 7:
      return extract(word);
    default:
      return null;
  }
}
