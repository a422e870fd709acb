import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME_BASE, PAGE_SIZE } from '../../cpu/state.js';
import * as mman from '../../abi/linux/mman.js';
import { AddressSpace } from '../../mm/address_space.js';
import { FrameAllocator } from '../../mm/frames.js';
import type { UserMemory } from '../../mm/user_memory.js';
import { exitRobustList, FUTEX_OWNER_DIED, FUTEX_WAITERS, ROBUST_LIST_LIMIT } from './robust_list.js';

const TID = 1234;
/** glibc's futex_offset: from a mutex's __list field back to its __lock word. */
const OFFSET = -32;

function setup(): { mm: AddressSpace; base: number; woken: number[]; walk: (head: number) => void } {
  const pages = 64;
  const memory = new WebAssembly.Memory({ initial: 2, maximum: Math.ceil((FRAME_BASE + pages * PAGE_SIZE) / 65536) });
  const mm = new AddressSpace(new FrameAllocator(memory, pages * PAGE_SIZE));
  const base = mm.mmap(0, 4 * PAGE_SIZE, mman.PROT_READ | mman.PROT_WRITE, mman.MAP_PRIVATE | mman.MAP_ANONYMOUS, null, 0);
  const woken: number[] = [];
  return { mm, base, woken, walk: (head) => exitRobustList({ mem: mm, wakeOne: (a) => woken.push(a) }, head, TID) };
}

/** Lay out a head at `head` and mutexes (lock word at entry+OFFSET) linked in order. */
function build(mm: AddressSpace, head: number, entries: number[], locks: number[], pending = 0): void {
  const chain = [...entries, head];
  mm.writeU64(head, BigInt(chain[0]));
  mm.writeU64(head + 8, BigInt.asUintN(64, BigInt(OFFSET)));
  mm.writeU64(head + 16, BigInt(pending));
  entries.forEach((e, i) => {
    mm.writeU64(e, BigInt(chain[i + 1]));
    mm.writeU32(e + OFFSET, locks[i]);
  });
}

test('futexes the dying thread owns get FUTEX_OWNER_DIED, keep FUTEX_WAITERS, and wake one waiter when there were waiters', () => {
  const { mm, base, woken, walk } = setup();
  const head = base + 8;
  const e = [base + 0x100, base + 0x200, base + 0x300];
  build(mm, head, e, [TID, (TID | FUTEX_WAITERS) >>> 0, 999]);
  walk(head);
  assert.equal(mm.readU32(e[0] + OFFSET), FUTEX_OWNER_DIED);
  assert.equal(mm.readU32(e[1] + OFFSET), (FUTEX_OWNER_DIED | FUTEX_WAITERS) >>> 0);
  assert.equal(mm.readU32(e[2] + OFFSET), 999, 'a futex another thread owns is left alone');
  assert.deepEqual(woken, [e[1] + OFFSET]);
});

test('the list_op_pending entry is handled once, after the list, and an unowned pending futex wakes a waiter', () => {
  const { mm, base, woken, walk } = setup();
  const head = base + 8;
  const e = [base + 0x100, base + 0x200];
  build(mm, head, e, [(TID | FUTEX_WAITERS) >>> 0, TID], e[0]);
  walk(head);
  assert.equal(mm.readU32(e[0] + OFFSET), (FUTEX_OWNER_DIED | FUTEX_WAITERS) >>> 0);
  assert.equal(mm.readU32(e[1] + OFFSET), FUTEX_OWNER_DIED);
  assert.deepEqual(woken, [e[0] + OFFSET]);

  const other = setup();
  const p = other.base + 0x400;
  build(other.mm, other.base + 8, [], [], p);
  other.mm.writeU32(p + OFFSET, 0);
  other.walk(other.base + 8);
  assert.deepEqual(other.woken, [p + OFFSET]);
  assert.equal(other.mm.readU32(p + OFFSET), 0);
});

test('a bad pointer in the list stops the walk silently after the entry it was read from', () => {
  const { mm, base, woken, walk } = setup();
  const head = base + 8;
  const e = [base + 0x100, base + 0x200];
  build(mm, head, e, [TID, TID]);
  mm.writeU64(e[0], 0x10n);
  walk(head);
  assert.equal(mm.readU32(e[0] + OFFSET), FUTEX_OWNER_DIED);
  assert.equal(mm.readU32(e[1] + OFFSET), TID);
  assert.deepEqual(woken, []);
  walk(0x10);
});

test('a cyclic list is walked at most ROBUST_LIST_LIMIT entries', () => {
  const { mm, base, walk } = setup();
  const head = base + 8;
  const e = [base + 0x100, base + 0x200];
  build(mm, head, e, [0, 0]);
  mm.writeU64(e[1], BigInt(e[0]));
  let reads = 0;
  const counting: UserMemory = {
    read: (a, n) => mm.read(a, n),
    write: (a, d) => mm.write(a, d),
    readCString: (a, n) => mm.readCString(a, n),
    readU32: (a) => mm.readU32(a),
    readU64: (a) => {
      reads++;
      return mm.readU64(a);
    },
    writeU32: (a, v) => mm.writeU32(a, v),
    writeU64: (a, v) => mm.writeU64(a, v),
  };
  exitRobustList({ mem: counting, wakeOne() {} }, head, TID);
  assert.equal(reads, 3 + ROBUST_LIST_LIMIT);
  walk(head);
});
