import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import {
  O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, RENAME_EXCHANGE, RENAME_NOREPLACE, SEEK_DATA,
  SEEK_HOLE,
} from '../abi/linux/fcntl.js';
import { S_IFCHR, S_IFIFO, S_IFMT, TMPFS_MAGIC } from '../abi/linux/stat.js';
import { createDevFs, openDeviceNumber } from './devfs.js';
import { FdTable } from './fd_table.js';
import { FrameAllocator } from '../mm/frames.js';
import { createTmpFs } from './tmpfs.js';
import { Vfs } from './vfs.js';

function errno(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    throw e;
  }
  assert.fail('expected an Errno');
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => new TextDecoder().decode(b);

function fresh(sizeBytes = 1 << 20): { vfs: Vfs; clock: { now: bigint } } {
  const clock = { now: 1_000_000_000_000n };
  const vfs = new Vfs(createTmpFs({ now: () => clock.now, sizeBytes, maxInodes: 100 }));
  return { vfs, clock };
}

function open(vfs: Vfs, path: string, flags: number, mode = 0o644) {
  return vfs.open(vfs.root, vfs.root, path, flags, mode, 0o022);
}

function stat(vfs: Vfs, path: string, follow = true) {
  return vfs.resolve(vfs.root, vfs.root, path, follow).inode.stat();
}

test('tmpfs files hold what was written, honour O_APPEND, O_TRUNC and O_EXCL', () => {
  const { vfs } = fresh();
  const f = open(vfs, '/a', O_CREAT | O_RDWR, 0o666);
  assert.equal(f.write(text('hello world')), 11);
  f.seek(0, 0);
  assert.equal(str(f.read(100)), 'hello world');
  assert.equal(stat(vfs, '/a').mode & 0o7777, 0o644);
  const ap = open(vfs, '/a', O_WRONLY | O_APPEND);
  ap.write(text('!'));
  assert.equal(stat(vfs, '/a').size, 12);
  assert.equal(errno(() => open(vfs, '/a', O_CREAT | O_EXCL | O_WRONLY)), E.EEXIST);
  open(vfs, '/a', O_WRONLY | O_TRUNC);
  assert.equal(stat(vfs, '/a').size, 0);
});

test('tmpfs files are sparse: holes read as zeros, take no blocks and show in SEEK_DATA/SEEK_HOLE', () => {
  const { vfs } = fresh();
  const f = open(vfs, '/s', O_CREAT | O_RDWR);
  f.pwrite(text('x'), 100000);
  const st = stat(vfs, '/s');
  assert.equal(st.size, 100001);
  assert.equal(st.blocks, 8);
  assert.deepEqual([...f.pread(4, 99998)], [0, 0, 0x78]);
  assert.equal(f.seek(0, SEEK_DATA), 98304);
  assert.equal(f.seek(0, SEEK_HOLE), 0);
  assert.equal(f.seek(98304, SEEK_HOLE), 100001);
  assert.equal(errno(() => f.seek(100001, SEEK_DATA)), E.ENXIO);
});

test('truncate cuts pages and zeroes the tail, growing leaves a hole', () => {
  const { vfs } = fresh();
  const f = open(vfs, '/t', O_CREAT | O_RDWR);
  f.write(new Uint8Array(10000).fill(7));
  f.ops.truncate?.(5000);
  assert.equal(stat(vfs, '/t').blocks, 16);
  f.ops.truncate?.(9000);
  assert.deepEqual([...f.pread(3, 4999)], [7, 0, 0]);
  assert.equal(f.stat().size, 9000);
});

test('timestamps: writes set mtime and ctime, chmod only ctime, reads atime (relatime)', () => {
  const { vfs, clock } = fresh();
  const f = open(vfs, '/ts', O_CREAT | O_RDWR);
  const t0 = clock.now;
  clock.now += 1000n;
  f.write(text('a'));
  let st = stat(vfs, '/ts');
  assert.equal(st.mtimeNs, t0 + 1000n);
  assert.equal(st.ctimeNs, t0 + 1000n);
  assert.equal(st.atimeNs, t0);
  clock.now += 1000n;
  vfs.resolve(vfs.root, vfs.root, '/ts', true).inode.setattr({ mode: 0o600 });
  st = stat(vfs, '/ts');
  assert.equal(st.ctimeNs, t0 + 2000n);
  assert.equal(st.mtimeNs, t0 + 1000n);
  clock.now += 1000n;
  f.pread(1, 0);
  assert.equal(stat(vfs, '/ts').atimeNs, t0 + 3000n);
  clock.now += 1000n;
  f.pread(1, 0);
  // atime is already after mtime and ctime: relatime leaves it.
  assert.equal(stat(vfs, '/ts').atimeNs, t0 + 3000n);
  assert.equal(stat(vfs, '/').mtimeNs, t0);
});

