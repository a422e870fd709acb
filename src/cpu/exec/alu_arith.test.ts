import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';

const BRK = 0xd4200000;

function exec(words: number[], regs: Record<number, bigint>, nzcv = 0) {
  const m = flatMachine(4);
  for (const [r, v] of Object.entries(regs)) m.cpu.setXBig(Number(r), v);
  m.cpu.nzcv = nzcv;
  m.load([...words, BRK]);
  const exit = m.run(1000);
  assert.equal(exit.kind, 'breakpoint');
  return { x: (n: number) => m.cpu.xBig(n), flags: m.cpu.nzcv >>> 28 };
}

test('ADDS W 0x7fffffff + 1 gives 0x80000000 with N and V set, C clear', () => {
  const r = exec([0x31000420], { 1: 0x7fffffffn }); // adds w0, w1, #1
  assert.equal(r.x(0), 0x80000000n);
  assert.equal(r.flags, 0b1001);
});

test('ADDS W writes zero to the upper half of X', () => {
  const r = exec([0x31000420], { 0: 0xffffffffffffffffn, 1: 0xffffffff00000005n });
  assert.equal(r.x(0), 6n);
});

test('SUBS X 0x8000000000000000 - 1 overflows: V and C set, N clear', () => {
  const r = exec([0xf1000420], { 1: 0x8000000000000000n }); // subs x0, x1, #1
  assert.equal(r.x(0), 0x7fffffffffffffffn);
  assert.equal(r.flags, 0b0011);
});

test('ADDS X with an unsigned carry out sets C and Z', () => {
  const r = exec([0xab020020], { 1: 0xffffffffffffffffn, 2: 1n }); // adds x0, x1, x2
  assert.equal(r.x(0), 0n);
  assert.equal(r.flags, 0b0110);
});

test('ADDS X carries from the low word into the high word', () => {
  const r = exec([0xab020020], { 1: 0x00000000ffffffffn, 2: 1n });
  assert.equal(r.x(0), 0x100000000n);
  assert.equal(r.flags, 0b0000);
});

test('SUBS X with a borrow clears C and sets N', () => {
  const r = exec([0xeb020020], { 1: 1n, 2: 2n }); // subs x0, x1, x2
  assert.equal(r.x(0), 0xffffffffffffffffn);
  assert.equal(r.flags, 0b1000);
});

test('SUBS X of equal values sets Z and C (no borrow)', () => {
  const r = exec([0xeb020020], { 1: 0x123456789n, 2: 0x123456789n });
  assert.equal(r.flags, 0b0110);
});

test('ADDS/ADCS add 128-bit numbers with the carry between halves', () => {
  // adds x4, x0, x2 ; adcs x5, x1, x3: (x1:x0) + (x3:x2)
  const r = exec([0xab020004, 0xba030025], { 0: 0xffffffffffffffffn, 1: 1n, 2: 1n, 3: 2n });
  assert.equal(r.x(4), 0n);
  assert.equal(r.x(5), 4n);
  assert.equal(r.flags, 0b0000);
});

test('SUBS/SBCS subtract 128-bit numbers with the borrow between halves', () => {
  // subs x4, x0, x2 ; sbcs x5, x1, x3: (1:0) - (0:1) = (0:ffff...)
  const r = exec([0xeb020004, 0xfa030025], { 0: 0n, 1: 1n, 2: 1n, 3: 0n });
  assert.equal(r.x(4), 0xffffffffffffffffn);
  assert.equal(r.x(5), 0n);
  assert.equal(r.flags, 0b0110);
});

test('SBCS with C clear subtracts one more', () => {
  const r = exec([0xfa020020], { 1: 5n, 2: 5n }, 0); // sbcs x0, x1, x2
  assert.equal(r.x(0), 0xffffffffffffffffn);
  assert.equal(r.flags, 0b1000);
});

test('ADCS W with C set carries in and out', () => {
  const r = exec([0x3a020020], { 1: 0xffffffffn, 2: 0n }, 0x20000000); // adcs w0, w1, w2
  assert.equal(r.x(0), 0n);
  assert.equal(r.flags, 0b0110);
});

test('CCMP takes the immediate flags when the condition fails', () => {
  // ccmp x1, x2, #0b1010, ne  with Z set: condition fails
  const r = exec([0xfa42102a], { 1: 1n, 2: 1n }, 0x40000000);
  assert.equal(r.flags, 0b1010);
});

test('CCMP compares when the condition holds', () => {
  const r = exec([0xfa42102a], { 1: 1n, 2: 1n }, 0);
  assert.equal(r.flags, 0b0110);
});

test('CCMN W with an immediate adds it when the condition holds', () => {
  // ccmn w1, #5, #0b0101, eq with Z set: flags of w1 + 5
  const r = exec([0x3a450825], { 1: 0xfffffffbn }, 0x40000000);
  assert.equal(r.flags, 0b0110);
});
