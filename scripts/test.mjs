#!/usr/bin/env node
// Runs every compiled test file (dist/src/**/*.test.js and dist/tests/**/*.test.js) with
// node's test runner, streaming its output, and exits non-zero when any test fails.
// `npm test` builds and runs the setup first (package.json "pretest").
//
//   node scripts/test.mjs [FILTER...]   only files whose path contains one of the FILTERs
//   FLINT_TEST_DIST=DIR                 look for compiled tests in DIR instead of dist/
//   FLINT_TEST_CONCURRENCY=N            test files run at once (default: CPU count)
//   FLINT_TEST_REPORTER=NAME            node test reporter (default: spec)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.FLINT_TEST_DIST ?? join(root, 'dist'));
const filters = process.argv.slice(2);

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = [...walk(join(dist, 'src'), []), ...walk(join(dist, 'tests'), [])].filter(
  (f) => filters.length === 0 || filters.some((s) => relative(dist, f).includes(s)),
);
if (files.length === 0) {
  const what = filters.length ? `matching ${filters.join(', ')} ` : '';
  console.error(`test: no compiled test files ${what}under ${dist} (run npm run build)`);
  process.exit(1);
}

const concurrency = Number(process.env.FLINT_TEST_CONCURRENCY) || availableParallelism();
const reporter = process.env.FLINT_TEST_REPORTER ?? 'spec';
console.log(`test: ${files.length} test files, ${concurrency} at a time`);
const child = spawn(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, `--test-reporter=${reporter}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FLINT_ROOT: process.env.FLINT_ROOT ?? root } },
);
child.on('close', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
