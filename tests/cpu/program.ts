// Builds one test binary from a batch of cases. Two shared routines:
//
//   load_state (X0 = input block): copy the case's scratch image to SCRATCH,
//             then NZCV, FPCR, FPSR, SP, V0-V31 and X1-X29 from the block; RET
//   dump_state (X0 = output record; the case's X0 parked in TPIDR_EL0 and its
//             X30 already stored): X, SP, NZCV, FPSR, FPCR, V, the scratch
//             buffer; then write(1, record, RECORD_SIZE); RET
//
// and per case:
//
//   CLREX; X0 = &input; BL load_state; LDR X30, [X0, #240]; LDR X0, [X0]
//   the generated sequence (branches only go forward, at most to its end)
//   MSR TPIDR_EL0, X0; X0 = &output; STR X30, [X0, #240]; BL dump_state
//
// and the program ends with exit_group(0). No libc, no stack use. In trap
// mode the entry first installs a SIGILL handler on an alternate stack: it
// skips the faulting instruction and stores SIGILL_MARK in the first scratch
// word, so a batch of random words survives undefined ones.

import type { TestCase } from './case.js';
import * as E from './enc.js';
import { PF_R, PF_W, PF_X, writeElf } from './elf_writer.js';
import {
  ALT_STACK,
  ALT_STACK_SIZE,
  BLOCKS,
  CODE_BASE,
  DATA_BASE,
  REC_FPCR,
  REC_FPSR,
  REC_NZCV,
  REC_SCRATCH,
  REC_SP,
  REC_V,
  RECORD_SIZE,
  SCRATCH,
  SCRATCH_SIZE,
  SIG_ACTION,
  SIG_STACK_T,
  SIGILL_MARK,
} from './layout.js';

export interface Program {
  elf: Uint8Array;
  cases: readonly TestCase[];
  /** Address of each case's first prologue instruction. */
  caseStart: number[];
  /** Address of each case's first generated instruction. */
  seqStart: number[];
  /** Address just past each case's generated instructions (the dump). */
  seqEnd: number[];
  inputAddr(i: number): number;
  outputAddr(i: number): number;
}

const SUBS_X_1 = (r: number): number => (0xf1000400 | (r << 5) | r) >>> 0;
const BNE = (insns: number): number => (0x54000001 | ((insns & 0x7ffff) << 5)) >>> 0;
const MOV_X1_SP = E.addImm(1, 31, 0);

/** Emit `ADRP rd; ADD rd, rd, lo12` for an absolute address, from code address pc. */
function loadAddr(code: number[], pc: number, rd: number, addr: number): void {
  code.push(E.adrp(rd, Math.floor(addr / 4096) - Math.floor(pc / 4096)));
  if ((addr & 0xfff) !== 0) code.push(E.addImm(rd, rd, addr & 0xfff));
}

/** Copy SCRATCH_SIZE bytes from [src] to [dst] with Q0/Q1, clobbering src, dst, cnt. */
function copyLoop(code: number[], src: number, dst: number, cnt: number): void {
  code.push(E.movz(cnt, SCRATCH_SIZE / 64));
  const top = code.length;
  code.push((0xacc00000 | (2 << 15) | (1 << 10) | (src << 5) | 0) >>> 0); // LDP Q0, Q1, [src], #32
  code.push((0xac800000 | (2 << 15) | (1 << 10) | (dst << 5) | 0) >>> 0); // STP Q0, Q1, [dst], #32
  code.push((0xacc00000 | (2 << 15) | (1 << 10) | (src << 5) | 0) >>> 0);
  code.push((0xac800000 | (2 << 15) | (1 << 10) | (dst << 5) | 0) >>> 0);
  code.push(SUBS_X_1(cnt));
  code.push(BNE(top - code.length));
}

/** Where the SIGILL handler lives and what it needs. */
const UC_PC = 440; // offsetof(ucontext_t, uc_mcontext.pc) on arm64
const SA_SIGINFO = 0x4;
const SA_ONSTACK = 0x08000000;
const SA_RESTORER = 0x04000000;

export interface BuildOptions {
  /**
   * Install a SIGILL handler (on an alternate stack) that skips the faulting
   * instruction and stores SIGILL_MARK in the first scratch word, so cases
   * with undefined encodings keep running.
   */
  trapSigill?: boolean;
  /** Map the code segment R+W+X (self-modifying code cases). */
  writableCode?: boolean;
}

