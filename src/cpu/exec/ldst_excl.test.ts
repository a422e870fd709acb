import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, END, readOnlyPageMachine, testMachine } from './ldst_testing.js';

const LDXR_X = 0xc85f7c01; // ldxr x1, [x0]
const STXR_X = 0xc8037c01; // stxr w3, x1, [x0]

function withData() {
  const m = testMachine();
  m.poke64(DATA, 0x8877665544332211n);
  m.poke64(DATA + 8, 0xffeeddccbbaa9988n);
  m.setX(0, DATA);
  return m;
}

test('LDXR/STXR pair succeeds once and a second STXR fails', () => {
  const m = withData();
  m.exec([LDXR_X]);
  assert.equal(m.x(1), 0x8877665544332211n);
  m.setX(1, 0x42n);
  m.setX(3, -1n);
  m.exec([STXR_X]);
  assert.equal(m.x(3), 0n);
  assert.equal(m.peek64(DATA), 0x42n);
  m.setX(1, 0x43n);
  m.exec([STXR_X]);
  assert.equal(m.x(3), 1n);
  assert.equal(m.peek64(DATA), 0x42n);
});

test('STXR without a preceding LDXR fails and writes nothing', () => {
  const m = withData();
  m.setX(1, 0x42n);
  m.exec([STXR_X]);
  assert.equal(m.x(3), 1n);
  assert.equal(m.peek64(DATA), 0x8877665544332211n);
});

test('clearing the monitor (as CLREX and a context switch do) makes STXR fail', () => {
  const m = withData();
  m.exec([LDXR_X]);
  m.cpu.clearExclusive();
  m.exec([STXR_X]);
  assert.equal(m.x(3), 1n);
  assert.equal(m.peek64(DATA), 0x8877665544332211n);
});

test('STXR to a different address or size than the monitor fails', () => {
  let m = withData();
  m.exec([LDXR_X]);
  m.setX(0, DATA + 8);
  m.exec([STXR_X]);
  assert.equal(m.x(3), 1n);
  assert.equal(m.peek64(DATA + 8), 0xffeeddccbbaa9988n);
  m = withData();
  m.exec([LDXR_X]);
  m.exec([0x88037c01]); // stxr w3, w1, [x0]
  assert.equal(m.x(3), 1n);
});

test('STXR fails when memory changed since LDXR (as qemu)', () => {
  const m = withData();
  m.exec([LDXR_X]);
  m.poke64(DATA, 0n);
  m.exec([STXR_X]);
  assert.equal(m.x(3), 1n);
  assert.equal(m.peek64(DATA), 0n);
});

test('byte and halfword exclusives zero-extend and store only their size', () => {
  const m = withData();
  m.setX(1, -1n);
  m.exec([0x085ffc01]); // ldaxrb w1, [x0]
  assert.equal(m.x(1), 0x11n);
  m.setX(1, 0x1234n);
  m.exec([0x0803fc01]); // stlxrb w3, w1, [x0]
  assert.equal(m.x(3), 0n);
  assert.equal(m.peek64(DATA), 0x8877665544332234n);
  m.exec([0x485f7c01]); // ldxrh w1, [x0]
  assert.equal(m.x(1), 0x2234n);
  m.setX(1, 0xabcdefn);
  m.exec([0x4803fc01]); // stlxrh w3, w1, [x0]
  assert.equal(m.x(3), 0n);
  assert.equal(m.peek64(DATA), 0x887766554433cdefn);
});

test('W exclusives zero the upper half of Rt', () => {
  const m = withData();
  m.setX(1, -1n);
  m.exec([0x885f7c01]); // ldxr w1, [x0]
  assert.equal(m.x(1), 0x44332211n);
  m.exec([0x88037c01]); // stxr w3, w1, [x0]
  assert.equal(m.x(3), 0n);
});

test('LDXP/STXP of X and W pairs', () => {
  let m = withData();
  m.exec([0xc87f0801]); // ldxp x1, x2, [x0]
  assert.equal(m.x(1), 0x8877665544332211n);
  assert.equal(m.x(2), 0xffeeddccbbaa9988n);
  m.setX(1, 1n);
  m.setX(2, 2n);
  m.exec([0xc8230801]); // stxp w3, x1, x2, [x0]
  assert.equal(m.x(3), 0n);
  assert.equal(m.peek64(DATA), 1n);
  assert.equal(m.peek64(DATA + 8), 2n);
  m = withData();
  m.exec([0x887f8801]); // ldaxp w1, w2, [x0]
  assert.equal(m.x(1), 0x44332211n);
  assert.equal(m.x(2), 0x88776655n);
  m.setX(1, 0xaaaaaaaa0000000an);
  m.setX(2, 0xbn);
  m.exec([0x88238801]); // stlxp w3, w1, w2, [x0]
  assert.equal(m.x(3), 0n);
  assert.equal(m.peek64(DATA), 0x0000000b0000000an);
  m.exec([0x88238801]);
  assert.equal(m.x(3), 1n);
});