test('directories count links and entries; rmdir wants them empty', () => {
  const { vfs } = fresh();
  vfs.mkdir(vfs.root, vfs.root, '/d', 0o755, 0);
  vfs.mkdir(vfs.root, vfs.root, '/d/e', 0o755, 0);
  open(vfs, '/d/f', O_CREAT | O_WRONLY);
  assert.equal(stat(vfs, '/d').nlink, 3);
  assert.equal(stat(vfs, '/').nlink, 3);
  assert.equal(errno(() => vfs.rmdir(vfs.root, vfs.root, '/d')), E.ENOTEMPTY);
  vfs.rmdir(vfs.root, vfs.root, '/d/e');
  vfs.unlink(vfs.root, vfs.root, '/d/f');
  vfs.rmdir(vfs.root, vfs.root, '/d');
  assert.equal(stat(vfs, '/').nlink, 2);
  assert.deepEqual(vfs.listDir(vfs.root, vfs.root).map((e) => e.name), ['.', '..']);
});

test('symlinks and hard links', () => {
  const { vfs } = fresh();
  open(vfs, '/f', O_CREAT | O_WRONLY).write(text('data'));
  vfs.symlink(vfs.root, vfs.root, 'f', '/l');
  vfs.link(vfs.root, vfs.resolve(vfs.root, vfs.root, '/f', true), vfs.root, '/h');
  assert.equal(vfs.readlink(vfs.root, vfs.root, '/l'), 'f');
  assert.equal(stat(vfs, '/l', false).size, 1);
  assert.equal(stat(vfs, '/f').nlink, 2);
  assert.equal(stat(vfs, '/h').ino, stat(vfs, '/l').ino);
  vfs.unlink(vfs.root, vfs.root, '/f');
  assert.equal(stat(vfs, '/h').nlink, 1);
  assert.equal(errno(() => stat(vfs, '/l')), E.ENOENT);
});

test('an unlinked file lives until its last open file closes, and its space comes back then', () => {
  const { vfs } = fresh();
  const fs = vfs.root.inode.fs;
  const f = open(vfs, '/u', O_CREAT | O_RDWR);
  f.write(new Uint8Array(8192));
  const before = fs.statfs().bfree;
  vfs.unlink(vfs.root, vfs.root, '/u');
  assert.equal(errno(() => stat(vfs, '/u')), E.ENOENT);
  f.seek(0, 0);
  assert.equal(f.read(10000).length, 8192);
  assert.equal(f.stat().nlink, 0);
  assert.equal(fs.statfs().bfree, before);
  f.release();
  assert.equal(fs.statfs().bfree, before + 2);
});

test('statfs reports the size limit and used pages; writing past it is ENOSPC', () => {
  const { vfs } = fresh(16384);
  const s = vfs.root.inode.fs.statfs();
  assert.equal(s.type, TMPFS_MAGIC);
  assert.equal(s.blocks, 4);
  assert.equal(s.files, 100);
  const f = open(vfs, '/big', O_CREAT | O_RDWR);
  assert.equal(f.write(new Uint8Array(20000)), 16384);
  assert.equal(errno(() => f.write(new Uint8Array(10))), E.ENOSPC);
  assert.equal(vfs.root.inode.fs.statfs().bfree, 0);
});

test('rename replaces, refuses with RENAME_NOREPLACE and swaps with RENAME_EXCHANGE', () => {
  const { vfs } = fresh();
  open(vfs, '/a', O_CREAT | O_WRONLY).write(text('A'));
  open(vfs, '/b', O_CREAT | O_WRONLY).write(text('B'));
  vfs.mkdir(vfs.root, vfs.root, '/d', 0o755, 0);
  assert.equal(errno(() => vfs.rename(vfs.root, vfs.root, '/a', vfs.root, '/b', RENAME_NOREPLACE)), E.EEXIST);
  vfs.rename(vfs.root, vfs.root, '/a', vfs.root, '/b', RENAME_EXCHANGE);
  assert.equal(str(open(vfs, '/a', O_RDONLY).read(5)), 'B');
  vfs.rename(vfs.root, vfs.root, '/a', vfs.root, '/d', RENAME_EXCHANGE);
  assert.equal(stat(vfs, '/a').nlink, 2);
  assert.equal(stat(vfs, '/').nlink, 3);
  vfs.rename(vfs.root, vfs.root, '/d', vfs.root, '/b', 0);
  assert.equal(str(open(vfs, '/b', O_RDONLY).read(5)), 'B');
  assert.equal(errno(() => vfs.rename(vfs.root, vfs.root, '/a', vfs.root, '/a/x', 0)), E.EINVAL);
  vfs.mkdir(vfs.root, vfs.root, '/e', 0o755, 0);
  vfs.rename(vfs.root, vfs.root, '/a', vfs.root, '/e', 0);
  assert.deepEqual(vfs.listDir(vfs.root, vfs.root).map((e) => e.name).sort(), ['.', '..', 'b', 'e']);
});

