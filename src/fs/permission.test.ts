import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import { O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } from '../abi/linux/fcntl.js';
import { S_ISGID } from '../abi/linux/stat.js';
import {
  MAY_EXEC, MAY_READ, MAY_WRITE, ROOT_CREDS, checkChown, checkSetattr, mayExec, mayLink, newOwner, permission, realIds,
} from './permission.js';
import type { FsCreds } from './permission.js';
import { createDevFs } from './devfs.js';
import { createTmpFs } from './tmpfs.js';
import { Vfs } from './vfs.js';

function errno(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    throw e;
  }
  return 0;
}

const alice: FsCreds = { uid: 1000, gid: 1000, fsuid: 1000, fsgid: 1000, groups: [1000, 50] };
const bob: FsCreds = { uid: 1001, gid: 1001, fsuid: 1001, fsgid: 1001, groups: [1001] };

function world(): Vfs {
  const vfs = new Vfs(createTmpFs({ now: () => 0n, rootMode: 0o755 }));
  vfs.mkdir(vfs.root, vfs.root, '/tmp', 0o1777, 0);
  vfs.resolve(vfs.root, vfs.root, '/tmp', true).inode.setattr({ mode: 0o1777 });
  vfs.mkdir(vfs.root, vfs.root, '/home', 0o755, 0);
  vfs.mkdir(vfs.root, vfs.root, '/home/alice', 0o700, 0);
  vfs.resolve(vfs.root, vfs.root, '/home/alice', true).inode.setattr({ uid: 1000, gid: 1000 });
  return vfs;
}

const inode = (vfs: Vfs, path: string) => vfs.resolve(vfs.root, vfs.root, path, true).inode;

test('owner, group and other bits are checked in that order; root passes reads and writes', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/f', O_CREAT | O_WRONLY, 0o640, 0).release();
  const f = inode(vfs, '/f');
  f.setattr({ uid: 1000, gid: 50 });
  assert.equal(errno(() => permission(f, alice, MAY_READ | MAY_WRITE)), 0);
  f.setattr({ mode: 0o040 });
  // The owner class applies even when the group class would allow it.
  assert.equal(errno(() => permission(f, alice, MAY_READ)), E.EACCES);
  assert.equal(errno(() => permission(f, { ...bob, groups: [50] }, MAY_READ)), 0);
  assert.equal(errno(() => permission(f, bob, MAY_READ)), E.EACCES);
  assert.equal(errno(() => permission(f, ROOT_CREDS, MAY_READ | MAY_WRITE)), 0);
});

test('root may execute only when some x bit is set; directories are always searchable for root', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/prog', O_CREAT | O_WRONLY, 0o644, 0).release();
  const p = inode(vfs, '/prog');
  assert.equal(errno(() => permission(p, ROOT_CREDS, MAY_EXEC)), E.EACCES);
  p.setattr({ mode: 0o010 });
  assert.equal(errno(() => permission(p, ROOT_CREDS, MAY_EXEC)), 0);
  assert.equal(errno(() => permission(inode(vfs, '/home/alice'), ROOT_CREDS, MAY_EXEC)), 0);
});

test('a walk needs search permission on every directory; open checks the access mode', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/home/alice/secret', O_CREAT | O_WRONLY, 0o644, 0).release();
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/home/alice/secret', true, bob)), E.EACCES);
  assert.equal(errno(() => vfs.resolve(vfs.root, vfs.root, '/home/alice/secret', true, alice)), 0);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/home/alice/secret', O_RDONLY, 0, 0, alice)), 0);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/home/alice/secret', O_RDWR, 0, 0, alice)), E.EACCES);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/home/alice/secret', O_RDONLY | O_TRUNC, 0, 0, alice)), E.EACCES);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/home/alice/new', O_CREAT | O_WRONLY, 0o600, 0, bob)), E.EACCES);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/home/x', O_CREAT | O_WRONLY, 0o600, 0, alice)), E.EACCES);
});

test('a file created by an open may be opened read-write whatever its mode', () => {
  const vfs = world();
  const f = vfs.open(vfs.root, vfs.root, '/home/alice/ro', O_CREAT | O_RDWR, 0o444, 0o022, alice);
  assert.equal(f.write(new Uint8Array([1])), 1);
  const st = f.stat();
  assert.equal(st.uid, 1000);
  assert.equal(st.gid, 1000);
  assert.equal(st.mode & 0o777, 0o444);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/home/alice/ro', O_WRONLY, 0, 0, alice)), E.EACCES);
});

