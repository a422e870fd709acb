// Unit tests of the differential harness's own parts (no qemu needed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InitState } from './case.js';
import { compareRecords } from './compare.js';
import { PF_R, PF_W, PF_X, readElfSegments, writeElf } from './elf_writer.js';
import { GROUPS, makeCase } from './gen/groups.js';
import { bitmaskFields } from './gen/dp_imm.js';
import { REC_SCRATCH, REC_V, RECORD_SIZE } from './layout.js';
import { buildProgram } from './program.js';
import { Rng } from './rng.js';
import { runFlintDirect } from './run_flint.js';

test('writeElf output reads back as the same entry and segments', () => {
  const text = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const data = new Uint8Array(5000).map((_, i) => i & 0xff);
  const elf = writeElf(0x400004, [
    { vaddr: 0x400000, data: text, flags: PF_R | PF_X },
    { vaddr: 0x10000000, data, flags: PF_R | PF_W },
  ]);
  const back = readElfSegments(elf);
  assert.equal(back.entry, 0x400004);
  assert.equal(back.segments.length, 2);
  assert.deepEqual(back.segments[0].data, text);
  assert.deepEqual(back.segments[1].data, data);
  assert.equal(back.segments[1].flags, PF_R | PF_W);
});

test('a generated case is a pure function of its group and seed', () => {
  for (const g of GROUPS.keys()) {
    const a = makeCase(g, 12345);
    const b = makeCase(g, 12345);
    assert.deepEqual(a.insns, b.insns);
    assert.deepEqual(a.init, b.init);
    assert.ok(a.insns.length >= 1 && a.insns.length <= 12, `${g}: ${a.insns.length} instructions`);
  }
});

test('compareRecords names each differing register and scratch word', () => {
  const a = new Uint8Array(RECORD_SIZE);
  const b = new Uint8Array(RECORD_SIZE);
  b[8 * 3] = 1; // X3
  b[REC_V + 16 * 31 + 15] = 0x80; // V31
  b[REC_SCRATCH + 0x18] = 7; // scratch word 3
  const d = compareRecords(a, b);
  assert.deepEqual(
    d.map((x) => x.field),
    ['X3', 'V31', 'mem[scratch+0x18]'],
  );
  assert.equal(d[1].got, '0x80000000000000000000000000000000');
});

test('bitmask immediates are always valid: at least one zero and one one in the element', () => {
  const rng = new Rng(7);
  for (let i = 0; i < 2000; i++) {
    const size = rng.chance(0.5) ? 64 : 32;
    const { n, imms } = bitmaskFields(rng, size);
    const len = 31 - Math.clz32((n << 6) | (~imms & 0x3f));
    assert.ok(len >= 1, 'element size at least 2');
    const levels = (1 << len) - 1;
    assert.notEqual(imms & levels, levels, 'not all ones');
    if (size === 32) assert.equal(n, 0);
  }
});

test('direct mode reproduces the initial state when the sequence is empty', () => {
  const st = new InitState();
  const rng = new Rng(3);
  for (let r = 0; r < 31; r++) st.setX(r, rng.u64());
  st.setNzcv(0b1010);
  st.setFpsr(0x9f);
  st.setFpcr(0x00c00000);
  st.setSp(0x10000f00n);
  for (let k = REC_V; k < RECORD_SIZE; k++) st.bytes[k] = rng.int(256);
  const prog = buildProgram([{ group: 'none', seed: 0, insns: [], init: st.bytes }]);
  const [res] = runFlintDirect(prog);
  assert.equal(res.problem, null);
  assert.deepEqual(compareRecords(st.bytes, res.record), []);
});
