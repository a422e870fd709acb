import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';
import { FPSR_OFF, V_OFF } from '../state.js';

const Q = 1 << 30;

function fresh() {
  const m = flatMachine(2);
  for (let r = 0; r < 32; r++) for (let k = 0; k < 16; k++) m.cpu.u8[V_OFF + 16 * r + k] = (r * 16 + k * 7 + 1) & 0xff;
  return m;
}

function vBytes(m: ReturnType<typeof flatMachine>, r: number): number[] {
  return Array.from(m.cpu.u8.subarray(V_OFF + 16 * r, V_OFF + 16 * r + 16));
}

function decodesAsUndefined(word: number): boolean {
  const m = fresh();
  m.load([word >>> 0]);
  const exit = m.run(1);
  return exit.kind === 'undefined' && exit.word === word >>> 0;
}

test('reserved Advanced SIMD encodings stop with an undefined-instruction exit', () => {
  const reserved: [string, number][] = [
    ['ADD with 64-bit elements and Q=0', 0x4ee28420 & ~Q],
    ['DUP (element) with imm5 = 0', 0x4e0b0420 & ~(0x1f << 16)],
    ['UMOV of a D element into a W register', 0x4e183c20 & ~Q],
    ['EXT .8B with an index of 8', (0x2e023820 & ~(0xf << 11)) | (8 << 11)],
    ['FMOV (vector, immediate) double with Q=0', 0x6f02f400 & ~Q],
    ['SSHR with 64-bit elements and Q=0', 0x4f7d0420 & ~Q],
    ['SHRN from 128-bit elements (immh = 1xxx)', 0x0f3f8420 | (1 << 22)],
    ['FADD with double elements and Q=0', 0x4e62d420 & ~Q],
    ['PMULL with 16-bit elements', 0x0e22e020 | (1 << 22)],
    ['ADDV over two S elements', 0x4eb1b820 & ~Q],
  ];
  for (const [what, word] of reserved) assert.ok(decodesAsUndefined(word), what);
});

test('a Q=0 vector op writes the low 64 bits and zeroes the upper 64 bits', () => {
  const m = fresh();
  m.load([0x0e228420, 0]); // ADD v0.8b, v1.8b, v2.8b
  m.run();
  const v0 = vBytes(m, 0);
  const v1 = vBytes(m, 1);
  const v2 = vBytes(m, 2);
  for (let k = 0; k < 8; k++) assert.equal(v0[k], (v1[k] + v2[k]) & 0xff);
  assert.deepEqual(v0.slice(8), [0, 0, 0, 0, 0, 0, 0, 0]);
});

test('a scalar SIMD op zeroes every byte above its element', () => {
  const m = fresh();
  m.cpu.u8[V_OFF + 16 * 1] = 0x00;
  m.cpu.u8[V_OFF + 16 * 1 + 1] = 0x01; // H1 = 0x0100 saturates to 0x7f
  m.load([0x5e214820, 0]); // SQXTN b0, h1
  m.run();
  assert.deepEqual(vBytes(m, 0), [0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal((m.cpu.i32[FPSR_OFF >> 2] >>> 27) & 1, 1);
});

test('FPSR.QC stays set across a saturating op that does not saturate', () => {
  const m = fresh();
  for (let k = 0; k < 32; k++) m.cpu.u8[V_OFF + 16 + k] = 1;
  m.cpu.i32[FPSR_OFF >> 2] = 1 << 27;
  m.load([0x4e220c20, 0]); // SQADD v0.16b, v1.16b, v2.16b
  m.run();
  assert.deepEqual(vBytes(m, 0), new Array(16).fill(2));
  assert.equal(m.cpu.i32[FPSR_OFF >> 2], 1 << 27);
});

test('SQADD sets FPSR.QC when a lane saturates and leaves it clear otherwise', () => {
  const m = fresh();
  for (let k = 0; k < 32; k++) m.cpu.u8[V_OFF + 16 + k] = 1;
  m.load([0x4e220c20, 0]);
  m.run();
  assert.equal(m.cpu.i32[FPSR_OFF >> 2], 0);
  m.cpu.u8[V_OFF + 16 + 5] = 0x7f;
  m.cpu.pc = 0x400000;
  m.run();
  assert.equal(m.cpu.u8[V_OFF + 5], 0x7f);
  assert.equal(m.cpu.i32[FPSR_OFF >> 2], 1 << 27);
});

test('UMOV to WZR discards the value and leaves X registers alone', () => {
  const m = fresh();
  m.cpu.setX(0, 0x1234, 0x5678);
  m.load([0x0e0f3c3f, 0]); // UMOV wzr, v1.b[7]
  m.run();
  assert.equal(m.cpu.xBig(0), 0x0000567800001234n);
  assert.equal(m.cpu.xBig(32), 0n);
});

test('64-bit compares against zero, ABS and NEG handle zero, -1, the minimum and positive lanes', () => {
  const inputs: [bigint, bigint][] = [
    [0n, 0xffffffffffffffffn],
    [0x8000000000000000n, 1n],
    [0x0000000100000000n, 0xffffffff00000000n],
  ];
  const asSigned = (v: bigint): bigint => BigInt.asIntN(64, v);
  const ops: [number, (v: bigint) => bigint][] = [
    [0x4ee08820, (v) => (asSigned(v) > 0n ? -1n : 0n)], // CMGT #0
    [0x6ee08820, (v) => (asSigned(v) >= 0n ? -1n : 0n)], // CMGE #0
    [0x6ee09820, (v) => (asSigned(v) <= 0n ? -1n : 0n)], // CMLE #0
    [0x4ee09820, (v) => (v === 0n ? -1n : 0n)], // CMEQ #0
    [0x4ee0a820, (v) => (asSigned(v) < 0n ? -1n : 0n)], // CMLT #0
    [0x4ee0b820, (v) => (asSigned(v) < 0n ? -asSigned(v) : v)], // ABS
    [0x6ee0b820, (v) => -v], // NEG
  ];
  for (const [word, f] of ops) {
    for (const [a, b] of inputs) {
      const m = fresh();
      m.cpu.dv.setBigUint64(V_OFF + 16, a, true);
      m.cpu.dv.setBigUint64(V_OFF + 24, b, true);
      m.load([word, 0]);
      m.run();
      assert.equal(m.cpu.dv.getBigUint64(V_OFF, true), BigInt.asUintN(64, f(a)), `0x${word.toString(16)} lane 0 of ${a}`);
      assert.equal(m.cpu.dv.getBigUint64(V_OFF + 8, true), BigInt.asUintN(64, f(b)), `0x${word.toString(16)} lane 1 of ${b}`);
    }
  }
});
