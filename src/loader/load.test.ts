import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_EXEC, ACCESS_WRITE, GuestFault } from '../cpu/exit.js';
import { FRAME_BASE, PAGE_SIZE } from '../cpu/state.js';
import * as elf from '../abi/linux/elf.js';
import { AddressSpace } from '../mm/address_space.js';
import { FrameAllocator } from '../mm/frames.js';
import { parseElf } from './elf.js';
import { ET_DYN_BASE, loadSegments } from './load.js';
import { buildElf, DATA, source, TEXT } from './testing/elf_builder.js';

function space(pages = 64): AddressSpace {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: Math.ceil((FRAME_BASE + pages * PAGE_SIZE) / 65536) });
  return new AddressSpace(new FrameAllocator(memory, pages * PAGE_SIZE));
}

function image(bytes: Uint8Array): { mm: AddressSpace; loaded: ReturnType<typeof loadSegments> } {
  const src = source(bytes);
  const mm = space();
  return { mm, loaded: loadSegments(mm, parseElf(src), src) };
}

function patterned(): Uint8Array {
  const b = buildElf();
  for (let i = 0x1000; i < 0x2000; i++) b[i] = (i & 0x7f) | 1;
  return b;
}

test('text is mapped read+execute and data read+write, never executable', () => {
  const { mm } = image(patterned());
  const text = mm.find(0x400000)!;
  const data = mm.find(0x411000)!;
  assert.equal(text.kind, 'text');
  assert.equal(text.prot, 5);
  assert.equal(data.kind, 'data');
  assert.equal(data.prot, 3);
  assert.throws(() => mm.fill(0x400000, ACCESS_WRITE), GuestFault);
  assert.throws(() => mm.fill(0x411000, ACCESS_EXEC), GuestFault);
});

test('loading allocates no frames: segments are read on first touch', () => {
  const { mm } = image(patterned());
  assert.equal(mm.frames.freePages(), 64);
  assert.equal(mm.read(0x411000, 1)[0], (0x1000 & 0x7f) | 1);
  assert.equal(mm.frames.freePages(), 63);
});

test('bss is zero, including the tail of the last file page', () => {
  const { mm } = image(patterned());
  const page = mm.read(0x411000, PAGE_SIZE);
  assert.equal(page[0xff], (0x10ff & 0x7f) | 1);
  assert.ok(page.subarray(0x100).every((b) => b === 0));
  assert.ok(mm.read(0x412000, PAGE_SIZE).every((b) => b === 0));
});

test('the heap starts empty at the page after the highest segment', () => {
  const { mm, loaded } = image(patterned());
  assert.equal(loaded.end, 0x413000);
  assert.equal(mm.brkStart, 0x413000);
  assert.equal(mm.brk, 0x413000);
});

test('a segment whose p_vaddr is not page aligned maps from its page start, congruent with p_offset', () => {
  const b = buildElf({ phs: [TEXT, { ...DATA, offset: 0x1010, vaddr: 0x411010, filesz: 0x20, memsz: 0x20 }] });
  b.fill(0xee, 0x1000, 0x1010);
  b.fill(0x11, 0x1010, 0x1030);
  const { mm } = image(b);
  assert.equal(mm.find(0x411000)!.start, 0x411000);
  assert.equal(mm.read(0x411000, 1)[0], 0xee);
  assert.equal(mm.read(0x411010, 1)[0], 0x11);
  assert.equal(mm.read(0x411030, 1)[0], 0);
});

test('AT_PHDR is found through the segment that contains the program headers', () => {
  const { loaded } = image(patterned());
  assert.equal(loaded.phdr, 0x400040);
  assert.equal(loaded.phnum, 2);
  assert.equal(loaded.entry, 0x400100);
});

test('a static-PIE is loaded at qemu-aarch64\'s base with a biased entry', () => {
  const b = buildElf({ type: elf.ET_DYN, entry: 0x100, phs: [{ ...TEXT, vaddr: 0 }, { ...DATA, vaddr: 0x11000 }] });
  const { mm, loaded } = image(b);
  assert.equal(loaded.bias, ET_DYN_BASE);
  assert.equal(loaded.entry, ET_DYN_BASE + 0x100);
  assert.equal(loaded.phdr, ET_DYN_BASE + 0x40);
  assert.equal(mm.find(ET_DYN_BASE + 0x11000)!.kind, 'data');
});
