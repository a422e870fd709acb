// Helpers for the load/store unit tests: a flat machine with a data area,
// register and memory pokes as BigInt, and a machine with a read-only page.

import { Cpu } from '../cpu.js';
import { type Access, ACCESS_WRITE, type CpuExit, GuestFault, type Mmu } from '../exit.js';
import { FRAME_BASE, PAGE_SIZE, V_OFF } from '../state.js';
import { FLAT_BASE, type FlatMachine, flatMachine } from '../testing/flat_machine.js';

/** Data area inside the flat region, page aligned. */
export const DATA = FLAT_BASE + 0x10000;
/** Pages in the test machines; [FLAT_BASE, END) is mapped. */
export const PAGES = 64;
export const END = FLAT_BASE + PAGES * PAGE_SIZE;

export interface TestMachine extends FlatMachine {
  x(n: number): bigint;
  setX(n: number, v: bigint | number): void;
  /** V register n as a 128-bit unsigned BigInt. */
  v(n: number): bigint;
  setV(n: number, v: bigint): void;
  poke(va: number, bytes: readonly number[]): void;
  peek(va: number, len: number): number[];
  poke64(va: number, v: bigint): void;
  peek64(va: number): bigint;
  /** Load `words` at FLAT_BASE and run exactly that many instructions. */
  exec(words: readonly number[]): CpuExit;
}

function extend(m: FlatMachine): TestMachine {
  const c = m.cpu;
  const host = (va: number): number => FRAME_BASE + (va - FLAT_BASE);
  const t: TestMachine = {
    ...m,
    x: (n) => c.xBig(n),
    setX: (n, v) => c.setXBig(n, BigInt(v)),
    v(n) {
      let r = 0n;
      for (let k = 15; k >= 0; k--) r = (r << 8n) | BigInt(c.u8[V_OFF + 16 * n + k]);
      return r;
    },
    setV(n, v) {
      for (let k = 0; k < 16; k++) c.u8[V_OFF + 16 * n + k] = Number((v >> BigInt(8 * k)) & 0xffn);
    },
    poke(va, bytes) {
      bytes.forEach((b, k) => (c.u8[host(va) + k] = b));
    },
    peek(va, len) {
      return Array.from(c.u8.subarray(host(va), host(va) + len));
    },
    poke64(va, v) {
      c.dv.setBigUint64(host(va), BigInt.asUintN(64, v), true);
    },
    peek64(va) {
      return c.dv.getBigUint64(host(va), true);
    },
    exec(words) {
      m.load(words);
      return m.run(words.length);
    },
  };
  return t;
}

/** A flat machine of PAGES pages with BigInt helpers. */
export function testMachine(): TestMachine {
  return extend(flatMachine(PAGES));
}

/** Like testMachine, but the page at `roPage` (a virtual address) refuses writes. */
export function readOnlyPageMachine(roPage: number): TestMachine {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((FRAME_BASE + PAGES * PAGE_SIZE) / 65536) });
  const mmu: Mmu = {
    fill(va: number, access: Access): number {
      const page = Math.floor((va - FLAT_BASE) / PAGE_SIZE);
      if (va < FLAT_BASE || page >= PAGES) throw new GuestFault(va, access, 'unmapped');
      if (access === ACCESS_WRITE && va - (va % PAGE_SIZE) === roPage) throw new GuestFault(va, access, 'protection');
      return FRAME_BASE + page * PAGE_SIZE;
    },
  };
  const cpu = new Cpu(memory, mmu);
  const flat: FlatMachine = {
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
  return extend(flat);
}
