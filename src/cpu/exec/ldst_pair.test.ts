import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, END, testMachine } from './ldst_testing.js';

/** Doublewords at DATA: 0x1111111111111111 * (k + 1), with the high bit set in odd ones. */
function withData() {
  const m = testMachine();
  for (let k = 0; k < 8; k++) m.poke64(DATA + 8 * k, 0x1111111111111111n * BigInt(k + 1) | (BigInt(k & 1) << 63n));
  m.setX(2, DATA);
  return m;
}
const D = (k: number): bigint => 0x1111111111111111n * BigInt(k + 1) | (BigInt(k & 1) << 63n);

test('LDP X and W load two consecutive elements', () => {
  let m = withData();
  m.exec([0xa9410c41]); // ldp x1, x3, [x2, #16]
  assert.equal(m.x(1), D(2));
  assert.equal(m.x(3), D(3));
  m = withData();
  m.setX(1, -1n);
  m.setX(2, DATA + 16);
  m.exec([0x297f0c41]); // ldp w1, w3, [x2, #-8]
  assert.equal(m.x(1), D(1) & 0xffffffffn);
  assert.equal(m.x(3), D(1) >> 32n);
});

test('LDPSW sign-extends each word', () => {
  const m = withData();
  m.exec([0x69410c41]); // ldpsw x1, x3, [x2, #8]
  assert.equal(m.x(1), 0x22222222n);
  assert.equal(m.x(3), 0xffffffffa2222222n);
});

test('LDPSW post-index updates the base', () => {
  const m = withData();
  m.exec([0x68c10c41]); // ldpsw x1, x3, [x2], #8
  assert.equal(m.x(1), 0x11111111n);
  assert.equal(m.x(3), 0x11111111n);
  assert.equal(m.x(2), BigInt(DATA + 8));
});

test('STP X and W store two consecutive elements', () => {
  let m = withData();
  m.setX(1, 0xaaaaaaaabbbbbbbbn);
  m.setX(3, 0xccccccccddddddddn);
  m.exec([0xa9010c41]); // stp x1, x3, [x2, #16]
  assert.equal(m.peek64(DATA + 16), 0xaaaaaaaabbbbbbbbn);
  assert.equal(m.peek64(DATA + 24), 0xccccccccddddddddn);
  assert.equal(m.peek64(DATA + 32), D(4));
  m = withData();
  m.setX(1, 0xaaaaaaaabbbbbbbbn);
  m.setX(3, 0xccccccccddddddddn);
  m.exec([0x29008c41]); // stp w1, w3, [x2, #4]
  assert.deepEqual(m.peek(DATA, 16), [0x11, 0x11, 0x11, 0x11, 0xbb, 0xbb, 0xbb, 0xbb, 0xdd, 0xdd, 0xdd, 0xdd, 0x22, 0x22, 0x22, 0xa2]);
});

test('STP pre-index and LDP post-index on SP form a frame push and pop', () => {
  const m = withData();
  m.setX(31, DATA + 64);
  m.setX(29, 0x2929n);
  m.setX(30, 0x3030n);
  m.exec([0xa9be7bfd]); // stp x29, x30, [sp, #-32]!
  assert.equal(m.x(31), BigInt(DATA + 32));
  assert.equal(m.peek64(DATA + 32), 0x2929n);
  assert.equal(m.peek64(DATA + 40), 0x3030n);
  m.setX(29, 0n);
  m.setX(30, 0n);
  m.exec([0xa8c27bfd]); // ldp x29, x30, [sp], #32
  assert.equal(m.x(29), 0x2929n);
  assert.equal(m.x(30), 0x3030n);
  assert.equal(m.x(31), BigInt(DATA + 64));
});

test('LDNP and STNP behave as LDP and STP with an offset', () => {
  const m = withData();
  m.exec([0xa8410c41]); // ldnp x1, x3, [x2, #16]
  assert.equal(m.x(1), D(2));
  assert.equal(m.x(3), D(3));
  m.setX(1, 0x1234n);
  m.setX(3, 0x5678n);
  m.exec([0x28010c41]); // stnp w1, w3, [x2, #8]
  assert.equal(m.peek64(DATA + 8), 0x0000567800001234n);
});

test('LDP S/D/Q fill SIMD&FP registers, zeroing above S and D', () => {
  let m = withData();
  m.setV(1, -1n & ((1n << 128n) - 1n));
  m.setV(3, -1n & ((1n << 128n) - 1n));
  m.exec([0x2d408c41]); // ldp s1, s3, [x2, #4]
  assert.equal(m.v(1), D(0) >> 32n);
  assert.equal(m.v(3), D(1) & 0xffffffffn);
  m = withData();
  m.setV(1, (1n << 128n) - 1n);
  m.exec([0x6d408c41]); // ldp d1, d3, [x2, #8]
  assert.equal(m.v(1), D(1));
  assert.equal(m.v(3), D(2));
  m = withData();
  m.exec([0xad410c41]); // ldp q1, q3, [x2, #32]
  assert.equal(m.v(1), (D(5) << 64n) | D(4));
  assert.equal(m.v(3), (D(7) << 64n) | D(6));
  m = withData();
  m.exec([0xac400c41]); // ldnp q1, q3, [x2]
  assert.equal(m.v(1), (D(1) << 64n) | D(0));
});

