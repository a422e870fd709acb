// Busybox applets (Debian's busybox-static:arm64, fetched by scripts/setup.sh) produce the
// same stdout and exit status under Flint as under qemu-aarch64. Inputs are fixture files
// generated here with a fixed seed, fixed modes and fixed mtimes, so outputs are stable.
// Knobs as in tests/guest/harness.ts (FLINT_CLI, FLINT_FILTER, FLINT_TIMEOUT_MS...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GUEST_ENV,
  caseFilter,
  compareRuns,
  envNumber,
  listFiles,
  repoRoot,
  runFlint,
  runQemu,
  type RunOptions,
} from '../guest/harness.js';

const root = repoRoot();
const busybox = join(root, '.cache', 'busybox', 'bin', 'busybox');
const timeoutMs = envNumber('FLINT_TIMEOUT_MS', 180_000);
const concurrency = envNumber('FLINT_CONCURRENCY', 2);
const filter = caseFilter();

/** A fixed point in time (2021-03-04 05:06:07 UTC) for every fixture's mtime. */
const FIXED_TIME = 1614834367;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo',
  'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'uniform', 'victor', 'whiskey',
  'xray', 'yankee', 'zulu', 'abacus', 'quixotic', 'zebra', 'Able', 'Baker'];

function writeFixed(path: string, data: string | Buffer, mode = 0o644): void {
  writeFileSync(path, data);
  chmodSync(path, mode);
  utimesSync(path, FIXED_TIME, FIXED_TIME);
}

