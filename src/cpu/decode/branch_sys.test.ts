import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBranchSys } from './branch_sys.js';

test('privileged, PAC and unimplemented branch/system encodings decode to null', () => {
  const words = [
    0xd4000002, // hvc
    0xd4000003, // smc
    0xd4400000, // hlt
    0xd4a00001, // dcps1
    0xd69f03e0, // eret
    0xd71f0f93, // brab
    0xd73f09a3, // blraa
    0xd65f0bff, // retaa
    0xd50342df, // msr daifset, #2
    0xd500401f, // cfinv (FlagM, not implemented)
    0xd53b4220, // mrs daif
    0xd5381000, // mrs sctlr_el1
    0x54000010, // bc.eq (FEAT_HBC)
    0x55000000, // b.cond with o1 = 1
    0xd61f0021, // br with op4 != 0
    0xd503307f, // barrier op2 = 3 (TCOMMIT space)
  ];
  for (const w of words) assert.equal(decodeBranchSys(w), null, w.toString(16));
});

test('SSBB and PSSBB (DSB #0, #4) are barriers, not undefined', () => {
  assert.notEqual(decodeBranchSys(0xd503309f), null);
  assert.notEqual(decodeBranchSys(0xd503349f), null);
});

test('the branch/system decoder never throws', () => {
  let s = 3;
  for (let k = 0; k < 200000; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    decodeBranchSys(((s & ~(0xf << 25)) | ((0b1010 | (k & 1)) << 25)) >>> 0);
  }
  for (let k = 0; k < 1 << 16; k++) decodeBranchSys((0xd5000000 | (k << 5) | (k & 31)) >>> 0);
});
