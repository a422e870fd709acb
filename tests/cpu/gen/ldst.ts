// Loads and stores (Arm ARM C4.1.88): every size, unsigned/unscaled/pre/post
// immediate, register offset with extends, literal, pairs (incl. LDPSW and
// LDNP/STNP), exclusives (paired LDXR/STXR and LDXP/STXP, and lone store
// exclusives that must fail), acquire/release, LSE atomics, CAS/CASP, SIMD
// LDR/STR B/H/S/D/Q, LD1-LD4/ST1-ST4 (multiple, single, replicate, post-index).
//
// Every access lands inside the scratch buffer: a small model tracks which
// registers hold known pointers (their initial values are chosen lazily),
// follows writeback, and forgets registers a load overwrites.

import type { InitState, Insn } from '../case.js';
import { SCRATCH, SCRATCH_SIZE, REC_SCRATCH } from '../layout.js';
import type { Rng } from '../rng.js';
import { bits, insn, randomState, seqLength, type Generator } from './base.js';

const SP_REG = 31;
const SCRATCH_BIG = BigInt(SCRATCH);
const ADDR_MASK = (1n << 56n) - 1n;

/** What the generator knows about registers while it builds a sequence. */
class Model {
  /** Exact current value of a register, when known (index 31 = SP). */
  private readonly known: Array<bigint | undefined> = new Array(32).fill(undefined);
  /** Registers whose initial value is already fixed or which were overwritten. */
  private readonly taken: boolean[] = new Array(32).fill(false);
  /** Scratch bytes a store of this sequence may have changed. */
  private readonly written = new Uint8Array(SCRATCH_SIZE);

  constructor(
    private readonly rng: Rng,
    private readonly st: InitState,
    sp: bigint,
  ) {
    this.known[SP_REG] = sp;
    this.taken[SP_REG] = true;
  }

  /** A register (0..30) that is free: nothing fixed its value yet. */
  freeReg(avoid: readonly number[] = []): number {
    const free: number[] = [];
    for (let r = 0; r < 31; r++) if (!this.taken[r] && !avoid.includes(r)) free.push(r);
    return free.length === 0 ? -1 : this.rng.pick(free);
  }

  /** Fix the initial value of a free register. */
  fix(r: number, v: bigint): void {
    this.st.setX(r, v);
    this.known[r] = BigInt.asUintN(64, v);
    this.taken[r] = true;
  }

  /** A register's value is no longer known (a load or status write). */
  clobber(r: number): void {
    if (r === 31) return;
    this.known[r] = undefined;
    this.taken[r] = true;
  }

  /** Add `delta` to a known register (writeback). */
  bump(r: number, delta: number): void {
    const v = this.known[r];
    if (v !== undefined) this.known[r] = BigInt.asUintN(64, v + BigInt(delta));
  }

  isFree(r: number): boolean {
    return r < 31 && !this.taken[r];
  }

  value(r: number): bigint | undefined {
    return this.known[r];
  }

  /** A random in-range scratch offset for `size` bytes aligned to `align`. */
  spot(size: number, align: number): number {
    return align * this.rng.int(Math.floor((SCRATCH_SIZE - size) / align) + 1);
  }

  /** True if [addr, addr+size) lies in the scratch buffer (with TBI) and is aligned. */
  fits(v: bigint, off: number, size: number, align: number): boolean {
    const a = (v + BigInt(off)) & ADDR_MASK;
    if (a < SCRATCH_BIG || a + BigInt(size) > SCRATCH_BIG + BigInt(SCRATCH_SIZE)) return false;
    return Number(a - SCRATCH_BIG) % align === 0;
  }

  /**
   * A base register such that base + off addresses `size` bytes in scratch,
   * aligned to `align`; -1 if none. SP only when it stays 16-byte aligned.
   */
  base(off: number, size: number, align: number, avoid: readonly number[] = [], allowSp = true): number {
    const cands: number[] = [];
    for (let r = 0; r < 32; r++) if (!avoid.includes(r)) cands.push(r);
    for (let tries = 0; tries < 12; tries++) {
      const r = this.rng.pick(cands);
      const v = this.known[r];
      if (r === SP_REG) {
        if (allowSp && v !== undefined && v % 16n === 0n && this.fits(v, off, size, align)) return r;
        continue;
      }
      if (v !== undefined) {
        if (this.fits(v, off, size, align)) return r;
        continue;
      }
      if (this.taken[r]) continue;
      const tag = this.rng.chance(0.1) ? BigInt(this.rng.int(256)) << 56n : 0n;
      this.fix(r, tag + SCRATCH_BIG + BigInt(this.spot(size, align) - off));
      return r;
    }
    // Any free register will do.
    const r = this.freeReg(avoid);
    if (r < 0) return -1;
    this.fix(r, SCRATCH_BIG + BigInt(this.spot(size, align) - off));
    return r;
  }