function makeFixtures(dir: string): void {
  const rnd = prng(20240607);
  const words: string[] = [];
  for (let i = 0; i < 500; i++) {
    const n = 1 + (rnd() % 4);
    const line: string[] = [];
    for (let k = 0; k < n; k++) line.push(WORDS[rnd() % WORDS.length] ?? 'x');
    words.push(line.join(i % 7 === 0 ? '  ' : ' '));
  }
  writeFixed(join(dir, 'words.txt'), `${words.join('\n')}\n`);
  const sorted = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  writeFixed(join(dir, 'sorted.txt'), `${sorted.join('\n')}\n`);
  const numbers: string[] = [];
  for (let i = 0; i < 300; i++) {
    const v = (rnd() % 200000) - 100000;
    numbers.push(i % 3 === 0 ? `${v / 100}` : `${v}`);
  }
  writeFixed(join(dir, 'numbers.txt'), `${numbers.join('\n')}\n`);
  const table: string[] = [];
  for (let i = 0; i < 200; i++) table.push(`${WORDS[rnd() % WORDS.length]}:${1000 + i}:${rnd() % 1000}`);
  writeFixed(join(dir, 'table.csv'), `${table.join('\n')}\n`);
  const bin = Buffer.alloc(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = rnd() & 0xff;
  writeFixed(join(dir, 'binary.bin'), bin);
  writeFixed(join(dir, 'binary.b64'), `${(bin.toString('base64').match(/.{1,76}/g) ?? []).join('\n')}\n`);
  const big: string[] = [];
  for (let i = 0; i < 6000; i++) big.push(`${i} ${words[i % words.length]} ${(rnd() % 100000).toString(16)}`);
  writeFixed(join(dir, 'big.txt'), `${big.join('\n')}\n`);
  writeFixed(join(dir, 'a.txt'), 'one\ntwo\nthree\nfour\nfive\n');
  writeFixed(join(dir, 'b.txt'), 'one\n2\nthree\nfour\nfive\nsix\n');

  // A small tree for tar, with fixed modes and mtimes (directories last so their mtime sticks).
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub', 'deeper'), { recursive: true });
  writeFixed(join(tree, 'readme.txt'), 'A file in a tree.\n');
  writeFixed(join(tree, 'run.sh'), '#!/bin/sh\necho hi\n', 0o755);
  writeFixed(join(tree, 'sub', 'data.bin'), bin.subarray(0, 1500), 0o600);
  writeFixed(join(tree, 'sub', 'deeper', 'empty'), '');
  for (const d of [join(tree, 'sub', 'deeper'), join(tree, 'sub'), tree]) {
    chmodSync(d, 0o755);
    utimesSync(d, FIXED_TIME, FIXED_TIME);
  }

  // The directory for ls -la: its parent is touched by nothing else, so `..` is stable too.
  const lsdir = join(dir, 'lsparent', 'lsdir');
  mkdirSync(join(lsdir, 'subdir'), { recursive: true });
  writeFixed(join(lsdir, 'file-a'), 'aaaa\n');
  writeFixed(join(lsdir, 'file-b.txt'), 'b'.repeat(12345), 0o600);
  writeFixed(join(lsdir, '.hidden'), 'secret\n', 0o640);
  writeFixed(join(lsdir, 'script'), '#!/bin/sh\n', 0o755);
  for (const [d, t] of [[join(lsdir, 'subdir'), FIXED_TIME - 86400 * 400], [lsdir, FIXED_TIME], [join(dir, 'lsparent'), FIXED_TIME]] as const) {
    chmodSync(d, 0o755);
    utimesSync(d, t, t);
  }
}

interface Case {
  readonly args: readonly string[];
  readonly stdin?: string;
}

// Debian's busybox awk is built without libm ("Math support is not compiled in"), so the
// floating-point program sticks to arithmetic, comparisons, conversions and printf.
const AWK_FP = 'BEGIN { printf "%.10f %.6e %g %g\\n", 355 / 113, 1 / 3, 2 / 7 * 1e10, 22.0 / 7; ' +
  'y = 0; for (i = 0; i < 10; i++) y += 0.1; print y, (y == 1), int(-3.7), 1e300 * 1e10, -1e300 * 1e10, 0.1 + 0.2; ' +
  'print 1e16 + 1, 123456789012 * 1000, 7 % 3, -7 % 3, 5.5 % 2, 1e-5, 100000 * 10, 0.000001234; ' +
  'printf "%d %i %5.1f|%-8s|%c|%x|%o|%.3e|%G\\n", 3.99, -2.5, 2.25, "ab", 65, 255, 8, 6.02214076e23, 1e-10; ' +
  'x = "3.5abc" + 0; z = 017 + 0; print x, z, x * 2 "" , length(12.50), substr("floating", 2, 4) }';

const CASES: readonly Case[] = [
  { args: ['echo', 'hello', 'world'] },
  { args: ['echo', '-n', 'no newline'] },
  { args: ['echo', '-e', 'tab\\there\\nnew line \\x41\\0101'] },
  { args: ['printf', '%5.2f|%x|%s|%d|%o|%e|%g|%c\\n', '3.14159', '255', 'str', '-42', '8', '12345.678', '0.0001', 'z'] },
  { args: ['printf', '%s-%s\\n', 'a', 'b', 'c', 'd', 'e'] },
  { args: ['cat', 'words.txt'] },
  { args: ['cat', '-n', 'table.csv'] },
  { args: ['cat'], stdin: 'from stdin\nsecond line\n' },
  { args: ['head', '-n', '7', 'words.txt'] },
  { args: ['head', '-c', '100', 'big.txt'] },
  { args: ['tail', '-n', '5', 'words.txt'] },
  { args: ['tail', '-c', '64', 'big.txt'] },
  { args: ['tail', '-n', '+490', 'words.txt'] },
  { args: ['wc', 'words.txt', 'big.txt'] },
  { args: ['wc', '-l', 'table.csv'] },
  { args: ['wc', '-c'], stdin: 'count these bytes' },
  { args: ['sort', 'words.txt'] },
  { args: ['sort', '-n', 'numbers.txt'] },
  { args: ['sort', '-r', '-u', 'words.txt'] },
  { args: ['sort', '-t', ':', '-k', '3,3n', '-k', '1,1', 'table.csv'] },
  { args: ['uniq', '-c', 'sorted.txt'] },
  { args: ['uniq', '-d', 'sorted.txt'] },
  { args: ['cut', '-d', ':', '-f', '1,3', 'table.csv'] },
  { args: ['cut', '-c', '2-5', 'words.txt'] },
  { args: ['tr', 'a-z', 'A-Z'], stdin: 'The quick brown fox\njumps over the lazy dog\n' },
  { args: ['tr', '-d', 'aeiou'], stdin: 'remove all the vowels from this sentence\n' },
  { args: ['tr', '-s', ' '], stdin: 'squeeze    the     spaces  \n' },
  { args: ['sed', '-e', 's/a/A/g', '-e', '3d', 'words.txt'] },
  { args: ['sed', '-n', '/^b/p', 'words.txt'] },
  { args: ['sed', 's/\\([a-z]*\\):\\([0-9]*\\)/\\2=\\1/', 'table.csv'] },
  { args: ['awk', '-F', ':', '{ s += $3; n++ } END { printf "%d %.4f %g\\n", n, s / n, s * 1.5 }', 'table.csv'] },
  { args: ['awk', AWK_FP] },
  { args: ['awk', '{ print NR, NF, length($0), toupper($1) }', 'words.txt'] },
  { args: ['awk', '{ x += $1 } END { printf "%.6f %e\\n", x, x / NR }', 'numbers.txt'] },
  { args: ['grep', '-n', 'ab', 'words.txt'] },
  { args: ['grep', '-c', '-v', 'e', 'words.txt'] },
  { args: ['grep', '-E', '^[a-c].*[xyz]$', 'words.txt'] },
  { args: ['grep', '-i', 'QU', 'words.txt'] },
  { args: ['grep', 'no-match-anywhere', 'words.txt'] },
  { args: ['md5sum', 'binary.bin', 'big.txt', 'words.txt'] },
  { args: ['sha1sum', 'binary.bin', 'big.txt'] },
  { args: ['sha256sum', 'binary.bin', 'big.txt'] },
  { args: ['sha512sum', 'binary.bin', 'big.txt'] },
  { args: ['sha3sum', 'binary.bin'] },
  { args: ['base64', 'binary.bin'] },
  { args: ['base64', '-d', 'binary.b64'] },
  { args: ['od', '-A', 'x', '-t', 'x1', '-N', '256', 'binary.bin'] },
  { args: ['od', '-A', 'd', '-t', 'o2', '-N', '100', 'binary.bin'] },
  { args: ['od', '-c', '-N', '200', 'table.csv'] },
  { args: ['od', '-t', 'd4', '-N', '64', 'binary.bin'] },
  { args: ['xxd', '-l', '512', 'binary.bin'] },
  { args: ['xxd', '-p', '-l', '256', 'binary.bin'] },
  { args: ['expr', '7', '*', '6'] },
  { args: ['expr', 'length', 'hello world'] },
  { args: ['expr', '100', '/', '7', '+', '3', '%', '2'] },
  { args: ['expr', 'abc', ':', 'a\\(.\\)'] },
  { args: ['expr', '5', '<', '3'] },
  { args: ['expr', '9223372036854775807', '-', '1'] },
  { args: ['seq', '1', '3', '100'] },
  { args: ['seq', '-s', ',', '10'] },
  { args: ['seq', '0.5', '0.25', '3'] },
  { args: ['seq', '-w', '8', '12'] },
  { args: ['factor', '1234567890123', '600851475143', '97', '1', '18446744073709551615', '999999999989'] },
  { args: ['date', '-u', '-d', '@0'] },
  { args: ['date', '-u', '-d', '@1700000000', '+%Y-%m-%d %H:%M:%S %j %a %s'] },
  { args: ['gzip', '-c', '-9', 'big.txt'] },
  { args: ['gzip', '-c', '-1', 'binary.bin'] },
  { args: ['tar', '-cf', '-', 'tree'] },
  { args: ['ls', '-la', 'lsparent/lsdir'] },
  { args: ['ls', '-lan', 'lsparent/lsdir'] },
  { args: ['ls', '-1R', 'tree'] },
  { args: ['tac', 'a.txt'] },
  { args: ['rev', 'a.txt'] },
  { args: ['nl', 'b.txt'] },
  { args: ['fold', '-w', '13', 'big.txt'] },
  { args: ['paste', 'a.txt', 'b.txt'] },
  { args: ['diff', '-u', 'a.txt', 'b.txt'] },
  { args: ['cmp', 'a.txt', 'b.txt'] },
  { args: ['basename', '/usr/lib/libc.so.6', '.6'] },
  { args: ['crc32', 'binary.bin'] },
];

/** Every file under dir with its size, mode and mtime, and a digest-free content copy. */
function snapshotTree(dir: string): string {
  return listFiles(dir)
    .map((rel) => {
      const st = statSync(join(dir, rel));
      const content = readFileSync(join(dir, rel)).toString('base64');
      return `${rel} ${(st.mode & 0o7777).toString(8)} ${st.size} ${Math.floor(st.mtimeMs / 1000)} ${content}`;
    })
    .join('\n');
}

test('busybox is fetched (npm run setup)', () => {
  assert.ok(existsSync(busybox), `expected ${busybox}; run npm run setup`);
});

test('busybox applets: same stdout and exit status under Flint as under qemu-aarch64', { concurrency }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'flint-busybox-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const fixtures = join(work, 'fixtures');
  mkdirSync(fixtures);
  makeFixtures(fixtures);
  const opts = (cwd: string, stdin?: string): RunOptions => ({ stdin: stdin ?? '', env: GUEST_ENV, cwd, timeoutMs });
  const cases: Promise<void>[] = [];
  const add = (label: string, body: () => Promise<void>): void => {
    if (filter && !label.includes(filter)) return;
    cases.push(t.test(label, body));
  };

  for (const c of CASES) {
    const label = `busybox ${c.args.map((a) => (/^[\w@%+,.:/=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
    add(label, async () => {
      const qemu = await runQemu(busybox, c.args, { ...opts(fixtures, c.stdin), timeoutMs: 60_000 });
      const flint = await runFlint(root, busybox, c.args, opts(fixtures, c.stdin));
      const report = compareRuns(label, qemu, flint);
      if (report !== null) assert.fail(report);
    });
  }

  add('busybox gzip/gunzip round trip', async () => {
    const dir = join(work, 'gzip');
    mkdirSync(dir);
    const original = readFileSync(join(fixtures, 'big.txt'));
    writeFixed(join(dir, 'big.txt'), original);
    const zq = await runQemu(busybox, ['gzip', '-c', 'big.txt'], { ...opts(dir), timeoutMs: 60_000 });
    const zf = await runFlint(root, busybox, ['gzip', '-c', 'big.txt'], opts(dir));
    const zreport = compareRuns('busybox gzip -c big.txt', zq, zf);
    if (zreport !== null) assert.fail(zreport);
    writeFileSync(join(dir, 'round.gz'), zf.stdout);
    const uq = await runQemu(busybox, ['gunzip', '-c', 'round.gz'], { ...opts(dir), timeoutMs: 60_000 });
    const uf = await runFlint(root, busybox, ['gunzip', '-c', 'round.gz'], opts(dir));
    const ureport = compareRuns('busybox gunzip -c round.gz', uq, uf);
    if (ureport !== null) assert.fail(ureport);
    assert.ok(uf.stdout.equals(original), 'gunzip under Flint does not give back the original bytes');
  });

  add('busybox tar extract in a temp dir', async () => {
    const qdir = join(work, 'tar-qemu');
    const fdir = join(work, 'tar-flint');
    mkdirSync(qdir);
    mkdirSync(fdir);
    const archive = await runQemu(busybox, ['tar', '-cf', '-', 'tree'], { ...opts(fixtures), timeoutMs: 60_000 });
    assert.equal(archive.status, 0, 'tar -c under qemu-aarch64 failed');
    writeFileSync(join(work, 'tree.tar'), archive.stdout);
    const lq = await runQemu(busybox, ['tar', '-tvf', '../tree.tar'], { ...opts(qdir), timeoutMs: 60_000 });
    const lf = await runFlint(root, busybox, ['tar', '-tvf', '../tree.tar'], opts(fdir));
    const lreport = compareRuns('busybox tar -tvf', lq, lf);
    if (lreport !== null) assert.fail(lreport);
    const xq = await runQemu(busybox, ['tar', '-xf', '../tree.tar'], { ...opts(qdir), timeoutMs: 60_000 });
    const xf = await runFlint(root, busybox, ['tar', '-xf', '../tree.tar'], opts(fdir));
    const xreport = compareRuns('busybox tar -xf', xq, xf);
    if (xreport !== null) assert.fail(xreport);
    assert.equal(snapshotTree(fdir), snapshotTree(qdir), 'the tree extracted under Flint differs from qemu-aarch64');
  });

  await Promise.all(cases);
});
