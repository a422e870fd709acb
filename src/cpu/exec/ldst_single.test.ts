import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, END, testMachine } from './ldst_testing.js';
import { FLAT_BASE } from '../testing/flat_machine.js';

// 32 bytes of test data at DATA: byte k alternates high-bit-set and clear values.
const BYTES = [
  0x11, 0x92, 0x23, 0xb4, 0x45, 0xd6, 0x67, 0xf8, 0x89, 0x1a, 0xab, 0x3c, 0xcd, 0x5e, 0xef, 0x70,
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
];

function withData() {
  const m = testMachine();
  m.poke(DATA, BYTES);
  m.setX(2, DATA);
  return m;
}

/** Run one load with X2 = DATA and return X1 (initially all ones). */
function load(word: number, setup?: (m: ReturnType<typeof withData>) => void): bigint {
  const m = withData();
  m.setX(1, -1n);
  setup?.(m);
  assert.equal(m.exec([word]).kind, 'budget');
  return m.x(1);
}

test('LDR X/W/B/H with unsigned offset zero-extend into X1', () => {
  assert.equal(load(0xf9400441), 0x70ef5ecd3cab1a89n); // ldr x1, [x2, #8]
  assert.equal(load(0xb9400441), 0xf867d645n); // ldr w1, [x2, #4]
  assert.equal(load(0x39400441), 0x92n); // ldrb w1, [x2, #1]
  assert.equal(load(0x79400441), 0xb423n); // ldrh w1, [x2, #2]
});

test('LDRSB/LDRSH/LDRSW sign-extend to 64 or 32 bits', () => {
  assert.equal(load(0x39800441), 0xffffffffffffff92n); // ldrsb x1, [x2, #1]
  assert.equal(load(0x39c00441), 0xffffff92n); // ldrsb w1, [x2, #1]
  assert.equal(load(0x79800441), 0xffffffffffffb423n); // ldrsh x1, [x2, #2]
  assert.equal(load(0x79c00441), 0xffffb423n); // ldrsh w1, [x2, #2]
  assert.equal(load(0xb9800441), 0xfffffffff867d645n); // ldrsw x1, [x2, #4]
  // Positive values stay positive.
  assert.equal(load(0x39800441, (m) => m.poke(DATA + 1, [0x7f])), 0x7fn);
  assert.equal(load(0xb9800441, (m) => m.poke(DATA + 4, [0, 0, 0, 0x7f])), 0x7f000000n);
});

test('STR X/W/B/H write exactly their size', () => {
  const cases: Array<[number, number, number[]]> = [
    [0xf9000441, 8, [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]], // str x1, [x2, #8]
    [0xb9000441, 4, [0x88, 0x77, 0x66, 0x55]], // str w1, [x2, #4]
    [0x39000441, 1, [0x88]], // strb w1, [x2, #1]
    [0x79000441, 2, [0x88, 0x77]], // strh w1, [x2, #2]
  ];
  for (const [word, off, bytes] of cases) {
    const m = withData();
    m.setX(1, 0x1122334455667788n);
    m.exec([word]);
    const expect = BYTES.slice(0, 24);
    bytes.forEach((b, k) => (expect[off + k] = b));
    assert.deepEqual(m.peek(DATA, 24), expect, `word ${word.toString(16)}`);
  }
});

test('LDUR and STUR use an unscaled, possibly negative and misaligned, offset', () => {
  assert.equal(load(0xf85fd041, (m) => m.setX(2, DATA + 6)), 0xab1a89f867d645b4n); // ldur x1, [x2, #-3]
  const m = withData();
  m.setX(1, 0xaabbccddn);
  m.setX(2, DATA + 2);
  m.exec([0xb81ff041]); // stur w1, [x2, #-1]
  assert.deepEqual(m.peek(DATA, 6), [0x11, 0xdd, 0xcc, 0xbb, 0xaa, 0xd6]);
});

test('pre-index updates the base to base+imm and accesses there', () => {
  const m = withData();
  m.setX(2, DATA + 24);
  m.exec([0xf85f0c41]); // ldr x1, [x2, #-16]!
  assert.equal(m.x(1), 0x70ef5ecd3cab1a89n);
  assert.equal(m.x(2), BigInt(DATA + 8));
});