test('mknod makes FIFOs that open through the namespace and device nodes that need a driver', () => {
  const { vfs } = fresh();
  vfs.mknod(vfs.root, vfs.root, '/fifo', S_IFIFO | 0o666, 0, 0o022);
  assert.equal(stat(vfs, '/fifo').mode & S_IFMT, S_IFIFO);
  const r = open(vfs, '/fifo', O_RDONLY | 0o4000);
  const w = open(vfs, '/fifo', O_WRONLY);
  w.write(text('via fifo'));
  assert.equal(str(r.read(20)), 'via fifo');
  vfs.mknod(vfs.root, vfs.root, '/null', S_IFCHR | 0o666, 0x103, 0);
  assert.equal(stat(vfs, '/null').rdev, 0x103);
  assert.equal(errno(() => open(vfs, '/null', O_RDONLY)), E.ENXIO);
  assert.equal(errno(() => vfs.mknod(vfs.root, vfs.root, '/d', 0o040755, 0, 0)), E.EPERM);
});

test('closing any descriptor drops the POSIX locks its table holds on the file', () => {
  const { vfs } = fresh();
  const table = new FdTable();
  const f = open(vfs, '/l', O_CREAT | O_RDWR);
  const fd = table.install(f);
  const fd2 = table.install(open(vfs, '/l', O_RDONLY));
  vfs.locks.set(f.inode.key, table, 1, { type: 1, start: 0, end: Infinity }, false);
  assert.equal(vfs.locks.locksOf(f.inode.key).length, 1);
  table.close(fd2);
  assert.equal(vfs.locks.locksOf(f.inode.key).length, 0);
  table.close(fd);
});

test('a tmpfs mounted over a directory hides it until unmounted, and shows in the mount table', () => {
  const { vfs } = fresh();
  vfs.mkdir(vfs.root, vfs.root, '/mnt', 0o755, 0);
  open(vfs, '/mnt/under', O_CREAT | O_WRONLY).release();
  vfs.mountOn(vfs.resolve(vfs.root, vfs.root, '/mnt', true), createTmpFs({ now: () => 0n, sizeBytes: 8192 }));
  assert.equal(errno(() => stat(vfs, '/mnt/under')), E.ENOENT);
  open(vfs, '/mnt/over', O_CREAT | O_WRONLY).release();
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/mnt', true).inode.fs.statfs().blocks, 2);
  assert.deepEqual(vfs.mountTable().map((m) => [m.path, m.fsName]), [['/', 'tmpfs'], ['/mnt', 'tmpfs']]);
  assert.equal(errno(() => vfs.unlink(vfs.root, vfs.root, '/mnt/over/x')), E.ENOTDIR);
  assert.equal(errno(() => vfs.link(vfs.root, vfs.resolve(vfs.root, vfs.root, '/mnt/over', true), vfs.root, '/x')), E.EXDEV);
  assert.equal(errno(() => vfs.unmount(vfs.resolve(vfs.root, vfs.root, '/mnt/over', true))), E.EINVAL);
  vfs.unmount(vfs.resolve(vfs.root, vfs.root, '/mnt', true));
  assert.equal(stat(vfs, '/mnt/under').size, 0);
  assert.equal(vfs.mountTable().length, 1);
});

test('O_TMPFILE makes an unnamed file that linkat can name unless O_EXCL was given', () => {
  const { vfs } = fresh();
  const f = vfs.openUnnamed(vfs.root, vfs.root, '/', O_RDWR, 0o600, 0);
  f.write(text('anon'));
  assert.equal(f.stat().nlink, 0);
  assert.deepEqual(vfs.listDir(vfs.root, vfs.root).map((e) => e.name), ['.', '..']);
  vfs.link(vfs.root, f.dentry!, vfs.root, '/named');
  assert.equal(str(open(vfs, '/named', O_RDONLY).read(10)), 'anon');
  assert.equal(stat(vfs, '/named').nlink, 1);
  const x = vfs.openUnnamed(vfs.root, vfs.root, '/', O_RDWR | O_EXCL, 0o600, 0);
  assert.equal(errno(() => vfs.link(vfs.root, x.dentry!, vfs.root, '/never')), E.ENOENT);
  assert.equal(errno(() => vfs.openUnnamed(vfs.root, vfs.root, '/', O_RDONLY, 0o600, 0)), E.EINVAL);
});

