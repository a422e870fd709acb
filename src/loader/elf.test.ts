import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENOEXEC } from '../abi/linux/errno.js';
import * as elf from '../abi/linux/elf.js';
import { Errno } from '../kernel/errno.js';
import { parseElf } from './elf.js';
import { buildElf, DATA, type Ph, source, type Spec, TEXT } from './testing/elf_builder.js';

function defect(s: Spec | Uint8Array): string {
  const bytes = s instanceof Uint8Array ? s : buildElf(s);
  try {
    parseElf(source(bytes));
  } catch (e) {
    assert.ok(e instanceof Errno);
    assert.equal(e.code, ENOEXEC);
    return e.message;
  }
  assert.fail('expected ENOEXEC');
}

test('a well-formed static executable parses with its entry and program headers', () => {
  const img = parseElf(source(buildElf()));
  assert.equal(img.entry, 0x400100);
  assert.equal(img.phnum, 2);
  assert.equal(img.phdrs[1].memsz, 0x2000);
  assert.equal(img.execStack, true);
});

test('PT_GNU_STACK without PF_X asks for a non-executable stack', () => {
  const stack: Ph = { type: elf.PT_GNU_STACK, flags: elf.PF_R | elf.PF_W, offset: 0, vaddr: 0, filesz: 0, memsz: 0 };
  assert.equal(parseElf(source(buildElf({ phs: [TEXT, DATA, stack] }))).execStack, false);
});

test('a file shorter than an ELF header is refused by name', () => {
  assert.match(defect(new Uint8Array(10)), /file too short for an ELF header/);
});

test('bad magic is refused', () => {
  assert.match(defect({ patch: (b) => (b[1] = 0x41) }), /not an ELF file \(bad magic\)/);
});

test('a 32-bit ELF is refused', () => {
  assert.match(defect({ patch: (b) => (b[4] = 1) }), /not a 64-bit ELF file/);
});

test('a big-endian ELF is refused', () => {
  assert.match(defect({ patch: (b) => (b[5] = 2) }), /not a little-endian ELF file/);
});

test('an unknown ELF version is refused', () => {
  assert.match(defect({ patch: (b) => (b[6] = 9) }), /unknown ELF version 9/);
});

test('an x86-64 executable is refused naming its machine', () => {
  assert.match(defect({ machine: 62 }), /ELF machine 62 is not AArch64/);
});

test('a relocatable object is not an executable', () => {
  assert.match(defect({ type: 1 }), /ELF type 1 is not an executable/);
});

test('a wrong program header entry size is refused', () => {
  assert.match(defect({ phentsize: 32 }), /program header entry size 32 is not 56/);
});

test('no program headers is refused', () => {
  assert.match(defect({ phs: [] }), /no program headers/);
});

test('a program header table past the end of the file is refused', () => {
  assert.match(defect({ patch: (b) => new DataView(b.buffer).setBigUint64(32, 0x1ff0n, true) }), /program header table extends past end of file/);
});

test('a segment whose file bytes extend past the end of the file is refused naming it', () => {
  assert.match(defect({ phs: [TEXT, { ...DATA, filesz: 0x5000, memsz: 0x5000 }] }), /program header 1 extends past end of file/);
});

test('p_filesz larger than p_memsz is refused', () => {
  assert.match(defect({ phs: [TEXT, { ...DATA, filesz: 0x300, memsz: 0x100 }] }), /program header 1 has p_filesz larger than p_memsz/);
});

test('p_vaddr not congruent with p_offset is refused', () => {
  assert.match(defect({ phs: [TEXT, { ...DATA, vaddr: 0x411010 }] }), /program header 1 has p_vaddr and p_offset not congruent/);
});

test('a segment beyond the 48-bit user address space is refused', () => {
  assert.match(defect({ phs: [TEXT, { ...DATA, offset: 0, vaddr: 2 ** 48 - 0x1000 }] }), /program header 1 lies outside the user address space/);
});

test('no PT_LOAD is refused', () => {
  assert.match(defect({ phs: [{ ...TEXT, type: elf.PT_NOTE }] }), /no loadable segments/);
});

test('segments out of p_vaddr order are refused', () => {
  assert.match(defect({ phs: [DATA, TEXT] }), /program header 1 is not in ascending p_vaddr order/);
});

test('an entry point outside every executable segment is refused', () => {
  assert.match(defect({ entry: 0x411010 }), /entry point 0x411010 is not in an executable segment/);
});

test('a dynamically linked program is refused with the interpreter named', () => {
  const interp: Ph = { type: elf.PT_INTERP, flags: elf.PF_R, offset: 0x800, vaddr: 0x400800, filesz: 28, memsz: 28 };
  const msg = defect({ phs: [interp, TEXT, DATA], interp: '/lib/ld-linux-aarch64.so.1' });
  assert.equal(msg, 'ENOEXEC: dynamic executables are not supported yet: /lib/ld-linux-aarch64.so.1 — link with -static');
});

test('a static-PIE (ET_DYN without PT_INTERP) is accepted', () => {
  const img = parseElf(source(buildElf({ type: elf.ET_DYN, entry: 0x100, phs: [{ ...TEXT, vaddr: 0 }, { ...DATA, vaddr: 0x11000 }] })));
  assert.equal(img.type, elf.ET_DYN);
});
