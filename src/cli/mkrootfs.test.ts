import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from '../abi/linux/stat.js';
import { readCpio } from '../fs/initramfs.js';
import type { CpioEntry } from '../fs/initramfs.js';
import { RootfsError, buildRootfs, defaultRootfs, repoRoot } from './mkrootfs.js';

const REPO = repoRoot();
const BUSYBOX = REPO === null ? '' : join(REPO, '.cache/busybox/bin/busybox');
const skip = REPO === null || !existsSync(BUSYBOX) ? 'busybox missing: run npm run setup' : false;

function byName(entries: CpioEntry[]): Map<string, CpioEntry> {
  return new Map(entries.map((e) => [e.name, e]));
}

test('the default image holds setuid busybox with a link per applet and the system files with their modes', { skip }, async () => {
  const entries = readCpio(await buildRootfs(REPO ?? ''));
  const m = byName(entries);
  const mode = (name: string): string => (m.get(name)?.mode ?? 0).toString(8);
  assert.equal(entries[0].name, '.');
  assert.equal(mode('bin/busybox'), '104755');
  for (const applet of ['bin/sh', 'sbin/init', 'sbin/getty', 'bin/login', 'bin/su', 'usr/bin/passwd', 'bin/dmesg', 'sbin/poweroff', 'sbin/reboot', 'sbin/halt', 'bin/vi', 'usr/bin/[']) {
    const e = m.get(applet);
    assert.ok(e, `${applet} missing`);
    assert.equal(e.mode & S_IFMT, S_IFLNK);
    assert.equal(new TextDecoder().decode(e.data), '/bin/busybox');
  }
  assert.ok(entries.filter((e) => (e.mode & S_IFMT) === S_IFLNK).length > 250);
  assert.equal(mode('etc/shadow'), '100600');
  assert.equal(mode('etc/passwd'), '100644');
  assert.equal(mode('root'), '40700');
  assert.equal(mode('tmp'), '41777');
  assert.equal(m.get('home/flint')?.uid, 1000);
  assert.equal(m.get('home/flint')?.gid, 1000);
  for (const d of ['dev', 'proc', 'run', 'usr/bin', 'usr/sbin', 'sbin']) assert.equal((m.get(d)?.mode ?? 0) & S_IFMT, S_IFDIR, d);
  const text = (name: string): string => new TextDecoder().decode(m.get(name)?.data);
  assert.match(text('etc/passwd'), /^root:x:0:0:root:\/root:\/bin\/sh$/m);
  assert.match(text('etc/passwd'), /^flint:x:1000:1000:[^:]*:\/home\/flint:\/bin\/sh$/m);
  assert.match(text('etc/shadow'), /^root:\$6\$[^:]+:/m);
  assert.match(text('etc/inittab'), /^::respawn:\/sbin\/getty /m);
  assert.equal(text('etc/hostname'), 'flint\n');
  // Entries are parents before children, so an unpacker never has to invent a directory.
  const seen = new Set<string>(['.']);
  for (const e of entries.slice(1)) {
    const parent = e.name.includes('/') ? e.name.slice(0, e.name.lastIndexOf('/')) : '.';
    assert.ok(seen.has(parent), `${e.name} before its directory`);
    if ((e.mode & S_IFMT) === S_IFDIR) seen.add(e.name);
    else assert.ok((e.mode & S_IFMT) === S_IFREG || (e.mode & S_IFMT) === S_IFLNK);
  }
});

test('the cached default image is rebuilt only when busybox or a template file changes', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-mkrootfs-'));
  const saved = process.env['FLINT_ROOT'];
  try {
    writeFileSync(join(dir, 'package.json'), '{}\n');
    cpSync(join(REPO ?? '', 'rootfs'), join(dir, 'rootfs'), { recursive: true });
    mkdirSync(join(dir, '.cache/busybox/bin'), { recursive: true });
    symlinkSync(BUSYBOX, join(dir, '.cache/busybox/bin/busybox'));
    process.env['FLINT_ROOT'] = dir;
    const notes: string[] = [];
    const path = await defaultRootfs((l) => notes.push(l));
    assert.equal(path, join(dir, '.cache/rootfs/flint.cpio'));
    assert.equal(notes.length, 1);
    const first = readFileSync(path);
    await defaultRootfs((l) => notes.push(l));
    assert.equal(notes.length, 1, 'an unchanged input reuses the image');
    writeFileSync(join(dir, 'rootfs/etc/motd'), 'changed\n');
    await defaultRootfs((l) => notes.push(l));
    assert.equal(notes.length, 2, 'a changed template rebuilds it');
    assert.notDeepEqual(readFileSync(path), first);
    assert.equal(new TextDecoder().decode(byName(readCpio(readFileSync(path))).get('etc/motd')?.data), 'changed\n');
  } finally {
    if (saved === undefined) delete process.env['FLINT_ROOT'];
    else process.env['FLINT_ROOT'] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without busybox the error says what is missing and to run npm run setup', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-mkrootfs-'));
  const saved = process.env['FLINT_ROOT'];
  try {
    writeFileSync(join(dir, 'package.json'), '{}\n');
    mkdirSync(join(dir, 'rootfs'));
    process.env['FLINT_ROOT'] = dir;
    await assert.rejects(defaultRootfs(() => {}), (e: unknown) => e instanceof RootfsError && /busybox not found at .*: run npm run setup/.test(e.message));
  } finally {
    if (saved === undefined) delete process.env['FLINT_ROOT'];
    else process.env['FLINT_ROOT'] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
