// The encoding groups of the differential harness, and case construction.

import { InitState, type TestCase } from '../case.js';
import { Rng } from '../rng.js';
import type { Generator } from './base.js';
import { generateBranch } from './branch.js';
import { generateDpImm } from './dp_imm.js';
import { generateDecode } from './decode.js';
import { generateDpReg } from './dp_reg.js';
import { generateFp, generateFpCtl } from './fp.js';
import { generateLdSt } from './ldst.js';
import { generateSimd, generateSimdCtl } from './simd.js';
import { generateSimdFp16 } from './simd_fp16.js';
import { generateSmc } from './smc.js';
import { generateSys, generateSysId } from './sys.js';

export const GROUPS: ReadonlyMap<string, Generator> = new Map<string, Generator>([
  ['dp_imm', generateDpImm],
  ['dp_reg', generateDpReg],
  ['branch', generateBranch],
  ['ldst', generateLdSt],
  ['fp', generateFp],
  ['fp_ctl', generateFpCtl],
  ['simd', generateSimd],
  ['simd_ctl', generateSimdCtl],
  ['simd_fp16', generateSimdFp16],
  ['sys', generateSys],
  ['sys_id', generateSysId],
  ['decode', generateDecode],
  ['smc', generateSmc],
]);

/** How a group's binaries are built and run. */
export interface GroupRun {
  /** qemu CPU model (default: qemu's "max"). */
  cpu?: string;
  /** Trap SIGILL: skip the instruction and mark the scratch buffer (program.ts). */
  trapSigill?: boolean;
  /** Map the code segment R+W+X, for self-modifying code. */
  writableCode?: boolean;
}

/**
 * Groups that need something else than the default. Flint answers ID register
 * reads as a Cortex-A72 (src/cpu/features.ts): CTR_EL0, DCZID_EL0 and the DC
 * ZVA block size are compared against qemu's cortex-a72.
 */
export const GROUP_RUN: ReadonlyMap<string, GroupRun> = new Map<string, GroupRun>([
  ['sys_id', { cpu: 'cortex-a72' }],
  ['decode', { trapSigill: true }],
  ['smc', { writableCode: true }],
]);

export function makeCase(group: string, seed: number): TestCase {
  const gen = GROUPS.get(group);
  if (gen === undefined) throw new Error(`unknown group ${group} (groups: ${[...GROUPS.keys()].join(', ')})`);
  const st = new InitState();
  const insns = gen(new Rng(seed), st);
  return { group, seed, insns, init: st.bytes };
}
