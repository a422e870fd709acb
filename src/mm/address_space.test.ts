import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_EXEC, ACCESS_READ, ACCESS_WRITE, GuestFault } from '../cpu/exit.js';
import { FRAME_BASE, PAGE_SIZE } from '../cpu/state.js';
import * as mman from '../abi/linux/mman.js';
import { EEXIST, EFAULT, ENOMEM } from '../abi/linux/errno.js';
import { Errno } from '../kernel/errno.js';
import { AddressSpace, DEFAULT_STACK_LIMIT, STACK_GUARD_GAP, STACK_TOP } from './address_space.js';
import { FrameAllocator } from './frames.js';
import { type MappedFile, Vma, VM_EXEC, VM_READ, VM_WRITE } from './vma.js';

const RW = mman.PROT_READ | mman.PROT_WRITE;
const ANON = mman.MAP_PRIVATE | mman.MAP_ANONYMOUS;

function setup(pages = 256): { mm: AddressSpace; frames: FrameAllocator; flushes: () => number } {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: Math.ceil((FRAME_BASE + pages * PAGE_SIZE) / 65536) });
  const frames = new FrameAllocator(memory, pages * PAGE_SIZE);
  let n = 0;
  const mm = new AddressSpace(frames, { tlbFlush: () => n++, codeWritten() {} });
  return { mm, frames, flushes: () => n };
}

