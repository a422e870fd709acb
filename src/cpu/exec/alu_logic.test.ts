import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';
import { decodeBitMasks } from './alu_common.js';

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

function mask64(m: [number, number, number, number] | null): bigint | null {
  if (m === null) return null;
  return (BigInt(m[1] >>> 0) << 32n) | BigInt(m[0] >>> 0);
}

test('DecodeBitMasks gives the replicated, rotated run of ones', () => {
  assert.equal(mask64(decodeBitMasks(1, 0b000111, 0, true, 64)), 0xffn);
  assert.equal(mask64(decodeBitMasks(0, 0b111100, 0, true, 64)), 0x5555555555555555n);
  assert.equal(mask64(decodeBitMasks(0, 0b100111, 8, true, 64)), 0xff00ff00ff00ff00n);
  assert.equal(mask64(decodeBitMasks(1, 0b111110, 1, true, 64)), 0xbfffffffffffffffn);
});

test('DecodeBitMasks rejects all-ones elements and the empty element size', () => {
  assert.equal(decodeBitMasks(1, 0b111111, 0, true, 64), null);
  assert.equal(decodeBitMasks(0, 0b111111, 0, true, 32), null);
  assert.equal(decodeBitMasks(0, 0b111101, 0, true, 32), null);
});

test('AND with a bitmask immediate keeps the selected bytes', () => {
  const r = exec([0x92089c20], { 1: 0x123456789abcdef0n }); // and x0, x1, #0xff00ff00ff00ff00
  assert.equal(r.x(0), 0x120056009a00de00n);
});

test('MOV (bitmask immediate) writes the alternating pattern', () => {
  const r = exec([0xb201f3e0], {}); // mov x0, #0xaaaaaaaaaaaaaaaa
  assert.equal(r.x(0), 0xaaaaaaaaaaaaaaaan);
});

test('ORR with an immediate may write SP', () => {
  const r = exec([0xb2400c3f, 0x910003e0], { 1: 0x1000n }); // orr sp, x1, #0xf ; mov x0, sp
  assert.equal(r.x(0), 0x100fn);
});

test('MOVK replaces only its 16-bit field', () => {
  const r = exec([0xf2c24680], { 0: 0xffffffffffffffffn }); // movk x0, #0x1234, lsl #32
  assert.equal(r.x(0), 0xffff1234ffffffffn);
});

test('MOVK W clears the upper half of X', () => {
  const r = exec([0x72824680], { 0: 0xffffffffffffffffn }); // movk w0, #0x1234
  assert.equal(r.x(0), 0xffff1234n);
});

test('BFI inserts a field and keeps the other destination bits', () => {
  const r = exec([0xb3781c20], { 0: 0xffffffffffffffffn, 1: 0x12n }); // bfi x0, x1, #8, #8
  assert.equal(r.x(0), 0xffffffffffff12ffn);
});

test('LSR #60 (UBFM) extracts the top nibble', () => {
  const r = exec([0xd37cfc20], { 1: 0xa000000000000000n });
  assert.equal(r.x(0), 0xan);
});

test('SBFX W of one bit gives 0 or all ones in W only', () => {
  assert.equal(exec([0x13000020], { 1: 1n }).x(0), 0xffffffffn); // sbfx w0, w1, #0, #1
  assert.equal(exec([0x13000020], { 1: 2n }).x(0), 0n);
});

test('LSL #4 carries bits from the low word into the high word', () => {
  const r = exec([0xd37cec20], { 1: 0xf0000001n });
  assert.equal(r.x(0), 0xf00000010n);
});

test('EXTR takes the low bits of Rn above the high bits of Rm', () => {
  const r = exec([0x93c21020], { 1: 0x5n, 2: 0x123456789abcdef0n }); // extr x0, x1, x2, #4
  assert.equal(r.x(0), 0x5123456789abcdefn);
});

test('logical immediate ops leave the flags alone, ANDS sets N and Z and clears C and V', () => {
  assert.equal(exec([0x92089c20], { 1: 0n }, 0x30000000).flags, 0b0011);
  // ands x0, x1, #0x8000000000000000
  assert.equal(exec([0xf2410020], { 1: 0x8000000000000000n }, 0x30000000).flags, 0b1000);
  assert.equal(exec([0xf2410020], { 1: 1n }, 0x30000000).flags, 0b0100);
});

/** DecodeBitMasks transcribed from the Arm ARM pseudocode, on BigInt. */
function referenceBitMasks(n: number, imms: number, immr: number, immediate: boolean, datasize: number): bigint[] | null {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1 || 1 << len > datasize) return null;
  const esize = 1 << len;
  const levels = esize - 1;
  if (immediate && (imms & levels) === levels) return null;
  const s = imms & levels;
  const r = immr & levels;
  const ones = (k: number): bigint => (1n << BigInt(k)) - 1n;
  const welem = ones(s + 1);
  const rot = r === 0 ? welem : ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & ones(esize);
  let w = 0n;
  let t = 0n;
  for (let k = 0; k < datasize; k += esize) {
    w |= rot << BigInt(k);
    t |= ones(((s - r) & levels) + 1) << BigInt(k);
  }
  return [w, t];
}

test('DecodeBitMasks matches the Arm ARM pseudocode for every N, imms, immr and size', () => {
  for (const size of [32, 64]) {
    const m = size === 64 ? (1n << 64n) - 1n : (1n << 32n) - 1n;
    for (const n of [0, 1])
      for (let imms = 0; imms < 64; imms++)
        for (let immr = 0; immr < 64; immr++)
          for (const immediate of [true, false]) {
            const got = decodeBitMasks(n, imms, immr, immediate, size);
            const want = referenceBitMasks(n, imms, immr, immediate, size);
            if (want === null || got === null) {
              assert.equal(got, want);
              continue;
            }
            const w = ((BigInt(got[1] >>> 0) << 32n) | BigInt(got[0] >>> 0)) & m;
            const t = ((BigInt(got[3] >>> 0) << 32n) | BigInt(got[2] >>> 0)) & m;
            assert.deepEqual([w, t], want, `N=${n} imms=${imms} immr=${immr} size=${size}`);
          }
  }
});
