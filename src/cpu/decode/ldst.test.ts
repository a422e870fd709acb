import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLdSt } from './ldst.js';

// Words checked with aarch64-linux-gnu-objdump. Beyond these, 300000 random
// words of the group were compared with binutils: the decoder accepts exactly
// what binutils accepts, except the out-of-scope extensions below and the
// CONSTRAINED UNPREDICTABLE encodings that qemu also executes (LDAR with
// Rs/Rt2 != 11111, LDPSW with Rt == Rt2 or writeback into Rt).

test('MTE, PAC, MOPS and LS64 encodings of the group are not implemented', () => {
  const words = [
    0x6998e85c, // stgp x28, x26, [x2, #784]!
    0xf8380d56, // ldraa x22, [x10, #3072]!
    0xd9321d2e, // stg x14, [x9, #-3568]!
    0xd96822bc, // ldg x28, [x21, #2080]
    0xf833b0d0, // st64bv x19, x16, [x6]
    0x19000422, // cpyfp [x2]!, [x0]!, x1!
    0x19d70516, // setp [x22]!, x8!, x23
    0xd92003d2, // stzgm x18, [x30]
  ];
  for (const w of words) assert.equal(decodeLdSt(w), null, w.toString(16));
});

test('unallocated load/store encodings decode to null', () => {
  const words = [
    0xf8630841, // register offset with option 000
    0xf9c00441, // size 11, V 0, opc 11 (unsigned offset)
    0xb9c00441, // size 10, opc 11: LDRSW to W does not exist
    0x7d800441, // SIMD size 01 opc 10: no such Q form
    0xf8800841, // PRFM unprivileged form
    0xf8800c41, // PRFM pre-index form
    0xf8800441, // PRFM post-index form
    0xfc808841, // SIMD&FP unprivileged load does not exist
    0x0c408c00, // ld2 {v0.1d, v1.1d}: 1D with more than one element per structure
    0x0d405c00, // ld1 {v0.h}[..] with size<0> set
    0xac400000 | (3 << 30), // LDP opc 11
    0x68400c41, // LDNP of the LDPSW shape
    0x48207c83, // casp with an odd Rt
    0x4d40e400 | (1 << 12), // ld3r with S = 1
  ];
  for (const w of words) assert.equal(decodeLdSt(w >>> 0), null, (w >>> 0).toString(16));
});

test('every implemented class decodes to an op', () => {
  const words = [
    0xf9400441, // ldr x1, [x2, #8]
    0xf85fd041, // ldur x1, [x2, #-3]
    0xf8637841, // ldr x1, [x2, x3, lsl #3]
    0xf8635841, // ldr x1, [x2, w3, uxtw #3]
    0x58000081, // ldr x1, literal
    0xd8000200, // prfm literal
    0xa9410c41, // ldp x1, x3, [x2, #16]
    0xad410c41, // ldp q1, q3, [x2, #32]
    0xc85f7c01, // ldxr x1, [x0]
    0xc8230801, // stxp w3, x1, x2, [x0]
    0xc8dffc01, // ldar x1, [x0]
    0x88a17c02, // cas w1, w2, [x0]
    0x08227c04, // casp w2, w3, w4, w5, [x0]
    0xb8210002, // ldadd w1, w2, [x0]
    0xf8e18002, // swpal x1, x2, [x0]
    0xb8bfc001, // ldapr w1, [x0]
    0xd95f8001, // ldapur x1, [x0, #-8]
    0x4c400800, // ld4 {v0.4s-v3.4s}, [x0]
    0x4d60e000, // ld4r {v0.16b-v3.16b}, [x0]
    0x4dbf8000, // st2 {v0.s, v1.s}[2], [x0], #8
  ];
  for (const w of words) assert.notEqual(decodeLdSt(w >>> 0), null, (w >>> 0).toString(16));
});
