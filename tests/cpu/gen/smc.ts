// Self-modifying code (the issue: "DC/IC maintenance ... keep the decode cache
// coherent"). A case patches an instruction slot of its own code with STR,
// does the architectural maintenance (DC CVAU, DSB ISH, IC IVAU, DSB ISH,
// ISB) and then executes the slot; in the loop variant the slot has already
// run (and been decoded) once with its old instruction:
//
//   ADR Xa, slot; slot: OLD; CBNZ Xc, end; STR Wt, [Xa]; maintenance;
//   MOVZ Xc, #1; B slot; end:
//
// The code segment is mapped R+W+X for this group (GROUP_RUN).

import type { Insn } from '../case.js';
import type { Rng } from '../rng.js';
import { bits, insn, randomState, type Generator } from './base.js';

const DC_CVAU = 0xd50b7b20;
const IC_IVAU = 0xd50b7520;
const DSB_ISH = 0xd5033b9f;
const ISB = 0xd5033fdf;

/** A data-processing instruction writing Xd (or a V register), d not in `avoid`. */
function body(rng: Rng, avoid: readonly number[]): number {
  let d = rng.int(31);
  while (avoid.includes(d)) d = rng.int(31);
  const n = rng.int(32);
  const m = rng.int(32);
  switch (rng.int(5)) {
    case 0:
      return bits([0x91, 24], [rng.int(4096), 10], [n === 31 ? 0 : n, 5], [d, 0]); // ADD Xd, Xn, #imm
    case 1:
      return bits([0xd28, 20], [rng.int(4), 21], [rng.int(65536), 5], [d, 0]) | 0; // MOVZ
    case 2:
      return bits([0xca, 24], [m, 16], [rng.int(64), 10], [n, 5], [d, 0]); // EOR Xd, Xn, Xm, LSL #imm
    case 3:
      return bits([0x9b, 24], [m, 16], [rng.int(32), 10], [n, 5], [d, 0]); // MADD Xd, Xn, Xm, Xa
    default:
      return bits([0x1e602800 >>> 0, 0], [m, 16], [n, 5], [rng.int(32), 0]); // FADD Dd, Dn, Dm
  }
}

function maintenance(a: number): Insn[] {
  return [insn('dc_cvau', DC_CVAU | a), insn('dsb', DSB_ISH), insn('ic_ivau', IC_IVAU | a), insn('dsb', DSB_ISH), insn('isb', ISB)];
}

export const generateSmc: Generator = (rng, st) => {
  randomState(rng, st);
  const a = rng.int(31);
  let c = rng.int(31);
  while (c === a) c = rng.int(31);
  let t = rng.int(31);
  while (t === a || t === c) t = rng.int(31);
  const avoid = [a, c, t];
  const oldWord = body(rng, avoid);
  const newWord = body(rng, avoid);
  st.setX(t, (BigInt(rng.u32()) << 32n) | BigInt(newWord >>> 0));
  st.setX(c, 0n);
  const str = insn('str_code', bits([0xb9000000 >>> 0, 0], [a, 5], [t, 0])); // STR Wt, [Xa]
  if (rng.chance(0.3)) {
    // Patch a slot that has not run yet.
    const out: Insn[] = [insn('adr', 0), str, ...maintenance(a), insn('patched_slot', oldWord)];
    out[0] = insn('adr', bits([0b10000, 24], [out.length - 1, 5], [a, 0]));
    return out;
  }
  const out: Insn[] = [insn('adr', bits([0b10000, 24], [1, 5], [a, 0])), insn('patched_slot', oldWord)];
  const cbnzAt = out.length;
  out.push(insn('cbnz', 0), str, ...maintenance(a), insn('movz', bits([0xd28, 20], [1, 5], [c, 0])));
  const bAt = out.length;
  out.push(insn('b_back', bits([0b000101, 26], [(1 - bAt) & 0x3ffffff, 0])));
  out[cbnzAt] = insn('cbnz', bits([0b10110101, 24], [(out.length - cbnzAt) & 0x7ffff, 5], [c, 0]));
  return out;
};
