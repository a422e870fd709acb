// Command line for the differential harness, for long exploratory runs:
//
//   node dist/tests/cpu/diff_main.js [--group NAME|all] [--count N] [--seed S]
//        [--batch B] [--whole] [--examples K] [--case SEED]
//
// --case SEED regenerates and runs one case of --group by its own seed (the
// seed a failure report prints) and prints it in full.

import { runCases, groupCases } from './harness.js';
import { GROUPS, makeCase } from './gen/groups.js';
import { describeFailures, groupTable, mnemonicTable, Tally } from './report.js';
import type { CaseOutcome } from './harness.js';

interface Args {
  groups: string[];
  count: number;
  seed: number;
  batch: number;
  whole: boolean;
  examples: number;
  single: number | null;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { groups: [...GROUPS.keys()], count: 1000, seed: Date.now() >>> 0, batch: 400, whole: false, examples: 1, single: null };
  for (let i = 0; i < argv.length; i++) {
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--group': {
        const g = next();
        a.groups = g === 'all' ? [...GROUPS.keys()] : g.split(',');
        break;
      }
      case '--count': a.count = Number(next()); break;
      case '--seed': a.seed = Number(next()) >>> 0; break;
      case '--batch': a.batch = Number(next()); break;
      case '--whole': a.whole = true; break;
      case '--examples': a.examples = Number(next()); break;
      case '--case': a.single = Number(next()) >>> 0; break;
      case '--help':
        console.log('usage: diff_main [--group NAME[,NAME]|all] [--count N] [--seed S] [--batch B] [--whole] [--examples K] [--case SEED]');
        console.log(`groups: ${[...GROUPS.keys()].join(', ')}`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  for (const g of a.groups) if (!GROUPS.has(g)) throw new Error(`unknown group ${g}`);
  return a;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.single !== null) {
    const outs = await runCases(a.groups.map((g) => makeCase(g, a.single!)), { whole: a.whole });
    for (const d of describeFailures(outs)) console.log(d);
    process.exitCode = outs.every((o) => o.verdict === 'pass') ? 0 : 1;
    return;
  }
  console.log(`diff: seed ${a.seed}, ${a.count} cases per group, groups ${a.groups.join(',')}${a.whole ? ', whole mode' : ''}`);
  const tally = new Tally();
  const chunk = 20 * a.batch;
  const t0 = Date.now();
  for (const g of a.groups) {
    for (let first = 0; first < a.count; first += chunk) {
      const cases = groupCases(g, Math.min(chunk, a.count - first), a.seed, first);
      const outs: CaseOutcome[] = await runCases(cases, { batch: a.batch, whole: a.whole });
      for (const o of outs) tally.add(o);
      process.stderr.write(`\r${g}: ${Math.min(first + chunk, a.count)}/${a.count} (${((Date.now() - t0) / 1000).toFixed(0)} s)   `);
    }
    process.stderr.write('\n');
  }
  const sums = tally.summaries();
  console.log(groupTable(sums));
  for (const s of sums) console.log(mnemonicTable(s, 80));
  const examples: CaseOutcome[] = [];
  for (const s of sums) for (const m of s.byMnemonic) if (m.example !== null && examples.length < a.examples * 1000) examples.push(m.example);
  const perGroup = new Map<string, number>();
  const shown = examples.filter((e) => {
    const n = perGroup.get(e.tc.group) ?? 0;
    perGroup.set(e.tc.group, n + 1);
    return n < a.examples * 10;
  });
  if (shown.length > 0) {
    console.log('\nexamples (one per failing opcode class):');
    for (const d of describeFailures(shown)) console.log(d + '\n');
  }
  process.exitCode = sums.every((s) => s.fail === 0 && s.invalid === 0) ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
