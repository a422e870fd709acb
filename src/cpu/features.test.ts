import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HWCAP, HWCAP2, HWCAP_ATOMICS, HWCAP_CPUID, HWCAP_CRC32, HWCAP_FP, HWCAP_ASIMD, ID_REGS } from './features.js';

function field(reg: number, shift: number): number {
  const v = ID_REGS.get(reg);
  assert.ok(v);
  return shift < 32 ? (v[0] >>> shift) & 15 : (v[1] >>> (shift - 32)) & 15;
}

const PFR0 = (4 << 3) | 0;
const ISAR0 = (6 << 3) | 0;

test('HWCAP advertises exactly FP, ASIMD, CRC32, LSE atomics and CPUID; HWCAP2 nothing', () => {
  assert.equal(HWCAP, 0x983);
  assert.equal(HWCAP2, 0);
});

test('the ID registers agree with HWCAP', () => {
  assert.equal(field(PFR0, 16) === 0, (HWCAP & HWCAP_FP) !== 0); // FP implemented
  assert.equal(field(PFR0, 20) === 0, (HWCAP & HWCAP_ASIMD) !== 0); // AdvSIMD implemented
  assert.equal(field(PFR0, 32), 0); // no SVE
  assert.equal(field(ISAR0, 16) === 1, (HWCAP & HWCAP_CRC32) !== 0);
  assert.equal(field(ISAR0, 20) === 2, (HWCAP & HWCAP_ATOMICS) !== 0);
  for (const shift of [4, 8, 12, 28, 32, 36, 40, 44, 48, 52, 56, 60]) assert.equal(field(ISAR0, shift), 0, `ISAR0 bit ${shift}`);
  assert.notEqual(HWCAP & HWCAP_CPUID, 0);
});
