import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, END, testMachine } from './ldst_testing.js';
import { V_OFF } from '../state.js';

// Memory at DATA holds byte k = k; V[n] starts with every byte 0xa0 + n.
// Expected layouts are written out by hand from the Arm ARM pseudocode and
// were checked against qemu-aarch64 (64 structure forms, all V registers).

function setup() {
  const m = testMachine();
  m.poke(DATA, Array.from({ length: 128 }, (_, k) => k));
  for (let n = 0; n < 32; n++) m.cpu.u8.fill(0xa0 + n, V_OFF + 16 * n, V_OFF + 16 * n + 16);
  m.setX(0, DATA);
  return m;
}
function vb(m: ReturnType<typeof setup>, n: number): number[] {
  return Array.from(m.cpu.u8.subarray(V_OFF + 16 * n, V_OFF + 16 * n + 16));
}
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, k) => a + k);
const zeros = (k: number): number[] => new Array<number>(k).fill(0);
const fill = (n: number): number[] => new Array<number>(16).fill(0xa0 + n);

test('LD1 of one register loads 16 bytes, or 8 and zeroes the upper half', () => {
  let m = setup();
  m.exec([0x4c407000]); // ld1 {v0.16b}, [x0]
  assert.deepEqual(vb(m, 0), range(0, 16));
  m = setup();
  m.exec([0x0c407000]); // ld1 {v0.8b}, [x0]
  assert.deepEqual(vb(m, 0), [...range(0, 8), ...zeros(8)]);
  assert.deepEqual(vb(m, 1), fill(1));
});

test('LD1 of four registers fills consecutive registers whatever the arrangement', () => {
  const m = setup();
  m.exec([0x4c402400]); // ld1 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0]
  for (let r = 0; r < 4; r++) assert.deepEqual(vb(m, r), range(16 * r, 16 * r + 16));
  assert.deepEqual(vb(m, 4), fill(4));
});

test('LD1 register lists wrap from V31 to V0', () => {
  const m = setup();
  m.exec([0x0c40681e]); // ld1 {v30.2s, v31.2s, v0.2s}, [x0]
  assert.deepEqual(vb(m, 30), [...range(0, 8), ...zeros(8)]);
  assert.deepEqual(vb(m, 31), [...range(8, 16), ...zeros(8)]);
  assert.deepEqual(vb(m, 0), [...range(16, 24), ...zeros(8)]);
});

test('LD2 de-interleaves pairs of elements', () => {
  const m = setup();
  m.exec([0x0c408000]); // ld2 {v0.8b, v1.8b}, [x0]
  assert.deepEqual(vb(m, 0), [0, 2, 4, 6, 8, 10, 12, 14, ...zeros(8)]);
  assert.deepEqual(vb(m, 1), [1, 3, 5, 7, 9, 11, 13, 15, ...zeros(8)]);
});

test('LD3 de-interleaves triples of halfwords', () => {
  const m = setup();
  m.exec([0x0c404400]); // ld3 {v0.4h, v1.4h, v2.4h}, [x0]
  assert.deepEqual(vb(m, 0), [0, 1, 6, 7, 12, 13, 18, 19, ...zeros(8)]);
  assert.deepEqual(vb(m, 1), [2, 3, 8, 9, 14, 15, 20, 21, ...zeros(8)]);
  assert.deepEqual(vb(m, 2), [4, 5, 10, 11, 16, 17, 22, 23, ...zeros(8)]);
});

test('LD4 de-interleaves quadruples of words', () => {
  const m = setup();
  m.exec([0x4c400800]); // ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0]
  for (let s = 0; s < 4; s++) {
    const expect = [0, 1, 2, 3].flatMap((e) => range(16 * e + 4 * s, 16 * e + 4 * s + 4));
    assert.deepEqual(vb(m, s), expect, `v${s}`);
  }
});

test('LD4 with a list starting at V31 wraps to V0', () => {
  const m = setup();
  m.exec([0x4c40001f]); // ld4 {v31.16b, v0.16b, v1.16b, v2.16b}, [x0]
  assert.deepEqual(vb(m, 31), range(0, 16).map((e) => 4 * e));
  assert.deepEqual(vb(m, 0), range(0, 16).map((e) => 4 * e + 1));
  assert.deepEqual(vb(m, 2), range(0, 16).map((e) => 4 * e + 3));
  assert.deepEqual(vb(m, 3), fill(3));
});

