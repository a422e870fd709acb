// Branches, Exception Generating and System instructions (Arm ARM C4.1.5):
// bits 28:26 = 101. Fields: op0 = bits 31:29, op1 = bits 25:12, op2 = 4:0.
// Only what EL0 may execute under Linux is decoded; everything else
// (HVC, SMC, DCPS, ERET, PAC branches, MSR to PSTATE fields, other system
// registers) returns null and becomes SIGILL.

import type { Op } from '../cpu.js';
import { rdZr, rnZr } from '../state.js';
import { branch, branchCond, branchLink, branchReg, compareBranch, testBranch } from '../exec/branch.js';
import { brk, clrex, nop, svc, sysOp, sysRegKey, sysRegRead, sysRegWrite } from '../exec/system.js';

function exception(word: number): Op | null {
  const opc = (word >>> 21) & 7;
  const op2ll = word & 31;
  const imm = (word >>> 5) & 0xffff;
  if (opc === 0 && op2ll === 1) return svc(imm);
  if (opc === 1 && op2ll === 0) return brk(imm);
  return null;
}

/** Hints, barriers, PSTATE, SYS and MRS/MSR: bits 31:22 = 1101010100. */
function system(word: number): Op | null {
  const l = (word >>> 21) & 1;
  const op0 = (word >>> 19) & 3;
  const op1 = (word >>> 16) & 7;
  const crn = (word >>> 12) & 15;
  const crm = (word >>> 8) & 15;
  const op2 = (word >>> 5) & 7;
  const rt = word & 31;
  if (op0 === 0) {
    if (l === 1 || op1 !== 3 || rt !== 31) return null;
    if (crn === 2) return nop; // the whole hint space, incl. BTI and the PAC hints
    if (crn === 3) {
      switch (op2) {
        case 2: return clrex;
        case 4: // DSB
        case 5: // DMB
        case 6: // ISB
          return nop;
        case 7: return crm === 0 ? nop : null; // SB
        default: return null;
      }
    }
    return null;
  }
  if (op0 === 1) return l === 0 ? sysOp(op1, crn, crm, op2, rnZr(rt)) : null;
  const key = sysRegKey(op0, op1, crn, crm, op2);
  return l === 1 ? sysRegRead(key, rdZr(rt)) : sysRegWrite(key, rnZr(rt));
}

function branchRegister(word: number): Op | null {
  // opc 0000 BR, 0001 BLR, 0010 RET; op2 = 11111, op3 = 000000, op4 = 00000.
  if ((word & 0x001ffc1f) !== 0x001f0000) return null;
  const opc = (word >>> 21) & 15;
  const n = (word >>> 5) & 31;
  if (opc === 0 || opc === 2) return branchReg(n, false);
  if (opc === 1) return branchReg(n, true);
  return null;
}

export function decodeBranchSys(word: number): Op | null {
  const op0 = word >>> 29;
  if ((op0 & 3) === 0) {
    const off = ((word << 6) >> 6) * 4;
    return op0 === 0 ? branch(off) : branchLink(off);
  }
  if ((op0 & 3) === 1) {
    const off = ((word << 8) >> 13) * 4;
    const t = rnZr(word & 31);
    if (((word >>> 25) & 1) === 0) return compareBranch(op0 === 5, ((word >>> 24) & 1) === 1, t, off);
    const bit = ((word >>> 31) << 5) | ((word >>> 19) & 31);
    const toff = ((word << 13) >> 18) * 4;
    return testBranch(bit, ((word >>> 24) & 1) === 1, t, toff);
  }
  if (op0 === 2) {
    if (((word >>> 25) & 1) !== 0 || ((word >>> 24) & 1) !== 0 || ((word >>> 4) & 1) !== 0) return null;
    return branchCond(word & 15, ((word << 8) >> 13) * 4);
  }
  if (op0 === 6) {
    const op1 = (word >>> 12) & 0x3fff;
    if ((op1 & 0x3000) === 0) return exception(word);
    if ((op1 & 0x3c00) === 0x1000) return system(word);
    if ((op1 & 0x2000) !== 0) return branchRegister(word);
  }
  return null;
}
