import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from './testing/flat_machine.js';

test('an undefined encoding stops the CPU with its word and leaves the PC on it', () => {
  const m = flatMachine();
  m.load([0x00000000]); // UDF #0
  const exit = m.run();
  assert.deepEqual(exit, { kind: 'undefined', word: 0 });
  assert.equal(m.cpu.pc, 0x400000);
});

test('fetching outside every mapping is a page fault at the PC', () => {
  const m = flatMachine(1);
  m.cpu.pc = 0x900000;
  const exit = m.run();
  assert.equal(exit.kind, 'pageFault');
});