test('STP S/D/Q store SIMD&FP registers, with pre and post writeback', () => {
  let m = withData();
  m.setV(1, 0xffffffff_11223344n);
  m.setV(3, 0xffffffff_55667788n);
  m.exec([0x2d008c41]); // stp s1, s3, [x2, #4]
  assert.deepEqual(m.peek(DATA + 4, 8), [0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55]);
  m = withData();
  m.setX(2, DATA + 32);
  m.setV(1, (0xeeeen << 64n) | 0x1n);
  m.setV(3, (0xeeeen << 64n) | 0x3n);
  m.exec([0x6dbf0c41]); // stp d1, d3, [x2, #-16]!
  assert.equal(m.x(2), BigInt(DATA + 16));
  assert.equal(m.peek64(DATA + 16), 1n);
  assert.equal(m.peek64(DATA + 24), 3n);
  m = withData();
  m.setV(1, (0xan << 64n) | 0xbn);
  m.setV(3, (0xcn << 64n) | 0xdn);
  m.exec([0xac810c41]); // stp q1, q3, [x2], #32
  assert.equal(m.x(2), BigInt(DATA + 32));
  assert.deepEqual([m.peek64(DATA), m.peek64(DATA + 8), m.peek64(DATA + 16), m.peek64(DATA + 24)], [0xbn, 0xan, 0xdn, 0xcn]);
  m = withData();
  m.setV(1, 0x77n);
  m.setV(3, 0x99n);
  m.exec([0x6c008c41]); // stnp d1, d3, [x2, #8]
  assert.equal(m.peek64(DATA + 8), 0x77n);
  assert.equal(m.peek64(DATA + 16), 0x99n);
});

test('LDP Q pre-index with a negative offset updates the base', () => {
  const m = withData();
  m.setX(2, DATA + 64);
  m.exec([0xadfe0c41]); // ldp q1, q3, [x2, #-64]!
  assert.equal(m.x(2), BigInt(DATA));
  assert.equal(m.v(1), (D(1) << 64n) | D(0));
  assert.equal(m.v(3), (D(3) << 64n) | D(2));
});

test('LDP with Rt == Rt2 keeps the first element (as qemu)', () => {
  const m = withData();
  m.exec([0xa9400441]); // ldp x1, x1, [x2]
  assert.equal(m.x(1), D(0));
});

test('LDP with writeback into a destination register keeps the written-back base (as qemu)', () => {
  let m = withData();
  m.exec([0xa8c10c42]); // ldp x2, x3, [x2], #16
  assert.equal(m.x(2), BigInt(DATA + 16));
  assert.equal(m.x(3), D(1));
  m = withData();
  m.exec([0xa9c10843]); // ldp x3, x2, [x2, #16]!
  assert.equal(m.x(2), BigInt(DATA + 16));
  assert.equal(m.x(3), D(2));
});

test('XZR in a pair: a load discards it, a store writes zeros', () => {
  const m = withData();
  m.exec([0xa9400c5f]); // ldp xzr, x3, [x2]
  assert.equal(m.x(3), D(1));
  assert.equal(m.x(32), 0n);
  m.exec([0xa9007c5f]); // stp xzr, xzr, [x2]
  assert.equal(m.peek64(DATA), 0n);
  assert.equal(m.peek64(DATA + 8), 0n);
});

test('a pair that crosses a page boundary loads and stores both pages', () => {
  const m = testMachine();
  m.poke64(DATA + 4088, 0x0102030405060708n);
  m.poke64(DATA + 4096, 0x1112131415161718n);
  m.setX(2, DATA + 4072);
  m.exec([0xa9410c41]); // ldp x1, x3, [x2, #16]
  assert.equal(m.x(1), 0x0102030405060708n);
  assert.equal(m.x(3), 0x1112131415161718n);
  m.setX(2, DATA + 4076);
  m.setX(1, 0xa1a2a3a4a5a6a7a8n);
  m.setX(3, 0xb1b2b3b4b5b6b7b8n);
  m.exec([0xa9010c41]); // stp x1, x3, [x2, #16]
  assert.equal(m.peek64(DATA + 4092) & 0xffffffffn, 0xa5a6a7a8n);
  assert.equal(m.peek64(DATA + 4096), 0xb5b6b7b8a1a2a3a4n);
  m.setX(2, DATA + 4080);
  m.exec([0xad400c41]); // ldp q1, q3, [x2]
  assert.equal(m.v(1) & ((1n << 64n) - 1n), m.peek64(DATA + 4080));
});

test('an LDP whose second half faults leaves both registers and the base unchanged', () => {
  const m = testMachine();
  m.setX(1, 0x11n);
  m.setX(3, 0x33n);
  m.setX(2, END - 8 - 16);
  const exit = m.exec([0xa9c10c41]); // ldp x1, x3, [x2, #16]!
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 1, reason: 'unmapped' });
  assert.equal(m.x(1), 0x11n);
  assert.equal(m.x(3), 0x33n);
  assert.equal(m.x(2), BigInt(END - 24));
});

test('an STP whose second half faults writes nothing', () => {
  const m = testMachine();
  m.poke64(END - 8, 0x5555n);
  m.setX(1, 0x11n);
  m.setX(3, 0x33n);
  m.setX(2, END - 8);
  const exit = m.exec([0xa9000c41]); // stp x1, x3, [x2]
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 2, reason: 'unmapped' });
  assert.equal(m.peek64(END - 8), 0x5555n);
});
