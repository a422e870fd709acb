import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EPIPE } from '../abi/linux/errno.js';
import { O_NONBLOCK } from '../abi/linux/fcntl.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from '../abi/linux/poll.js';
import { PIPE_BUF, PIPE_CAPACITY, createPipe } from './pipe.js';
import { WouldBlock } from './wait_queue.js';

const code = (f: () => unknown): number => {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    if (e instanceof WouldBlock) return -1;
    throw e;
  }
  return 0;
};

test('a pipe delivers bytes in order across the ring boundary', () => {
  const [r, w] = createPipe(0);
  const chunk = new Uint8Array(40000).map((_, i) => i & 0xff);
  assert.equal(w.write(chunk), 40000);
  assert.equal(r.read(30000).length, 30000);
  assert.equal(w.write(chunk), 40000);
  const rest = r.read(PIPE_CAPACITY);
  assert.equal(rest.length, 50000);
  assert.equal(rest[10000], 0);
  assert.equal(rest[10001], 1);
});

test('an empty pipe blocks a reader, or EAGAIN with O_NONBLOCK, and reads 0 after the last writer closes', () => {
  const [r, w] = createPipe(0);
  assert.equal(code(() => r.read(1)), -1);
  r.flags |= O_NONBLOCK;
  assert.equal(code(() => r.read(1)), EAGAIN);
  w.release();
  assert.equal(r.read(1).length, 0);
});

test('a write with no reader is EPIPE and a full pipe blocks small writes whole', () => {
  const [r, w] = createPipe(0);
  w.write(new Uint8Array(PIPE_CAPACITY - 10));
  assert.equal(code(() => w.write(new Uint8Array(PIPE_BUF))), -1);
  assert.equal(w.write(new Uint8Array(PIPE_BUF + 1)), 10);
  r.release();
  assert.equal(code(() => w.write(new Uint8Array(1))), EPIPE);
});

test('poll shows POLLIN/POLLHUP on the read end and POLLOUT/POLLERR on the write end', () => {
  const [r, w] = createPipe(0);
  assert.equal(r.ops.poll?.().events, 0);
  assert.equal(w.ops.poll?.().events, POLLOUT);
  w.write(new Uint8Array(1));
  assert.equal(r.ops.poll?.().events, POLLIN);
  w.release();
  assert.equal(r.ops.poll?.().events, POLLIN | POLLHUP);
  const [r2, w2] = createPipe(0);
  r2.release();
  assert.equal(w2.ops.poll?.().events, POLLOUT | POLLERR);
});

test('a blocked reader is woken by a write', () => {
  const [r, w] = createPipe(0);
  let woken = 0;
  try {
    r.read(1);
  } catch (e) {
    assert.ok(e instanceof WouldBlock);
    e.queues[0].add(() => woken++);
  }
  w.write(new Uint8Array([7]));
  assert.equal(woken, 1);
  assert.deepEqual([...r.read(5)], [7]);
});
