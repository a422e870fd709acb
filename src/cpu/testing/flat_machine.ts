// A CPU over one flat read/write/execute region, for instruction tests that
// need no kernel: code and data live in [BASE, BASE + pages * 4096).
import { Cpu } from '../cpu.js';
import { type Access, type CpuExit, GuestFault, type Mmu } from '../exit.js';
import { FRAME_BASE, PAGE_SIZE } from '../state.js';

export const FLAT_BASE = 0x400000;

export interface FlatMachine {
  cpu: Cpu;
  /** Write instruction words at FLAT_BASE (or `at`) and point PC at them. */
  load(words: readonly number[], at?: number): void;
  /** Run until an exit other than budget, or `max` instructions. */
  run(max?: number): CpuExit;
}

export function flatMachine(pages = 64): FlatMachine {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((FRAME_BASE + pages * PAGE_SIZE) / 65536) });
  const mmu: Mmu = {
    fill(va: number, access: Access): number {
      const page = Math.floor((va - FLAT_BASE) / PAGE_SIZE);
      if (va < FLAT_BASE || page >= pages) throw new GuestFault(va, access, 'unmapped');
      return FRAME_BASE + page * PAGE_SIZE;
    },
  };
  const cpu = new Cpu(memory, mmu);
  return {
    cpu,
    load(words, at = FLAT_BASE) {
      const off = FRAME_BASE + (at - FLAT_BASE);
      words.forEach((w, k) => cpu.dv.setUint32(off + 4 * k, w >>> 0, true));
      cpu.invalidateAllCode();
      cpu.pc = at;
    },
    run(max = 1_000_000) {
      return cpu.run(max);
    },
  };
}
