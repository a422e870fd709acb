import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDpImm } from './dp_imm.js';
import { FLAT_BASE, flatMachine } from '../testing/flat_machine.js';

const BRK = 0xd4200000;

test('unallocated and unimplemented data-processing-immediate encodings decode to null', () => {
  const words = [
    0x91b22d86, // addg (MTE)
    0xd1921ade, // subg (MTE)
    0x91cf4b36, // umin (CSSC)
    0x32800000, // move wide with opc = 01
    0x52c00000, // movz w0 with hw = 2
    0x93000000, // sbfm x with N = 0
    0x13400000, // sbfm w with N = 1
    0x13208000, // sbfm w with immr = 32
    0x73000000, // bitfield opc = 11
    0x1200fc00, // and w0 with an all-ones element (reserved)
    0x12400000, // logical imm W with N = 1
    0x13808000, // extr w with imms = 32
    0x93800000, // extr x with N = 0
    0x13a00000, // extr with o0 = 1
  ];
  for (const w of words) assert.equal(decodeDpImm(w), null, w.toString(16));
});

test('the immediate decoder never throws', () => {
  let s = 1;
  for (let k = 0; k < 200000; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    const w = ((s & ~(0xf << 25)) | ((0b1000 | (k & 1)) << 25)) >>> 0;
    decodeDpImm(w);
  }
});

test('ADR adds a signed byte offset to the PC and ADRP a page offset to its page', () => {
  const m = flatMachine(4);
  // at FLAT_BASE + 0x10: adr x0, .-4 ; adrp x1, .+3 pages ; adrp x2, .-1 page
  m.load([0x10ffffe0, 0xf0000001, 0xf0ffffe2, BRK], FLAT_BASE + 0x10);
  m.run(100);
  assert.equal(m.cpu.xNum(0), FLAT_BASE + 0xc);
  assert.equal(m.cpu.xNum(1), FLAT_BASE + 0x3000);
  assert.equal(m.cpu.xNum(2), FLAT_BASE - 0x1000);
});
