import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import { O_NONBLOCK } from '../abi/linux/fcntl.js';
import {
  EPOLLET, EPOLLIN, EPOLLONESHOT, EPOLLOUT, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, createEpoll, epollOf,
} from './epoll.js';
import { EFD_SEMAPHORE, createEventFd } from './eventfd.js';
import { createPipe } from './pipe.js';
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

const u64 = (v: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
};
const val = (b: Uint8Array): bigint => new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);

test('an eventfd adds writes, returns and resets the count on read, and waits when empty', () => {
  const f = createEventFd(2, 0);
  f.write(u64(5n));
  assert.equal(val(f.read(8)), 7n);
  assert.equal(errno(() => f.read(8)), -1);
  assert.equal(errno(() => f.read(4)), E.EINVAL);
  assert.equal(errno(() => f.write(u64(0xffffffffffffffffn))), E.EINVAL);
  f.write(u64(0xfffffffffffffffen));
  const nb = createEventFd(1, O_NONBLOCK);
  nb.write(u64(0xfffffffffffffffdn));
  assert.equal(errno(() => nb.write(u64(1n))), E.EAGAIN);
});

test('an EFD_SEMAPHORE eventfd hands out one at a time', () => {
  const f = createEventFd(2, EFD_SEMAPHORE | O_NONBLOCK);
  assert.equal(val(f.read(8)), 1n);
  assert.equal(val(f.read(8)), 1n);
  assert.equal(errno(() => f.read(8)), E.EAGAIN);
});

test('level-triggered epoll reports a ready pipe every time, edge-triggered once per write', () => {
  const epf = createEpoll();
  const ep = epollOf(epf)!;
  const [r, w] = createPipe(0);
  ep.ctl(EPOLL_CTL_ADD, 3, r, { events: EPOLLIN, data: 1n }, epf);
  assert.deepEqual(ep.collect(8), []);
  w.write(new Uint8Array([1, 2]));
  assert.equal(ep.collect(8).length, 1);
  assert.equal(ep.collect(8).length, 1);
  ep.ctl(EPOLL_CTL_MOD, 3, r, { events: EPOLLIN | EPOLLET, data: 2n }, epf);
  assert.deepEqual(ep.collect(8), [{ events: EPOLLIN, data: 2n }]);
  assert.deepEqual(ep.collect(8), []);
  r.read(1);
  assert.deepEqual(ep.collect(8), []);
  w.write(new Uint8Array([3]));
  assert.equal(ep.collect(8).length, 1);
});

test('EPOLLONESHOT disarms an item until EPOLL_CTL_MOD', () => {
  const epf = createEpoll();
  const ep = epollOf(epf)!;
  const [, w] = createPipe(0);
  ep.ctl(EPOLL_CTL_ADD, 4, w, { events: EPOLLOUT | EPOLLONESHOT, data: 9n }, epf);
  assert.equal(ep.collect(8).length, 1);
  assert.equal(ep.collect(8).length, 0);
  ep.ctl(EPOLL_CTL_MOD, 4, w, { events: EPOLLOUT | EPOLLONESHOT, data: 9n }, epf);
  assert.equal(ep.collect(8).length, 1);
});

test('epoll_ctl errors: EEXIST, ENOENT, EPERM for files without poll, EINVAL for itself, ELOOP for cycles', () => {
  const epf = createEpoll();
  const ep = epollOf(epf)!;
  const [r] = createPipe(0);
  ep.ctl(EPOLL_CTL_ADD, 3, r, { events: EPOLLIN, data: 0n }, epf);
  assert.equal(errno(() => ep.ctl(EPOLL_CTL_ADD, 3, r, { events: EPOLLIN, data: 0n }, epf)), E.EEXIST);
  assert.equal(errno(() => ep.ctl(EPOLL_CTL_DEL, 4, r, null, epf)), E.ENOENT);
  assert.equal(errno(() => ep.ctl(EPOLL_CTL_ADD, 5, epf, { events: EPOLLIN, data: 0n }, epf)), E.EINVAL);
  const other = createEpoll();
  ep.ctl(EPOLL_CTL_ADD, 6, other, { events: EPOLLIN, data: 0n }, epf);
  assert.equal(errno(() => epollOf(other)!.ctl(EPOLL_CTL_ADD, 7, epf, { events: EPOLLIN, data: 0n }, other)), E.ELOOP);
  ep.ctl(EPOLL_CTL_DEL, 3, r, null, epf);
  assert.equal(ep.size, 1);
});

test('a wake-up of a watched file wakes the epoll queue; the last close of the file removes the item', () => {
  const epf = createEpoll();
  const ep = epollOf(epf)!;
  const [r, w] = createPipe(0);
  ep.ctl(EPOLL_CTL_ADD, 3, r, { events: EPOLLIN, data: 0n }, epf);
  let woken = 0;
  ep.wait.add(() => woken++);
  w.write(new Uint8Array([1]));
  assert.equal(woken, 1);
  assert.equal(epf.ops.poll?.().events, EPOLLIN | 0x40);
  r.release();
  ep.collect(1);
  assert.equal(ep.size, 0);
});
