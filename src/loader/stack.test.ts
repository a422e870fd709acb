import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E2BIG } from '../abi/linux/errno.js';
import * as at from '../abi/linux/auxv.js';
import { HWCAP } from '../cpu/features.js';
import { FRAME_BASE, PAGE_SIZE } from '../cpu/state.js';
import { Errno } from '../kernel/errno.js';
import { AddressSpace, STACK_TOP } from '../mm/address_space.js';
import { FrameAllocator } from '../mm/frames.js';
import { buildInitialStack, type StackParams } from './stack.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function setup(pages = 64): AddressSpace {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: Math.ceil((FRAME_BASE + pages * PAGE_SIZE) / 65536) });
  const mm = new AddressSpace(new FrameAllocator(memory, pages * PAGE_SIZE));
  mm.setupStack();
  return mm;
}

function params(over: Partial<StackParams> = {}): StackParams {
  return {
    argv: [enc('/bin/prog'), enc('one'), enc('two')],
    envp: [enc('HOME=/root'), enc('X=1')],
    execfn: enc('/bin/prog'),
    random: new Uint8Array(16).map((_, i) => i + 100),
    entry: 0x400100,
    phdr: 0x400040,
    phent: 56,
    phnum: 6,
    base: 0,
    uid: 1000,
    euid: 1000,
    gid: 100,
    egid: 100,
    secure: false,
    top: STACK_TOP,
    stackLimit: 8 << 20,
    ...over,
  };
}

function u64(mm: AddressSpace, addr: number): number {
  return Number(mm.readU64(addr));
}
function str(mm: AddressSpace, addr: number): string {
  return new TextDecoder().decode(mm.readCString(addr, 4096));
}

/** Read argc, argv, envp and auxv back from SP as a C runtime does. */
function parse(mm: AddressSpace, sp: number): { argv: string[]; envp: string[]; aux: Map<number, number> } {
  const argc = u64(mm, sp);
  const argv: string[] = [];
  for (let i = 0; i < argc; i++) argv.push(str(mm, u64(mm, sp + 8 + 8 * i)));
  assert.equal(u64(mm, sp + 8 + 8 * argc), 0);
  let p = sp + 16 + 8 * argc;
  const envp: string[] = [];
  for (; u64(mm, p) !== 0; p += 8) envp.push(str(mm, u64(mm, p)));
  p += 8;
  const aux = new Map<number, number>();
  for (; u64(mm, p) !== at.AT_NULL; p += 16) aux.set(u64(mm, p), u64(mm, p + 8));
  return { argv, envp, aux };
}

test('SP is 16-byte aligned and points at argc, argv, envp and auxv', () => {
  const mm = setup();
  const l = buildInitialStack(mm, params());
  assert.equal(l.sp % 16, 0);
  const { argv, envp } = parse(mm, l.sp);
  assert.deepEqual(argv, ['/bin/prog', 'one', 'two']);
  assert.deepEqual(envp, ['HOME=/root', 'X=1']);
});

test('the auxiliary vector carries the image, ids, page size, clock tick and hwcaps', () => {
  const mm = setup();
  const { aux } = parse(mm, buildInitialStack(mm, params()).sp);
  assert.equal(aux.get(at.AT_PHDR), 0x400040);
  assert.equal(aux.get(at.AT_PHENT), 56);
  assert.equal(aux.get(at.AT_PHNUM), 6);
  assert.equal(aux.get(at.AT_PAGESZ), 4096);
  assert.equal(aux.get(at.AT_BASE), 0);
  assert.equal(aux.get(at.AT_FLAGS), 0);
  assert.equal(aux.get(at.AT_ENTRY), 0x400100);
  assert.equal(aux.get(at.AT_UID), 1000);
  assert.equal(aux.get(at.AT_EUID), 1000);
  assert.equal(aux.get(at.AT_GID), 100);
  assert.equal(aux.get(at.AT_EGID), 100);
  assert.equal(aux.get(at.AT_SECURE), 0);
  assert.equal(aux.get(at.AT_CLKTCK), 100);
  assert.equal(aux.get(at.AT_HWCAP), HWCAP >>> 0);
  assert.equal(aux.get(at.AT_HWCAP2), 0);
  assert.ok((aux.get(at.AT_MINSIGSTKSZ) ?? 0) >= 4096);
});

test('AT_RANDOM points at the 16 random bytes and AT_PLATFORM at "aarch64"', () => {
  const mm = setup();
  const { aux } = parse(mm, buildInitialStack(mm, params()).sp);
  assert.deepEqual([...mm.read(aux.get(at.AT_RANDOM)!, 16)], [...params().random]);
  assert.equal(str(mm, aux.get(at.AT_PLATFORM)!), 'aarch64');
});

test('execfn sits at the very top, below an 8-byte gap, with the strings under it in order', () => {
  const mm = setup();
  const l = buildInitialStack(mm, params());
  const { aux } = parse(mm, l.sp);
  const execfn = aux.get(at.AT_EXECFN)!;
  assert.equal(execfn, STACK_TOP - 8 - '/bin/prog\0'.length);
  assert.equal(str(mm, execfn), '/bin/prog');
  assert.equal(l.argEnd, l.envStart);
  assert.equal(l.envEnd, execfn);
  assert.equal(new TextDecoder().decode(mm.read(l.argStart, l.argEnd - l.argStart)), '/bin/prog\0one\0two\0');
});

test('an argument list over a quarter of the stack limit is E2BIG', () => {
  const mm = setup();
  const big = new Uint8Array(70000).fill(0x61);
  assert.throws(
    () => buildInitialStack(mm, params({ argv: [big, big, big], stackLimit: 128 * 1024 })),
    (e) => e instanceof Errno && e.code === E2BIG,
  );
});

test('a single string over MAX_ARG_STRLEN is E2BIG', () => {
  const mm = setup();
  assert.throws(
    () => buildInitialStack(mm, params({ envp: [new Uint8Array(200000).fill(0x61)] })),
    (e) => e instanceof Errno && e.code === E2BIG,
  );
});
