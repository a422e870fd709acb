// The differential harness: generate cases, batch them into binaries, run each
// binary under qemu-aarch64 and on Flint, compare every case's record.

import type { TestCase } from './case.js';
import { compareRecords, type FieldDiff } from './compare.js';
import { GROUP_RUN, makeCase, type GroupRun } from './gen/groups.js';
import { REC_SCRATCH, RECORD_SIZE, SIGILL_MARK } from './layout.js';
import { disassemble } from './disasm.js';
import { buildProgram } from './program.js';
import { caseSeed } from './rng.js';
import { runFlintDirect, runFlintWhole, type FlintCaseResult } from './run_flint.js';
import { runQemu } from './run_qemu.js';

export interface CaseOutcome {
  tc: TestCase;
  /** 'pass', 'fail' (Flint differs from qemu), or 'invalid' (qemu itself rejected the case). */
  verdict: 'pass' | 'fail' | 'invalid';
  expected: Uint8Array | null;
  got: Uint8Array | null;
  problem: string | null;
  diffs: FieldDiff[];
  /** Index of the instruction blamed for a failure (see blame()); 0 for passing cases. */
  culprit: number;
}

export interface RunOptions {
  batch?: number;
  whole?: boolean;
  /** Called after each batch with the outcomes so far. */
  progress?: (done: number, total: number) => void;
  /** Find the failing instruction of multi-instruction failures by running prefixes (default on). */
  blame?: boolean;
}

/** Run cases (any mix of groups); outcomes come back in input order. */
export async function runCases(cases: readonly TestCase[], opts: RunOptions = {}): Promise<CaseOutcome[]> {
  // Cases whose groups are built or run differently (GROUP_RUN) go into separate binaries.
  const byKind = new Map<string, { run: GroupRun; idx: number[] }>();
  cases.forEach((c, i) => {
    const run = GROUP_RUN.get(c.group) ?? {};
    const key = JSON.stringify(run);
    const entry = byKind.get(key) ?? { run, idx: [] };
    entry.idx.push(i);
    byKind.set(key, entry);
  });
  const out = new Array<CaseOutcome>(cases.length);
  let done = 0;
  for (const { run, idx } of byKind.values()) {
    const res = await runSameKind(
      idx.map((i) => cases[i]),
      run,
      { ...opts, progress: opts.progress && ((d) => opts.progress!(done + d, cases.length)) },
    );
    res.forEach((o, k) => (out[idx[k]] = o));
    done += idx.length;
  }
  if (opts.blame !== false) await blame(out, opts);
  nameTrapFailures(out);
  return out;
}

/**
 * Failures of trap-mode (random word) cases are named "<category>:<mnemonic>"
 * with objdump's mnemonic, the category saying who rejected the word:
 * flint_sigill (qemu executes it), flint_executes (qemu raises SIGILL), or
 * differs (both execute it, with different results).
 */
function nameTrapFailures(out: CaseOutcome[]): void {
  const fails = out.filter((o) => o.verdict === 'fail' && GROUP_RUN.get(o.tc.group)?.trapSigill === true);
  if (fails.length === 0) return;
  const dis = disassemble(fails.map((o) => o.tc.insns[0].word));
  const marked = (r: Uint8Array | null): boolean =>
    r !== null && new DataView(r.buffer, r.byteOffset + REC_SCRATCH, 8).getBigUint64(0, true) === SIGILL_MARK;
  fails.forEach((o, i) => {
    const e = marked(o.expected);
    const g = marked(o.got);
    const category = g && !e ? 'flint_sigill' : e && !g ? 'flint_executes' : 'differs';
    const mnemonic = dis[i].split(' ')[0] ?? '?';
    o.tc = { ...o.tc, insns: [{ word: o.tc.insns[0].word, name: `${category}:${mnemonic}` }] };
  });
}

async function runSameKind(cases: readonly TestCase[], run: GroupRun, opts: RunOptions): Promise<CaseOutcome[]> {
  const trap = run.trapSigill === true;
  const batch = opts.batch ?? 400;
  const out: CaseOutcome[] = [];
  let pending: TestCase[] = [];
  for (let i = 0; i < cases.length; i += batch) {
    pending = cases.slice(i, i + batch);
    while (pending.length > 0) {
      const prog = buildProgram(pending, { trapSigill: trap, writableCode: run.writableCode === true });
      const qemu = runQemu(prog.elf, run.cpu);
      let flint: FlintCaseResult[];
      try {
        flint = opts.whole === true ? runFlintWhole(prog, trap) : runFlintDirect(prog, trap);
      } catch (e) {
        const msg = `host exception outside a case: ${e instanceof Error ? e.message : String(e)}`;
        flint = pending.map(() => ({ record: new Uint8Array(RECORD_SIZE), problem: msg, at: null }));
      }
      const q = await qemu;
      const done = Math.floor(q.stdout.length / RECORD_SIZE);
      for (let k = 0; k < Math.min(done, pending.length); k++) {
        const expected = q.stdout.subarray(k * RECORD_SIZE, (k + 1) * RECORD_SIZE);
        const f = flint[k];
        const diffs = f.problem === null ? compareRecords(expected, f.record) : [];
        const pass = f.problem === null && diffs.length === 0;
        out.push({ tc: pending[k], verdict: pass ? 'pass' : 'fail', expected, got: f.record, problem: f.problem, diffs, culprit: f.at ?? 0 });
      }
      if (done >= pending.length) break;
      // qemu died inside case `done`: the generator produced something qemu rejects.
      const why = q.signal !== null ? `qemu-aarch64 killed by ${q.signal}` : `qemu-aarch64 exited ${q.status}`;
      out.push({ tc: pending[done], verdict: 'invalid', expected: null, got: null, problem: `${why}: ${q.stderr.trim().split('\n')[0] ?? ''}`, diffs: [], culprit: 0 });
      pending = pending.slice(done + 1);
    }
    opts.progress?.(out.length, cases.length);
  }
  return out;
}

/**
 * For failures of several instructions with no known failing instruction,
 * run every prefix of the sequence: the culprit is the last instruction of the
 * shortest failing prefix (or the last instruction, if every prefix passes).
 * Sequences with branches are left alone (a prefix could branch past its end).
 */
async function blame(out: CaseOutcome[], opts: RunOptions): Promise<void> {
  const targets = out.filter(
    (o) => o.verdict === 'fail' && o.tc.insns.length > 1 && !/ at pc \+/.test(o.problem ?? '') && o.tc.group !== 'branch',
  );
  if (targets.length === 0) return;
  const prefixes: TestCase[] = [];
  const owner: Array<[CaseOutcome, number]> = [];
  for (const o of targets) {
    for (let k = 1; k < o.tc.insns.length; k++) {
      prefixes.push({ ...o.tc, insns: o.tc.insns.slice(0, k) });
      owner.push([o, k]);
    }
  }
  const res = await runCases(prefixes, { ...opts, blame: false, progress: undefined });
  const first = new Map<CaseOutcome, number>();
  res.forEach((r, i) => {
    const [o, k] = owner[i];
    if (r.verdict !== 'pass' && (first.get(o) ?? Infinity) > k) first.set(o, k);
  });
  for (const o of targets) o.culprit = (first.get(o) ?? o.tc.insns.length) - 1;
}

/** The cases of one run: `count` cases of `group`, seeded from `seed`. */
export function groupCases(group: string, count: number, seed: number, first = 0): TestCase[] {
  const cases: TestCase[] = [];
  for (let i = first; i < first + count; i++) cases.push(makeCase(group, caseSeed(seed, group, i)));
  return cases;
}
