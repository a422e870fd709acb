import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nfs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import {
  O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_PATH, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, RENAME_EXCHANGE, RENAME_NOREPLACE,
} from '../abi/linux/fcntl.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { HostFs } from './hostfs.js';
import { MS_NOSUID, MS_RDONLY, ST_NOSUID, ST_RDONLY, ST_VALID, Vfs } from './vfs.js';
import { createTmpFs } from './tmpfs.js';
import { ROOT_CREDS } from './permission.js';
import { nameFromText } from './byte_string.js';

function tree(): { dir: string; vfs: Vfs } {
  const dir = nfs.realpathSync(nfs.mkdtempSync(path.join(os.tmpdir(), 'flint-vfs-')));
  nfs.mkdirSync(path.join(dir, 'a/b'), { recursive: true });
  nfs.writeFileSync(path.join(dir, 'a/file'), 'hello');
  return { dir, vfs: new Vfs(new HostFs(new NodeHostFs(), dir).root()) };
}

function errno(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    throw e;
  }
  assert.fail('expected an Errno');
}

test('a symlink loop fails with ELOOP', () => {
  const { dir, vfs } = tree();
  nfs.symlinkSync('loop2', path.join(dir, 'loop1'));
  nfs.symlinkSync('loop1', path.join(dir, 'loop2'));
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/loop1', true)), E.ELOOP);
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/loop1', false).inode.isSymlink, true);
});

test('a chain of 40 symlinks resolves and 41 is ELOOP', () => {
  const { dir, vfs } = tree();
  for (let i = 1; i <= 41; i++) nfs.symlinkSync(i === 1 ? 'a' : `l${i - 1}`, path.join(dir, `l${i}`));
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/l40', true).inode.isDir, true);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/l41', true)), E.ELOOP);
});

test('.. at the root stays at the root', () => {
  const { vfs } = tree();
  const d = vfs.resolve(vfs.root, vfs.root, '/../../a/../..', true);
  assert.ok(d.same(vfs.root));
  assert.equal(vfs.resolve(vfs.root, vfs.root, '../../../a/file', true).inode.isRegular, true);
});

test('a trailing slash on a regular file is ENOTDIR', () => {
  const { vfs } = tree();
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/a/file/', true)), E.ENOTDIR);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/a/file/x', true)), E.ENOTDIR);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/a/file/.', true)), E.ENOTDIR);
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/a/b/', true).inode.isDir, true);
});

test('a trailing slash follows a final symlink to a directory', () => {
  const { dir, vfs } = tree();
  nfs.symlinkSync('a', path.join(dir, 'la'));
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/la', false).inode.isSymlink, true);
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/la/', false).inode.isDir, true);
});

test('missing names are ENOENT, an empty path is ENOENT, a long component is ENAMETOOLONG', () => {
  const { vfs } = tree();
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/nope', true)), E.ENOENT);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '', true)), E.ENOENT);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/' + 'x'.repeat(256), true)), E.ENAMETOOLONG);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/a/'.repeat(1400), true)), E.ENAMETOOLONG);
});

test('open checks O_EXCL, O_DIRECTORY, O_NOFOLLOW and directory write access', () => {
  const { dir, vfs } = tree();
  const r = vfs.root;
  nfs.symlinkSync('a/file', path.join(dir, 'lf'));
  assert.equal(errno(() => vfs.open(r, r, '/a/file', O_CREAT | O_EXCL | O_WRONLY, 0o644, 0o022)), E.EEXIST);
  assert.equal(errno(() => vfs.open(r, r, '/a/file', O_DIRECTORY, 0, 0)), E.ENOTDIR);
  assert.equal(errno(() => vfs.open(r, r, '/lf', O_NOFOLLOW, 0, 0)), E.ELOOP);
  assert.equal(errno(() => vfs.open(r, r, '/a', O_WRONLY, 0, 0)), E.EISDIR);
  assert.equal(errno(() => vfs.open(r, r, '/a', O_CREAT | O_RDONLY, 0o644, 0)), E.EISDIR);
  assert.equal(errno(() => vfs.open(r, r, '/new/', O_CREAT | O_WRONLY, 0o644, 0)), E.EISDIR);
  assert.equal(errno(() => vfs.open(r, r, '/a/file/', O_CREAT | O_WRONLY, 0o644, 0)), E.EISDIR);
  assert.equal(errno(() => vfs.open(r, r, '/lf', O_NOFOLLOW | O_DIRECTORY, 0, 0)), E.ENOTDIR);
  const p = vfs.open(r, r, '/lf', O_NOFOLLOW | O_PATH, 0, 0);
  assert.equal(p.inode.isSymlink, true);
  p.release();
});

