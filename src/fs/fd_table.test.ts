import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import { S_IFREG } from '../abi/linux/stat.js';
import { O_RDWR } from '../abi/linux/fcntl.js';
import { FdTable } from './fd_table.js';
import { OpenFile } from './file.js';
import { Inode, pseudoStatFs } from './inode.js';
import type { FileOps, FileSystem, Stat } from './inode.js';

const memFs: FileSystem = {
  name: 'test',
  statfs: () => pseudoStatFs(0),
};

class MemInode extends Inode {
  readonly fs = memFs;
  readonly type = S_IFREG;
  data = new Uint8Array(0);
  constructor(readonly ino: number) {
    super();
  }
  stat(): Stat {
    return { dev: 0, ino: this.ino, mode: S_IFREG | 0o644, nlink: 1, uid: 0, gid: 0, rdev: 0, size: this.data.length,
      blksize: 4096, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n };
  }
}

/** An open file over a MemInode that counts its releases. */
function memFile(released: { n: number }): OpenFile {
  const inode = new MemInode(1);
  const ops: FileOps = {
    seekable: true,
    read: (len, pos) => inode.data.slice(pos, pos + len),
    write: (d, pos) => {
      const next = new Uint8Array(Math.max(inode.data.length, pos + d.length));
      next.set(inode.data);
      next.set(d, pos);
      inode.data = next;
      return d.length;
    },
    release: () => {
      released.n++;
    },
  };
  return new OpenFile(inode, O_RDWR, ops, null, 'mem');
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

test('install takes the lowest free descriptor', () => {
  const t = new FdTable();
  const r = { n: 0 };
  assert.equal(t.install(memFile(r)), 0);
  assert.equal(t.install(memFile(r)), 1);
  assert.equal(t.install(memFile(r)), 2);
  t.close(1);
  assert.equal(t.install(memFile(r)), 1);
  assert.equal(t.install(memFile(r), false, 10), 10);
  assert.deepEqual(t.openFds(), [0, 1, 2, 10]);
});

test('a closed or never-opened descriptor is EBADF', () => {
  const t = new FdTable();
  assert.equal(errno(() => t.get(0)), E.EBADF);
  assert.equal(errno(() => t.get(-1)), E.EBADF);
  assert.equal(errno(() => t.close(3)), E.EBADF);
  t.install(memFile({ n: 0 }));
  t.close(0);
  assert.equal(errno(() => t.get(0)), E.EBADF);
});

test('RLIMIT_NOFILE bounds descriptors with EMFILE', () => {
  const t = new FdTable();
  t.limit = 2;
  const r = { n: 0 };
  t.install(memFile(r));
  t.install(memFile(r));
  assert.equal(errno(() => t.install(memFile(r))), E.EMFILE);
  assert.equal(errno(() => t.dup(0)), E.EMFILE);
  assert.equal(errno(() => t.dup(0, 5)), E.EINVAL);
  assert.equal(errno(() => t.dup3(0, 7, false)), E.EBADF);
});

test('dup shares the file offset and the last close releases the file', () => {
  const t = new FdTable();
  const r = { n: 0 };
  const fd = t.install(memFile(r));
  const fd2 = t.dup(fd);
  t.get(fd).write(new Uint8Array([1, 2, 3]));
  assert.equal(t.get(fd2).offset, 3);
  t.close(fd);
  assert.equal(r.n, 0);
  t.close(fd2);
  assert.equal(r.n, 1);
});

test('dup3 replaces the target, refuses equal fds and sets close-on-exec', () => {
  const t = new FdTable();
  const a = { n: 0 };
  const b = { n: 0 };
  t.install(memFile(a));
  t.install(memFile(b));
  assert.equal(errno(() => t.dup3(0, 0, false)), E.EINVAL);
  assert.equal(t.dup3(0, 1, true), 1);
  assert.equal(b.n, 1);
  assert.equal(t.getCloexec(1), true);
  assert.equal(t.getCloexec(0), false);
  assert.equal(t.get(0), t.get(1));
});

test('closeOnExec closes exactly the O_CLOEXEC descriptors', () => {
  const t = new FdTable();
  const r = { n: 0 };
  t.install(memFile(r), false);
  t.install(memFile(r), true);
  t.install(memFile(r), false);
  t.setCloexec(2, true);
  t.closeOnExec();
  assert.deepEqual(t.openFds(), [0]);
  assert.equal(r.n, 2);
});

test('clone shares descriptions: the file lives until both tables close it', () => {
  const t = new FdTable();
  const r = { n: 0 };
  t.install(memFile(r), true);
  const c = t.clone();
  assert.equal(c.get(0), t.get(0));
  assert.equal(c.getCloexec(0), true);
  t.closeAll();
  assert.equal(r.n, 0);
  c.closeAll();
  assert.equal(r.n, 1);
});

test('closeRange closes or marks only open descriptors in the range', () => {
  const t = new FdTable();
  const r = { n: 0 };
  for (let i = 0; i < 5; i++) t.install(memFile(r));
  t.closeRange(3, 0xffffffff, true);
  assert.equal(t.getCloexec(3), true);
  assert.equal(t.getCloexec(2), false);
  t.closeRange(1, 3, false);
  assert.deepEqual(t.openFds(), [0, 4]);
});

test('lseek moves the offset and rejects negative positions', () => {
  const f = memFile({ n: 0 });
  f.write(new Uint8Array(10));
  assert.equal(f.seek(-4, 2), 6);
  assert.equal(f.seek(2, 1), 8);
  assert.equal(errno(() => f.seek(-9, 1)), E.EINVAL);
  assert.equal(errno(() => f.seek(0, 7)), E.EINVAL);
  assert.equal(f.seek(3, 3), 3);
  assert.equal(f.seek(3, 4), 10);
  assert.equal(errno(() => f.seek(10, 3)), E.ENXIO);
});
