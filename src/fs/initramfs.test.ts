import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, makeDev } from '../abi/linux/stat.js';
import { CpioFormatError, packTree, readCpio, unpackCpio, writeCpio } from './initramfs.js';
import type { CpioEntry } from './initramfs.js';
import type { Inode } from './inode.js';
import { createTmpFs } from './tmpfs.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const none = new Uint8Array(0);

function sample(): CpioEntry[] {
  return [
    { name: '.', mode: S_IFDIR | 0o755, uid: 0, gid: 0, mtime: 1000, data: none },
    { name: 'etc', mode: S_IFDIR | 0o755, uid: 0, gid: 0, mtime: 1001, data: none },
    { name: 'etc/shadow', mode: S_IFREG | 0o600, uid: 0, gid: 42, mtime: 1002, data: text('root:x:1::::::\n') },
    { name: 'home/flint', mode: S_IFDIR | 0o755, uid: 1000, gid: 1000, mtime: 1003, data: none },
    { name: 'tmp', mode: S_IFDIR | 0o1777, uid: 0, gid: 0, mtime: 1004, data: none },
    { name: 'bin/su', mode: S_IFREG | 0o4755, uid: 0, gid: 0, mtime: 1005, data: text('#!/bin/sh\n') },
    { name: 'bin/sh', mode: S_IFLNK | 0o777, uid: 0, gid: 0, mtime: 1006, data: text('busybox') },
    { name: 'dev/console', mode: S_IFCHR | 0o600, uid: 0, gid: 0, mtime: 1007, data: none, rdev: makeDev(5, 1) },
    { name: 'run/fifo', mode: S_IFIFO | 0o644, uid: 0, gid: 0, mtime: 1008, data: none },
    { name: 'a', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 1009, data: none, ino: 77, nlink: 2 },
    { name: 'b', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 1009, data: text('shared'), ino: 77, nlink: 2 },
  ];
}

function at(root: Inode, path: string): Inode {
  let d: Inode = root;
  for (const c of path.split('/')) {
    const next = d.lookup(c);
    assert.ok(next, `${path}: ${c} missing`);
    d = next;
  }
  return d;
}

function content(inode: Inode): string {
  const ops = inode.open(0);
  const b = ops.read(1 << 16, 0, false);
  ops.release?.();
  return new TextDecoder().decode(b);
}

const fresh = (): Inode => createTmpFs({ now: () => 5_000_000_000_000n, rootMode: 0o700 });

test('unpacking a newc archive makes files, directories, links and nodes with their modes, owners and times', () => {
  const root = fresh();
  assert.equal(unpackCpio(writeCpio(sample()), root), 11);
  assert.equal(root.stat().mode, S_IFDIR | 0o755);
  assert.equal(root.stat().mtimeNs, 1000_000_000_000n);
  const shadow = at(root, 'etc/shadow').stat();
  assert.equal(shadow.mode, S_IFREG | 0o600);
  assert.equal(shadow.gid, 42);
  assert.equal(shadow.mtimeNs, 1002_000_000_000n);
  assert.equal(content(at(root, 'etc/shadow')), 'root:x:1::::::\n');
  assert.equal(at(root, 'etc').stat().mtimeNs, 1001_000_000_000n);
  const home = at(root, 'home/flint').stat();
  assert.equal(home.uid, 1000);
  assert.equal(at(root, 'home').stat().mode, S_IFDIR | 0o755);
  assert.equal(at(root, 'tmp').stat().mode, S_IFDIR | 0o1777);
  assert.equal(at(root, 'bin/su').stat().mode, S_IFREG | 0o4755);
  assert.equal(at(root, 'bin/sh').readlink(), 'busybox');
  const con = at(root, 'dev/console').stat();
  assert.equal(con.mode, S_IFCHR | 0o600);
  assert.equal(con.rdev, makeDev(5, 1));
  assert.equal(at(root, 'run/fifo').stat().mode & S_IFMT, S_IFIFO);
  const a = at(root, 'a').stat();
  const b = at(root, 'b').stat();
  assert.equal(a.ino, b.ino);
  assert.equal(a.nlink, 2);
  assert.equal(content(at(root, 'a')), 'shared');
});

test('an archive packed from an unpacked tree unpacks to the same entries', () => {
  const root = fresh();
  unpackCpio(writeCpio(sample()), root);
  const again = readCpio(writeCpio(packTree(root)));
  const norm = (es: CpioEntry[]): string[] =>
    es
      .map((e) => {
        const type = e.mode & S_IFMT;
        const mtime = type === S_IFLNK ? 0 : e.mtime;
        return `${e.name} ${e.mode.toString(8)} ${e.uid}:${e.gid} ${mtime} ${e.rdev ?? 0} ${new TextDecoder().decode(e.data)}`;
      })
      .sort();
  const second = fresh();
  unpackCpio(writeCpio(again), second);
  assert.deepEqual(norm(packTree(second)), norm(packTree(root)));
  assert.ok(norm(again).includes('etc/shadow 100600 0:42 1002 0 root:x:1::::::\n'));
  const links = again.filter((e) => e.name === 'a' || e.name === 'b');
  assert.equal(links[0].ino, links[1].ino);
});

test('a later entry replaces an earlier one of the same name and ./ prefixes are accepted', () => {
  const root = fresh();
  unpackCpio(
    writeCpio([
      { name: './x', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 1, data: text('old') },
      { name: 'x', mode: S_IFLNK | 0o777, uid: 0, gid: 0, mtime: 1, data: text('y') },
    ]),
    root,
  );
  assert.equal(at(root, 'x').readlink(), 'y');
});

test('malformed archives give a CpioFormatError naming the problem, never a crash', () => {
  const good = writeCpio(sample());
  const cases: Array<[Uint8Array, RegExp]> = [
    [new Uint8Array(0), /empty archive/],
    [good.subarray(0, 50), /truncated header/],
    [text('070707' + '0'.repeat(200)), /bad magic.*odc/],
    [Uint8Array.from(good).fill(0x5a, 6, 14), /field 0 is not hex/],
    [good.subarray(0, 300), /archive ends first|truncated|TRAILER/],
    [good.subarray(0, good.length - 124), /without the TRAILER!!! entry/],
    [writeCpio([{ name: '../escape', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 0, data: none }]), /leaves the root/],
    [writeCpio([{ name: 'w', mode: 0o644, uid: 0, gid: 0, mtime: 0, data: none }]), /unknown file type/],
    [
      writeCpio([
        { name: 'f', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 0, data: none },
        { name: 'f/g', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 0, data: none },
      ]),
      /'f' is not a directory/,
    ],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => unpackCpio(bytes, fresh()), (e: unknown) => e instanceof CpioFormatError && re.test(e.message), re.source);
  }
  // Every truncation of a good archive fails cleanly.
  for (let n = 0; n < good.length - 124; n += 7) {
    assert.throws(() => readCpio(good.subarray(0, n)), CpioFormatError);
  }
});

test('zero padding between concatenated archives is skipped and the first trailer ends the read', () => {
  const one = writeCpio([{ name: 'a', mode: S_IFREG | 0o644, uid: 0, gid: 0, mtime: 0, data: text('1') }]);
  const joined = new Uint8Array(one.length + 512);
  joined.set(one, 512);
  assert.deepEqual(readCpio(joined).map((e) => e.name), ['a']);
});