test('O_CREAT through a dangling symlink creates its target, with the umask applied', () => {
  const { dir, vfs } = tree();
  nfs.symlinkSync('a/made', path.join(dir, 'dangling'));
  const f = vfs.open(vfs.root, vfs.root, '/dangling', O_CREAT | O_RDWR, 0o666, 0o027);
  assert.equal(f.write(new TextEncoder().encode('xyz')), 3);
  f.release();
  assert.equal(nfs.readFileSync(path.join(dir, 'a/made'), 'utf8'), 'xyz');
  assert.equal(nfs.statSync(path.join(dir, 'a/made')).mode & 0o777, 0o640);
});

test('a file created with mode 0444 can still be written through the creating open', () => {
  const { dir, vfs } = tree();
  const f = vfs.open(vfs.root, vfs.root, '/ro', O_CREAT | O_WRONLY, 0o444, 0);
  assert.equal(f.write(new Uint8Array([1, 2])), 2);
  f.release();
  assert.equal(nfs.readFileSync(path.join(dir, 'ro')).length, 2);
});

test('mkdir, unlink, rmdir and rename report Linux errors', () => {
  const { dir, vfs } = tree();
  const r = vfs.root;
  assert.equal(errno(() => vfs.mkdir(r, r, '/a', 0o755, 0)), E.EEXIST);
  assert.equal(errno(() => vfs.mkdir(r, r, '/', 0o755, 0)), E.EEXIST);
  assert.equal(errno(() => vfs.unlink(r, r, '/a')), E.EISDIR);
  assert.equal(errno(() => vfs.unlink(r, r, '/a/file/')), E.ENOTDIR);
  assert.equal(errno(() => vfs.rmdir(r, r, '/a')), E.ENOTEMPTY);
  assert.equal(errno(() => vfs.rmdir(r, r, '/a/file')), E.ENOTDIR);
  assert.equal(errno(() => vfs.rmdir(r, r, '/a/.')), E.EINVAL);
  assert.equal(errno(() => vfs.rename(r, r, '/a', r, '/a/b/c', 0)), E.EINVAL);
  nfs.writeFileSync(path.join(dir, 'other'), '');
  assert.equal(errno(() => vfs.rename(r, r, '/other', r, '/a/file', RENAME_NOREPLACE)), E.EEXIST);
  assert.equal(errno(() => vfs.rename(r, r, '/other', r, '/a', 0)), E.EISDIR);
  vfs.rename(r, r, '/other', r, '/a/moved', 0);
  assert.ok(nfs.existsSync(path.join(dir, 'a/moved')));
  vfs.mkdir(r, r, '/d', 0o755, 0);
  vfs.rmdir(r, r, '/d/');
  assert.ok(!nfs.existsSync(path.join(dir, 'd')));
});

test('a mount on a name the directory lacks is found and listed', () => {
  const { vfs } = tree();
  const sub = tree();
  vfs.mount('/mnt', sub.vfs.root.inode);
  const d = vfs.resolve(vfs.root, vfs.root, '/mnt/a/file', true);
  assert.equal(d.inode.isRegular, true);
  assert.equal(d.path(vfs.root), '/mnt/a/file');
  assert.ok(vfs.listDir(vfs.root, vfs.root).some((e) => e.name === 'mnt'));
  assert.ok(vfs.resolve(vfs.root, vfs.root, '/mnt/..', true).same(vfs.root));
  assert.equal(errno(() => vfs.rmdir(vfs.root, vfs.root, '/mnt')), E.EBUSY);
});

