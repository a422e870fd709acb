// The behavioural spec: every guest program built by scripts/setup.sh (.cache/guest/<area>/
// <name>.O0, .O2 and the atomics variants) runs under qemu-aarch64 and under Flint with the
// same arguments, stdin, environment and working directory; stdout and exit status must be
// equal, under every CPU tier (interpreter and JIT). See tests/guest/harness.ts for the
// environment knobs (FLINT_CLI, FLINT_FILTER, FLINT_CPU_TIERS...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GUEST_ENV,
  caseFilter,
  cpuTiers,
  compareRuns,
  envNumber,
  listFiles,
  repoRoot,
  runFlint,
  runQemu,
} from './harness.js';

interface Invocation {
  readonly args: readonly string[];
  readonly stdin?: string;
}

function stdinText(): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(`line ${i}: ${'abcdefghijklmnopqrstuvwxyz'.slice(i % 26)} ${(i * 2654435761) % 1000003}`);
  return `${lines.join('\n')}\nno newline at the end`;
}

/** Programs that need particular arguments or stdin; everything else runs once with no arguments. */
const INVOCATIONS: Readonly<Record<string, readonly Invocation[]>> = {
  'demo/hello': [{ args: ['--demo', 'two words'] }],
  'io/exit_codes': [
    { args: ['exit', '0'] },
    { args: ['exit', '42'] },
    { args: ['exit', '256'] },
    { args: ['exit', '-1'] },
    { args: ['return', '7'] },
    { args: ['_exit', '3'] },
    { args: ['abort', '0'] },
    { args: ['raise', '15'] },
  ],
  'io/segv': [{ args: ['null'] }, { args: ['rodata'] }, { args: ['exec'] }],
  'io/stdin_read': [{ args: [], stdin: stdinText() }, { args: [], stdin: '' }],
  'sys/args_env': [{ args: [] }, { args: ['first', 'with space', '', 'ünïcode ✓', '--flag=value'] }],
  'simd/neon_int': [{ args: [] }, { args: ['x'] }],
};

const root = repoRoot();
const guestDir = join(root, '.cache', 'guest');
const binaries = listFiles(guestDir).filter((f) => /\.O[0-3](\.[a-z0-9]+)?$/.test(f));
const filter = caseFilter();
const timeoutMs = envNumber('FLINT_TIMEOUT_MS', 180_000);
const concurrency = envNumber('FLINT_CONCURRENCY', 2);

test('guest programs are built (npm run setup)', () => {
  assert.ok(binaries.length >= 60, `expected the guest programs under ${guestDir}; run npm run setup`);
});

test('guest programs: same stdout and exit status under Flint as under qemu-aarch64', { concurrency }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'flint-guest-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const cases: Promise<void>[] = [];
  for (const rel of binaries) {
    const program = rel.replace(/\.O[0-3](\.[a-z0-9]+)?$/, '');
    const invocations = INVOCATIONS[program] ?? [{ args: [] }];
    invocations.forEach((inv, i) => {
      const label = invocations.length > 1 ? `${rel} #${i + 1} ${JSON.stringify(inv.args)}` : rel;
      if (filter && !label.includes(filter)) return;
      cases.push(
        t.test(label, async () => {
          const path = join(guestDir, rel);
          const opts = { stdin: inv.stdin ?? '', env: GUEST_ENV, cwd: work, timeoutMs };
          const qemu = await runQemu(path, inv.args, opts);
          for (const tier of cpuTiers()) {
            const flint = await runFlint(root, path, inv.args, opts, ['--cpu', tier]);
            const report = compareRuns(`${label} [--cpu ${tier}]`, qemu, flint);
            if (report !== null) assert.fail(report);
          }
        }),
      );
    });
  }
  await Promise.all(cases);
});
