import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME_BASE, PAGE_SIZE } from '../cpu/state.js';
import { FrameAllocator } from './frames.js';

function allocator(pages: number, initialWasmPages = 2): FrameAllocator {
  const max = Math.ceil((FRAME_BASE + pages * PAGE_SIZE) / 65536);
  const memory = new WebAssembly.Memory({ initial: initialWasmPages, maximum: max });
  return new FrameAllocator(memory, pages * PAGE_SIZE);
}

test('a fresh allocator has every frame free and hands out zeroed frames from FRAME_BASE', () => {
  const f = allocator(8);
  assert.equal(f.freePages(), 8);
  const a = f.alloc()!;
  assert.equal(a, FRAME_BASE);
  assert.ok(f.view().subarray(a, a + PAGE_SIZE).every((b) => b === 0));
  assert.equal(f.freePages(), 7);
});

test('a freed frame comes back zeroed on its next allocation', () => {
  const f = allocator(4);
  const a = f.alloc()!;
  f.view().fill(0xab, a, a + PAGE_SIZE);
  f.unref(a);
  const b = f.alloc()!;
  assert.equal(b, a);
  assert.ok(f.view().subarray(b, b + PAGE_SIZE).every((x) => x === 0));
});

test('allocation fails with null when every frame is in use, and the count stays exact', () => {
  const f = allocator(3);
  const got = [f.alloc(), f.alloc(), f.alloc()];
  assert.ok(got.every((x) => x !== null));
  assert.equal(f.alloc(), null);
  assert.equal(f.freePages(), 0);
  for (const x of got) f.unref(x!);
  assert.equal(f.freePages(), 3);
});

test('a shared frame is freed only when its last reference goes', () => {
  const freed: number[] = [];
  const f = allocator(4);
  f.hooks = { grown() {}, freed: (off) => freed.push(off) };
  const a = f.alloc()!;
  f.ref(a);
  assert.equal(f.refCount(a), 2);
  f.unref(a);
  assert.equal(f.freePages(), 3);
  assert.deepEqual(freed, []);
  f.unref(a);
  assert.equal(f.freePages(), 4);
  assert.deepEqual(freed, [a]);
});

test('freeing a free frame is a kernel bug that throws', () => {
  const f = allocator(2);
  const a = f.alloc()!;
  f.unref(a);
  assert.throws(() => f.unref(a), /double free/);
});

test('the memory grows on demand and reports the growth', () => {
  let grown = 0;
  const f = allocator(64, 1);
  f.hooks = { grown: () => grown++, freed() {} };
  const before = f.memory.buffer.byteLength;
  for (let i = 0; i < 40; i++) assert.notEqual(f.alloc(), null);
  assert.ok(f.memory.buffer.byteLength > before);
  assert.ok(grown >= 1);
  assert.equal(f.view().length, f.memory.buffer.byteLength);
});

test('failNth makes exactly the n-th allocation fail, once', () => {
  const f = allocator(8);
  f.failNth(2);
  assert.notEqual(f.alloc(), null);
  assert.equal(f.alloc(), null);
  assert.notEqual(f.alloc(), null);
  assert.equal(f.freePages(), 6);
});

test('reserved frames count as used: allocation fails once reservations and frames fill the machine', () => {
  const frames = allocator(8);
  assert.equal(frames.reserve(6), true);
  assert.equal(frames.freePages(), 2);
  assert.equal(frames.reserve(3), false);
  assert.equal(frames.freePages(), 2, 'a refused reservation takes nothing');
  const a = frames.alloc();
  const b = frames.alloc();
  assert.ok(a !== null && b !== null);
  assert.equal(frames.alloc(), null);
  frames.unreserve(6);
  assert.equal(frames.freePages(), 6);
  assert.notEqual(frames.alloc(), null);
  assert.throws(() => frames.unreserve(1));
});
