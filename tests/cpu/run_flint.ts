// Runs a test binary's cases on Flint's CPU, in-process, over a small Mmu that
// maps the binary's two segments (no kernel involved).
//
// Direct mode (the default) loads each case's initial state straight into the
// CPU state block, runs only the generated sequence, and dumps the state in
// the record layout: a failure then belongs to the case's own instructions.
// Whole mode runs the binary's own prologue and dump code and handles its
// write and exit_group SVCs, like a tiny kernel.

import { Cpu } from '../../src/cpu/cpu.js';
import { ACCESS_EXEC, ACCESS_WRITE, type Access, type CpuExit, GuestFault, type Mmu } from '../../src/cpu/exit.js';
import * as S from '../../src/cpu/state.js';
import { readElfSegments, PF_W, PF_X } from './elf_writer.js';
import {
  REC_FPCR,
  REC_FPSR,
  REC_NZCV,
  REC_SCRATCH,
  REC_SP,
  REC_V,
  REC_X,
  RECORD_SIZE,
  REC_STATE_SIZE,
  SCRATCH,
  SCRATCH_SIZE,
  SIGILL_MARK,
} from './layout.js';
import type { Program } from './program.js';

export interface FlintCaseResult {
  record: Uint8Array;
  /** Set when the case did not run to its end: an exit, a host exception, or a wild branch. */
  problem: string | null;
  /** Index of the instruction the problem happened at, when known. */
  at: number | null;
}

interface Region {
  va: number;
  size: number;
  host: number;
  flags: number;
}

/** A CPU with the binary's segments mapped at their addresses. */
class Machine {
  readonly cpu: Cpu;
  private readonly regions: Region[] = [];

  constructor(elf: Uint8Array) {
    const { segments } = readElfSegments(elf);
    let frames = 0;
    const layout = segments.map((s) => {
      const pages = Math.ceil(s.data.length / S.PAGE_SIZE);
      const r = { va: s.vaddr, size: pages * S.PAGE_SIZE, host: S.FRAME_BASE + frames * S.PAGE_SIZE, flags: s.flags };
      frames += pages;
      return r;
    });
    const memory = new WebAssembly.Memory({ initial: Math.ceil((S.FRAME_BASE + frames * S.PAGE_SIZE) / 65536) });
    const regions = this.regions;
    regions.push(...layout);
    const mmu: Mmu = {
      fill(va: number, access: Access): number {
        for (const r of regions) {
          if (va < r.va || va >= r.va + r.size) continue;
          if (access === ACCESS_WRITE && (r.flags & PF_W) === 0) throw new GuestFault(va, access, 'protection');
          if (access === ACCESS_EXEC && (r.flags & PF_X) === 0) throw new GuestFault(va, access, 'protection');
          return r.host + (va - r.va);
        }
        throw new GuestFault(va, access, 'unmapped');
      },
    };
    this.cpu = new Cpu(memory, mmu);
    const u8 = new Uint8Array(memory.buffer);
    segments.forEach((s, i) => u8.set(s.data, layout[i].host));
  }

  /** Host offset of guest address va (which must be mapped). */
  host(va: number): number {
    for (const r of this.regions) if (va >= r.va && va < r.va + r.size) return r.host + (va - r.va);
    throw new Error(`address 0x${va.toString(16)} is not mapped`);
  }
}

function describeExit(e: CpuExit): string {
  switch (e.kind) {
    case 'undefined':
      return `undefined instruction 0x${e.word.toString(16).padStart(8, '0')} (SIGILL)`;
    case 'pageFault':
      return `page fault at 0x${e.addr.toString(16)} (access ${e.access}, ${e.reason})`;
    case 'alignment':
      return `alignment fault at 0x${e.addr.toString(16)}`;
    case 'svc':
      return `svc #${e.imm}`;
    case 'breakpoint':
      return `brk #${e.imm}`;
    case 'budget':
      return 'budget';
  }
}

/** Load a record's state into the CPU and the scratch buffer. */
function loadState(m: Machine, rec: Uint8Array): void {
  const c = m.cpu;
  const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  c.resetState();
  for (let n = 0; n < 31; n++) {
    c.i32[2 * n] = dv.getInt32(REC_X + 8 * n, true);
    c.i32[2 * n + 1] = dv.getInt32(REC_X + 8 * n + 4, true);
  }
  c.i32[2 * S.SP] = dv.getInt32(REC_SP, true);
  c.i32[2 * S.SP + 1] = dv.getInt32(REC_SP + 4, true);
  c.nzcv = dv.getUint32(REC_NZCV, true);
  c.i32[S.FPCR_OFF >> 2] = dv.getInt32(REC_FPCR, true);
  c.i32[S.FPSR_OFF >> 2] = dv.getInt32(REC_FPSR, true);
  c.u8.set(rec.subarray(REC_V, REC_V + 512), S.V_OFF);
  c.clearExclusive();
  c.u8.set(rec.subarray(REC_SCRATCH, REC_SCRATCH + SCRATCH_SIZE), m.host(SCRATCH));
}