test('LD2 of 2D elements and LD3 of 2S elements', () => {
  let m = setup();
  m.exec([0x4c408c00]); // ld2 {v0.2d, v1.2d}, [x0]
  assert.deepEqual(vb(m, 0), [...range(0, 8), ...range(16, 24)]);
  assert.deepEqual(vb(m, 1), [...range(8, 16), ...range(24, 32)]);
  m = setup();
  m.exec([0x0c404800]); // ld3 {v0.2s, v1.2s, v2.2s}, [x0]
  assert.deepEqual(vb(m, 1), [...range(4, 8), ...range(16, 20), ...zeros(8)]);
});

test('single-lane loads change only their lane', () => {
  let m = setup();
  m.exec([0x4d408000]); // ld1 {v0.s}[2], [x0]
  assert.deepEqual(vb(m, 0), [...fill(0).slice(0, 8), 0, 1, 2, 3, ...fill(0).slice(12)]);
  m = setup();
  m.exec([0x4d407800]); // ld3 {v0.h, v1.h, v2.h}[7], [x0]
  for (let s = 0; s < 3; s++) assert.deepEqual(vb(m, s), [...fill(s).slice(0, 14), 2 * s, 2 * s + 1]);
  m = setup();
  m.exec([0x4d602400]); // ld4 {v0.b, v1.b, v2.b, v3.b}[9], [x0]
  for (let s = 0; s < 4; s++) assert.equal(vb(m, s)[9], s);
  assert.equal(vb(m, 0)[8], 0xa0);
  m = setup();
  m.exec([0x4d408400]); // ld1 {v0.d}[1], [x0]
  assert.deepEqual(vb(m, 0), [...fill(0).slice(0, 8), ...range(0, 8)]);
});

