import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';

const BRK = 0xd4200000;

function exec(words: number[], regs: Record<number, bigint>) {
  const m = flatMachine(4);
  for (const [r, v] of Object.entries(regs)) m.cpu.setXBig(Number(r), v);
  m.load([...words, BRK]);
  const exit = m.run(100000);
  assert.equal(exit.kind, 'breakpoint');
  return (n: number) => m.cpu.xBig(n);
}

const UDIV_X = 0x9ac20820; // udiv x0, x1, x2
const SDIV_X = 0x9ac20c20; // sdiv x0, x1, x2
const SDIV_W = 0x1ac20c20; // sdiv w0, w1, w2
const UDIV_W = 0x1ac20820; // udiv w0, w1, w2

test('division by zero gives zero, signed and unsigned, W and X', () => {
  for (const w of [UDIV_X, SDIV_X, SDIV_W, UDIV_W]) assert.equal(exec([w], { 0: 7n, 1: 12345n, 2: 0n })(0), 0n);
});

test('SDIV of the most negative value by -1 gives the most negative value', () => {
  assert.equal(exec([SDIV_X], { 1: 0x8000000000000000n, 2: 0xffffffffffffffffn })(0), 0x8000000000000000n);
  assert.equal(exec([SDIV_W], { 1: 0x80000000n, 2: 0xffffffffn })(0), 0x80000000n);
});

test('64-bit division beyond 2^53 is exact (values from qemu-aarch64)', () => {
  assert.equal(exec([UDIV_X], { 1: 0xfedcba9876543210n, 2: 0x12345n })(0), 0xe0004fa01c4dn);
  assert.equal(exec([SDIV_X], { 1: 0xfedcba9876543210n, 2: 0x12345n })(0), 0xfffffeffffa4ffe0n);
});

test('64-bit division near 2^52 rounds toward zero exactly', () => {
  assert.equal(exec([SDIV_X], { 1: 0x001fffffffffffffn, 2: 3n })(0), 0xaaaaaaaaaaaaan);
  assert.equal(exec([SDIV_X], { 1: BigInt.asUintN(64, -0x000fffffffffffffn), 2: 7n })(0), 0xfffdb6db6db6db6en);
  // Quotients whose double rounding lands on the next integer.
  const a = (1n << 52n) - 1n;
  for (const b of [3n, 5n, 7n, 0xfffffn, a - 1n, a]) {
    assert.equal(exec([UDIV_X], { 1: a, 2: b })(0), a / b);
    assert.equal(exec([SDIV_X], { 1: BigInt.asUintN(64, -a), 2: b })(0), BigInt.asUintN(64, -(a / b)));
  }
});

test('SDIV W rounds toward zero', () => {
  assert.equal(exec([SDIV_W], { 1: BigInt.asUintN(32, -7n), 2: 2n })(0), BigInt.asUintN(32, -3n));
});

function crcProgram(bytes: number[], castagnoli: boolean): number[] {
  const words = [0x12800000]; // movn w0, #0 (w0 = 0xffffffff)
  for (const b of bytes) words.push(0xd2800001 | (b << 5), castagnoli ? 0x1ac15000 : 0x1ac14000);
  words.push(0x2a2003e0); // mvn w0, w0
  return words;
}

const CHECK = [...'123456789'].map((ch) => ch.charCodeAt(0));

test('CRC32B over "123456789" gives the CRC-32 check value 0xcbf43926', () => {
  assert.equal(exec(crcProgram(CHECK, false), {})(0), 0xcbf43926n);
});

test('CRC32CB over "123456789" gives the CRC-32C check value 0xe3069283', () => {
  assert.equal(exec(crcProgram(CHECK, true), {})(0), 0xe3069283n);
});

test('CRC32X and CRC32CX consume eight bytes, least significant first', () => {
  // "12345678" as a little-endian doubleword, then "9" with CRC32B/CB.
  const d = 0x3837363534333231n;
  const run = (x: number, b: number) =>
    exec([0x12800000, x, 0xd2800721, b, 0x2a2003e0], { 1: d }); // movn; crc32x; mov x1,#'9'; crc32b; mvn
  assert.equal(run(0x9ac14c00, 0x1ac14000)(0), 0xcbf43926n);
  assert.equal(run(0x9ac15c00, 0x1ac15000)(0), 0xe3069283n);
});

test('CRC32H and CRC32W agree with the byte-at-a-time CRC', () => {
  const bytes = [0x31, 0x32, 0x33, 0x34];
  const byByte = exec(crcProgram(bytes, false), {})(0);
  // movn w0,#0 ; crc32h w0,w0,w1 (x1 = "12") ; crc32h w0,w0,w2 (x2 = "34") ; mvn
  const byHalf = exec([0x12800000, 0x1ac14400, 0x1ac24400, 0x2a2003e0], { 1: 0x3231n, 2: 0x3433n })(0);
  const byWord = exec([0x12800000, 0x1ac14800, 0x2a2003e0], { 1: 0x34333231n })(0);
  assert.equal(byHalf, byByte);
  assert.equal(byWord, byByte);
});

test('variable shifts use the amount modulo the register size', () => {
  // lslv x0, x1, x2 with 65 = 1; lsrv w0, w1, w2 with 33 = 1
  assert.equal(exec([0x9ac22020], { 1: 1n, 2: 65n })(0), 2n);
  assert.equal(exec([0x1ac22420], { 1: 0x80000000n, 2: 33n })(0), 0x40000000n);
});
