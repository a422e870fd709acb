import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stat } from '../../abi/linux/stat.js';
import { execCredentials, secureExec } from './exec.js';
import type { Credentials } from './task.js';

function user(uid: number, euid: number, suid: number, gid = 1000): Credentials {
  return { uid, gid, euid, egid: gid, suid, sgid: gid, fsuid: euid, fsgid: gid, groups: [gid] };
}

function file(mode: number, uid: number, gid: number): Stat {
  return {
    dev: 1, ino: 2, mode: 0o100000 | mode, nlink: 1, uid, gid, rdev: 0, size: 0, blksize: 4096, blocks: 0,
    atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n, btimeNs: 0n,
  };
}

test('a set-user-ID file makes its owner the effective and saved uid; the real uid stays', () => {
  const c = execCredentials(user(1000, 1000, 1000), file(0o4755, 0, 0));
  assert.deepEqual([c.uid, c.euid, c.suid, c.fsuid], [1000, 0, 0, 0]);
  assert.deepEqual([c.gid, c.egid, c.sgid], [1000, 1000, 1000]);
  assert.equal(secureExec(user(1000, 1000, 1000), c), true);
});

test('set-group-ID needs group execute; without it the gids stay', () => {
  const withX = execCredentials(user(1000, 1000, 1000), file(0o2755, 0, 1234));
  assert.deepEqual([withX.gid, withX.egid, withX.sgid, withX.fsgid], [1000, 1234, 1234, 1234]);
  const noX = execCredentials(user(1000, 1000, 1000), file(0o2745, 0, 1234));
  assert.deepEqual([noX.gid, noX.egid, noX.sgid], [1000, 1000, 1000]);
  assert.equal(secureExec(user(1000, 1000, 1000), noX), false);
});

test('every exec copies the effective ids to the saved ones', () => {
  const c = execCredentials(user(1000, 0, 1000), file(0o755, 0, 0));
  assert.deepEqual([c.uid, c.euid, c.suid], [1000, 0, 0]);
  assert.equal(secureExec(user(1000, 0, 1000), c), true);
  const plain = execCredentials(user(1000, 1000, 1001), file(0o755, 0, 0));
  assert.deepEqual([plain.uid, plain.euid, plain.suid], [1000, 1000, 1000]);
  assert.equal(secureExec(user(1000, 1000, 1001), plain), false);
});

test('AT_SECURE is set when the exec changes the effective uid, even back to the real one', () => {
  const old = user(1000, 1001, 1000);
  const c = execCredentials(old, file(0o4755, 1000, 1000));
  assert.deepEqual([c.uid, c.euid, c.suid], [1000, 1000, 1000]);
  assert.equal(secureExec(old, c), true);
});
