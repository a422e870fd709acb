// Differential CPU test: generated instruction sequences of every encoding
// group run under qemu-aarch64 and on Flint's CPU; every register, flag, FPSR
// and the scratch buffer must match. The seed is fixed (FLINT_DIFF_SEED
// overrides it, "random" picks one) and printed, so a run can be repeated.
// For long exploratory runs use diff_main.js.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { groupCases, runCases, type CaseOutcome } from './harness.js';
import { describeFailures, groupTable, mnemonicTable, summarize, type GroupSummary } from './report.js';
import { qemuAvailable } from './run_qemu.js';

/** Cases per group: 24,000 in all (plus the random words below). */
const COUNTS: ReadonlyArray<readonly [string, number]> = [
  ['dp_imm', 2500],
  ['dp_reg', 3500],
  ['branch', 2000],
  ['ldst', 4000],
  ['fp', 3500],
  ['fp_ctl', 1000],
  ['simd', 4500],
  ['simd_ctl', 1000],
  ['sys', 1000],
  ['sys_id', 500],
  ['smc', 500],
];

/** Random words in the data-processing spaces, run with SIGILL trapped (gen/decode.ts). */
const DECODE_COUNT = 3000;

const envSeed = process.env.FLINT_DIFF_SEED;
const SEED = envSeed === 'random' ? (Math.random() * 2 ** 32) >>> 0 : envSeed !== undefined ? Number(envSeed) >>> 0 : 20261127;

describe('differential CPU harness against qemu-aarch64', async () => {
  const haveQemu = await qemuAvailable();
  const outcomes = new Map<string, CaseOutcome[]>();
  const summaries = new Map<string, GroupSummary>();

  before(async () => {
    if (!haveQemu) return;
    const all = [...COUNTS.flatMap(([g, n]) => groupCases(g, n, SEED)), ...groupCases('decode', DECODE_COUNT, SEED)];
    const outs = await runCases(all);
    for (const o of outs) {
      const list = outcomes.get(o.tc.group) ?? [];
      list.push(o);
      outcomes.set(o.tc.group, list);
    }
    const sums = summarize(outs);
    for (const s of sums) summaries.set(s.group, s);
    console.log(`differential harness: seed ${SEED} (FLINT_DIFF_SEED=${SEED} repeats this run), ${all.length} cases`);
    console.log(groupTable(sums));
    for (const s of sums) console.log(mnemonicTable(s, 10));
  });

  test(
    `decode: of ${DECODE_COUNT} random data-processing words, those Flint executes give qemu's results and none is one qemu rejects`,
    { skip: haveQemu ? false : 'qemu-aarch64 not found' },
    () => {
      // flint_sigill failures are allowed: qemu's "max" CPU has extensions Flint does not claim.
      const bad = (outcomes.get('decode') ?? []).filter((o) => o.verdict !== 'pass' && !o.tc.insns[0].name.startsWith('flint_sigill:'));
      if (bad.length === 0) return;
      assert.fail(`${bad.length} random words disagree (seed ${SEED}):\n\n${describeFailures(bad.slice(0, 5)).join('\n\n')}`);
    },
  );

  for (const [group, count] of COUNTS) {
    test(`${group}: ${count} generated sequences leave the same state as under qemu-aarch64`, { skip: haveQemu ? false : 'qemu-aarch64 not found' }, () => {
      const s = summaries.get(group);
      assert.ok(s !== undefined, `no results for ${group}`);
      assert.equal(s.total, count);
      if (s.fail + s.invalid === 0) return;
      const examples = s.byMnemonic.filter((m) => m.example !== null).slice(0, 5).map((m) => m.example!);
      const text = describeFailures(examples).join('\n\n');
      assert.fail(`${group}: ${s.fail} of ${s.total} cases differ from qemu-aarch64, ${s.invalid} invalid (seed ${SEED})\n${mnemonicTable(s, 15)}\n\n${text}`);
    });
  }
});
