import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDpReg } from './dp_reg.js';

test('unallocated and unimplemented data-processing-register encodings decode to null', () => {
  const words = [
    0x1ad8605d, // smax (CSSC)
    0x5ac02295, // abs (CSSC)
    0xdac01c1d, // cnt (CSSC)
    0x9acd325d, // pacga
    0xdac114d5, // autib
    0xba1e06c5, // rmif (FlagM)
    0x9ac216dd, // gmi (MTE)
    0x0b008000, // add w, shifted, imm6 = 32
    0x8bc00000, // add shifted with shift = 11
    0x8b201400, // add extended with imm3 = 5
    0x8b600000, // add extended with opt != 0
    0x1ac14c00, // crc32x with sf = 0
    0x9ac14000, // crc32b with sf = 1
    0x5ac00c00, // rev (64-bit opcode) with sf = 0
    0x3a400400, // ccmn with o2 = 1
    0x3a400010, // ccmn with o3 = 1
    0x1a400000, // ccmn with S = 0
    0x1b200000, // smaddl with sf = 0
    0x9b408000, // smulh with o0 = 1
    0x9be00000, // op31 = 111
    0x3a0008e0, // adc-space with op3 != 0 (SETF8 form)
    0x1a800800, // csel with op2 = 1x
    0x3a800000, // cond select with S = 1
  ];
  for (const w of words) assert.equal(decodeDpReg(w), null, w.toString(16));
});

test('the register decoder never throws', () => {
  let s = 7;
  for (let k = 0; k < 200000; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    decodeDpReg(((s & ~(0x7 << 25)) | (0b101 << 25)) >>> 0);
  }
});
