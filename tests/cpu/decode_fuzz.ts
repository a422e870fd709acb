// Random instruction words on Flint's CPU alone: whatever a word is (allocated
// or not, any operands), executing it must end in an ordinary CpuExit or a
// retired instruction, never a host exception (the issue: "an undefined or
// unimplemented encoding raises SIGILL ...; it is never a host exception").

import { FLAT_BASE, flatMachine } from '../../src/cpu/testing/flat_machine.js';
import * as S from '../../src/cpu/state.js';
import { Rng } from './rng.js';
import { interestingU64 } from './values.js';

export interface HostException {
  word: number;
  message: string;
}

/** The op0 spaces of a word (bits 28:25), to bias fuzzing towards data processing. */
function randomWord(rng: Rng): number {
  const w = rng.u32();
  if (rng.chance(0.5)) return w;
  // Force op0 into DP-immediate (100x), DP-register (x101) or FP/SIMD (x111) space.
  const op0 = rng.pick([0b1000, 0b1001, 0b0101, 0b1101, 0b0111, 0b1111]);
  return ((w & ~(0xf << 25)) | (op0 << 25)) >>> 0;
}

export function fuzzDecode(seed: number, count: number): { ran: number; exceptions: HostException[] } {
  const m = flatMachine(16);
  const c = m.cpu;
  const rng = new Rng(seed);
  const exceptions: HostException[] = [];
  for (let i = 0; i < count; i++) {
    const word = randomWord(rng);
    c.resetState();
    for (let r = 0; r < 31; r++) {
      if (rng.chance(0.5)) c.setXNum(r, FLAT_BASE + 0x8000 + rng.int(0x4000));
      else c.setXBig(r, interestingU64(rng));
    }
    c.setXNum(S.SP, FLAT_BASE + 0xc000);
    for (let k = S.V_OFF; k < S.V_OFF + 512; k += 4) c.u32[k >> 2] = rng.u32();
    c.i32[S.FPCR_OFF >> 2] = rng.int(4) << 22;
    c.nzcv = rng.int(16) << 28;
    m.load([word]);
    try {
      c.run(1);
    } catch (e) {
      exceptions.push({ word, message: e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 3).join(' | ') : String(e) });
    }
  }
  return { ran: count, exceptions };
}