  /** Scratch offset addressed by base register r plus off. */
  addr(r: number, off: number): number {
    return Number(((this.known[r] ?? 0n) + BigInt(off)) & ADDR_MASK) - SCRATCH;
  }

  noteStore(at: number, size: number): void {
    this.written.fill(1, Math.max(0, at), Math.min(SCRATCH_SIZE, at + size));
  }

  /** The initial memory value at scratch offset `at` if no store touched it, else undefined. */
  memValue(at: number, size: number): bigint | undefined {
    for (let i = 0; i < size; i++) if (this.written[at + i]) return undefined;
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.st.bytes[REC_SCRATCH + at + i]);
    return v;
  }
}

type Emit = (rng: Rng, m: Model, out: Insn[]) => boolean;

const GP_FORMS: ReadonlyArray<readonly [string, number, number, number, boolean]> = [
  // name, size, opc, access bytes, isLoad
  ['strb', 0, 0, 1, false],
  ['ldrb', 0, 1, 1, true],
  ['ldrsb.x', 0, 2, 1, true],
  ['ldrsb.w', 0, 3, 1, true],
  ['strh', 1, 0, 2, false],
  ['ldrh', 1, 1, 2, true],
  ['ldrsh.x', 1, 2, 2, true],
  ['ldrsh.w', 1, 3, 2, true],
  ['str.w', 2, 0, 4, false],
  ['ldr.w', 2, 1, 4, true],
  ['ldrsw', 2, 2, 4, true],
  ['str.x', 3, 0, 8, false],
  ['ldr.x', 3, 1, 8, true],
];
const FP_FORMS: ReadonlyArray<readonly [string, number, number, number, boolean]> = [
  ['str.b', 0, 0, 1, false],
  ['ldr.b', 0, 1, 1, true],
  ['str.h', 1, 0, 2, false],
  ['ldr.h', 1, 1, 2, true],
  ['str.s', 2, 0, 4, false],
  ['ldr.s', 2, 1, 4, true],
  ['str.d', 3, 0, 8, false],
  ['ldr.d', 3, 1, 8, true],
  ['str.q', 0, 2, 16, false],
  ['ldr.q', 0, 3, 16, true],
];

/** Single register, immediate forms: unsigned offset, unscaled, pre- and post-index. */
const single: Emit = (rng, m, out) => {
  const simd = rng.chance(0.3);
  const [name, size, opc, bytes, isLoad] = rng.pick(simd ? FP_FORMS : GP_FORMS);
  // LDTR/STTR (unprivileged, 'unpriv') exist for general registers only.
  const mode = rng.pick(simd ? (['uimm', 'unscaled', 'pre', 'post'] as const) : (['uimm', 'unscaled', 'pre', 'post', 'unpriv'] as const));
  const rt = rng.int(32);
  let off: number;
  let imm: number;
  if (mode === 'uimm') {
    imm = rng.chance(0.5) ? rng.int(Math.floor(SCRATCH_SIZE / bytes)) : rng.int(16);
    off = imm * bytes;
  } else {
    off = rng.range(-256, 255);
    imm = off & 0x1ff;
  }
  const wb = mode === 'pre' || mode === 'post';
  // Writeback with Rn == Rt is CONSTRAINED UNPREDICTABLE for integer loads and stores.
  const avoid = wb && !simd ? [rt] : [];
  const access = mode === 'post' ? 0 : off;
  const rn = m.base(access, bytes, 1, avoid);
  if (rn < 0) return false;
  const at = m.addr(rn, access);
  const v = simd ? 1 : 0;
  let word: number;
  if (mode === 'uimm') word = bits([size, 30], [0b111, 27], [v, 26], [0b01, 24], [opc, 22], [imm, 10], [rn, 5], [rt, 0]);
  else word = bits([size, 30], [0b111, 27], [v, 26], [opc, 22], [imm, 12], [{ unscaled: 0, pre: 3, post: 1, unpriv: 2 }[mode], 10], [rn, 5], [rt, 0]);
  out.push(insn(`${name}_${mode}`, word));
  if (!isLoad) m.noteStore(at, bytes);
  if (wb) m.bump(rn, off);
  if (isLoad && !simd) m.clobber(rt);
  return true;
};

