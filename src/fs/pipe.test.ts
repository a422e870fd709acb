import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EBUSY, ENXIO, EPERM, EPIPE } from '../abi/linux/errno.js';
import { O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY } from '../abi/linux/fcntl.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../abi/linux/poll.js';
import { PIPE_BUF, PIPE_CAPACITY, PartialWrite, Pipe, createPipe } from './pipe.js';
import { WouldBlock } from './wait_queue.js';

const code = (f: () => unknown): number => {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    if (e instanceof PartialWrite) return -2;
    if (e instanceof WouldBlock) return -1;
    throw e;
  }
  return 0;
};

test('a pipe delivers bytes in order across many slots', () => {
  const [r, w] = createPipe(0);
  const chunk = new Uint8Array(40000).map((_, i) => i & 0xff);
  assert.equal(w.write(chunk), 40000);
  assert.equal(r.read(30000).length, 30000);
  const more = new Uint8Array(20000).map((_, i) => (i + 7) & 0xff);
  assert.equal(w.write(more), 20000);
  const rest = r.read(PIPE_CAPACITY);
  assert.equal(rest.length, 30000);
  assert.equal(rest[0], 30000 & 0xff);
  assert.equal(rest[10000], 7);
});

test('an empty pipe blocks a reader, or EAGAIN with O_NONBLOCK, and reads 0 after the last writer closes', () => {
  const [r, w] = createPipe(0);
  assert.equal(code(() => r.read(1)), -1);
  r.flags |= O_NONBLOCK;
  assert.equal(code(() => r.read(1)), EAGAIN);
  w.release();
  assert.equal(r.read(1).length, 0);
});

test('a pipe holds 64 KiB: 65536 one-byte non-blocking writes fit and the next is EAGAIN', () => {
  const [r, w] = createPipe(O_NONBLOCK);
  const one = new Uint8Array(1);
  let n = 0;
  while (code(() => w.write(one)) === 0) n++;
  assert.equal(n, PIPE_CAPACITY);
  assert.equal(code(() => w.write(one)), EAGAIN);
  assert.equal(r.ops.available?.(), PIPE_CAPACITY);
});

test('a non-blocking write larger than the free space stores what fits in whole slots', () => {
  const [r, w] = createPipe(O_NONBLOCK);
  assert.equal(w.write(new Uint8Array(100000)), PIPE_CAPACITY);
  r.read(100);
  // No slot is free yet: even a small write waits, as in Linux.
  assert.equal(code(() => w.write(new Uint8Array(10))), EAGAIN);
  r.read(PIPE_BUF - 100);
  assert.equal(w.write(new Uint8Array(5000)), PIPE_BUF);
});

test('writes of at most PIPE_BUF bytes are atomic: they wait whole rather than split', () => {
  const [r, w] = createPipe(0);
  w.write(new Uint8Array(PIPE_CAPACITY - 10));
  assert.equal(code(() => w.write(new Uint8Array(PIPE_BUF))), -1);
  assert.equal(r.ops.available?.(), PIPE_CAPACITY - 10);
  r.release();
  assert.equal(code(() => w.write(new Uint8Array(1))), EPIPE);
  // An empty write returns 0 before the reader check, as in Linux.
  assert.equal(w.write(new Uint8Array(0)), 0);
});

test('a blocking write larger than the free space stores part and reports the progress to wait for the rest', () => {
  const [r, w] = createPipe(0);
  w.write(new Uint8Array(PIPE_CAPACITY - 2 * PIPE_BUF));
  let written = 0;
  try {
    w.write(new Uint8Array(3 * PIPE_BUF));
  } catch (e) {
    assert.ok(e instanceof PartialWrite);
    written = e.written;
  }
  assert.equal(written, 2 * PIPE_BUF);
  r.read(PIPE_BUF);
  assert.equal(w.write(new Uint8Array(PIPE_BUF)), PIPE_BUF);
});

test('small writes top up the last slot', () => {
  const [r, w] = createPipe(O_NONBLOCK);
  for (let i = 0; i < 16; i++) w.write(new Uint8Array(100));
  assert.equal(r.ops.available?.(), 1600);
  assert.equal(w.write(new Uint8Array(PIPE_CAPACITY)), PIPE_CAPACITY - PIPE_BUF);
});

test('poll shows POLLIN/POLLHUP on the read end and POLLOUT/POLLERR on the write end', () => {
  const [r, w] = createPipe(0);
  assert.equal(r.ops.poll?.().events, 0);
  assert.equal(w.ops.poll?.().events, POLLOUT | POLLWRNORM);
  w.write(new Uint8Array(1));
  assert.equal(r.ops.poll?.().events, POLLIN | POLLRDNORM);
  w.release();
  assert.equal(r.ops.poll?.().events, POLLIN | POLLRDNORM | POLLHUP);
  const [r2, w2] = createPipe(0);
  r2.release();
  assert.equal(w2.ops.poll?.().events, POLLOUT | POLLWRNORM | POLLERR);
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

test('F_SETPIPE_SZ rounds up to a power of two pages and refuses to drop data', () => {
  const p = new Pipe();
  assert.equal(p.resize(5000, false), 8192);
  assert.equal(p.resize(1, false), 4096);
  assert.equal(code(() => p.resize(2 << 20, false)), EPERM);
  assert.equal(p.resize(2 << 20, true), 2 << 20);
  const ops = p.ops(true, true);
  ops.write(new Uint8Array(3 * PIPE_BUF), 0, true, false);
  assert.equal(code(() => p.resize(4096, false)), EBUSY);
  assert.equal(p.resize(16384, false), 16384);
});

test('a FIFO reader waits for a writer unless O_NONBLOCK; a non-blocking writer without reader is ENXIO', () => {
  const p = new Pipe();
  assert.equal(code(() => p.openFifo(O_RDONLY, () => {})), -1);
  assert.equal(code(() => p.openFifo(O_WRONLY | O_NONBLOCK, () => {})), ENXIO);
  const rd = p.openFifo(O_RDONLY | O_NONBLOCK, () => {});
  // Without a writer ever, the reader sees end of file and no POLLHUP.
  assert.equal(rd.read(10, 0, true).length, 0);
  assert.equal(rd.poll?.().events, 0);
  const wr = p.openFifo(O_WRONLY | O_NONBLOCK, () => {});
  wr.write(new Uint8Array([1, 2]), 0, true, false);
  wr.release?.();
  assert.equal(rd.poll?.().events, POLLIN | POLLRDNORM | POLLHUP);
});

test('a waiting FIFO opener counts as a partner and is let through when the other side opens', () => {
  const p = new Pipe();
  let woken = 0;
  try {
    p.openFifo(O_RDONLY, () => {});
  } catch (e) {
    assert.ok(e instanceof WouldBlock);
    e.queues[0].add(() => woken++);
  }
  const wr = p.openFifo(O_WRONLY | O_NONBLOCK, () => {});
  assert.equal(woken, 1);
  wr.release?.();
  // The woken reader passes even though the writer has gone again.
  const rd = p.openFifo(O_RDONLY, () => {});
  assert.equal(rd.read(1, 0, false).length, 0);
});

test('O_RDWR opens a FIFO at once and the last close makes it idle', () => {
  const p = new Pipe();
  let idle = 0;
  const both = p.openFifo(O_RDWR, () => idle++);
  assert.equal(p.readers, 1);
  assert.equal(p.writers, 1);
  both.release?.();
  assert.equal(idle, 1);
  assert.equal(p.idle, true);
});
