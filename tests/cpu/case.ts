// A generated test case: an instruction sequence and the initial state it runs
// from. A case is a pure function of (group, seed).

import { REC_FPCR, REC_FPSR, REC_NZCV, REC_SCRATCH, REC_SP, REC_V, REC_X, RECORD_SIZE, SCRATCH_SIZE } from './layout.js';

export interface Insn {
  word: number;
  /** The opcode class, e.g. "adds_imm" or "ld1_multi": failures are grouped by it. */
  name: string;
}

export interface TestCase {
  group: string;
  seed: number;
  insns: Insn[];
  /** The initial state, laid out as a record (layout.ts). */
  init: Uint8Array;
}

/** The initial state of a case, edited by generators through typed setters. */
export class InitState {
  readonly bytes = new Uint8Array(RECORD_SIZE);
  private readonly dv = new DataView(this.bytes.buffer);

  setX(n: number, v: bigint): void {
    this.dv.setBigUint64(REC_X + 8 * n, BigInt.asUintN(64, v), true);
  }
  x(n: number): bigint {
    return this.dv.getBigUint64(REC_X + 8 * n, true);
  }
  sp(): bigint {
    return this.dv.getBigUint64(REC_SP, true);
  }
  setSp(v: bigint): void {
    this.dv.setBigUint64(REC_SP, BigInt.asUintN(64, v), true);
  }
  /** NZCV as the 4-bit value N:Z:C:V. */
  setNzcv(flags: number): void {
    this.dv.setBigUint64(REC_NZCV, BigInt((flags & 0xf) << 28 >>> 0), true);
  }
  setFpsr(v: number): void {
    this.dv.setBigUint64(REC_FPSR, BigInt(v >>> 0), true);
  }
  setFpcr(v: number): void {
    this.dv.setBigUint64(REC_FPCR, BigInt(v >>> 0), true);
  }
  fpcr(): number {
    return Number(this.dv.getBigUint64(REC_FPCR, true));
  }
  /** Set V[n] from 16 bytes. */
  setV(n: number, bytes: Uint8Array): void {
    this.bytes.set(bytes.subarray(0, 16), REC_V + 16 * n);
  }
  /** Set 64-bit lane `lane` of V[n]. */
  setVLane64(n: number, lane: number, v: bigint): void {
    this.dv.setBigUint64(REC_V + 16 * n + 8 * lane, BigInt.asUintN(64, v), true);
  }
  setVLane32(n: number, lane: number, v: number): void {
    this.dv.setUint32(REC_V + 16 * n + 4 * lane, v >>> 0, true);
  }
  setVLane16(n: number, lane: number, v: number): void {
    this.dv.setUint16(REC_V + 16 * n + 2 * lane, v & 0xffff, true);
  }
  setScratch(off: number, bytes: Uint8Array): void {
    if (off + bytes.length > SCRATCH_SIZE) throw new Error('scratch overflow');
    this.bytes.set(bytes, REC_SCRATCH + off);
  }
}