export function buildProgram(cases: readonly TestCase[], opts: BuildOptions = {}): Program {
  const n = cases.length;
  const inputAddr = (i: number): number => BLOCKS + i * RECORD_SIZE;
  const outputAddr = (i: number): number => BLOCKS + (n + i) * RECORD_SIZE;
  const code: number[] = [];
  const pcOf = (): number => CODE_BASE + 4 * code.length;
  const bl = (target: number): number => (0x94000000 | (((target - pcOf()) >> 2) & 0x3ffffff)) >>> 0;
  const RET = 0xd65f03c0;

  const loadState = pcOf();
  loadAddr(code, pcOf(), 29, SCRATCH);
  code.push(E.addImm(28, 0, REC_SCRATCH));
  copyLoop(code, 28, 29, 27);
  code.push(E.ldrX(1, 0, REC_NZCV), E.msrNzcv(1));
  code.push(E.ldrX(1, 0, REC_FPCR), E.msrFpcr(1));
  code.push(E.ldrX(1, 0, REC_FPSR), E.msrFpsr(1));
  code.push(E.ldrX(1, 0, REC_SP), E.addImm(31, 1, 0));
  for (let k = 0; k < 32; k += 2) code.push(E.ldpQ(k, k + 1, 0, REC_V + 16 * k));
  for (let k = 2; k < 30; k += 2) code.push(E.ldpX(k, k + 1, 0, 8 * k));
  code.push(E.ldrX(1, 0, 8), RET);

  const dumpState = pcOf();
  for (let k = 1; k < 29; k += 2) code.push(E.stpX(k, k + 1, 0, 8 * k));
  code.push(E.strX(29, 0, 8 * 29));
  code.push(E.mrsNzcv(1), E.strX(1, 0, REC_NZCV));
  code.push(E.mrsTpidr(1), E.strX(1, 0, 0));
  code.push(MOV_X1_SP, E.strX(1, 0, REC_SP));
  code.push(E.mrsFpsr(1), E.strX(1, 0, REC_FPSR));
  code.push(E.mrsFpcr(1), E.strX(1, 0, REC_FPCR));
  for (let k = 0; k < 32; k += 2) code.push(E.stpQ(k, k + 1, 0, REC_V + 16 * k));
  loadAddr(code, pcOf(), 2, SCRATCH);
  code.push(E.addImm(3, 0, REC_SCRATCH));
  copyLoop(code, 2, 3, 4);
  code.push(E.addImm(1, 0, 0), E.movz(0, 1), E.movz(2, RECORD_SIZE), E.movz(8, 64), E.SVC0, RET);

  // SIGILL handler: skip the instruction, mark the scratch buffer; then rt_sigreturn.
  const handler = pcOf();
  code.push(E.ldrX(9, 2, UC_PC), E.addImm(9, 9, 4), E.strX(9, 2, UC_PC));
  loadAddr(code, pcOf(), 10, SCRATCH);
  code.push(E.movz(11, Number(SIGILL_MARK & 0xffffn)));
  for (let hw = 1; hw < 4; hw++) code.push(E.movk(11, Number((SIGILL_MARK >> BigInt(16 * hw)) & 0xffffn), hw));
  code.push(E.strX(11, 10, 0), RET);
  const restorer = pcOf();
  code.push(E.movz(8, 139), E.SVC0);

  // Entry: in trap mode, sigaltstack and rt_sigaction(SIGILL) first.
  const entry = pcOf();
  if (opts.trapSigill === true) {
    loadAddr(code, pcOf(), 0, SIG_STACK_T);
    code.push(E.movz(1, 0), E.movz(8, 132), E.SVC0);
    code.push(E.movz(0, 4));
    loadAddr(code, pcOf(), 1, SIG_ACTION);
    code.push(E.movz(2, 0), E.movz(3, 8), E.movz(8, 134), E.SVC0);
  }

  const caseStart: number[] = [];
  const seqStart: number[] = [];
  const seqEnd: number[] = [];
  for (let i = 0; i < n; i++) {
    caseStart.push(pcOf());
    code.push(E.CLREX);
    loadAddr(code, pcOf(), 0, inputAddr(i));
    code.push(bl(loadState));
    code.push(E.ldrX(30, 0, 240), E.ldrX(0, 0, 0));
    seqStart.push(pcOf());
    for (const insn of cases[i].insns) code.push(insn.word >>> 0);
    seqEnd.push(pcOf());
    code.push(E.msrTpidr(0));
    loadAddr(code, pcOf(), 0, outputAddr(i));
    code.push(E.strX(30, 0, 240));
    code.push(bl(dumpState));
  }
  code.push(E.movz(0, 0), E.movz(8, 94), E.SVC0);

  const text = new Uint8Array(code.length * 4);
  const tdv = new DataView(text.buffer);
  code.forEach((w, k) => tdv.setUint32(4 * k, w, true));
  const data = new Uint8Array(BLOCKS - DATA_BASE + 2 * n * RECORD_SIZE);
  cases.forEach((c, i) => data.set(c.init, inputAddr(i) - DATA_BASE));
  const ddv = new DataView(data.buffer);
  ddv.setBigUint64(SIG_STACK_T - DATA_BASE, BigInt(ALT_STACK), true); // ss_sp
  ddv.setBigUint64(SIG_STACK_T - DATA_BASE + 16, BigInt(ALT_STACK_SIZE), true); // ss_size
  ddv.setBigUint64(SIG_ACTION - DATA_BASE, BigInt(handler), true); // sa_handler
  ddv.setBigUint64(SIG_ACTION - DATA_BASE + 8, BigInt(SA_SIGINFO | SA_ONSTACK | SA_RESTORER), true); // sa_flags
  ddv.setBigUint64(SIG_ACTION - DATA_BASE + 16, BigInt(restorer), true); // sa_restorer
  const elf = writeElf(entry, [
    { vaddr: CODE_BASE, data: text, flags: opts.writableCode === true ? PF_R | PF_W | PF_X : PF_R | PF_X },
    { vaddr: DATA_BASE, data, flags: PF_R | PF_W },
  ]);
  return { elf, cases, caseStart, seqStart, seqEnd, inputAddr, outputAddr };
}