test('a misaligned exclusive raises an alignment fault and changes nothing', () => {
  const m = withData();
  m.setX(0, DATA + 4);
  m.setX(1, 0x55n);
  assert.deepEqual(m.exec([LDXR_X]), { kind: 'alignment', addr: DATA + 4 });
  assert.equal(m.x(1), 0x55n);
  m.setX(3, 0x66n);
  assert.deepEqual(m.exec([STXR_X]), { kind: 'alignment', addr: DATA + 4 });
  assert.equal(m.x(3), 0x66n);
  m.setX(0, DATA + 8);
  assert.equal(m.exec([0xc87f0801]).kind, 'alignment'); // ldxp x1, x2, [x0] needs 16
});

test('LDXR from an unmapped address faults and leaves the monitor disarmed', () => {
  const m = testMachine();
  m.setX(0, END);
  assert.equal(m.exec([LDXR_X]).kind, 'pageFault');
  m.setX(0, DATA);
  m.exec([STXR_X]);
  assert.equal(m.x(3), 1n);
});

test('a faulting STXR writes neither the status nor memory, and may be retried', () => {
  const m = readOnlyPageMachine(DATA);
  m.poke64(DATA, 7n);
  m.setX(0, DATA);
  m.exec([LDXR_X]);
  m.setX(1, 8n);
  m.setX(3, 0x99n);
  assert.equal(m.exec([STXR_X]).kind, 'pageFault');
  assert.equal(m.x(3), 0x99n);
  assert.equal(m.peek64(DATA), 7n);
});

test('LDAR/STLR and LDLAR/STLLR access memory like LDR/STR of their size', () => {
  const m = withData();
  m.setX(1, -1n);
  m.exec([0x08dffc01]); // ldarb w1, [x0]
  assert.equal(m.x(1), 0x11n);
  m.exec([0xc8dffc01]); // ldar x1, [x0]
  assert.equal(m.x(1), 0x8877665544332211n);
  m.exec([0xc8df7c01]); // ldlar x1, [x0]
  assert.equal(m.x(1), 0x8877665544332211n);
  m.setX(1, 0xaabbccddeeff0011n);
  m.exec([0x489ffc01]); // stlrh w1, [x0]
  assert.equal(m.peek64(DATA), 0x8877665544330011n);
  m.exec([0x889f7c01]); // stllr w1, [x0]
  assert.equal(m.peek64(DATA), 0x88776655eeff0011n);
});

test('a misaligned LDAR raises an alignment fault', () => {
  const m = withData();
  m.setX(0, DATA + 2);
  assert.equal(m.exec([0xc8dffc01]).kind, 'alignment'); // ldar x1, [x0]
  assert.equal(m.exec([0x889ffc01]).kind, 'alignment'); // stlr w1, [x0]
});

test('LDAPUR/STLUR use a signed unscaled offset and sign-extend like LDURS*', () => {
  const m = withData();
  m.setX(0, DATA + 8);
  m.exec([0xd95f8001]); // ldapur x1, [x0, #-8]
  assert.equal(m.x(1), 0x8877665544332211n);
  m.exec([0x19801001]); // ldapursb x1, [x0, #1]
  assert.equal(m.x(1), 0xffffffffffffff99n);
  m.exec([0x59c02001]); // ldapursh w1, [x0, #2]
  assert.equal(m.x(1), 0xffffbbaan);
  m.exec([0x99804001]); // ldapursw x1, [x0, #4]
  assert.equal(m.x(1), 0xffffffffffeeddccn);
  m.setX(1, 0x5an);
  m.exec([0x19003001]); // stlurb w1, [x0, #3]
  assert.equal(m.peek64(DATA + 8), 0xffeeddcc5aaa9988n);
  m.exec([0xd9008001]); // stlur x1, [x0, #8]
  assert.equal(m.peek64(DATA + 16), 0x5an);
});