test('post-index accesses at the base and then adds the offset', () => {
  const m = withData();
  m.exec([0xf8418441]); // ldr x1, [x2], #24
  assert.equal(m.x(1), 0xf867d645b4239211n);
  assert.equal(m.x(2), BigInt(DATA + 24));
});

test('STR pre-index and LDR post-index on SP push and pop', () => {
  const m = withData();
  m.setX(31, DATA + 64);
  m.setX(1, 0xdeadbeefcafef00dn);
  m.exec([0xf81f0fe1]); // str x1, [sp, #-16]!
  assert.equal(m.x(31), BigInt(DATA + 48));
  assert.equal(m.peek64(DATA + 48), 0xdeadbeefcafef00dn);
  m.setX(1, 0n);
  m.exec([0xf84107e1]); // ldr x1, [sp], #16
  assert.equal(m.x(1), 0xdeadbeefcafef00dn);
  assert.equal(m.x(31), BigInt(DATA + 64));
});

test('register offset applies LSL, UXTW, SXTW and SXTX extends', () => {
  assert.equal(load(0xf8637841, (m) => m.setX(3, 1)), 0x70ef5ecd3cab1a89n); // ldr x1, [x2, x3, lsl #3]
  // UXTW ignores the upper half of X3.
  assert.equal(load(0xb8635841, (m) => m.setX(3, 0xffffffff00000001n)), 0xf867d645n); // ldr w1, [x2, w3, uxtw #2]
  // SXTW of -4 steps back from the base.
  assert.equal(load(0xb863c841, (m) => (m.setX(2, DATA + 8), m.setX(3, 0xfffffffcn))), 0xf867d645n); // ldr w1, [x2, w3, sxtw]
  assert.equal(load(0x3863e841, (m) => (m.setX(2, DATA + 8), m.setX(3, -7n))), 0x92n); // ldrb w1, [x2, x3, sxtx]
  // ldrh w1, [x2, w3, sxtw #1] with W3 = -3: DATA + 8 - 6.
  assert.equal(load(0x7863d841, (m) => (m.setX(2, DATA + 8), m.setX(3, 0xfffffffdn))), 0xb423n);
});

test('register offset with XZR as the index adds nothing', () => {
  // ldr x1, [x2, xzr, lsl #3]
  assert.equal(load(0xf87f7841), 0xf867d645b4239211n);
});

test('LDR literal and LDRSW literal read PC-relative', () => {
  const m = withData();
  // ldr x1, .+16 at FLAT_BASE; the doubleword sits at FLAT_BASE + 16.
  m.load([0x58000081, 0, 0, 0, 0x89abcdef, 0x01234567]);
  m.run(1);
  assert.equal(m.x(1), 0x0123456789abcdefn);
  // ldrsw x1, .-8 placed at FLAT_BASE + 8 reads FLAT_BASE.
  m.load([0x80000000, 0, 0x98ffffc1], FLAT_BASE);
  m.cpu.pc = FLAT_BASE + 8;
  m.run(1);
  assert.equal(m.x(1), 0xffffffff80000000n);
  // ldr w1, .+8 zero-extends.
  m.load([0x18000041, 0, 0xfedcba98]);
  m.run(1);
  assert.equal(m.x(1), 0xfedcba98n);
});

test('LDTR and STTRB behave as LDUR and STURB at EL0', () => {
  assert.equal(load(0xf8408841), 0x70ef5ecd3cab1a89n); // ldtr x1, [x2, #8]
  const m = withData();
  m.setX(1, 0x5an);
  m.setX(2, DATA + 4);
  m.exec([0x381fe841]); // sttrb w1, [x2, #-2]
  assert.deepEqual(m.peek(DATA, 4), [0x11, 0x92, 0x5a, 0xb4]);
});

test('PRFM and PRFUM in every form never access memory', () => {
  const m = testMachine();
  m.setX(2, END + 0x1000);
  m.setX(3, 0x123456789n);
  // prfm [x2, #8]; prfm [x2, x3]; prfum [x2, #-1]; prfm literal
  assert.equal(m.exec([0xf9800440, 0xf8a36840, 0xf89ff040, 0xd8000200]).kind, 'budget');
  assert.equal(m.cpu.pc, FLAT_BASE + 16);
});

