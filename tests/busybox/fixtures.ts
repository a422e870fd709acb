// Fixture files shared by the busybox oracle tests: generated with a fixed seed, fixed
// modes and fixed mtimes, so the outputs of programs reading them are stable.
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUEST_ENV, listFiles, runQemu } from '../guest/harness.js';

/** A fixed point in time (2021-03-04 05:06:07 UTC) for every fixture's mtime. */
export const FIXED_TIME = 1614834367;

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

export function writeFixed(path: string, data: string | Buffer, mode = 0o644): void {
  writeFileSync(path, data);
  chmodSync(path, mode);
  utimesSync(path, FIXED_TIME, FIXED_TIME);
}

export function makeFixtures(dir: string): void {
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

/** Every file under dir with its size, mode and mtime, and a digest-free content copy. */
export function snapshotTree(dir: string): string {
  return listFiles(dir)
    .map((rel) => {
      const st = statSync(join(dir, rel));
      const content = readFileSync(join(dir, rel)).toString('base64');
      return `${rel} ${(st.mode & 0o7777).toString(8)} ${st.size} ${Math.floor(st.mtimeMs / 1000)} ${content}`;
    })
    .join('\n');
}

/**
 * Fills dir with one symlink to busybox per applet (from `busybox --list` under
 * qemu-aarch64), for a PATH where every program is the AArch64 busybox, never a host one.
 */
export async function makeAppletDir(busybox: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const list = await runQemu(busybox, ['--list'], { env: GUEST_ENV, cwd: dir, timeoutMs: 60_000 });
  const applets = list.stdout.toString().split('\n').filter((a) => /^[\w.-]+$/.test(a));
  if (!applets.includes('sh')) throw new Error(`busybox --list under qemu-aarch64 gave no applet list (status ${list.status})`);
  for (const applet of applets) symlinkSync(busybox, join(dir, applet));
}
