import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAT_BASE, flatMachine, type FlatMachine } from '../testing/flat_machine.js';
import { CONTEXT_SIZE, FPCR_OFF, FPSR_OFF, FRAME_BASE, PAGE_SIZE, TMP_OFF, V_OFF, ZR_WRITE } from '../state.js';
import { module } from './wasm.js';
import { REGION_PARAMS, REGION_RESULTS, translateRegion } from './translate.js';
import { HOT } from './jit.js';
import { decodeFp } from '../decode/fp.js';
import { decodeSimd } from '../decode/simd.js';

const PAGES = 64;
const DATA = FLAT_BASE + 20 * PAGE_SIZE;

/** A small deterministic PRNG (xorshift32), so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

type Gen = (r: () => number) => number;

/** Mostly defined encodings: retry a SIMD&FP template a few times until the interpreter decodes the word. */
function defined(g: Gen): Gen {
  return (r) => {
    let w = g(r);
    for (let k = 0; k < 8 && (decodeFp(w >>> 0) ?? decodeSimd(w >>> 0)) === null; k++) w = g(r);
    return w;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[r() % xs.length];
const base = (r: () => number): number => pick(r, [0, 1, 2, 3, 31, 0, 1, r() & 31]);

/** Instruction templates: fixed bits | random fields, per encoding group. */
const RAW_GROUPS: Record<string, Gen[]> = {
  alu: [
    (r) => 0x11000000 | (r() & 0xe07fffff), // add/sub immediate
    (r) => 0x12000000 | (r() & 0xe07fffff), // logical immediate
    (r) => 0x12800000 | (r() & 0xe07fffff), // move wide
    (r) => 0x13000000 | (r() & 0xe07fffff), // bitfield
    (r) => 0x13800000 | (r() & 0x805fffff), // extract
    (r) => 0x10000000 | (r() & 0xe0ffffff), // adr, adrp
    (r) => 0x0a000000 | (r() & 0xe0ffffff), // logical shifted register
    (r) => 0x0b000000 | (r() & 0xe0dfffff), // add/sub shifted register
    (r) => 0x0b200000 | (r() & 0xe01fffff), // add/sub extended register
    (r) => 0x1a000000 | (r() & 0xe01f03ff), // adc/sbc
    (r) => 0x3a400000 | (r() & 0xc01ffbef), // ccmp/ccmn
    (r) => 0x1a800000 | (r() & 0xc01ff7ff), // csel family
    (r) => 0x1ac00000 | (r() & 0x801f03ff) | (pick(r, [2, 3, 8, 9, 10, 11]) << 10), // div, shifts
    (r) => 0x5ac00000 | (r() & 0x800003ff) | (pick(r, [0, 1, 2, 3, 4, 5]) << 10), // data-processing 1 source
    (r) => 0x1b000000 | (r() & 0x801fffff) | (pick(r, [0, 1, 5, 2, 6]) << 21), // multiply
  ],
  branch: [
    (r) => 0x54000000 | ((1 + (r() % 4)) << 5) | (r() & 15), // b.cond forward
    (r) => 0x34000000 | (r() & 0x81000000) | ((1 + (r() % 4)) << 5) | (r() & 31), // cbz/cbnz
    (r) => 0x36000000 | (r() & 0x81f8001f) | ((1 + (r() % 4)) << 5), // tbz/tbnz
    () => 0xd503201f, // nop
  ],
  ext: [
    (r) => 0xd53bd040 | (r() & 31), // mrs xt, tpidr_el0
    (r) => 0xd51bd040 | (r() & 31), // msr tpidr_el0, xt
    (r) => pick(r, [0x1e260000, 0x1e270000, 0x9e660000, 0x9e670000, 0x9eae0000, 0x9eaf0000]) | (r() & 0x3ff), // fmov
    (r) => 0x0e201c00 | (r() & 0x60df03ff), // vector and/bic/orr/orn/eor/bsl...
    (r) => 0x0e000c00 | (r() & 0x401f03ff), // dup (general)
    (r) => 0x1e202000 | (r() & 0x005f03e0) | (r() & 0x18), // fcmp, fcmpe
    (r) => 0x9b407c00 | (r() & 0x009f03ff), // smulh, umulh
    (r) => 0x5ac00000 | (r() & 0x800003ff) | (pick(r, [1, 2, 3]) << 10), // rev16, rev32, rev
    (r) => 0x1e204000 | (r() & 0x004003ff), // fmov sd, sn / dd, dn
    (r) => 0x0f000400 | (r() & 0x6000f01f), // movi #0 (and non-zero forms left to the interpreter)
  ],
  fp: [
    (r) => 0x1e200800 | (r() & 0x00dff3ff), // FP data-processing 2 source
    (r) => 0x1e204000 | (r() & 0x00df83ff), // FP data-processing 1 source
    (r) => 0x1f000000 | (r() & 0x00ffffff), // FP data-processing 3 source (FMADD...)
    (r) => 0x1e202000 | (r() & 0x00df03f8) | (r() & 0x18), // FCMP, FCMPE
    (r) => 0x1e200400 | (r() & 0x00dff3ff), // FCCMP, FCCMPE
    (r) => 0x1e200c00 | (r() & 0x00dff3ff), // FCSEL
    (r) => 0x1e200000 | (r() & 0x80df03ff), // conversions to and from general registers
    (r) => 0x1e000000 | (r() & 0x80dfffff), // fixed-point conversions
    (r) => 0x1e201000 | (r() & 0x00dfe01f), // FMOV immediate
  ],
  fpcommon: [
    (r) => pick(r, [0x1e602800, 0x1e603800, 0x1e600800, 0x1e601800, 0x1e202800, 0x1e200800]) | (r() & 0x001f03ff), // FADD, FSUB, FMUL, FDIV
    (r) => pick(r, [0x1e61c000, 0x1e60c000, 0x1e614000, 0x1e604000]) | (r() & 0x3ff), // FSQRT, FABS, FNEG, FMOV
    (r) => 0x1f400000 | (r() & 0x003fffff), // FMADD, FMSUB, FNMADD, FNMSUB (double)
    (r) => 0x1e602000 | (r() & 0x001f03e0) | (r() & 0x18), // FCMP, FCMPE (double)
    (r) => 0x4e60cc00 | (r() & 0x009f03ff), // FMLA, FMLS (vector, 2D)
  ],
  simd: [
    (r) => 0x0e200400 | (r() & 0x60dffbff), // three same
    (r) => 0x0e200000 | (r() & 0x60dff3ff), // three different
    (r) => 0x0f000400 | (r() & 0x607ffbff), // shift by immediate, modified immediate
    (r) => 0x0e200800 | (r() & 0x60c1f3ff), // two-register misc
    (r) => 0x0e300800 | (r() & 0x60c1f3ff), // across lanes
    (r) => 0x0e000400 | (r() & 0x601f7bff), // copy (DUP, INS, UMOV, SMOV)
    (r) => 0x0e000800 | (r() & 0x40df73ff), // permute
    (r) => 0x2e000000 | (r() & 0x401f7bff), // EXT
    (r) => 0x0e000000 | (r() & 0x401f73ff), // TBL, TBX
    (r) => 0x0f000000 | (r() & 0x60fff7ff), // by element
    (r) => 0x5e200400 | (r() & 0x20dffbff), // scalar three same
    (r) => 0x5f000400 | (r() & 0x207ffbff), // scalar shift by immediate
    (r) => 0x5e200800 | (r() & 0x20c1f3ff), // scalar two-register misc
    (r) => pick(r, [0x0e208400, 0x2e208400, 0x2e208c00, 0x0e208c00, 0x0e209800]) | (r() & 0x40df03ff), // ADD, SUB, CMEQ, CMTST, CMEQ #0
    (r) => pick(r, [0x0f000400, 0x2f000400, 0x0f005400]) | (r() & 0x407f03ff), // SSHR, USHR, SHL
  ],
  mem: [
    (r) => 0x39000000 | (r() & 0xc0c00000) | ((r() & 15) << 10) | (base(r) << 5) | (r() & 31),
    (r) => 0x38000000 | (r() & 0xc0c00000) | ((r() & 0x1ff) << 12) | ((r() & 3) << 10) | (base(r) << 5) | (r() & 31),
    (r) => 0x38200800 | (r() & 0xc0c0f000) | ((r() & 3) << 16) | (base(r) << 5) | (r() & 31),
    (r) => 0x28000000 | (r() & 0xc1c07c1f) | (((r() & 15) - 8) & 0x7f) << 15 | (base(r) << 5),
    (r) => 0x3d000000 | (r() & 0xc0c00000) | ((r() & 7) << 10) | (base(r) << 5) | (r() & 31),
    (r) => 0x2c000000 | (r() & 0xc1c07c1f) | (((r() & 15) - 8) & 0x7f) << 15 | (base(r) << 5),
    (r) => 0x18000000 | (r() & 0x40000000) | ((r() & 63) << 5) | (r() & 31),
    (r) => 0x0c007000 | (r() & 0x40400c1f) | (base(r) << 5), // ld1/st1 one register
    (r) => 0x0c807000 | (r() & 0x40400c1f) | (pick(r, [31, 31, 4, 5]) << 16) | (base(r) << 5), // post-index
  ],
};

const GROUPS: Record<string, Gen[]> = Object.fromEntries(
  Object.entries(RAW_GROUPS).map(([k, gens]) => [k, k === 'fp' || k === 'fpcommon' || k === 'simd' ? gens.map(defined) : gens]),
);

function randomProgram(r: () => number, groups: string[], len: number): number[] {
  const gens = groups.flatMap((g) => GROUPS[g]);
  const words: number[] = [];
  for (let k = 0; k < len; k++) words.push(pick(r, gens)(r) >>> 0);
  words.push(0xd4200000); // brk #0
  return words;
}

function setupState(m: FlatMachine, r: () => number, fpValues = false): void {
  const c = m.cpu;
  for (let n = 0; n < 31; n++) {
    if (n < 4) c.setXNum(n, DATA + (r() % 512) * 16);
    else if ((r() & 3) === 0) c.setXNum(n, r() & 0xff);
    else c.setX(n, r() | 0, r() | 0);
  }
  c.setXNum(31, DATA + 8192);
  c.nzcv = r() & 0xf0000000;
  for (let k = 0; k < 128; k++) c.i32[(512 >> 2) + k] = r() | 0;
  // Special floating-point values in some lanes: NaNs, infinities, zeros, denormals, small integers.
  const special = [0x7ff8000000000000n, 0x7ff4000000000000n, 0xfff0000000000000n, 0x7ff0000000000000n, 0n, 0x8000000000000000n,
    0x000fffffffffffffn, 0x0000000000000001n, 0x3ff0000000000000n, 0x4000000000000000n, 0x7fefffffffffffffn, 0x0010000000000000n,
    0x7fc000007f800000n, 0x7fa0000000000001n, 0x00000001807fffffn, 0x3f80000040000000n, 0x0000ffff00010000n];
  for (let k = 0; k < 64; k++) {
    if (fpValues) {
      // Doubles of moderate size (exponents -30..30), so that sums cancel and products stay normal.
      const e = BigInt(1023 + (r() % 61) - 30);
      const mant = (BigInt(r() & 0xfffff) << 32n) | BigInt(r());
      c.dv.setBigUint64(512 + 8 * k, (BigInt(r() & 1) << 63n) | (e << 52n) | mant, true);
    }
    if ((r() & 3) === 0) c.dv.setBigUint64(512 + 8 * k, pick(r, special), true);
  }
  // FPCR: usually the default, sometimes another rounding mode, FZ or DN.
  c.i32[FPCR_OFF >> 2] = (r() & 3) === 0 ? r() & 0x03c00000 : 0;
  c.i32[FPSR_OFF >> 2] = (r() & 1) === 0 ? 0x10 : 0;
  const region = c.u8.subarray(FRAME_BASE + 16 * PAGE_SIZE, FRAME_BASE + PAGES * PAGE_SIZE);
  for (let k = 0; k < region.length; k += 4) c.dv.setUint32(FRAME_BASE + 16 * PAGE_SIZE + k, r(), true);
}

interface Snapshot {
  exit: string;
  pc: number;
  insns: number;
  ctx: Uint8Array;
  mem: Uint8Array;
}

function snapshot(m: FlatMachine, exit: unknown, insns: number): Snapshot {
  const ctx = new Uint8Array(CONTEXT_SIZE);
  m.cpu.saveContext(ctx);
  return {
    exit: JSON.stringify(exit),
    pc: m.cpu.pc,
    insns,
    ctx,
    mem: m.cpu.u8.slice(FRAME_BASE, FRAME_BASE + PAGES * PAGE_SIZE),
  };
}

/** Run `words` from the same state under the interpreter, and under the JIT until it is compiled. */
function differential(seed: number, groups: string[], len: number, budget: number, fpValues = false): { jitRegions: number; callouts: number } {
  const r = rng(seed);
  const words = randomProgram(r, groups, len);
  const a = flatMachine(PAGES);
  a.load(words);
  setupState(a, r, fpValues);
  const ctx0 = new Uint8Array(CONTEXT_SIZE);
  a.cpu.saveContext(ctx0);
  const mem0 = a.cpu.u8.slice(FRAME_BASE, FRAME_BASE + PAGES * PAGE_SIZE);
  const want = snapshot(a, a.cpu.run(budget), a.cpu.instructions);

  const b = flatMachine(PAGES);
  b.cpu.useJit(true);
  let got = want;
  for (let run = 0; run < HOT + 3; run++) {
    b.cpu.u8.set(mem0, FRAME_BASE);
    b.cpu.loadContext(ctx0);
    const before = b.cpu.instructions;
    const exit = b.cpu.run(budget);
    got = snapshot(b, exit, b.cpu.instructions - before);
  }
  const where = `seed ${seed} program ${words.map((w) => w.toString(16).padStart(8, '0')).join(' ')}`;
  assert.equal(got.exit, want.exit, `exit: ${where}`);
  assert.equal(got.pc, want.pc, `pc: ${where}`);
  assert.equal(got.insns, want.insns, `instructions: ${where}`);
  for (let k = 0; k < CONTEXT_SIZE; k++) {
    // Skip what is not architectural: the zero-register sink and the scratch area.
    if ((k >= 8 * ZR_WRITE && k < 8 * ZR_WRITE + 8) || (k >= TMP_OFF && k < V_OFF)) continue;
    if (got.ctx[k] !== want.ctx[k]) assert.fail(`state byte ${k} (x${k >> 3}): ${where}`);
  }
  for (let k = 0; k < want.mem.length; k++) {
    if (got.mem[k] !== want.mem[k]) assert.fail(`memory byte 0x${(FLAT_BASE + k).toString(16)}: ${where}`);
  }
  assert.equal(b.cpu.jitTier?.failures, 0);
  return { jitRegions: b.cpu.jitTier?.compiled ?? 0, callouts: b.cpu.jitTier?.callouts ?? 0 };
}

/**
 * A loop that calls two random leaf functions, one on the next page, so that
 * regions end in BL and RET and chain into each other through the jump cache.
 */
function callProgram(r: () => number, groups: string[], len: number): number[] {
  const gens = groups.flatMap((g) => GROUPS[g]);
  const body = (): number[] => {
    const out: number[] = [];
    for (let k = 0; k < len; k++) {
      let w = pick(r, gens)(r) >>> 0;
      if ((w & 31) === 30) w = (w & ~31) >>> 0; // keep LR mostly intact: Rd/Rt 30 becomes 0
      out.push(w);
    }
    out.push(0xd65f03c0); // ret
    return out;
  };
  const words = new Array<number>(2048).fill(0xd503201f);
  const f1 = 16;
  const f2 = 1024 + 16;
  // 0: bl f1; 1: bl f2; 2: b 0
  words[0] = 0x94000000 | f1;
  words[1] = 0x94000000 | (f2 - 1);
  words[2] = 0x17fffffe;
  body().forEach((w, k) => (words[f1 + k] = w));
  body().forEach((w, k) => (words[f2 + k] = w));
  return words;
}

function differentialWords(seed: number, words: number[], r: () => number, budget: number): void {
  const a = flatMachine(PAGES);
  a.load(words);
  setupState(a, r);
  const ctx0 = new Uint8Array(CONTEXT_SIZE);
  a.cpu.saveContext(ctx0);
  const mem0 = a.cpu.u8.slice(FRAME_BASE, FRAME_BASE + PAGES * PAGE_SIZE);
  const want = snapshot(a, a.cpu.run(budget), a.cpu.instructions);
  const b = flatMachine(PAGES);
  b.cpu.useJit(true);
  let got = want;
  for (let run = 0; run < 4; run++) {
    b.cpu.u8.set(mem0, FRAME_BASE);
    b.cpu.loadContext(ctx0);
    const before = b.cpu.instructions;
    const exit = b.cpu.run(budget);
    got = snapshot(b, exit, b.cpu.instructions - before);
  }
  compare(seed, got, want);
  assert.equal(b.cpu.jitTier?.failures, 0);
}

function compare(seed: number, got: Snapshot, want: Snapshot): void {
  const where = `seed ${seed}`;
  assert.equal(got.exit, want.exit, `exit: ${where}`);
  assert.equal(got.pc, want.pc, `pc: ${where}`);
  assert.equal(got.insns, want.insns, `instructions: ${where}`);
  for (let k = 0; k < CONTEXT_SIZE; k++) {
    if ((k >= 8 * ZR_WRITE && k < 8 * ZR_WRITE + 8) || (k >= TMP_OFF && k < V_OFF)) continue;
    if (got.ctx[k] !== want.ctx[k]) assert.fail(`state byte ${k} (x${k >> 3}): ${where}`);
  }
  for (let k = 0; k < want.mem.length; k++) {
    if (got.mem[k] !== want.mem[k]) assert.fail(`memory byte 0x${(FLAT_BASE + k).toString(16)}: ${where}`);
  }
}

test('JIT equals the interpreter across calls and returns between chained regions', () => {
  for (let seed = 4001; seed <= 4060; seed++) {
    const r = rng(seed);
    differentialWords(seed, callProgram(r, ['alu', 'branch'], 12), r, 20_000 + (seed % 7));
  }
  for (let seed = 5001; seed <= 5060; seed++) {
    const r = rng(seed);
    differentialWords(seed, callProgram(r, ['alu', 'mem'], 10), r, 20_000 + (seed % 7));
  }
});

test('translated regions are valid WebAssembly modules', () => {
  const r = rng(7);
  for (let k = 0; k < 50; k++) {
    const words = randomProgram(r, ['alu', 'branch', 'mem'], 40);
    const body = translateRegion((i) => words[i] ?? 0, 0);
    if (body === null) continue;
    assert.ok(WebAssembly.validate(module(REGION_PARAMS, REGION_RESULTS, [body], 1, true)));
  }
});

test('a region whose entry instruction is not translated yields no function', () => {
  assert.equal(translateRegion(() => 0xd4000001, 0), null); // svc #0
});

test('JIT equals the interpreter on random integer and logic sequences', () => {
  let regions = 0;
  for (let seed = 1; seed <= 150; seed++) regions += differential(seed, ['alu'], 24, 10_000).jitRegions;
  assert.ok(regions > 50, `only ${regions} regions compiled`);
});

test('JIT equals the interpreter on random sequences with branches', () => {
  for (let seed = 1001; seed <= 1150; seed++) differential(seed, ['alu', 'branch'], 24, 10_000);
});

test('JIT equals the interpreter on random loads and stores, faults included', () => {
  for (let seed = 2001; seed <= 2200; seed++) differential(seed, ['alu', 'mem'], 20, 10_000);
});

test('JIT equals the interpreter on MRS/MSR TPIDR, FMOV, vector logic, DUP, FCMP, MULH and REV', () => {
  for (let seed = 6001; seed <= 6150; seed++) differential(seed, ['alu', 'ext'], 24, 10_000);
});

test('JIT equals the interpreter on random scalar FP instructions, NaNs, infinities, denormals and FPCR modes included', () => {
  let callouts = 0;
  for (let seed = 7001; seed <= 7200; seed++) callouts += differential(seed, ['alu', 'fp', 'fp', 'fpcommon', 'branch'], 24, 10_000).callouts;
  assert.ok(callouts > 100, `only ${callouts} call-outs compiled`);
});

test('JIT equals the interpreter on FADD, FSUB, FMUL, FDIV, FSQRT, fused multiply-add and FMLA 2D of moderate doubles', () => {
  for (let seed = 7501; seed <= 7700; seed++) differential(seed, ['fpcommon', 'fpcommon', 'fpcommon', 'branch'], 24, 10_000, true);
});

test('JIT equals the interpreter on random Advanced SIMD instructions', () => {
  let callouts = 0;
  for (let seed = 8001; seed <= 8200; seed++) callouts += differential(seed, ['alu', 'simd', 'simd', 'mem'], 24, 10_000).callouts;
  assert.ok(callouts > 100, `only ${callouts} call-outs compiled`);
});

test('JIT equals the interpreter when the budget ends inside a region', () => {
  for (let seed = 3001; seed <= 3100; seed++) differential(seed, ['alu', 'branch', 'mem'], 30, 1 + (seed % 17));
});

test('a hot loop runs in a compiled region and counts every instruction', () => {
  // x0 = 1000; loop: x1 += x0; subs x0, x0, #1; b.ne loop; brk #0
  const words = [0xd2807d00, 0x8b000021, 0xf1000400, 0x54ffffc1, 0xd4200000];
  const a = flatMachine(4);
  a.load(words);
  const b = flatMachine(4);
  b.cpu.useJit(true);
  b.load(words);
  let ea = a.run(100);
  while (ea.kind === 'budget') ea = a.run(100);
  let eb = b.run(100);
  while (eb.kind === 'budget') eb = b.run(100);
  assert.deepEqual(eb, ea);
  assert.equal(b.cpu.xNum(1), 500500);
  assert.equal(b.cpu.instructions, a.cpu.instructions);
  assert.ok((b.cpu.jitTier?.compiled ?? 0) > 0);
});

test('fused multiply-add rounds exact midpoints in the direction of the product error, as the interpreter does', () => {
  // Per triple (n, m, a): FMADD, FMSUB, FNMADD, FNMSUB. The base case is
  // (1 + 2^-52) * 2(1 + 2^-52) + 6 = 8 + 2^-50 + 2^-103: the sum of the
  // rounded product and the addend is a midpoint, the product error decides.
  const words = [0x6cc10801, 0xfc408403, 0x1f420c24, 0x1f428c25, 0x1f620c26, 0x1f628c27, 0x6c811424, 0x6c811c26, 0xf1000442, 0x54fffee1, 0xd4200000];
  const r = rng(99);
  const eps = 2 ** -52;
  const triples: number[] = [];
  for (let k = 0; k < 400; k++) {
    const s = 2 ** ((r() % 40) - 20);
    const sx = r() & 1 ? -1 : 1;
    const sy = r() & 1 ? -1 : 1;
    const x = sx * (1 + eps * (1 + (r() % 3)));
    const y = sy * 2 * (1 + eps * (1 + (r() % 3)));
    const a = (sx * sy * 6 + (r() % 3) * 2 ** -49 * (r() & 1 ? 1 : -1)) * s;
    triples.push(x * s, y, a);
  }
  const n = triples.length / 3;
  const run = (jit: boolean): { out: Float64Array; fpsr: number } => {
    const m = flatMachine(PAGES);
    if (jit) m.cpu.useJit(true);
    m.load(words);
    triples.forEach((v, k) => m.cpu.dv.setFloat64(DATA - FLAT_BASE + FRAME_BASE + 8 * k, v, true));
    m.cpu.i32[FPSR_OFF >> 2] = 0x10;
    m.cpu.setXNum(0, DATA);
    m.cpu.setXNum(1, DATA + 16 * PAGE_SIZE);
    m.cpu.setXNum(2, n);
    let e = m.run(1000);
    while (e.kind === 'budget') e = m.run(1000);
    const out = new Float64Array(4 * n);
    for (let k = 0; k < 4 * n; k++) out[k] = m.cpu.dv.getFloat64(DATA - FLAT_BASE + FRAME_BASE + 16 * PAGE_SIZE + 8 * k, true);
    return { out, fpsr: m.cpu.i32[FPSR_OFF >> 2] };
  };
  const want = run(false);
  const got = run(true);
  assert.deepEqual(got, want);
  assert.equal(want.out[0] === want.out[0], true);
});