test('a load with writeback into its own base keeps the written-back address (as qemu)', () => {
  let m = withData();
  m.exec([0xf8408c42]); // ldr x2, [x2, #8]!
  assert.equal(m.x(2), BigInt(DATA + 8));
  m = withData();
  m.exec([0xf8408442]); // ldr x2, [x2], #8
  assert.equal(m.x(2), BigInt(DATA + 8));
});

test('a store with writeback of its own base stores the old base', () => {
  const m = withData();
  m.exec([0xf8008c42]); // str x2, [x2, #8]!
  assert.equal(m.peek64(DATA + 8), BigInt(DATA));
  assert.equal(m.x(2), BigInt(DATA + 8));
});

test('XZR as Rt: a load discards, a store writes zeros', () => {
  const m = withData();
  m.exec([0xf940005f]); // ldr xzr, [x2]
  assert.equal(m.x(32), 0n);
  m.exec([0xf900005f]); // str xzr, [x2]
  assert.equal(m.peek64(DATA), 0n);
});

test('the largest unsigned offset is scaled by the access size', () => {
  const m = withData();
  m.poke64(DATA + 32760, 0x1234n);
  m.exec([0xf97ffc41]); // ldr x1, [x2, #32760]
  assert.equal(m.x(1), 0x1234n);
});

test('a load that crosses a page boundary reads both pages', () => {
  const m = testMachine();
  m.poke(DATA + 4092, [1, 2, 3, 4, 5, 6, 7, 8]);
  m.setX(2, DATA + 4092 - 8);
  m.exec([0xf9400441]); // ldr x1, [x2, #8]
  assert.equal(m.x(1), 0x0807060504030201n);
  m.setX(1, 0xa1a2a3a4a5a6a7a8n);
  m.exec([0xf9000441]); // str x1, [x2, #8]
  assert.deepEqual(m.peek(DATA + 4092, 8), [0xa8, 0xa7, 0xa6, 0xa5, 0xa4, 0xa3, 0xa2, 0xa1]);
});

test('a load from an unmapped address faults at it and leaves Rt and the base unchanged', () => {
  const m = testMachine();
  m.setX(1, 0x77n);
  m.setX(2, END - 8);
  const exit = m.exec([0xf8408c41]); // ldr x1, [x2, #8]!
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 1, reason: 'unmapped' });
  assert.equal(m.x(1), 0x77n);
  assert.equal(m.x(2), BigInt(END - 8));
  assert.equal(m.cpu.pc, FLAT_BASE);
});

test('a page-crossing load faults on the first unmapped byte without writing Rt', () => {
  const m = testMachine();
  m.setX(1, 0x77n);
  m.setX(2, END - 4 - 8);
  const exit = m.exec([0xf9400441]); // ldr x1, [x2, #8]
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 1, reason: 'unmapped' });
  assert.equal(m.x(1), 0x77n);
});

test('a store to an unmapped address faults as a write and leaves the base unchanged', () => {
  const m = testMachine();
  m.setX(2, END);
  const exit = m.exec([0xf8418441 & ~(1 << 22)]); // str x1, [x2], #24
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 2, reason: 'unmapped' });
  assert.equal(m.x(2), BigInt(END));
});

test('the top byte of the base is ignored for the access but kept by writeback', () => {
  const m = withData();
  m.setX(2, (0xabn << 56n) | BigInt(DATA));
  m.exec([0xf8408c41]); // ldr x1, [x2, #8]!
  assert.equal(m.x(1), 0x70ef5ecd3cab1a89n);
  assert.equal(m.x(2), (0xabn << 56n) | BigInt(DATA + 8));
});

test('LDR B/H/S/D into a SIMD&FP register zeroes the rest of the register', () => {
  const cases: Array<[number, bigint]> = [
    [0x3d400441, 0x92n], // ldr b1, [x2, #1]
    [0x7d400441, 0xb423n], // ldr h1, [x2, #2]
    [0xbd400441, 0xf867d645n], // ldr s1, [x2, #4]
    [0xfd400441, 0x70ef5ecd3cab1a89n], // ldr d1, [x2, #8]
    [0x3dc00441, 0x100f0e0d0c0b0a090807060504030201n], // ldr q1, [x2, #16]
  ];
  for (const [word, v] of cases) {
    const m = withData();
    m.setV(1, (1n << 128n) - 1n);
    m.exec([word]);
    assert.equal(m.v(1), v, `word ${word.toString(16)}`);
  }
});

