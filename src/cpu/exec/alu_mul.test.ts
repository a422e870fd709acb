import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';

const BRK = 0xd4200000;

function exec(words: number[], regs: Record<number, bigint>) {
  const m = flatMachine(4);
  for (const [r, v] of Object.entries(regs)) m.cpu.setXBig(Number(r), v);
  m.load([...words, BRK]);
  assert.equal(m.run(1000).kind, 'breakpoint');
  return (n: number) => m.cpu.xBig(n);
}

const UMULH = 0x9bc27c20; // umulh x0, x1, x2
const SMULH = 0x9b427c20; // smulh x0, x1, x2
const MUL = 0x9b027c20; // mul x0, x1, x2
const MADD = 0x9b020c20; // madd x0, x1, x2, x3
const SMADDL = 0x9b220c20; // smaddl x0, w1, w2, x3
const UMULL = 0x9ba27c20; // umull x0, w1, w2
const M = (1n << 64n) - 1n;

test('UMULH and SMULH give the high half of the 128-bit product (values from qemu-aarch64)', () => {
  assert.equal(exec([UMULH], { 1: M, 2: M })(0), 0xfffffffffffffffen);
  assert.equal(exec([SMULH], { 1: M, 2: M })(0), 0n);
  assert.equal(exec([SMULH], { 1: 1n << 63n, 2: 1n << 63n })(0), 0x4000000000000000n);
  assert.equal(exec([SMULH], { 1: 1n << 63n, 2: 3n })(0), 0xfffffffffffffffen);
  assert.equal(exec([UMULH], { 1: 0x123456789abcdef0n, 2: 0xfedcba9876543210n })(0), 0x121fa00ad77d7422n);
  assert.equal(exec([SMULH], { 1: 0x123456789abcdef0n, 2: 0xfedcba9876543210n })(0), 0xffeb49923cc09532n);
});

test('UMULH matches BigInt on a spread of operands', () => {
  let s = 0x9e3779b97f4a7c15n;
  for (let k = 0; k < 50; k++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & M;
    const a = s;
    s = (s * 6364136223846793005n + 1442695040888963407n) & M;
    const b = s >> BigInt(k % 64);
    assert.equal(exec([UMULH], { 1: a, 2: b })(0), (a * b) >> 64n);
    const sa = BigInt.asIntN(64, a);
    const sb = BigInt.asIntN(64, b);
    assert.equal(exec([SMULH], { 1: a, 2: b })(0), BigInt.asUintN(64, (sa * sb) >> 64n));
    assert.equal(exec([MUL], { 1: a, 2: b })(0), (a * b) & M);
  }
});

test('MADD wraps at 64 bits', () => {
  assert.equal(exec([MADD], { 1: 1n << 63n, 2: 3n, 3: 1n << 63n })(0), 0n);
});

test('SMADDL sign-extends the W operands, UMULL zero-extends them', () => {
  assert.equal(exec([SMADDL], { 1: 0xffffffffn, 2: 0xffffffffn, 3: 10n })(0), 11n);
  assert.equal(exec([UMULL], { 1: 0xffffffffn, 2: 0xffffffffn })(0), 0xfffffffe00000001n);
});