function fault(f: () => unknown): GuestFault {
  try {
    f();
  } catch (e) {
    if (e instanceof GuestFault) return e;
    throw e;
  }
  assert.fail('expected a GuestFault');
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

function fileOf(bytes: Uint8Array): MappedFile & { refs: number } {
  return {
    name: '/bin/test',
    refs: 1,
    read(pos, dst) {
      const part = bytes.subarray(pos, pos + dst.length);
      dst.set(part);
      return part.length;
    },
    retain() {
      this.refs++;
    },
    release() {
      this.refs--;
    },
  };
}

test('an anonymous page is allocated zeroed on first touch and reused after', () => {
  const { mm, frames } = setup();
  const a = mm.mmap(0, PAGE_SIZE, RW, ANON, null, 0);
  assert.equal(frames.freePages(), 256);
  const off = mm.fill(a, ACCESS_WRITE);
  assert.equal(frames.freePages(), 255);
  assert.equal(mm.fill(a, ACCESS_READ), off);
  assert.deepEqual([...mm.read(a, 4)], [0, 0, 0, 0]);
});

test('a write to a read-only text page is a protection fault', () => {
  const { mm } = setup();
  mm.map(new Vma(0x400000, 0x401000, VM_READ | VM_EXEC, 'text'));
  assert.equal(fault(() => mm.fill(0x400000, ACCESS_WRITE)).reason, 'protection');
  assert.equal(typeof mm.fill(0x400000, ACCESS_EXEC), 'number');
});

test('fetching from a data page is a protection fault', () => {
  const { mm } = setup();
  mm.map(new Vma(0x410000, 0x411000, VM_READ | VM_WRITE, 'data'));
  assert.equal(fault(() => mm.fill(0x410000, ACCESS_EXEC)).reason, 'protection');
});

test('an address outside every mapping is unmapped and a PROT_NONE page refuses reads', () => {
  const { mm } = setup();
  assert.equal(fault(() => mm.fill(0x1234000, ACCESS_READ)).reason, 'unmapped');
  const a = mm.mmap(0, PAGE_SIZE, mman.PROT_NONE, ANON, null, 0);
  assert.equal(fault(() => mm.fill(a, ACCESS_READ)).reason, 'protection');
});

test('the stack grows on demand down to its limit and the gap below it is a guard', () => {
  const { mm } = setup(8);
  mm.setupStack();
  const low = STACK_TOP - DEFAULT_STACK_LIMIT;
  assert.equal(typeof mm.fill(STACK_TOP - PAGE_SIZE, ACCESS_WRITE), 'number');
  assert.equal(typeof mm.fill(low, ACCESS_WRITE), 'number');
  assert.equal(fault(() => mm.fill(low - 8, ACCESS_WRITE)).reason, 'stackOverflow');
  assert.equal(fault(() => mm.fill(low - STACK_GUARD_GAP, ACCESS_WRITE)).reason, 'stackOverflow');
  assert.equal(fault(() => mm.fill(low - STACK_GUARD_GAP - 1, ACCESS_WRITE)).reason, 'unmapped');
  assert.equal(fault(() => mm.fill(STACK_TOP - 8 * PAGE_SIZE, ACCESS_EXEC)).reason, 'protection');
});

test('a touch with no free frame is a nomem fault that changes nothing', () => {
  const { mm, frames } = setup(2);
  const a = mm.mmap(0, 2 * PAGE_SIZE, RW, ANON, null, 0);
  assert.notEqual(frames.alloc(), null);
  mm.fill(a, ACCESS_WRITE);
  assert.equal(fault(() => mm.fill(a + PAGE_SIZE, ACCESS_WRITE)).reason, 'nomem');
  assert.equal(frames.freePages(), 0);
  mm.munmap(a, 2 * PAGE_SIZE);
  assert.equal(frames.freePages(), 1);
});

test('mmap places mappings top-down below mmap_base, each below the last', () => {
  const { mm } = setup();
  const a = mm.mmap(0, PAGE_SIZE, RW, ANON, null, 0);
  const b = mm.mmap(0, 3 * PAGE_SIZE, RW, ANON, null, 0);
  assert.equal(a, mm.mmapBase - PAGE_SIZE);
  assert.equal(b, a - 3 * PAGE_SIZE);
  assert.equal(mm.mmapBase, STACK_TOP - (128 << 20));
});

test('mmap fills the highest hole that fits, as top-down placement does', () => {
  const { mm } = setup();
  const a = mm.mmap(0, 4 * PAGE_SIZE, RW, ANON, null, 0);
  mm.munmap(a + PAGE_SIZE, PAGE_SIZE);
  assert.equal(mm.mmap(0, 2 * PAGE_SIZE, RW, ANON, null, 0), a - 2 * PAGE_SIZE);
  assert.equal(mm.mmap(0, PAGE_SIZE, RW, ANON, null, 0), a + PAGE_SIZE);
});

test('a free hint address is used as given', () => {
  const { mm } = setup();
  assert.equal(mm.mmap(0x20000000, PAGE_SIZE, RW, ANON, null, 0), 0x20000000);
  assert.notEqual(mm.mmap(0x20000000, PAGE_SIZE, RW, ANON, null, 0), 0x20000000);
});

test('MAP_FIXED replaces what was there and MAP_FIXED_NOREPLACE refuses with EEXIST', () => {
  const { mm, frames } = setup();
  const a = mm.mmap(0x30000000, 2 * PAGE_SIZE, RW, ANON, null, 0);
  mm.write(a, new Uint8Array([7]));
  assert.equal(frames.freePages(), 255);
  assert.equal(mm.mmap(a, PAGE_SIZE, RW, ANON | mman.MAP_FIXED, null, 0), a);
  assert.equal(frames.freePages(), 256);
  assert.deepEqual([...mm.read(a, 1)], [0]);
  assert.equal(errno(() => mm.mmap(a, PAGE_SIZE, RW, ANON | mman.MAP_FIXED_NOREPLACE, null, 0)), EEXIST);
});

test('munmap of the middle of a mapping splits it and frees only those pages', () => {
  const { mm, frames, flushes } = setup();
  const a = mm.mmap(0, 3 * PAGE_SIZE, RW, ANON, null, 0);
  for (let i = 0; i < 3; i++) mm.write(a + i * PAGE_SIZE, new Uint8Array([i + 1]));
  const before = flushes();
  mm.munmap(a + PAGE_SIZE, PAGE_SIZE);
  assert.ok(flushes() > before);
  assert.equal(frames.freePages(), 254);
  assert.equal(fault(() => mm.fill(a + PAGE_SIZE, ACCESS_READ)).reason, 'unmapped');
  assert.deepEqual([...mm.read(a, 1)], [1]);
  assert.deepEqual([...mm.read(a + 2 * PAGE_SIZE, 1)], [3]);
});

test('mprotect changes permissions of part of a mapping and flushes the TLB', () => {
  const { mm, flushes } = setup();
  const a = mm.mmap(0, 2 * PAGE_SIZE, RW, ANON, null, 0);
  const before = flushes();
  mm.mprotect(a, PAGE_SIZE, mman.PROT_READ);
  assert.ok(flushes() > before);
  assert.equal(fault(() => mm.fill(a, ACCESS_WRITE)).reason, 'protection');
  assert.equal(typeof mm.fill(a + PAGE_SIZE, ACCESS_WRITE), 'number');
  assert.equal(errno(() => mm.mprotect(0x1000_0000, PAGE_SIZE, RW)), ENOMEM);
});

test('brk grows the heap from the end of the image and shrinking frees its pages', () => {
  const { mm, frames } = setup();
  mm.setupHeap(0x500123);
  assert.equal(mm.brk, 0x501000);
  assert.equal(mm.setBrk(0x501000 + 3 * PAGE_SIZE + 5), 0x501000 + 3 * PAGE_SIZE + 5);
  mm.write(0x501000 + 3 * PAGE_SIZE, new Uint8Array([9]));
  mm.write(0x501000, new Uint8Array([9]));
  assert.equal(frames.freePages(), 254);
  assert.equal(mm.setBrk(0x501000 + 10), 0x501000 + 10);
  assert.equal(frames.freePages(), 255);
  assert.equal(fault(() => mm.fill(0x501000 + 3 * PAGE_SIZE, ACCESS_READ)).reason, 'unmapped');
  assert.equal(mm.setBrk(0x400000), 0x501000 + 10);
});

test('brk refuses to grow into another mapping', () => {
  const { mm } = setup();
  mm.setupHeap(0x500000);
  mm.mmap(0x502000, PAGE_SIZE, RW, ANON | mman.MAP_FIXED, null, 0);
  assert.equal(mm.setBrk(0x503000), 0x500000);
  assert.equal(mm.setBrk(0x502000), 0x502000);
});

test('MADV_DONTNEED gives zero pages on the next touch', () => {
  const { mm, frames } = setup();
  const a = mm.mmap(0, PAGE_SIZE, RW, ANON, null, 0);
  mm.write(a, new Uint8Array([1, 2, 3]));
  mm.madvise(a, PAGE_SIZE, mman.MADV_DONTNEED);
  assert.equal(frames.freePages(), 256);
  assert.deepEqual([...mm.read(a, 3)], [0, 0, 0]);
});

test('mremap grows in place when there is room and moves the pages when there is not', () => {
  const { mm, frames } = setup();
  const a = mm.mmap(0x40000000, PAGE_SIZE, RW, ANON, null, 0);
  mm.write(a, new Uint8Array([42]));
  assert.equal(mm.mremap(a, PAGE_SIZE, 2 * PAGE_SIZE, 0, 0), a);
  mm.mmap(a + 2 * PAGE_SIZE, PAGE_SIZE, RW, ANON | mman.MAP_FIXED, null, 0);
  assert.equal(errno(() => mm.mremap(a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, 0, 0)), ENOMEM);
  const used = frames.freePages();
  const b = mm.mremap(a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, mman.MREMAP_MAYMOVE, 0);
  assert.notEqual(b, a);
  assert.equal(frames.freePages(), used);
  assert.deepEqual([...mm.read(b, 1)], [42]);
  assert.equal(fault(() => mm.fill(a, ACCESS_READ)).reason, 'unmapped');
});

test('a private file mapping reads the file on first touch and zero-fills past its limit', () => {
  const { mm } = setup();
  const data = new Uint8Array(PAGE_SIZE + 10).map((_, i) => (i % 251) + 1);
  const file = fileOf(data);
  mm.map(new Vma(0x600000, 0x602000, VM_READ | VM_WRITE, 'data', { file, offset: 0, limit: PAGE_SIZE + 5 }));
  assert.deepEqual([...mm.read(0x600000, 3)], [1, 2, 3]);
  assert.deepEqual([...mm.read(0x601000, 6)], [...data.subarray(PAGE_SIZE, PAGE_SIZE + 5), 0]);
  mm.write(0x600000, new Uint8Array([99]));
  assert.equal(data[0], 1);
});

test('file references follow VMAs through splits and unmaps', () => {
  const { mm } = setup();
  const file = fileOf(new Uint8Array(3 * PAGE_SIZE));
  const a = mm.mmap(0, 3 * PAGE_SIZE, mman.PROT_READ, mman.MAP_PRIVATE, file, 0);
  assert.equal(file.refs, 2);
  mm.munmap(a + PAGE_SIZE, PAGE_SIZE);
  assert.equal(file.refs, 3);
  mm.destroy();
  assert.equal(file.refs, 1);
});

test('user copies of bad pointers throw EFAULT and write nothing', () => {
  const { mm } = setup();
  const a = mm.mmap(0, PAGE_SIZE, RW, ANON, null, 0);
  assert.equal(errno(() => mm.read(a + PAGE_SIZE - 2, 4)), EFAULT);
  assert.equal(errno(() => mm.write(a + PAGE_SIZE - 2, new Uint8Array([1, 2, 3, 4]))), EFAULT);
  assert.deepEqual([...mm.read(a + PAGE_SIZE - 2, 2)], [0, 0]);
  assert.equal(errno(() => mm.readCString(2 ** 60, 10)), EFAULT);
  assert.equal(errno(() => mm.read(-5, 1)), EFAULT);
});

test('readCString crosses pages and stops at the NUL', () => {
  const { mm } = setup();
  const a = mm.mmap(0, 2 * PAGE_SIZE, RW, ANON, null, 0);
  mm.write(a + PAGE_SIZE - 3, new TextEncoder().encode('hello\0'));
  assert.equal(new TextDecoder().decode(mm.readCString(a + PAGE_SIZE - 3, 100)), 'hello');
});

test('destroy returns every frame', () => {
  const { mm, frames } = setup();
  const a = mm.mmap(0, 8 * PAGE_SIZE, RW, ANON, null, 0);
  for (let i = 0; i < 8; i++) mm.fill(a + i * PAGE_SIZE, ACCESS_WRITE);
  assert.equal(frames.freePages(), 248);
  mm.destroy();
  assert.equal(frames.freePages(), 256);
});

test('a copy-on-write clone shares pages until one side writes', () => {
  const { mm, frames } = setup();
  const a = mm.mmap(0, PAGE_SIZE, RW, ANON, null, 0);
  mm.write(a, new Uint8Array([5]));
  const child = mm.cloneCow({ tlbFlush() {}, codeWritten() {} });
  assert.equal(frames.freePages(), 255);
  child.write(a, new Uint8Array([6]));
  assert.equal(frames.freePages(), 254);
  assert.deepEqual([...mm.read(a, 1)], [5]);
  assert.deepEqual([...child.read(a, 1)], [6]);
  child.destroy();
  mm.destroy();
  assert.equal(frames.freePages(), 256);
});

test('MAP_SHARED anonymous pages stay shared across fork, including pages first touched after it', () => {
  const { mm, frames } = setup();
  const base = frames.freePages();
  const a = mm.mmap(0, 4 * PAGE_SIZE, RW, mman.MAP_SHARED | mman.MAP_ANONYMOUS, null, 0);
  mm.writeU32(a, 1);
  const child = mm.cloneCow({ tlbFlush() {}, codeWritten() {} });
  child.writeU32(a, 2);
  assert.equal(mm.readU32(a), 2);
  mm.writeU32(a + 2 * PAGE_SIZE, 3);
  assert.equal(child.readU32(a + 2 * PAGE_SIZE), 3);
  assert.equal(frames.freePages(), base - 2);
  assert.equal(mm.futexKey(a + 8), child.futexKey(a + 8));
  assert.match(mm.maps()[0].perms, /^rw-s$/);
  mm.destroy();
  assert.equal(child.readU32(a), 2);
  child.destroy();
  assert.equal(frames.freePages(), base);
});

test('private pages are copied on the first write after fork, by whichever side writes', () => {
  const { mm, frames } = setup();
  const base = frames.freePages();
  const a = mm.mmap(0, 2 * PAGE_SIZE, RW, ANON, null, 0);
  mm.writeU32(a, 7);
  const child = mm.cloneCow({ tlbFlush() {}, codeWritten() {} });
  assert.equal(frames.freePages(), base - 1);
  assert.notEqual(mm.futexKey(a), child.futexKey(a));
  child.writeU32(a, 8);
  assert.equal(mm.readU32(a), 7);
  assert.equal(frames.freePages(), base - 2);
  mm.writeU32(a, 9);
  assert.equal(frames.freePages(), base - 2, 'the last sharer writes in place');
  assert.equal(child.readU32(a), 8);
  child.destroy();
  mm.destroy();
  assert.equal(frames.freePages(), base);
});

test('a shared anonymous object outlives a partial munmap and a split, and is freed with its last VMA', () => {
  const { mm, frames } = setup();
  const base = frames.freePages();
  const a = mm.mmap(0, 4 * PAGE_SIZE, RW, mman.MAP_SHARED | mman.MAP_ANONYMOUS, null, 0);
  for (let i = 0; i < 4; i++) mm.writeU32(a + i * PAGE_SIZE, i + 1);
  const child = mm.cloneCow({ tlbFlush() {}, codeWritten() {} });
  mm.munmap(a + PAGE_SIZE, PAGE_SIZE);
  mm.mprotect(a + 2 * PAGE_SIZE, PAGE_SIZE, mman.PROT_READ);
  child.writeU32(a + 3 * PAGE_SIZE, 40);
  assert.equal(mm.readU32(a + 3 * PAGE_SIZE), 40);
  assert.equal(child.readU32(a + PAGE_SIZE), 2);
  mm.destroy();
  child.destroy();
  assert.equal(frames.freePages(), base);
});

test('mmap past RLIMIT_AS fails with ENOMEM and succeeds once the limit is raised', () => {
  const { mm } = setup();
  mm.setupStack();
  mm.limits = { as: 64 * PAGE_SIZE, data: Infinity };
  const a = mm.mmap(0, 32 * PAGE_SIZE, RW, ANON, null, 0);
  assert.equal(errno(() => mm.mmap(0, 40 * PAGE_SIZE, RW, ANON, null, 0)), ENOMEM);
  assert.equal(errno(() => mm.mmap(0, 40 * PAGE_SIZE, mman.PROT_READ, ANON, null, 0)), ENOMEM);
  mm.mmap(0, 32 * PAGE_SIZE, mman.PROT_NONE, ANON, null, 0);
  assert.equal(mm.totalVmPages(), 64);
  mm.limits = { as: 200 * PAGE_SIZE, data: Infinity };
  mm.mmap(0, 40 * PAGE_SIZE, RW, ANON, null, 0);
  assert.equal(mm.totalVmPages(), 104);
  mm.munmap(a, 32 * PAGE_SIZE);
  assert.equal(mm.totalVmPages(), 72);
});

test('the stack counts toward RLIMIT_AS only as far down as it has been touched, the guard gap never', () => {
  const { mm } = setup();
  mm.setupStack();
  assert.equal(mm.totalVmPages(), 0);
  mm.writeU32(STACK_TOP - 3 * PAGE_SIZE, 1);
  assert.equal(mm.totalVmPages(), 3);
  assert.equal(mm.cloneCow({ tlbFlush() {}, codeWritten() {} }).totalVmPages(), 3);
});

test('a MAP_FIXED mapping over an existing one counts only the pages it adds, and a refused one leaves the old mapping', () => {
  const { mm } = setup();
  const a = mm.mmap(0, 8 * PAGE_SIZE, RW, ANON, null, 0);
  mm.writeU32(a, 5);
  mm.limits = { as: 10 * PAGE_SIZE, data: Infinity };
  mm.mmap(a, 8 * PAGE_SIZE, RW, ANON | mman.MAP_FIXED, null, 0);
  assert.equal(mm.readU32(a), 0);
  mm.writeU32(a, 6);
  assert.equal(errno(() => mm.mmap(a, 16 * PAGE_SIZE, RW, ANON | mman.MAP_FIXED, null, 0)), ENOMEM);
  assert.equal(mm.readU32(a), 6);
});

test('RLIMIT_DATA limits private writable mappings but not read-only or shared ones', () => {
  const { mm } = setup();
  mm.limits = { as: Infinity, data: 16 * PAGE_SIZE };
  mm.mmap(0, 12 * PAGE_SIZE, RW, ANON, null, 0);
  assert.equal(errno(() => mm.mmap(0, 8 * PAGE_SIZE, RW, ANON, null, 0)), ENOMEM);
  mm.mmap(0, 8 * PAGE_SIZE, mman.PROT_READ, ANON, null, 0);
  mm.mmap(0, 8 * PAGE_SIZE, RW, mman.MAP_SHARED | mman.MAP_ANONYMOUS, null, 0);
  assert.equal(mm.dataVmPages(), 12);
});

test('brk past RLIMIT_DATA or RLIMIT_AS leaves the break where it was, and lowering it always works', () => {
  const { mm } = setup();
  mm.setupHeap(0x500000);
  mm.limits = { as: Infinity, data: 4 * PAGE_SIZE };
  assert.equal(mm.setBrk(0x500000 + 3 * PAGE_SIZE), 0x500000 + 3 * PAGE_SIZE);
  assert.equal(mm.setBrk(0x500000 + 4 * PAGE_SIZE + 1), 0x500000 + 3 * PAGE_SIZE);
  mm.limits = { as: 2 * PAGE_SIZE, data: Infinity };
  assert.equal(mm.setBrk(0x500000 + 5 * PAGE_SIZE), 0x500000 + 3 * PAGE_SIZE);
  assert.equal(mm.setBrk(0x500000 + PAGE_SIZE), 0x500000 + PAGE_SIZE);
  assert.equal(mm.setBrk(0x500000 + 2 * PAGE_SIZE), 0x500000 + 2 * PAGE_SIZE);
  assert.equal(mm.setBrk(0x500000 + 3 * PAGE_SIZE), 0x500000 + 2 * PAGE_SIZE);
});

test('mremap growth past RLIMIT_AS fails with ENOMEM and leaves the mapping in place', () => {
  const { mm } = setup();
  const a = mm.mmap(0, 4 * PAGE_SIZE, RW, ANON, null, 0);
  mm.writeU32(a, 3);
  mm.limits = { as: 6 * PAGE_SIZE, data: Infinity };
  assert.equal(errno(() => mm.mremap(a, 4 * PAGE_SIZE, 8 * PAGE_SIZE, mman.MREMAP_MAYMOVE, 0)), ENOMEM);
  assert.equal(mm.readU32(a), 3);
  const b = mm.mremap(a, 4 * PAGE_SIZE, 6 * PAGE_SIZE, mman.MREMAP_MAYMOVE, 0);
  assert.equal(mm.readU32(b), 3);
  assert.equal(mm.mremap(b, 6 * PAGE_SIZE, 2 * PAGE_SIZE, 0, 0), b);
});

test('a writable mapping larger than the machine memory fails with ENOMEM, a reservation or MAP_NORESERVE does not', () => {
  const { mm, frames } = setup(64);
  const big = (frames.total + 1) * PAGE_SIZE;
  assert.equal(errno(() => mm.mmap(0, big, RW, ANON, null, 0)), ENOMEM);
  const r = mm.mmap(0, big, mman.PROT_NONE, ANON, null, 0);
  assert.equal(errno(() => mm.mprotect(r, big, RW)), ENOMEM);
  mm.mprotect(r, PAGE_SIZE, RW);
  mm.mmap(0, big, RW, ANON | mman.MAP_NORESERVE, null, 0);
  mm.setupHeap(0x500000);
  assert.equal(mm.setBrk(0x500000 + (frames.total + 1) * PAGE_SIZE), 0x500000);
  mm.mmap(0, frames.total * PAGE_SIZE, RW, ANON, null, 0);
});