test('a device node made on tmpfs opens the devfs driver with its number', () => {
  const { vfs } = fresh();
  const con = { write: () => undefined, readAvailable: () => null, onInput: () => undefined, isTty: () => false, windowSize: () => null };
  const dev = createDevFs({ random: { fill: (b: Uint8Array) => b.fill(9) }, console: con, timeNs: 0n });
  vfs.devices = (rdev, flags) => openDeviceNumber(dev, rdev, flags);
  vfs.mknod(vfs.root, vfs.root, '/zero', S_IFCHR | 0o666, 0x105, 0);
  vfs.mknod(vfs.root, vfs.root, '/nodev', S_IFCHR | 0o666, 0x4242, 0);
  assert.deepEqual([...open(vfs, '/zero', O_RDONLY).read(3)], [0, 0, 0]);
  assert.equal(errno(() => open(vfs, '/nodev', O_RDONLY)), E.ENXIO);
});

// ---- the machine's page accounting ------------------------------------------------

function charged(framesTotal: number, sizeBytes?: number) {
  const frames = new FrameAllocator(new WebAssembly.Memory({ initial: 2, maximum: 64 }), framesTotal * 4096);
  const vfs = new Vfs(createTmpFs({ now: () => 0n, frames, ...(sizeBytes !== undefined ? { sizeBytes } : {}) }));
  return { frames, vfs };
}

test('each page of tmpfs data takes a frame from the machine until unlink or truncate gives it back', () => {
  const { frames, vfs } = charged(64);
  const base = frames.freePages();
  const f = open(vfs, '/a', O_CREAT | O_RDWR);
  f.write(new Uint8Array(10 * 4096 + 1).fill(1));
  assert.equal(frames.freePages(), base - 11);
  f.pwrite(text('x'), 20 * 4096);
  assert.equal(frames.freePages(), base - 12, 'a hole costs nothing');
  f.ops.truncate?.(4096);
  assert.equal(frames.freePages(), base - 1);
  vfs.unlink(vfs.root, vfs.root, '/a');
  assert.equal(frames.freePages(), base - 1, 'an open unlinked file keeps its pages');
  f.release();
  assert.equal(frames.freePages(), base);
  assert.equal(frames.reservedPages(), 0);
});

test('tmpfs defaults to half the machine memory; size= bounds it; both limits give ENOSPC after a short write', () => {
  const half = charged(64);
  assert.equal(half.vfs.root.inode.fs.statfs().blocks, 32);
  const f = open(half.vfs, '/big', O_CREAT | O_RDWR);
  assert.equal(f.write(new Uint8Array(40 * 4096)), 32 * 4096);
  assert.equal(errno(() => f.write(new Uint8Array(1))), E.ENOSPC);
  assert.equal(half.frames.freePages(), 32);
  // The machine runs out first: guest memory holds the rest of the frames.
  const small = charged(16, 1 << 20);
  const held: number[] = [];
  for (let i = 0; i < 12; i++) held.push(small.frames.alloc()!);
  const g = open(small.vfs, '/g', O_CREAT | O_RDWR);
  assert.equal(g.write(new Uint8Array(8 * 4096)), 4 * 4096);
  assert.equal(errno(() => g.write(new Uint8Array(1))), E.ENOSPC);
  assert.equal(small.frames.freePages(), 0);
  assert.equal(small.frames.alloc(), null, 'guest memory cannot take frames tmpfs holds');
  g.ops.truncate?.(0);
  assert.equal(small.frames.freePages(), 4);
  for (const off of held) small.frames.unref(off);
  assert.equal(small.frames.freePages(), 16);
});

test('unmounting a tmpfs gives back the pages of its files, an open one at its last close', () => {
  const { frames, vfs } = charged(64);
  const base = frames.freePages();
  vfs.mkdir(vfs.root, vfs.root, '/mnt', 0o755, 0);
  vfs.mountOn(vfs.resolve(vfs.root, vfs.root, '/mnt', true), createTmpFs({ now: () => 0n, frames }));
  vfs.mkdir(vfs.root, vfs.root, '/mnt/d', 0o755, 0);
  const a = open(vfs, '/mnt/d/a', O_CREAT | O_RDWR);
  a.write(new Uint8Array(3 * 4096));
  a.release();
  vfs.link(vfs.root, vfs.resolve(vfs.root, vfs.root, '/mnt/d/a', true), vfs.root, '/mnt/a2');
  const b = open(vfs, '/mnt/b', O_CREAT | O_RDWR);
  b.write(new Uint8Array(2 * 4096));
  assert.equal(frames.freePages(), base - 5);
  vfs.unmount(vfs.resolve(vfs.root, vfs.root, '/mnt', true));
  assert.equal(frames.freePages(), base - 2, 'the open file keeps its pages');
  assert.equal(b.pread(1, 0).length, 1);
  b.release();
  assert.equal(frames.freePages(), base);
});
