// The encoding groups of the differential harness, and case construction.

import { InitState, type TestCase } from '../case.js';
import { Rng } from '../rng.js';
import type { Generator } from './base.js';
import { generateBranch } from './branch.js';
import { generateDpImm } from './dp_imm.js';
import { generateDpReg } from './dp_reg.js';
import { generateFp, generateFpCtl } from './fp.js';
import { generateLdSt } from './ldst.js';
import { generateSimd } from './simd.js';
import { generateSys } from './sys.js';

export const GROUPS: ReadonlyMap<string, Generator> = new Map<string, Generator>([
  ['dp_imm', generateDpImm],
  ['dp_reg', generateDpReg],
  ['branch', generateBranch],
  ['ldst', generateLdSt],
  ['fp', generateFp],
  ['fp_ctl', generateFpCtl],
  ['simd', generateSimd],
  ['sys', generateSys],
]);

export function makeCase(group: string, seed: number): TestCase {
  const gen = GROUPS.get(group);
  if (gen === undefined) throw new Error(`unknown group ${group} (groups: ${[...GROUPS.keys()].join(', ')})`);
  const st = new InitState();
  const insns = gen(new Rng(seed), st);
  return { group, seed, insns, init: st.bytes };
}