test('LD1R-LD4R replicate one structure to every lane', () => {
  let m = setup();
  m.exec([0x4d40c800]); // ld1r {v0.4s}, [x0]
  assert.deepEqual(vb(m, 0), [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
  m = setup();
  m.exec([0x0d60e800]); // ld4r {v0.2s, v1.2s, v2.2s, v3.2s}, [x0]
  for (let s = 0; s < 4; s++) {
    const w = range(4 * s, 4 * s + 4);
    assert.deepEqual(vb(m, s), [...w, ...w, ...zeros(8)]);
  }
  m = setup();
  m.exec([0x0d40c000]); // ld1r {v0.8b}, [x0]
  assert.deepEqual(vb(m, 0), [...zeros(16)]);
  m.poke(DATA, [0x5c]);
  m.exec([0x4d60e000]); // ld4r {v0.16b, v1.16b, v2.16b, v3.16b}, [x0]
  assert.deepEqual(vb(m, 0), new Array<number>(16).fill(0x5c));
  assert.deepEqual(vb(m, 3), new Array<number>(16).fill(3));
});

test('post-index by immediate adds the bytes transferred, by register adds Xm', () => {
  let m = setup();
  m.exec([0x4cdf7000]); // ld1 {v0.16b}, [x0], #16
  assert.equal(m.x(0), BigInt(DATA + 16));
  m = setup();
  m.exec([0x0ddfe400]); // ld3r {v0.4h, v1.4h, v2.4h}, [x0], #6
  assert.equal(m.x(0), BigInt(DATA + 6));
  assert.deepEqual(vb(m, 2), [4, 5, 4, 5, 4, 5, 4, 5, ...zeros(8)]);
  m = setup();
  m.setX(1, 48);
  m.exec([0x4cc10800]); // ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0], x1
  assert.equal(m.x(0), BigInt(DATA + 48));
  m = setup();
  m.setX(1, -2n);
  m.exec([0x0de15800]); // ld2 {v0.h, v1.h}[3], [x0], x1
  assert.equal(m.x(0), BigInt(DATA - 2));
  assert.deepEqual(vb(m, 1).slice(6, 8), [2, 3]);
});

test('ST2 and ST4 interleave registers into memory', () => {
  let m = setup();
  m.setV(0, 0x0f0e0d0c0b0a09080706050403020100n);
  m.setV(1, 0x1f1e1d1c1b1a19181716151413121110n);
  m.exec([0x0c008000]); // st2 {v0.8b, v1.8b}, [x0]
  assert.deepEqual(m.peek(DATA, 17), [0, 0x10, 1, 0x11, 2, 0x12, 3, 0x13, 4, 0x14, 5, 0x15, 6, 0x16, 7, 0x17, 16]);
  m = setup();
  m.exec([0x0c000800]); // st4 {v0.2s, v1.2s, v2.2s, v3.2s}, [x0]
  const expect = [0, 1, 2, 3, 0, 1, 2, 3].flatMap((s) => [0xa0 + s, 0xa0 + s, 0xa0 + s, 0xa0 + s]);
  assert.deepEqual(m.peek(DATA, 33), [...expect, 32]);
});

test('ST3 of 2D and ST1 of four registers write in order', () => {
  let m = setup();
  m.exec([0x4c004c00]); // st3 {v0.2d, v1.2d, v2.2d}, [x0]
  assert.deepEqual(m.peek(DATA, 48), [0, 1, 2, 0, 1, 2].flatMap((s) => new Array<number>(8).fill(0xa0 + s)));
  m = setup();
  m.exec([0x4c002000]); // st1 {v0.16b-v3.16b}, [x0]
  assert.deepEqual(m.peek(DATA, 65), [...fill(0), ...fill(1), ...fill(2), ...fill(3), 64]);
});

test('single-lane stores write one structure', () => {
  const m = setup();
  m.setV(0, 0x0f0e0d0c0b0a09080706050403020100n);
  m.setV(1, 0x1f1e1d1c1b1a19181716151413121110n);
  m.exec([0x0d207000]); // st4 {v0.h, v1.h, v2.h, v3.h}[2], [x0]
  assert.deepEqual(m.peek(DATA, 9), [4, 5, 0x14, 0x15, 0xa2, 0xa2, 0xa3, 0xa3, 8]);
  m.exec([0x4dbf8000]); // st2 {v0.s, v1.s}[2], [x0], #8
  assert.deepEqual(m.peek(DATA, 9), [8, 9, 10, 11, 0x18, 0x19, 0x1a, 0x1b, 8]);
  assert.equal(m.x(0), BigInt(DATA + 8));
});

test('structure loads and stores cross pages and take SP as the base', () => {
  const m = setup();
  m.poke(DATA + 4096 - 8, range(0x40, 0x50));
  m.setX(31, DATA + 4096 - 8);
  m.exec([0x4c4073e0]); // ld1 {v0.16b}, [sp]
  assert.deepEqual(vb(m, 0), range(0x40, 0x50));
  m.setX(0, DATA + 4096 - 24);
  m.exec([0x4c9fa000]); // st1 {v0.16b, v1.16b}, [x0], #32
  assert.deepEqual(m.peek(DATA + 4096 - 24, 32), [...range(0x40, 0x50), ...fill(1)]);
  assert.equal(m.x(0), BigInt(DATA + 4096 + 8));
});

test('a structure load that faults changes no register and no base', () => {
  const m = setup();
  m.setX(0, END - 32);
  m.setX(1, 64);
  const exit = m.exec([0x4cc10800]); // ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0], x1
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 1, reason: 'unmapped' });
  for (let s = 0; s < 4; s++) assert.deepEqual(vb(m, s), fill(s));
  assert.equal(m.x(0), BigInt(END - 32));
});

test('a structure store that faults writes nothing', () => {
  const m = setup();
  m.poke(END - 16, zeros(16));
  m.setX(0, END - 16);
  const exit = m.exec([0x4c9fa000]); // st1 {v0.16b, v1.16b}, [x0], #32
  assert.deepEqual(exit, { kind: 'pageFault', addr: END, access: 2, reason: 'unmapped' });
  assert.deepEqual(m.peek(END - 16, 16), zeros(16));
  assert.equal(m.x(0), BigInt(END - 16));
});
