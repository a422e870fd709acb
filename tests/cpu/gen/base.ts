// What every generator shares: the random initial state and the sequence length.

import { InitState, type Insn } from '../case.js';
import { REC_SCRATCH, REC_V, SCRATCH, SCRATCH_SIZE } from '../layout.js';
import type { Rng } from '../rng.js';
import { interestingF32, interestingF64, interestingU64, interestingVector } from '../values.js';

/** A generator fills in the parts of `st` it cares about and returns the sequence. */
export type Generator = (rng: Rng, st: InitState) => Insn[];

/** FPSR cumulative flag bits that can be set from EL0 in AArch64 (IOC..IXC, IDC, QC). */
export const FPSR_FLAGS = 0x0800009f;

/** Random initial state: registers, flags, FP control, SP, scratch contents. */
export function randomState(rng: Rng, st: InitState): void {
  if (rng.chance(0.6)) rng.usePool(rng.range(3, 8));
  for (let n = 0; n < 31; n++) st.setX(n, interestingU64(rng));
  const dv = new DataView(st.bytes.buffer);
  for (let n = 0; n < 32; n++) interestingVector(rng, dv, REC_V + 16 * n);
  st.setNzcv(rng.int(16));
  st.setFpcr(rng.int(4) << 22);
  st.setFpsr(rng.chance(0.5) ? 0 : rng.u32() & FPSR_FLAGS);
  st.setSp(BigInt(SCRATCH + 16 * rng.range(8, 56)));
  for (let off = REC_SCRATCH; off < REC_SCRATCH + SCRATCH_SIZE; off += 8) {
    const k = rng.int(4);
    if (k === 0) dv.setBigUint64(off, interestingF64(rng), true);
    else if (k === 1) dv.setBigUint64(off, interestingU64(rng), true);
    else {
      dv.setUint32(off, k === 2 ? interestingF32(rng) : rng.u32(), true);
      dv.setUint32(off + 4, rng.u32(), true);
    }
  }
}

/** 1 (often, so a failure names its instruction) to 8 instructions. */
export function seqLength(rng: Rng): number {
  return rng.chance(0.4) ? 1 : rng.range(2, 8);
}

/** Repeat `one` for a random sequence length. */
export function sequence(rng: Rng, one: () => Insn): Insn[] {
  const n = seqLength(rng);
  const out: Insn[] = [];
  for (let i = 0; i < n; i++) out.push(one());
  return out;
}

/** Build an instruction word from [value, shift] fields. */
export function bits(...fields: ReadonlyArray<readonly [number, number]>): number {
  let w = 0;
  for (const [v, s] of fields) w |= v << s;
  return w >>> 0;
}

export function insn(name: string, word: number): Insn {
  return { word: word >>> 0, name };
}