test('the sticky bit lets only the owner of the file or of the directory remove it', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/tmp/a', O_CREAT | O_WRONLY, 0o666, 0, alice).release();
  vfs.open(vfs.root, vfs.root, '/tmp/b', O_CREAT | O_WRONLY, 0o666, 0, alice).release();
  assert.equal(errno(() => vfs.unlink(vfs.root, vfs.root, '/tmp/a', bob)), E.EPERM);
  assert.equal(errno(() => vfs.rename(vfs.root, vfs.root, '/tmp/b', vfs.root, '/tmp/c', 0, bob)), E.EPERM);
  assert.equal(errno(() => vfs.unlink(vfs.root, vfs.root, '/tmp/a', alice)), 0);
  assert.equal(errno(() => vfs.unlink(vfs.root, vfs.root, '/tmp/b', ROOT_CREDS)), 0);
});

test('unlink, rmdir, mkdir and rename need write and search permission on the directories', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/home/f', O_CREAT | O_WRONLY, 0o666, 0).release();
  assert.equal(errno(() => vfs.unlink(vfs.root, vfs.root, '/home/f', alice)), E.EACCES);
  assert.equal(errno(() => vfs.mkdir(vfs.root, vfs.root, '/home/d', 0o755, 0, alice)), E.EACCES);
  assert.equal(errno(() => vfs.rename(vfs.root, vfs.root, '/home/f', vfs.root, '/home/alice/f', 0, alice)), E.EACCES);
  assert.equal(errno(() => vfs.symlink(vfs.root, vfs.root, 'x', '/home/l', alice)), E.EACCES);
  assert.equal(errno(() => vfs.mknod(vfs.root, vfs.root, '/home/alice/c', 0o020644, 0, 0, alice)), E.EPERM);
  assert.equal(errno(() => vfs.mknod(vfs.root, vfs.root, '/home/alice/p', 0o010644, 0, 0, alice)), 0);
});

test('setgid directories pass their group and the bit on to new entries', () => {
  const vfs = world();
  vfs.mkdir(vfs.root, vfs.root, '/shared', 0o777, 0);
  inode(vfs, '/shared').setattr({ mode: 0o2777, gid: 50 });
  vfs.mkdir(vfs.root, vfs.root, '/shared/sub', 0o755, 0, bob);
  vfs.open(vfs.root, vfs.root, '/shared/f', O_CREAT | O_WRONLY, 0o2755, 0, bob).release();
  const sub = inode(vfs, '/shared/sub').stat();
  assert.equal(sub.gid, 50);
  assert.equal(sub.mode & S_ISGID, S_ISGID);
  const f = inode(vfs, '/shared/f').stat();
  assert.equal(f.gid, 50);
  assert.equal(f.uid, 1001);
  // bob is not in group 50: the set-group-ID bit of the new file is dropped.
  assert.equal(f.mode & S_ISGID, 0);
});

test('chmod needs ownership and drops S_ISGID for a foreign group; chown is for root', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/home/alice/f', O_CREAT | O_WRONLY, 0o644, 0, alice).release();
  const f = inode(vfs, '/home/alice/f');
  assert.equal(errno(() => checkSetattr(f, bob, { mode: 0o777 })), E.EPERM);
  assert.deepEqual(checkSetattr(f, alice, { mode: 0o2755 }), { mode: 0o2755 });
  f.setattr({ gid: 7 });
  assert.deepEqual(checkSetattr(f, alice, { mode: 0o2755 }), { mode: 0o755 });
  assert.equal(errno(() => checkSetattr(f, alice, { uid: 1001 })), E.EPERM);
  assert.equal(errno(() => checkSetattr(f, alice, { gid: 50 })), 0);
  assert.equal(errno(() => checkSetattr(f, alice, { gid: 99 })), E.EPERM);
  f.setattr({ mode: 0o6755 });
  assert.deepEqual(checkSetattr(f, ROOT_CREDS, { uid: 5 }), { uid: 5, mode: 0o755 });
});

test('utimes: explicit times need ownership, "now" also allows a writer', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/w', O_CREAT | O_WRONLY, 0o666, 0).release();
  const f = inode(vfs, '/w');
  assert.equal(errno(() => checkSetattr(f, alice, { mtimeNs: 5n })), E.EPERM);
  assert.equal(errno(() => checkSetattr(f, alice, { mtimeNs: 5n, atimeNs: 5n }, true)), 0);
  f.setattr({ mode: 0o644 });
  assert.equal(errno(() => checkSetattr(f, alice, { mtimeNs: 5n }, true)), E.EACCES);
});

test('access(2) checks with the real ids', () => {
  const vfs = world();
  const setuidRoot: FsCreds = { uid: 1000, gid: 1000, fsuid: 0, fsgid: 0, groups: [1000] };
  vfs.open(vfs.root, vfs.root, '/rootonly', O_CREAT | O_WRONLY, 0o600, 0).release();
  const f = inode(vfs, '/rootonly');
  assert.equal(errno(() => permission(f, setuidRoot, MAY_READ)), 0);
  assert.equal(errno(() => permission(f, realIds(setuidRoot), MAY_READ)), E.EACCES);
});