/** Register offset: [Xn, Rm{, extend {#amount}}]. */
const regOffset: Emit = (rng, m, out) => {
  const simd = rng.chance(0.3);
  const [name, size, opc, bytes, isLoad] = rng.pick(simd ? FP_FORMS : GP_FORMS);
  const option = rng.pick([2, 3, 6, 7]); // UXTW, LSL, SXTW, SXTX
  const s = rng.int(2);
  const shift = s ? Math.log2(bytes) : 0;
  const rt = rng.int(32);
  const rm = m.freeReg([rt]);
  if (rm < 0) return false;
  const idx = option === 2 ? rng.range(0, 12) : rng.range(-12, 12);
  const rn = m.base(idx * 2 ** shift, bytes, 1, [rm]);
  if (rn < 0 || rn === rm) return false;
  // Bits above the extended part are don't-care for UXTW/SXTW: fill them randomly.
  let iv = BigInt(idx);
  if (option === 2 || option === 6) iv = (BigInt(rng.u32()) << 32n) | BigInt.asUintN(32, iv);
  m.fix(rm, iv);
  const at = m.addr(rn, idx * 2 ** shift);
  const v = simd ? 1 : 0;
  out.push(insn(`${name}_reg`, bits([size, 30], [0b111, 27], [v, 26], [opc, 22], [1, 21], [rm, 16], [option, 13], [s, 12], [0b10, 10], [rn, 5], [rt, 0])));
  if (!isLoad) m.noteStore(at, bytes);
  if (isLoad && !simd) m.clobber(rt);
  return true;
};

/** PC-relative literal loads from the (readable) code segment near the case. */
const literal: Emit = (rng, m, out) => {
  const kind = rng.int(6);
  const imm = rng.range(-40, 60) & 0x7ffff;
  const rt = rng.int(32);
  const forms: ReadonlyArray<readonly [string, number, number]> = [
    ['ldr.w_lit', 0, 0],
    ['ldr.x_lit', 1, 0],
    ['ldrsw_lit', 2, 0],
    ['ldr.s_lit', 0, 1],
    ['ldr.d_lit', 1, 1],
    ['ldr.q_lit', 2, 1],
  ];
  const [name, opc, v] = forms[kind];
  out.push(insn(name, bits([opc, 30], [0b011, 27], [v, 26], [imm, 5], [rt, 0])));
  if (v === 0) m.clobber(rt);
  return true;
};

/** LDP/STP/LDNP/STNP/LDPSW, integer and SIMD, offset/pre/post. */
const pair: Emit = (rng, m, out) => {
  const simd = rng.chance(0.35);
  const opc = simd ? rng.int(3) : rng.pick([0, 1, 2]);
  const load = rng.int(2);
  if (!simd && opc === 1 && load === 0) return false; // STGP (MTE) is not ours
  const bytes = simd ? 4 << opc : opc === 2 ? 8 : 4;
  const mode = rng.pick(['off', 'pre', 'post', 'nt'] as const);
  if (mode === 'nt' && !simd && opc === 1) return false; // no LDNPSW
  const type = { nt: 0, post: 1, off: 2, pre: 3 }[mode];
  const imm7 = rng.chance(0.6) ? rng.range(-8, 8) : rng.range(-64, 63);
  const off = imm7 * bytes;
  const rt = rng.int(32);
  let rt2 = rng.int(32);
  if (load && rt2 === rt) rt2 = (rt + 1) & 31; // LDP with Rt == Rt2 is UNPREDICTABLE
  const wb = mode === 'pre' || mode === 'post';
  const avoid = wb && !simd ? [rt, rt2] : [];
  const access = mode === 'post' ? 0 : off;
  const rn = m.base(access, 2 * bytes, 1, avoid);
  if (rn < 0) return false;
  const at = m.addr(rn, access);
  const names = simd ? ['s', 'd', 'q'] : ['w', 'sw', 'x'];
  const name = `${load ? 'ld' : 'st'}${mode === 'nt' ? 'np' : 'p'}.${names[opc]}_${mode}`.replace('p.sw', 'psw');
  out.push(insn(name, bits([opc, 30], [0b101, 27], [simd ? 1 : 0, 26], [type, 23], [load, 22], [imm7 & 0x7f, 15], [rt2, 10], [rn, 5], [rt, 0])));
  if (!load) m.noteStore(at, 2 * bytes);
  if (wb) m.bump(rn, off);
  if (load && !simd) {
    m.clobber(rt);
    m.clobber(rt2);
  }
  return true;
};

