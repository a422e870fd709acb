import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputQueue } from './input_queue.js';

test('input is taken in order in pieces of at most the size asked for, and null only once it has ended and is drained', () => {
  const q = new InputQueue();
  assert.deepEqual(q.take(4), new Uint8Array(0));
  q.push(new Uint8Array([1, 2, 3, 4, 5]));
  q.push(new Uint8Array(0));
  q.push(new Uint8Array([6]));
  q.ended = true;
  assert.deepEqual(q.take(2), new Uint8Array([1, 2]));
  assert.deepEqual(q.take(8), new Uint8Array([3, 4, 5]));
  assert.deepEqual(q.take(8), new Uint8Array([6]));
  assert.equal(q.take(8), null);
});