test('non-UTF-8 names round-trip through the host', () => {
  const { dir, vfs } = tree();
  const name = String.fromCharCode(0xff, 0xfe, 0x41);
  vfs.open(vfs.root, vfs.root, '/' + name, O_CREAT | O_WRONLY, 0o644, 0).release();
  assert.ok(nfs.readdirSync(dir, { encoding: 'buffer' }).some((b) => b.equals(Buffer.from([0xff, 0xfe, 0x41]))));
  assert.ok(vfs.listDir(vfs.root, vfs.root).some((e) => e.name === name));
  assert.equal(nameFromText('é'), '\u00c3\u00a9');
});

test('hostfs makes FIFOs with the host mkfifo and opens them as Flint pipes', () => {
  const { dir, vfs } = tree();
  vfs.mknod(vfs.root, vfs.root, '/a/fifo', 0o010644, 0, 0o022);
  assert.equal(nfs.statSync(path.join(dir, 'a/fifo')).isFIFO(), true);
  const r = vfs.open(vfs.root, vfs.root, '/a/fifo', O_RDONLY | 0o4000, 0, 0);
  const w = vfs.open(vfs.root, vfs.root, '/a/fifo', O_WRONLY, 0, 0);
  w.write(new TextEncoder().encode('never on the host'));
  assert.equal(new TextDecoder().decode(r.read(100)), 'never on the host');
  assert.equal(errno(() => vfs.mknod(vfs.root, vfs.root, '/a/sock', 0o140644, 0, 0)), E.EPERM);
});

test('RENAME_EXCHANGE on hostfs swaps two names', () => {
  const { dir, vfs } = tree();
  nfs.writeFileSync(path.join(dir, 'x'), 'X');
  vfs.rename(vfs.root, vfs.root, '/x', vfs.root, '/a/file', RENAME_EXCHANGE);
  assert.equal(nfs.readFileSync(path.join(dir, 'x'), 'latin1'), 'hello');
  assert.equal(nfs.readFileSync(path.join(dir, 'a/file'), 'latin1'), 'X');
  assert.deepEqual(nfs.readdirSync(dir).sort(), ['a', 'x']);
});

/** A hostfs namespace with a tmpfs on /ro holding dir/ and file ("data"), mounted with `flags`. */
function withTmpfs(flags: number): Vfs {
  const { vfs } = tree();
  const tmp = createTmpFs({ now: () => 0n });
  tmp.mkdir('dir', 0o755, ROOT_CREDS);
  tmp.create('file', 0o644, ROOT_CREDS).open(O_WRONLY).write(new TextEncoder().encode('data'), 0, false, false);
  vfs.mount('/ro', tmp, flags);
  return vfs;
}