/** A load-exclusive, optionally some loads, then the matching store-exclusive. */
const exclusive: Emit = (rng, m, out) => {
  const isPair = rng.chance(0.3);
  const size = isPair ? rng.pick([2, 3]) : rng.int(4);
  const esize = 1 << size;
  const bytes = isPair ? 2 * esize : esize;
  const rt = rng.int(31);
  let rt2 = rng.int(31);
  if (rt2 === rt) rt2 = (rt + 1) % 31;
  const rn = m.base(0, bytes, bytes, [rt, rt2]);
  if (rn < 0) return false;
  const acq = rng.int(2);
  const rel = rng.int(2);
  const o1 = isPair ? 1 : 0;
  const lone = rng.chance(0.15);
  const sfx = ['b', 'h', 'w', 'x'][size];
  if (!lone) {
    const nm = `ld${acq ? 'a' : ''}x${isPair ? 'p' : 'r'}.${sfx}`;
    out.push(insn(nm, bits([size, 30], [0b001000, 24], [1, 22], [o1, 21], [31, 16], [acq, 15], [isPair ? rt2 : 31, 10], [rn, 5], [rt, 0])));
    m.clobber(rt);
    if (isPair) m.clobber(rt2);
  }
  // CLREX in between: the store-exclusive must fail.
  const cleared = !lone && rng.chance(0.15);
  if (cleared) out.push(insn('clrex', 0xd503305f | (rng.int(16) << 8)));
  // The store-exclusive: status register distinct from data and base registers.
  let rs = rng.int(31);
  let st1 = rng.int(32);
  let st2 = rng.int(32);
  for (let k = 0; k < 8 && (rs === rn || rs === st1 || rs === st2); k++) {
    rs = rng.int(31);
    st1 = rng.int(31);
    st2 = rng.int(31);
  }
  if (rs === rn || rs === st1 || rs === st2) return false;
  const nm = `st${rel ? 'l' : ''}x${isPair ? 'p' : 'r'}.${sfx}${lone ? '_lone' : cleared ? '_cleared' : ''}`;
  out.push(insn(nm, bits([size, 30], [0b001000, 24], [o1, 21], [rs, 16], [rel, 15], [isPair ? st2 : 31, 10], [rn, 5], [st1, 0])));
  if (!lone && !cleared) m.noteStore(m.addr(rn, 0), bytes);
  m.clobber(rs);
  return true;
};

/** LDAR/STLR/LDAPR (aligned). */
const acqRel: Emit = (rng, m, out) => {
  const size = rng.int(4);
  const bytes = 1 << size;
  const rt = rng.int(32);
  const rn = m.base(0, bytes, bytes);
  if (rn < 0) return false;
  const kind = rng.int(3);
  const sfx = ['b', 'h', 'w', 'x'][size];
  if (kind === 0) {
    out.push(insn(`ldar.${sfx}`, bits([size, 30], [0b001000, 24], [1, 23], [1, 22], [31, 16], [1, 15], [31, 10], [rn, 5], [rt, 0])));
    m.clobber(rt);
  } else if (kind === 1) {
    out.push(insn(`stlr.${sfx}`, bits([size, 30], [0b001000, 24], [1, 23], [31, 16], [1, 15], [31, 10], [rn, 5], [rt, 0])));
    m.noteStore(m.addr(rn, 0), bytes);
  } else {
    out.push(insn(`ldapr.${sfx}`, bits([size, 30], [0b111000, 24], [1, 23], [1, 21], [31, 16], [1, 15], [0b100, 12], [rn, 5], [rt, 0])));
    m.clobber(rt);
  }
  return true;
};

const ATOMIC_OPS = ['ldadd', 'ldclr', 'ldeor', 'ldset', 'ldsmax', 'ldsmin', 'ldumax', 'ldumin'];

