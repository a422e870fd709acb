// Test support: run one instruction on a flat machine from the same input
// record the qemu oracle (a static AArch64 program) executes, and format the
// outcome the same way, so the two can be compared line by line.
//
// Input record (hex fields): word fpcr nzcv x0 x1 v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi
// Output record: q0lo q0hi x0 fpsr nzcv (as the oracle prints them).

import { FPCR_OFF, FPSR_OFF, V_OFF } from '../state.js';
import type { FlatMachine } from '../testing/flat_machine.js';

function hex64(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function setPair(m: FlatMachine, byteOff: number, v: bigint): void {
  const i = m.cpu.i32;
  i[byteOff >> 2] = Number(v & 0xffffffffn);
  i[(byteOff >> 2) + 1] = Number((v >> 32n) & 0xffffffffn);
}

/** Run the record's instruction and return the output record, or null if it did not retire. */
export function runCase(m: FlatMachine, line: string): string | null {
  const f = line.trim().split(/\s+/).map((t) => BigInt('0x' + t));
  const c = m.cpu;
  c.resetState();
  m.load([Number(f[0])]);
  c.i32[FPCR_OFF >> 2] = Number(f[1]);
  c.i32[FPSR_OFF >> 2] = 0;
  c.nzcv = Number(f[2]);
  setPair(m, 0, f[3]);
  setPair(m, 8, f[4]);
  for (let r = 0; r < 4; r++) {
    setPair(m, V_OFF + 16 * r, f[5 + 2 * r]);
    setPair(m, V_OFF + 16 * r + 8, f[6 + 2 * r]);
  }
  const exit = m.run(1);
  if (exit.kind !== 'budget') return null;
  const i = c.i32;
  const v = V_OFF >> 2;
  return [
    hex64(i[v], i[v + 1]),
    hex64(i[v + 2], i[v + 3]),
    hex64(i[0], i[1]),
    (i[FPSR_OFF >> 2] >>> 0).toString(16),
    c.nzcv.toString(16),
  ].join(' ');
}
