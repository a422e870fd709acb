// Branches (Arm ARM C4.1.85): B.cond, CBZ/CBNZ, TBZ/TBNZ, B, BL, and
// ADR + BR/BLR/RET, all to targets inside the sequence and only forward, so
// a case never leaves its code. Between branches sit flag-setting and plain
// data-processing instructions, so taken and not-taken paths differ.

import type { Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { bits, insn, randomState, type Generator } from './base.js';

const reg = (rng: Rng): number => rng.reg();

/** A filler that changes registers and flags: ADDS/SUBS immediate or ADD register. */
function filler(rng: Rng): Insn {
  if (rng.chance(0.5)) {
    const op = rng.int(2);
    return insn(op ? 'subs_imm' : 'adds_imm', bits([rng.int(2), 31], [op, 30], [1, 29], [0b100010, 23], [rng.int(16), 10], [reg(rng), 5], [reg(rng), 0]));
  }
  return insn('add_shift', bits([1, 31], [0b01011, 24], [reg(rng), 16], [reg(rng), 5], [reg(rng), 0]));
}

type Kind = 'filler' | 'direct' | 'register';

/** A branch at index i, to `target` (a later instruction start, or the end of the sequence). */
function branch(rng: Rng, kind: Kind, i: number, target: number, out: Insn[]): void {
  const off = target - i; // in instructions
  if (kind === 'register') {
    // ADR Xr, target; then BR/BLR/RET Xr at i+1. Nothing branches to i+1.
    const r = rng.int(31);
    out.push(insn('adr', bits([0b10000, 24], [off, 5], [r, 0]))); // byte offset 4*off: immlo 0, immhi off
    const opc = rng.pick([0, 1, 2]); // BR, BLR, RET
    out.push(insn(['br', 'blr', 'ret'][opc], bits([0b1101011, 25], [opc, 21], [0b11111, 16], [r, 5])));
    return;
  }
  switch (rng.int(6)) {
    case 0:
    case 1:
      out.push(insn('b.cond', bits([0b01010100, 24], [off & 0x7ffff, 5], [rng.int(16), 0])));
      return;
    case 2: {
      const op = rng.int(2);
      out.push(insn(op ? 'cbnz' : 'cbz', bits([rng.int(2), 31], [0b011010, 25], [op, 24], [off & 0x7ffff, 5], [reg(rng), 0])));
      return;
    }
    case 3: {
      const b = rng.int(64);
      const op = rng.int(2);
      out.push(insn(op ? 'tbnz' : 'tbz', bits([b >> 5, 31], [0b011011, 25], [op, 24], [b & 31, 19], [off & 0x3fff, 5], [reg(rng), 0])));
      return;
    }
    case 4:
      out.push(insn('b', bits([0b000101, 26], [off & 0x3ffffff, 0])));
      return;
    default:
      out.push(insn('bl', bits([0b100101, 26], [off & 0x3ffffff, 0])));
  }
}

export const generateBranch: Generator = (rng, st) => {
  randomState(rng, st);
  // Plan the slots first, so branch targets are always the start of a slot.
  const n = rng.range(1, 8);
  const plan: Kind[] = [];
  const starts: number[] = [];
  let len = 0;
  while (len < n) {
    const k = rng.weighted<Kind>([[5, 'filler'], [4, 'direct'], [1, 'register']]);
    starts.push(len);
    plan.push(k);
    len += k === 'register' ? 2 : 1;
  }
  const out: Insn[] = [];
  plan.forEach((k, s) => {
    if (k === 'filler') {
      out.push(filler(rng));
      return;
    }
    const later = [...starts.slice(s + 1), len];
    branch(rng, k, starts[s], rng.pick(later), out);
  });
  return out;
};