test('devfs nodes carry modes too: /dev/null is open to all, /dev/console to root only', () => {
  const vfs = world();
  const con = { write: () => undefined, readAvailable: () => null, onInput: () => undefined, isTty: () => false, windowSize: () => null };
  vfs.mount('/dev', createDevFs({ random: { fill: (b: Uint8Array) => b.fill(1) }, console: con, timeNs: 0n }));
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/dev/null', O_RDWR, 0, 0, bob).release()), 0);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/dev/console', O_RDWR, 0, 0, bob)), E.EACCES);
  assert.equal(errno(() => vfs.open(vfs.root, vfs.root, '/dev/console', O_RDWR, 0, 0, ROOT_CREDS).release()), 0);
  assert.equal(errno(() => checkSetattr(inode(vfs, '/dev/null'), bob, { mode: 0o600 })), E.EPERM);
});

test('chown clears S_ISUID, and S_ISGID when group-executable, even for root and even with -1, -1', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/home/alice/f', O_CREAT | O_WRONLY, 0o644, 0, alice).release();
  const f = inode(vfs, '/home/alice/f');
  f.setattr({ mode: 0o6755 });
  assert.deepEqual(checkChown(f, alice, undefined, undefined), { mode: 0o755 });
  assert.deepEqual(checkChown(f, ROOT_CREDS, 1001, undefined), { uid: 1001, mode: 0o755 });
  f.setattr({ mode: 0o2745 });
  // Not group-executable: a member keeps S_ISGID (it may mark mandatory locking).
  assert.deepEqual(checkChown(f, alice, undefined, 1000), { gid: 1000 });
  // A non-owner's chown(-1, -1) of a set-id file would change the mode: EPERM.
  f.setattr({ mode: 0o4755 });
  assert.equal(errno(() => checkChown(f, bob, undefined, undefined)), E.EPERM);
  f.setattr({ mode: 0o755 });
  assert.deepEqual(checkChown(f, bob, undefined, undefined), {});
  vfs.mkdir(vfs.root, vfs.root, '/home/alice/d', 0o755, 0, alice);
  const d = inode(vfs, '/home/alice/d');
  d.setattr({ mode: 0o6755 });
  assert.deepEqual(checkChown(d, ROOT_CREDS, 5, 5), { uid: 5, gid: 5 });
});

test('exec needs an x bit for everyone and the x bit of the caller\'s class', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/prog', O_CREAT | O_WRONLY, 0o644, 0).release();
  const p = inode(vfs, '/prog');
  assert.equal(errno(() => mayExec(p, ROOT_CREDS)), E.EACCES);
  p.setattr({ mode: 0o701 });
  assert.equal(errno(() => mayExec(p, ROOT_CREDS)), 0);
  assert.equal(errno(() => mayExec(p, alice)), 0);
  p.setattr({ mode: 0o710, gid: 7 });
  assert.equal(errno(() => mayExec(p, alice)), E.EACCES);
  assert.equal(errno(() => mayExec(p, { ...alice, groups: [7] })), 0);
});

test('protected hard links: only the owner, root or a reader-writer may link a plain file', () => {
  const vfs = world();
  vfs.open(vfs.root, vfs.root, '/tmp/r', O_CREAT | O_WRONLY, 0o644, 0).release();
  const r = inode(vfs, '/tmp/r');
  assert.equal(errno(() => mayLink(r, alice)), E.EPERM);
  assert.equal(errno(() => vfs.link(vfs.root, vfs.resolve(vfs.root, vfs.root, '/tmp/r', true), vfs.root, '/tmp/l', alice)), E.EPERM);
  r.setattr({ mode: 0o666 });
  assert.equal(errno(() => mayLink(r, alice)), 0);
  r.setattr({ mode: 0o4666 });
  assert.equal(errno(() => mayLink(r, alice)), E.EPERM);
  assert.equal(errno(() => mayLink(r, ROOT_CREDS)), 0);
  r.setattr({ uid: 1000 });
  assert.equal(errno(() => mayLink(r, alice)), 0);
});

test('mkdir keeps only the permission and sticky bits of the mode asked for', () => {
  const vfs = world();
  assert.deepEqual(newOwner(inode(vfs, '/home'), alice, 0o7777, true), { uid: 1000, gid: 1000, mode: 0o1777 });
  assert.deepEqual(newOwner(inode(vfs, '/home'), alice, 0o6755, false), { uid: 1000, gid: 1000, mode: 0o6755 });
});