test('STR B/H/S/D/Q from a SIMD&FP register write exactly their size', () => {
  const cases: Array<[number, number, number]> = [
    [0x3d000441, 1, 1], // str b1, [x2, #1]
    [0x7d000441, 2, 2], // str h1, [x2, #2]
    [0xbd000441, 4, 4], // str s1, [x2, #4]
    [0xfd000441, 8, 8], // str d1, [x2, #8]
    [0x3d800441, 16, 16], // str q1, [x2, #16]
  ];
  for (const [word, off, len] of cases) {
    const m = withData();
    m.setV(1, 0xf0e0d0c0b0a090807060504030201000n);
    m.exec([word]);
    const expect = BYTES.slice(0, 32);
    for (let k = 0; k < len; k++) expect[off + k] = k * 0x10;
    assert.deepEqual(m.peek(DATA, 32), expect, `word ${word.toString(16)}`);
  }
});

test('SIMD&FP loads and stores use unscaled, register, pre and post forms', () => {
  let m = withData();
  m.setX(2, DATA + 17);
  m.exec([0x3cdff041]); // ldur q1, [x2, #-1]
  assert.equal(m.v(1), 0x100f0e0d0c0b0a090807060504030201n);
  m = withData();
  m.setX(3, 1);
  m.exec([0x3ce37841]); // ldr q1, [x2, x3, lsl #4]
  assert.equal(m.v(1), 0x100f0e0d0c0b0a090807060504030201n);
  m = withData();
  m.setX(2, DATA + 16);
  m.setX(3, 0xffffffffn);
  m.exec([0xfc63d841]); // ldr d1, [x2, w3, sxtw #3]
  assert.equal(m.v(1), 0x70ef5ecd3cab1a89n);
  m = withData();
  m.exec([0xfc408441]); // ldr d1, [x2], #8
  assert.equal(m.v(1), 0xf867d645b4239211n);
  assert.equal(m.x(2), BigInt(DATA + 8));
  m = withData();
  m.setX(2, DATA + 64);
  m.setV(1, 0x0123456789abcdef0011223344556677n);
  m.exec([0x3c9e0c41]); // str q1, [x2, #-32]!
  assert.equal(m.x(2), BigInt(DATA + 32));
  assert.equal(m.peek64(DATA + 32), 0x0011223344556677n);
  assert.equal(m.peek64(DATA + 40), 0x0123456789abcdefn);
  m = withData();
  m.setV(1, 0xbeefn);
  m.setX(3, 5);
  m.exec([0x7c236841]); // str h1, [x2, x3]
  assert.deepEqual(m.peek(DATA + 4, 4), [0x45, 0xef, 0xbe, 0xf8]);
});

test('LDR S/D/Q literal read PC-relative into SIMD&FP registers', () => {
  const m = testMachine();
  m.setV(1, (1n << 128n) - 1n);
  m.load([0x1c000041, 0, 0x3f800000]); // ldr s1, .+8
  m.run(1);
  assert.equal(m.v(1), 0x3f800000n);
  m.load([0x5c000041, 0, 0x11111111, 0x22222222]); // ldr d1, .+8
  m.run(1);
  assert.equal(m.v(1), 0x2222222211111111n);
  m.load([0x9c000081, 0, 0, 0, 1, 2, 3, 4]); // ldr q1, .+16
  m.run(1);
  assert.equal(m.v(1), 0x00000004000000030000000200000001n);
});

test('a SIMD&FP load that faults leaves the register unchanged', () => {
  const m = testMachine();
  m.setV(1, 0x55n);
  m.setX(2, END - 8);
  const exit = m.exec([0x3dc00041]); // ldr q1, [x2]
  assert.equal(exit.kind, 'pageFault');
  assert.equal(m.v(1), 0x55n);
});
