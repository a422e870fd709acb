import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import { F_RDLCK, F_UNLCK, F_WRLCK } from '../abi/linux/fcntl.js';
import { LockTable } from './locks.js';
import { WouldBlock } from './wait_queue.js';

function errno(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    if (e instanceof WouldBlock) return -1;
    throw e;
  }
  return 0;
}

const A = { name: 'A' };
const B = { name: 'B' };
const C = { name: 'C' };

test('write locks of different owners conflict, read locks share, an owner never conflicts with itself', () => {
  const t = new LockTable();
  t.set('f', A, 1, { type: F_RDLCK, start: 0, end: 99 }, false);
  t.set('f', B, 2, { type: F_RDLCK, start: 50, end: 150 }, false);
  assert.equal(errno(() => t.set('f', C, 3, { type: F_WRLCK, start: 120, end: 120 }, false)), E.EAGAIN);
  t.set('f', A, 1, { type: F_WRLCK, start: 0, end: 10 }, false);
  assert.equal(t.test('f', B, { type: F_RDLCK, start: 5, end: 5 })?.pid, 1);
  assert.equal(t.test('f', A, { type: F_WRLCK, start: 0, end: 200 }) === null, false);
  assert.equal(t.test('f', C, { type: F_RDLCK, start: 0, end: 200 })?.type, F_WRLCK);
});

test('unlocking the middle splits a lock, and adjacent locks of one type merge', () => {
  const t = new LockTable();
  t.set('f', A, 1, { type: F_WRLCK, start: 0, end: 29 }, false);
  t.set('f', A, 1, { type: F_UNLCK, start: 10, end: 19 }, false);
  assert.deepEqual(t.locksOf('f').map((l) => [l.start, l.end]), [[0, 9], [20, 29]]);
  t.set('f', A, 1, { type: F_WRLCK, start: 10, end: 19 }, false);
  assert.deepEqual(t.locksOf('f').map((l) => [l.start, l.end]), [[0, 29]]);
  t.set('f', A, 1, { type: F_RDLCK, start: 5, end: Infinity }, false);
  assert.deepEqual(t.locksOf('f').map((l) => [l.type, l.start, l.end]), [[F_WRLCK, 0, 4], [F_RDLCK, 5, Infinity]]);
});

test('F_SETLKW waits on the table queue, is woken by a release, and detects a deadlock', () => {
  const t = new LockTable();
  t.set('f', A, 1, { type: F_WRLCK, start: 0, end: 0 }, false);
  t.set('g', B, 2, { type: F_WRLCK, start: 0, end: 0 }, false);
  assert.equal(errno(() => t.set('f', B, 2, { type: F_WRLCK, start: 0, end: 0 }, true)), -1);
  assert.equal(errno(() => t.set('g', A, 1, { type: F_WRLCK, start: 0, end: 0 }, true)), E.EDEADLK);
  let woken = 0;
  t.released.add(() => woken++);
  t.releaseOwner('f', A);
  assert.equal(woken, 1);
  t.set('f', B, 2, { type: F_WRLCK, start: 0, end: 0 }, true);
  assert.equal(t.locksOf('f')[0].pid, 2);
});
