// System instructions at EL0 (Arm ARM C4.1.85, system). Group sys: MSR/MRS
// of NZCV, FPCR, FPSR and TPIDR_EL0, hints that are NOPs without pointer
// authentication, barriers, CLREX. Group sys_id (run under qemu's cortex-a72,
// the model Flint reports): MRS of DCZID_EL0 and CTR_EL0, and DC ZVA on the
// scratch buffer, whose block size DCZID_EL0 gives.

import type { Insn } from '../case.js';
import { SCRATCH, SCRATCH_SIZE } from '../layout.js';
import type { Rng } from '../rng.js';
import { FPSR_FLAGS, insn, randomState, seqLength, type Generator } from './base.js';
import * as E from '../enc.js';

/** FPCR bits with an effect at EL0: AHP, DN, FZ, RMode, FZ16. */
const FPCR_BITS = (1 << 26) | (1 << 25) | (1 << 24) | (3 << 22) | (1 << 19);
/** Hints that are NOPs here: NOP, YIELD, SEV, SEVL, CSDB, BTI variants. */
const NOP_HINTS = [0, 1, 4, 5, 20, 32, 34, 36, 38];
const reg = (rng: Rng): number => rng.int(31);

function movImm32(rd: number, v: number, out: Insn[]): void {
  out.push(insn('movz', E.movz(rd, v & 0xffff)));
  if (v >>> 16 !== 0) out.push(insn('movk', E.movk(rd, v >>> 16, 1)));
}

function one(rng: Rng, out: Insn[]): void {
  switch (rng.int(9)) {
    case 0:
      out.push(insn('msr_nzcv', E.msrNzcv(rng.int(32))));
      return;
    case 1:
      out.push(insn('mrs_nzcv', E.mrsNzcv(rng.int(32))));
      return;
    case 2: {
      const r = reg(rng);
      movImm32(r, (rng.u32() & FPCR_BITS) >>> 0, out);
      out.push(insn('msr_fpcr', E.msrFpcr(r)));
      if (rng.chance(0.5)) out.push(insn('mrs_fpcr', E.mrsFpcr(reg(rng))));
      return;
    }
    case 3: {
      const r = reg(rng);
      movImm32(r, (rng.u32() & FPSR_FLAGS) >>> 0, out);
      out.push(insn('msr_fpsr', E.msrFpsr(r)));
      if (rng.chance(0.5)) out.push(insn('mrs_fpsr', E.mrsFpsr(reg(rng))));
      return;
    }
    case 4:
      out.push(insn('msr_tpidr', E.msrTpidr(rng.int(32))));
      out.push(insn('mrs_tpidr', E.mrsTpidr(rng.int(32))));
      return;
    case 5:
    case 6:
      out.push(insn('hint', 0xd503201f | (rng.pick(NOP_HINTS) << 5)));
      return;
    case 7: {
      const kind = rng.int(4);
      const crm = rng.int(16) << 8;
      if (kind === 0) out.push(insn('dsb', 0xd503309f | crm));
      else if (kind === 1) out.push(insn('dmb', 0xd50330bf | crm));
      else if (kind === 2) out.push(insn('isb', 0xd50330df | (15 << 8)));
      else out.push(insn('clrex', 0xd503305f | crm));
      return;
    }
    default:
      out.push(rng.chance(0.5) ? insn('mrs_fpcr', E.mrsFpcr(rng.int(32))) : insn('mrs_fpsr', E.mrsFpsr(rng.int(32))));
  }
}

function oneId(rng: Rng, out: Insn[]): void {
  switch (rng.int(3)) {
    case 0:
      out.push(rng.chance(0.5) ? insn('mrs_dczid', 0xd53b00e0 | rng.int(32)) : insn('mrs_ctr', 0xd53b0020 | rng.int(32)));
      return;
    default: {
      // DC ZVA: the register points anywhere inside a 64-byte block of scratch.
      const r = reg(rng);
      const block = SCRATCH + 64 * rng.int(SCRATCH_SIZE / 64);
      const v = block + rng.int(64);
      movImm32(r, v, out);
      out.push(insn('dc_zva', 0xd50b7420 | r));
    }
  }
}

export const generateSys: Generator = (rng, st) => {
  randomState(rng, st);
  const n = seqLength(rng);
  const out: Insn[] = [];
  while (out.length < n) one(rng, out);
  return out;
};

export const generateSysId: Generator = (rng, st) => {
  randomState(rng, st);
  const n = seqLength(rng);
  const out: Insn[] = [];
  while (out.length < n) oneId(rng, out);
  return out;
};