test('a read-only mount refuses writes with EROFS and still reads', () => {
  const vfs = withTmpfs(MS_RDONLY);
  const r = vfs.root;
  const f = vfs.open(r, r, '/ro/file', O_RDONLY, 0, 0);
  assert.equal(new TextDecoder().decode(f.read(10)), 'data');
  f.release();
  vfs.open(r, r, '/ro/file', O_CREAT | O_RDONLY, 0o644, 0).release();
  vfs.open(r, r, '/ro/dir', O_RDONLY | O_DIRECTORY, 0, 0).release();
  assert.equal(errno(() => vfs.open(r, r, '/ro/file', O_WRONLY, 0, 0)), E.EROFS);
  assert.equal(errno(() => vfs.open(r, r, '/ro/file', O_RDWR, 0, 0)), E.EROFS);
  assert.equal(errno(() => vfs.open(r, r, '/ro/file', O_RDONLY | O_TRUNC, 0, 0)), E.EROFS);
  assert.equal(errno(() => vfs.open(r, r, '/ro/new', O_CREAT | O_WRONLY, 0o644, 0)), E.EROFS);
  assert.equal(errno(() => vfs.open(r, r, '/ro/file', O_CREAT | O_EXCL | O_WRONLY, 0o644, 0)), E.EEXIST);
  assert.equal(errno(() => vfs.open(r, r, '/ro/dir', O_RDWR, 0, 0)), E.EISDIR);
  assert.equal(errno(() => vfs.open(r, r, '/ro/nodir/x', O_CREAT | O_WRONLY, 0o644, 0)), E.ENOENT);
  assert.equal(errno(() => vfs.mkdir(r, r, '/ro/dir', 0o755, 0)), E.EEXIST);
  assert.equal(errno(() => vfs.mkdir(r, r, '/ro/d2', 0o755, 0)), E.EROFS);
  assert.equal(errno(() => vfs.mknod(r, r, '/ro/fifo', 0o010644, 0, 0)), E.EROFS);
  assert.equal(errno(() => vfs.symlink(r, r, 'file', '/ro/link')), E.EROFS);
  assert.equal(errno(() => vfs.link(r, vfs.resolve(r, r, '/ro/file', false), r, '/ro/hard')), E.EROFS);
  assert.equal(errno(() => vfs.unlink(r, r, '/ro/file')), E.EROFS);
  assert.equal(errno(() => vfs.unlink(r, r, '/ro/missing')), E.EROFS);
  assert.equal(errno(() => vfs.rmdir(r, r, '/ro/dir')), E.EROFS);
  assert.equal(errno(() => vfs.rename(r, r, '/ro/file', r, '/ro/moved', 0)), E.EROFS);
  assert.equal(errno(() => vfs.mayWrite(vfs.resolve(r, r, '/ro/file', true))), E.EROFS);
  // Outside the mount nothing changes.
  vfs.mkdir(r, r, '/a/b/c', 0o755, 0);
  vfs.mayWrite(vfs.resolve(r, r, '/a/b/c', true));
  assert.deepEqual(vfs.mountTable().map((m) => [m.path, m.flags]), [['/', 0], ['/ro', MS_RDONLY]]);
  assert.equal(vfs.statfsFlags(vfs.resolve(r, r, '/ro/dir', true)), ST_VALID | ST_RDONLY);
  assert.equal(vfs.statfsFlags(vfs.resolve(r, r, '/a', true)), ST_VALID);
});

test('remount makes a mount writable again and sets nosuid; EINVAL below a mount root', () => {
  const vfs = withTmpfs(MS_RDONLY);
  const r = vfs.root;
  const mnt = vfs.resolve(r, r, '/ro', true);
  assert.equal(errno(() => vfs.remount(vfs.resolve(r, r, '/ro/dir', true), 0, false)), E.EINVAL);
  vfs.remount(mnt, MS_NOSUID, false);
  vfs.mkdir(r, r, '/ro/d2', 0o755, 0);
  assert.equal(vfs.mountFlags(vfs.resolve(r, r, '/ro/d2', true)), MS_NOSUID);
  assert.equal(vfs.statfsFlags(mnt), ST_VALID | ST_NOSUID);
  vfs.remount(r, MS_RDONLY, false);
  assert.equal(errno(() => vfs.mkdir(r, r, '/a/x', 0o755, 0)), E.EROFS);
  vfs.mkdir(r, r, '/ro/d3', 0o755, 0);
  vfs.remount(r, 0, false);
  vfs.mkdir(r, r, '/a/x', 0o755, 0);
});

test('a bind mount shows the same directory, and renaming across it is EXDEV', () => {
  const vfs = withTmpfs(0);
  const r = vfs.root;
  vfs.mkdir(r, r, '/ro/dir/sub', 0o755, 0);
  vfs.mountOn(vfs.resolve(r, r, '/ro/dir/sub', true), vfs.resolve(r, r, '/ro', true).inode);
  assert.equal(vfs.resolve(r, r, '/ro/dir/sub/file', true).inode.isRegular, true);
  assert.equal(errno(() => vfs.rename(r, r, '/ro/file', r, '/ro/dir/sub/moved', 0)), E.EXDEV);
  vfs.remount(vfs.resolve(r, r, '/ro/dir/sub', true), MS_RDONLY, true);
  assert.equal(errno(() => vfs.unlink(r, r, '/ro/dir/sub/file')), E.EROFS);
  vfs.mkdir(r, r, '/ro/d2', 0o755, 0);
});