/** LSE: LD<op>, SWP, CAS, CASP with every ordering (aligned). */
const atomic: Emit = (rng, m, out) => {
  const kind = rng.weighted([[6, 'op'], [2, 'swp'], [2, 'cas'], [1, 'casp']] as const);
  const a = rng.int(2);
  const r = rng.int(2);
  const ord = (a ? 'a' : '') + (r ? 'l' : '');
  if (kind === 'casp') {
    const sz = rng.int(2);
    const esize = 4 << sz;
    const rs = 2 * rng.int(15);
    const rt = 2 * rng.int(15);
    const rn = m.base(0, 2 * esize, 2 * esize, [rs, rs + 1]);
    if (rn < 0) return false;
    const at = m.addr(rn, 0);
    const cur = m.memValue(at, 2 * esize);
    if (cur !== undefined && rng.chance(0.6) && m.isFree(rs) && m.isFree(rs + 1)) {
      const mask = (1n << BigInt(8 * esize)) - 1n;
      m.fix(rs, cur & mask);
      m.fix(rs + 1, cur >> BigInt(8 * esize));
    }
    out.push(insn(`casp${ord}.${sz ? 'x' : 'w'}`, bits([sz, 30], [0b001000, 24], [a, 22], [1, 21], [rs, 16], [r, 15], [31, 10], [rn, 5], [rt, 0])));
    m.noteStore(at, 2 * esize);
    m.clobber(rs);
    m.clobber(rs + 1);
    return true;
  }
  const size = rng.int(4);
  const bytes = 1 << size;
  const rs = rng.int(32);
  const rt = rng.int(32);
  const rn = m.base(0, bytes, bytes, [rs]);
  if (rn < 0) return false;
  const at = m.addr(rn, 0);
  const sfx = ['b', 'h', 'w', 'x'][size];
  if (kind === 'cas') {
    const cur = m.memValue(at, bytes);
    if (cur !== undefined && m.isFree(rs) && rng.chance(0.6)) m.fix(rs, cur);
    out.push(insn(`cas${ord}.${sfx}`, bits([size, 30], [0b001000, 24], [1, 23], [a, 22], [1, 21], [rs, 16], [r, 15], [31, 10], [rn, 5], [rt, 0])));
    m.clobber(rs);
  } else {
    const opc = kind === 'swp' ? 0 : rng.int(8);
    const o3 = kind === 'swp' ? 1 : 0;
    const name = kind === 'swp' ? 'swp' : ATOMIC_OPS[opc];
    out.push(insn(`${name}${ord}.${sfx}`, bits([size, 30], [0b111000, 24], [a, 23], [r, 22], [1, 21], [rs, 16], [o3, 15], [opc, 12], [rn, 5], [rt, 0])));
    m.clobber(rt);
  }
  m.noteStore(at, bytes);
  return true;
};

/** LD1-LD4/ST1-ST4, multiple structures, with and without post-index. */
const structMulti: Emit = (rng, m, out) => {
  const forms: ReadonlyArray<readonly [number, number, number]> = [
    // opcode, registers, structure elements
    [0b0000, 4, 4],
    [0b0010, 4, 1],
    [0b0100, 3, 3],
    [0b0110, 3, 1],
    [0b0111, 1, 1],
    [0b1000, 2, 2],
    [0b1010, 2, 1],
  ];
  const [opcode, regs, selem] = rng.pick(forms);
  const q = rng.int(2);
  const size = rng.int(4);
  if (selem > 1 && size === 3 && q === 0) return false; // reserved
  const load = rng.int(2);
  const bytes = regs * (q ? 16 : 8);
  const post = rng.int(3); // 0: none, 1: immediate, 2: register
  const rt = rng.int(32);
  let rm = 0;
  if (post === 2) {
    rm = m.freeReg();
    if (rm < 0) return false;
  }
  const rn = m.base(0, bytes, 1, post === 2 ? [rm] : []);
  if (rn < 0) return false;
  const at = m.addr(rn, 0);
  let word: number;
  const name = `${load ? 'ld' : 'st'}${selem}${selem === 1 ? `x${regs}` : ''}${post ? '_post' : ''}`;
  if (post === 0) word = bits([q, 30], [0b0011000, 23], [load, 22], [opcode, 12], [size, 10], [rn, 5], [rt, 0]);
  else {
    let delta = bytes;
    if (post === 2) {
      delta = rng.range(-64, 64);
      m.fix(rm, BigInt(delta));
    }
    word = bits([q, 30], [0b0011001, 23], [load, 22], [post === 2 ? rm : 31, 16], [opcode, 12], [size, 10], [rn, 5], [rt, 0]);
    m.bump(rn, delta);
  }
  out.push(insn(name, word));
  if (!load) m.noteStore(at, bytes);
  return true;
};

