// Exception generation and system instructions as EL0 sees them under Linux
// (Arm ARM C6.2: SVC, BRK, HINT space, barriers, CLREX, MRS, MSR, DC, IC).

import type { Op } from '../cpu.js';
import type { CpuExit } from '../exit.js';
import { FPCR_OFF, FPSR_OFF, TMP_OFF, TPIDR_OFF } from '../state.js';
import { CTR_EL0, DC_ZVA_BYTES, DCZID_EL0, ID_REGS, MIDR_EL1, MPIDR_EL1 } from '../features.js';

/** SVC #imm: stop for the kernel; the PC moves past the instruction. */
export function svc(imm: number): Op {
  const exit: CpuExit = { kind: 'svc', imm };
  return (c, pc) => {
    c.raise(exit);
    return pc + 4;
  };
}

/** BRK #imm: stop with a breakpoint; the PC stays on the instruction. */
export function brk(imm: number): Op {
  const exit: CpuExit = { kind: 'breakpoint', imm };
  return (c, pc) => {
    c.raise(exit);
    return pc;
  };
}

/** Hints (NOP, YIELD, WFE, WFI, SEV, SEVL, BTI, PACIASP, AUTIASP, ...) and barriers. */
export const nop: Op = (_c, pc) => pc + 4;

export const clrex: Op = (c, pc) => {
  c.clearExclusive();
  return pc + 4;
};

/** A system register as its MRS/MSR encoding op0:op1:CRn:CRm:op2 (16 bits). */
export function sysRegKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

const NZCV = sysRegKey(3, 3, 4, 2, 0);
const FPCR = sysRegKey(3, 3, 4, 4, 0);
const FPSR = sysRegKey(3, 3, 4, 4, 1);
const TPIDR_EL0 = sysRegKey(3, 3, 13, 0, 2);
const TPIDRRO_EL0 = sysRegKey(3, 3, 13, 0, 3);
const CTR = sysRegKey(3, 3, 0, 0, 1);
const DCZID = sysRegKey(3, 3, 0, 0, 7);
const CNTFRQ = sysRegKey(3, 3, 14, 0, 0);
const CNTVCT = sysRegKey(3, 3, 14, 0, 2);

/**
 * FPCR bits that hold state: AHP, DN, FZ, RMode, the AArch32 Len/Stride (as
 * qemu keeps them) and FZ16, which the scalar half-precision instructions honour.
 */
const FPCR_MASK = 0x07ff0000;
/** FPSR bits: NZCV (AArch32), QC, IDC and the cumulative exception flags. */
const FPSR_MASK = 0xf800009f | 0;
const TPIDR_I = TPIDR_OFF >> 2;

function readConst(t: number, lo: number, hi: number): Op {
  const t2 = 2 * t;
  return (c, pc) => {
    const i = c.i32;
    i[t2] = lo;
    i[t2 + 1] = hi;
    return pc + 4;
  };
}

/**
 * The ID registers Linux emulates for EL0 (op0=3, op1=0, CRn=0): MIDR,
 * MPIDR, REVIDR, and CRm 2..7 (ID_AA64*; unknown ones read as zero).
 */
function readIdReg(key: number, t: number): Op | null {
  const crm = (key >> 3) & 15;
  const op2 = key & 7;
  if (crm === 0) {
    if (op2 === 0) return readConst(t, MIDR_EL1, 0);
    if (op2 === 5) return readConst(t, MPIDR_EL1, 0);
    if (op2 === 6) return readConst(t, 0, 0);
    return null;
  }
  if (crm < 2) return null;
  const v = ID_REGS.get((crm << 3) | op2);
  return v === undefined ? readConst(t, 0, 0) : readConst(t, v[0], v[1]);
}

/** MRS Xt, <reg> (t already mapped for ZR); null if EL0 may not read it. */
export function sysRegRead(key: number, t: number): Op | null {
  const t2 = 2 * t;
  if (key >> 7 === sysRegKey(3, 0, 0, 0, 0) >> 7) return readIdReg(key, t);
  switch (key) {
    case NZCV:
      return (c, pc) => {
        const i = c.i32;
        i[t2] = c.nzcv;
        i[t2 + 1] = 0;
        return pc + 4;
      };
    case FPCR:
    case FPSR: {
      const w = (key === FPCR ? FPCR_OFF : FPSR_OFF) >> 2;
      return (c, pc) => {
        const i = c.i32;
        i[t2] = i[w];
        i[t2 + 1] = 0;
        return pc + 4;
      };
    }
    case TPIDR_EL0:
      return (c, pc) => {
        const i = c.i32;
        i[t2] = i[TPIDR_I];
        i[t2 + 1] = i[TPIDR_I + 1];
        return pc + 4;
      };
    case TPIDRRO_EL0:
      return readConst(t, 0, 0);
    case CTR:
      return readConst(t, CTR_EL0 | 0, 0);
    case DCZID:
      return readConst(t, DCZID_EL0, 0);
    case CNTFRQ:
      return (c, pc) => {
        const i = c.i32;
        i[t2] = c.counter.hz;
        i[t2 + 1] = 0;
        return pc + 4;
      };
    case CNTVCT:
      return (c, pc) => {
        const v = c.counter.read();
        const i = c.i32;
        i[t2] = v % 4294967296;
        i[t2 + 1] = Math.floor(v / 4294967296);
        return pc + 4;
      };
    default:
      return null;
  }
}

/** MSR <reg>, Xt (t already mapped for ZR); null if EL0 may not write it. */
export function sysRegWrite(key: number, t: number): Op | null {
  const t2 = 2 * t;
  switch (key) {
    case NZCV:
      return (c, pc) => {
        c.nzcv = c.i32[t2];
        return pc + 4;
      };
    case FPCR:
    case FPSR: {
      const w = (key === FPCR ? FPCR_OFF : FPSR_OFF) >> 2;
      const mask = key === FPCR ? FPCR_MASK : FPSR_MASK;
      return (c, pc) => {
        const i = c.i32;
        i[w] = i[t2] & mask;
        return pc + 4;
      };
    }
    case TPIDR_EL0:
      return (c, pc) => {
        const i = c.i32;
        i[TPIDR_I] = i[t2];
        i[TPIDR_I + 1] = i[t2 + 1];
        return pc + 4;
      };
    default:
      return null;
  }
}

const TMP_I = TMP_OFF >> 2;

/**
 * SYS (op1, CRn, CRm, op2), Xt: the cache maintenance EL0 may do. DC ZVA
 * zeroes the 64-byte block holding Xt and faults like a store; IC IVAU drops
 * all decoded code; the other DC by-VA operations do nothing (as in qemu).
 */
export function sysOp(op1: number, crn: number, crm: number, op2: number, t: number): Op | null {
  if (op1 !== 3 || crn !== 7 || op2 !== 1) return null;
  switch (crm) {
    case 4: // DC ZVA
      return (c, pc) => {
        const va = c.ea(t, 0);
        c.i32.fill(0, TMP_I, TMP_I + (DC_ZVA_BYTES >> 2));
        c.stFrom(va - (va % DC_ZVA_BYTES), TMP_OFF, DC_ZVA_BYTES);
        return pc + 4;
      };
    case 5: // IC IVAU
      return (c, pc) => {
        c.invalidateAllCode();
        return pc + 4;
      };
    case 10: // DC CVAC
    case 11: // DC CVAU
    case 14: // DC CIVAC
      return nop;
    default:
      return null;
  }
}