/** Dump the CPU state and the scratch buffer as a record. */
function dumpState(m: Machine): Uint8Array {
  const c = m.cpu;
  const rec = new Uint8Array(RECORD_SIZE);
  const dv = new DataView(rec.buffer);
  for (let n = 0; n < 31; n++) {
    dv.setInt32(REC_X + 8 * n, c.i32[2 * n], true);
    dv.setInt32(REC_X + 8 * n + 4, c.i32[2 * n + 1], true);
  }
  dv.setInt32(REC_SP, c.i32[2 * S.SP], true);
  dv.setInt32(REC_SP + 4, c.i32[2 * S.SP + 1], true);
  dv.setUint32(REC_NZCV, c.nzcv, true);
  dv.setInt32(REC_FPSR, c.i32[S.FPSR_OFF >> 2], true);
  dv.setInt32(REC_FPCR, c.i32[S.FPCR_OFF >> 2], true);
  rec.set(c.u8.subarray(S.V_OFF, S.V_OFF + 512), REC_V);
  const h = m.host(SCRATCH);
  rec.set(c.u8.subarray(h, h + SCRATCH_SIZE), REC_SCRATCH);
  return rec;
}

/** What the binary's SIGILL handler does (trap mode): mark the scratch buffer. */
function markSigill(m: Machine): void {
  m.cpu.dv.setBigUint64(m.host(SCRATCH), SIGILL_MARK, true);
}

/** Run every case of `prog` in direct mode; with `trapSigill`, an undefined instruction is skipped and marked. */
export function runFlintDirect(prog: Program, trapSigill = false): FlintCaseResult[] {
  const m = new Machine(prog.elf);
  const results: FlintCaseResult[] = [];
  prog.cases.forEach((tc, i) => {
    loadState(m, tc.init);
    const c = m.cpu;
    const start = prog.seqStart[i];
    const end = prog.seqEnd[i];
    c.pc = start;
    let problem: string | null = null;
    let at: number | null = null;
    try {
      for (let steps = 0; c.pc !== end; steps++) {
        if (steps > 4 * tc.insns.length + 8) {
          problem = 'did not reach the end of the sequence';
          break;
        }
        const pc = c.pc;
        at = (pc - start) / 4;
        const e = c.run(1);
        if (e.kind === 'undefined' && trapSigill) {
          markSigill(m);
          c.pc = pc + 4;
          continue;
        }
        if (e.kind !== 'budget') {
          problem = `${describeExit(e)} at pc +${(pc - start) / 4}`;
          break;
        }
        if (c.pc < start || c.pc > end) {
          problem = `branched out of the sequence to 0x${c.pc.toString(16)} from +${(pc - start) / 4}`;
          break;
        }
      }
    } catch (e) {
      problem = `host exception: ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 3).join(' | ') : String(e)}`;
    }
    const rec = dumpState(m);
    if (problem !== null) rec.fill(0, 0, REC_STATE_SIZE);
    results.push({ record: rec, problem, at: problem === null ? null : at });
  });
  return results;
}

/** Run the whole binary (prologue, dump, write/exit_group SVCs) on Flint. */
export function runFlintWhole(prog: Program, trapSigill = false): FlintCaseResult[] {
  const m = new Machine(prog.elf);
  const c = m.cpu;
  const n = prog.cases.length;
  const results: FlintCaseResult[] = [];
  const caseOf = (pc: number): number => {
    let k = 0;
    while (k + 1 < n && prog.caseStart[k + 1] <= pc) k++;
    return k;
  };
  c.resetState();
  c.pc = prog.caseStart[0] ?? 0;
  let guard = 0;
  while (results.length < n && guard++ < 100 * n + 100) {
    let e: CpuExit;
    let problem: string | null = null;
    try {
      e = c.run(1_000_000);
    } catch (err) {
      e = { kind: 'budget' };
      problem = `host exception: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (problem === null && e.kind === 'svc') {
      const nr = c.xNum(8);
      if (nr === 64) {
        const addr = c.xNum(1);
        const len = c.xNum(2);
        const h = m.host(addr);
        results.push({ record: c.u8.slice(h, h + len), problem: null, at: null });
        c.setXNum(0, len);
        continue;
      }
      if (nr === 94 || nr === 93) break;
      if (nr === 132 || nr === 134) {
        c.setXNum(0, 0); // sigaltstack, rt_sigaction: the handler is emulated below
        continue;
      }
      problem = `unexpected syscall ${nr}`;
    } else if (problem === null && e.kind === 'undefined' && trapSigill) {
      markSigill(m);
      c.pc = c.pc + 4;
      continue;
    } else if (problem === null && e.kind === 'budget') {
      continue;
    } else if (problem === null) {
      problem = describeExit(e);
    }
    // The case died: record it and restart at the next case's prologue.
    const k = caseOf(c.pc);
    while (results.length < k) results.push({ record: new Uint8Array(RECORD_SIZE), problem: 'skipped', at: null });
    results.push({ record: new Uint8Array(RECORD_SIZE), problem: `${problem} at pc 0x${c.pc.toString(16)}`, at: null });
    if (k + 1 >= n) break;
    c.pc = prog.caseStart[k + 1];
  }
  while (results.length < n) results.push({ record: new Uint8Array(RECORD_SIZE), problem: 'never ran', at: null });
  return results;
}