/** LD1-LD4/ST1-ST4 single structure (one lane) and LD1R-LD4R. */
const structSingle: Emit = (rng, m, out) => {
  const load = rng.int(2);
  const replicate = load === 1 && rng.chance(0.3);
  const sel = rng.int(4); // selem - 1
  const selem = sel + 1;
  const r = sel & 1;
  const hi = sel >> 1;
  let q = rng.int(2);
  let opcode: number;
  let s = 0;
  let size = 0;
  let esize: number;
  if (replicate) {
    opcode = 0b110 | hi;
    size = rng.int(4);
    esize = 1 << size;
  } else {
    // Lane index bits are Q:S:size, the top one being Q.
    const kind = rng.int(4);
    esize = 1 << kind;
    opcode = (kind === 0 ? 0b000 : kind === 1 ? 0b010 : 0b100) | hi;
    const index = rng.int(16 >> kind);
    if (kind === 0) {
      q = index >> 3;
      s = (index >> 2) & 1;
      size = index & 3;
    } else if (kind === 1) {
      q = index >> 2;
      s = (index >> 1) & 1;
      size = (index & 1) << 1;
    } else if (kind === 2) {
      q = index >> 1;
      s = index & 1;
      size = 0;
    } else {
      q = index;
      s = 0;
      size = 1;
    }
  }
  const bytes = selem * esize;
  const post = rng.int(3);
  const rt = rng.int(32);
  let rm = 0;
  if (post === 2) {
    rm = m.freeReg();
    if (rm < 0) return false;
  }
  const rn = m.base(0, bytes, 1, post === 2 ? [rm] : []);
  if (rn < 0) return false;
  const at = m.addr(rn, 0);
  const name = `${load ? 'ld' : 'st'}${selem}${replicate ? 'r' : '_lane'}${post ? '_post' : ''}`;
  let word: number;
  if (post === 0) word = bits([q, 30], [0b0011010, 23], [load, 22], [r, 21], [opcode, 13], [s, 12], [size, 10], [rn, 5], [rt, 0]);
  else {
    let delta = bytes;
    if (post === 2) {
      delta = rng.range(-32, 32);
      m.fix(rm, BigInt(delta));
    }
    word = bits([q, 30], [0b0011011, 23], [load, 22], [r, 21], [post === 2 ? rm : 31, 16], [opcode, 13], [s, 12], [size, 10], [rn, 5], [rt, 0]);
    m.bump(rn, delta);
  }
  out.push(insn(name, word));
  if (!load) m.noteStore(at, bytes);
  return true;
};

/** PRFM (immediate, register, literal) and PRFUM: no architectural effect. */
const prefetch: Emit = (rng, m, out) => {
  const prfop = rng.pick([0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 18, 24, 31]);
  const rn = m.base(0, 8, 1);
  if (rn < 0) return false;
  switch (rng.int(4)) {
    case 0:
      out.push(insn('prfm', bits([0b11111001, 24], [0b10, 22], [rng.int(64), 10], [rn, 5], [prfop, 0])));
      break;
    case 1:
      out.push(insn('prfum', bits([0b11111000, 24], [0b10, 22], [rng.int(512), 12], [rn, 5], [prfop, 0])));
      break;
    case 2:
      out.push(insn('prfm_reg', bits([0b11111000, 24], [0b101, 21], [rng.int(31), 16], [rng.pick([2, 3, 6, 7]), 13], [rng.int(2), 12], [0b10, 10], [rn, 5], [prfop, 0])));
      break;
    default:
      out.push(insn('prfm_lit', bits([0b11011000, 24], [rng.int(1 << 19), 5], [prfop, 0])));
  }
  return true;
};

export const generateLdSt: Generator = (rng, st) => {
  randomState(rng, st);
  const m = new Model(rng, st, st.sp());
  const n = seqLength(rng);
  const out: Insn[] = [];
  for (let guard = 0; out.length < n && guard < 100; guard++) {
    const emit = rng.weighted<Emit>([
      [6, single],
      [3, regOffset],
      [1, literal],
      [4, pair],
      [2, exclusive],
      [1, acqRel],
      [3, atomic],
      [3, structMulti],
      [3, structSingle],
      [0.5, prefetch],
    ]);
    emit(rng, m, out);
  }
  return out;
};
