import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syscallsDoc } from './doc.js';
import { allSyscalls } from './table.js';

/** The repository root: the nearest directory up from here with docs/, else the working directory. */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'src', 'kernel'))) return d;
    const up = dirname(d);
    if (up === d) return process.cwd();
    d = up;
  }
}

test('docs/syscalls.md matches the syscall table (regenerate with node dist/scripts/gen_syscalls_doc.js)', () => {
  const file = join(repoRoot(), 'docs', 'syscalls.md');
  assert.ok(existsSync(file), `${file} is missing`);
  assert.equal(readFileSync(file, 'utf8'), syscallsDoc());
});

test('the table lists every syscall once, in number order, with handlers for all but enosys', () => {
  const defs = allSyscalls();
  const nrs = defs.map((d) => d.nr);
  assert.deepEqual(nrs, [...new Set(nrs)].sort((a, b) => a - b));
  for (const d of defs) {
    if (d.support !== 'enosys') assert.ok(d.handler, `${d.name} has no handler`);
  }
  assert.ok(defs.some((d) => d.name === 'mmap' && d.support !== 'enosys'));
});
