// A64 -> WebAssembly: translate a region of one guest page, starting at an
// entry instruction, into one Wasm function (vbase: f64, budget: i32, done:
// i32) -> i32. vbase is the virtual address of the page (the same frame may
// be mapped at several addresses); budget is the most instructions the run
// may retire, done how many it already has. It returns the new total and
// leaves the next PC in the state block.
//
// Guest registers X0-X30, SP and NZCV live in Wasm locals, loaded at entry
// and stored back at every exit. The region is the set of basic blocks
// reachable from the entry through direct branches inside the page; control
// moves between them with a loop + br_table. A block exits to the caller, with
// the PC of the instruction not yet executed, when it branches out of the
// region, meets an instruction this file does not translate, would cross the
// budget, or makes a memory access whose page is not in the TLB (or which
// crosses a page): the interpreter then runs that instruction, and takes any
// fault, exactly as it would have. So a translated instruction never faults
// and never writes partial state.
//
// SIMD&FP data-processing instructions never fault: those without a native
// translation (and the rare cases of those with one: NaNs, denormals,
// overflow, a non-default FPCR, FPSR.IXC still clear) run the interpreter's
// own op through a call-out (an import of the module), so floating-point
// results and FPSR flags are the interpreter's by construction.

import { Body, F64, I32, I64, Op, Simd, VOID } from './wasm.js';
import { FPCR_FZ, IXC } from '../fp/core.js';
import { decodeBitMasks } from '../exec/alu_common.js';
import * as S from '../state.js';

/**
 * The jump cache (layout in state.ts): a region that branches out of itself
 * tail-calls the region the cache names for the target, instead of
 * returning to the run loop. The run loop fills it; it is cleared whenever
 * the TLB is flushed or any decoded code is dropped.
 */
const { JC_ENTRIES, JC_TAG_OFF, JC_SLOT_OFF } = S;

/**
 * Registers a call-out: the interpreter's op for the SIMD&FP instruction word
 * w, run from Wasm through the module's import 0, (index: i32, pc: f64) -> ().
 * Returns the index to pass, or -1 when there is no op (an undefined encoding).
 */
export type Callout = (word: number) => number;

/** FPCR bits that leave the round-to-nearest fast paths (RMode, FZ), as in fp/arith.ts. */
const SLOW_FPCR = (3 << 22) | FPCR_FZ;
const MIN64 = 2.2250738585072014e-308;
const MAX64 = Number.MAX_VALUE;
const SAFE_SMALL = 2 ** -960;
const SAFE_BIG = 2 ** 995;
const SPLIT = 134217729;

const MAX_BLOCKS = 40;
const MIN_RUN = 1;
const MAX_BLOCK_LEN = 96;
const MASK32 = 0xffffffffn;
const ZR = S.ZR_READ;
const ZW = S.ZR_WRITE;

/**
 * Lazy flags: a flag-setting ADDS/SUBS/ANDS leaves its operands in fa, fb,
 * its (zero-extended) result in fr and its kind in fk; NZCV are computed
 * from them only when something needs them. fk = 0: fn..fv hold the flags.
 */
const K_ADD = 1;
const K_SUB = 2;
const K_LOGIC = 3;
const K_X = 8;
/** Statically unknown kind: the runtime fk says. */
const K_UNKNOWN = -1;

/** Result of translating one instruction. */
const NO = 0; // not translated: nothing was emitted
const OK = 1; // emitted; execution continues with the next instruction
const END = 2; // emitted a terminator (it transferred control itself)

function sext(v: number, bits: number): number {
  return (v << (32 - bits)) >> (32 - bits);
}
const zr = (f: number): number => (f === 31 ? ZR : f);
const zw = (f: number): number => (f === 31 ? ZW : f);

class Region {
  readonly b: Body;
  readonly blocks: number[] = [];
  readonly index = new Map<number, number>();
  frozen = false;
  /** Some block branches to itself. */
  looped = false;
  /** Extra structured nesting (if/block) around the code being emitted. */
  nest = 0;
  k = 0;
  /** Instruction index within the current block and its byte offset in the page. */
  i = 0;
  pos = 0;
  readonly reg: number[] = [];
  readonly used: boolean[] = new Array<boolean>(32).fill(false);
  readonly written: boolean[] = new Array<boolean>(32).fill(false);
  readonly fn: number;
  readonly fz: number;
  readonly fc: number;
  readonly fv: number;
  readonly fk: number;
  readonly fa: number;
  readonly fb: number;
  readonly fr: number;
  /** The flag kind at this point of the code, when known while emitting (else K_UNKNOWN). */
  pend = K_UNKNOWN;
  readonly cnt: number;
  /** 1 when the exit is a branch out of the region (its target may be chained to). */
  readonly chain: number;
  readonly npc: number;
  readonly blk: number;
  readonly vb: number;
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  readonly va: number;
  readonly vpn: number;
  readonly h: number;
  readonly ix: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly m0: number;
  readonly m1: number;
  /** f64 scratch for the floating-point fast paths. */
  readonly d: number[] = [];

  constructor(
    private readonly words: (idx: number) => number,
    private readonly callout: Callout | null = null,
    dry = false,
  ) {
    const b = (this.b = new Body(3, dry));
    for (let r = 0; r < 32; r++) this.reg.push(b.local(I64));
    this.fn = b.local(I32);
    this.fz = b.local(I32);
    this.fc = b.local(I32);
    this.fv = b.local(I32);
    this.fk = b.local(I32);
    this.cnt = b.local(I32);
    this.chain = b.local(I32);
    this.blk = b.local(I32);
    this.h = b.local(I32);
    this.ix = b.local(I32);
    this.s0 = b.local(I32);
    this.s1 = b.local(I32);
    this.s2 = b.local(I32);
    this.npc = b.local(I64);
    this.vb = b.local(I64);
    this.t0 = b.local(I64);
    this.t1 = b.local(I64);
    this.t2 = b.local(I64);
    this.va = b.local(I64);
    this.vpn = b.local(I64);
    this.m0 = b.local(I64);
    this.m1 = b.local(I64);
    this.fa = b.local(I64);
    this.fb = b.local(I64);
    this.fr = b.local(I64);
    for (let k = 0; k < 13; k++) this.d.push(b.local(F64));
  }

  // ---- registers -------------------------------------------------------------

  /** Push X[s] (i64); slot 32 reads zero. */
  rx(s: number): void {
    if (s === ZR) {
      this.b.i64(0);
      return;
    }
    this.used[s] = true;
    this.b.get(this.reg[s]);
  }
  /** Pop an i64 into X[s]; slot 33 drops it. */
  wx(s: number): void {
    if (s === ZW) {
      this.b.op(Op.drop);
      return;
    }
    this.used[s] = true;
    this.written[s] = true;
    this.b.set(this.reg[s]);
  }
  /** Push R[s] in the operand domain: i64 for X, i32 for W. */
  rd(sf: boolean, s: number): void {
    this.rx(s);
    if (!sf) this.b.op(Op.i32WrapI64);
  }
  /** Pop a value of the domain into R[s] (a W write zeroes the top half). */
  wr(sf: boolean, s: number): void {
    if (!sf) this.b.op(Op.i64ExtendI32U);
    this.wx(s);
  }
  k64(sf: boolean, v: bigint): void {
    if (sf) this.b.i64(v);
    else this.b.i32(Number(BigInt.asIntN(32, v)));
  }
  o(sf: boolean, op64: Op, op32: Op): void {
    this.b.op(sf ? op64 : op32);
  }

  // ---- control ---------------------------------------------------------------

  private depthExit(): number {
    return this.blocks.length - this.k + this.nest;
  }
  private depthTop(): number {
    return this.blocks.length - 1 - this.k + this.nest;
  }
  /** Leave the function: `retired` more instructions retired, next PC = page + off. */
  exit(off: number, retired: number): void {
    const b = this.b;
    if (retired !== 0) b.get(this.cnt).i32(retired).op(Op.i32Add).set(this.cnt);
    b.get(this.vb).i64(off).op(Op.i64Add).set(this.npc);
    b.br(this.depthExit());
  }
  /** Block index for a branch target, adding it to the region while discovering. */
  target(off: number): number {
    if (off < 0 || off >= 4096) return -1;
    const k = this.index.get(off);
    if (k !== undefined) return k;
    if (this.frozen || this.blocks.length >= MAX_BLOCKS) return -1;
    this.index.set(off, this.blocks.length);
    this.blocks.push(off);
    return this.blocks.length - 1;
  }
  /** Continue at page offset off (the count was already updated). */
  jump(off: number): void {
    const k = this.target(off);
    if (k < 0) {
      this.b.i32(1).set(this.chain);
      this.exit(off, 0);
      return;
    }
    // A block that branches to itself loops in place (its code sits in a loop at nest 1).
    if (k === this.k) {
      this.looped = true;
      this.b.br(this.nest - 1);
    }
    else this.b.i32(k).set(this.blk).br(this.depthTop());
  }
  /** Retire the instructions of the block so far, through the current one. */
  retire(): void {
    this.b.get(this.cnt).i32(this.i + 1).op(Op.i32Add).set(this.cnt);
  }
  /** Push one flag (0 N, 1 Z, 2 C, 3 V) as i32 0/1, computed from the lazy state of kind k. */
  private flagOf(k: number, which: number): void {
    const b = this.b;
    const sh = (k & K_X) !== 0 ? 63n : 31n;
    const op = k & 7;
    switch (which) {
      case 0:
        b.get(this.fr).i64(sh).op(Op.i64ShrU, Op.i32WrapI64).i32(1).op(Op.i32And);
        return;
      case 1:
        b.get(this.fr).op(Op.i64Eqz);
        return;
      case 2:
        if (op === K_LOGIC) b.i32(0);
        else if (op === K_SUB) b.get(this.fa).get(this.fb).op(Op.i64GeU);
        else b.get(this.fr).get(this.fa).op(Op.i64LtU);
        return;
      default:
        if (op === K_LOGIC) {
          b.i32(0);
          return;
        }
        b.get(this.fa).get(this.fb).op(Op.i64Xor);
        if (op === K_ADD) b.i64(-1).op(Op.i64Xor);
        b.get(this.fa).get(this.fr).op(Op.i64Xor, Op.i64And).i64(sh).op(Op.i64ShrU, Op.i32WrapI64).i32(1).op(Op.i32And);
    }
  }
  /** Record a lazy flag result: operands and result already in fa, fb, fr. */
  private setLazy(k: number): void {
    this.b.i32(k).set(this.fk);
    this.pend = k;
  }
  /** Make fn..fv hold the flags (from the lazy state, known or not). */
  materialize(): void {
    const b = this.b;
    if (this.pend === 0) return;
    if (this.pend > 0) {
      const k = this.pend;
      for (const [w, l] of [[0, this.fn], [1, this.fz], [2, this.fc], [3, this.fv]]) {
        this.flagOf(k, w);
        b.set(l);
      }
    } else {
      this.materializeRuntime();
    }
    b.i32(0).set(this.fk);
    this.pend = 0;
  }
  /** Code that computes fn..fv from whatever kind fk holds at run time. */
  materializeRuntime(): void {
    const b = this.b;
    b.get(this.fk).op(Op.if, VOID);
    b.i64(63).i64(31).get(this.fk).i32(K_X).op(Op.i32And, Op.select).set(this.t2);
    b.get(this.fr).get(this.t2).op(Op.i64ShrU, Op.i32WrapI64).i32(1).op(Op.i32And).set(this.fn);
    b.get(this.fr).op(Op.i64Eqz).set(this.fz);
    b.get(this.fk).i32(7).op(Op.i32And).tee(this.s2).i32(K_LOGIC).op(Op.i32Eq, Op.if, VOID);
    b.i32(0).set(this.fc).i32(0).set(this.fv);
    b.op(Op.else);
    b.get(this.s2).i32(K_SUB).op(Op.i32Eq).set(this.s2);
    b.get(this.fa).get(this.fb).op(Op.i64GeU).get(this.fr).get(this.fa).op(Op.i64LtU).get(this.s2).op(Op.select).set(this.fc);
    b.get(this.fa).get(this.fb).op(Op.i64Xor).get(this.s2).op(Op.i64ExtendI32U).i64(1).op(Op.i64Sub, Op.i64Xor);
    b.get(this.fa).get(this.fr).op(Op.i64Xor, Op.i64And).get(this.t2).op(Op.i64ShrU, Op.i32WrapI64).i32(1).op(Op.i32And).set(this.fv);
    b.op(Op.end);
    b.op(Op.end);
  }

  /** Push an i32 condition (0/1) for condition code cond. */
  cond(cond: number): void {
    const b = this.b;
    const k = this.pend;
    if (cond >= 14) {
      b.i32(1);
      return;
    }
    if (k > 0 && (k & 7) === K_SUB && cond >> 1 !== 3) {
      // After CMP: compare the operands directly.
      const sf = (k & K_X) !== 0;
      const ops64 = [Op.i64Eq, Op.i64Ne, Op.i64GeU, Op.i64LtU, Op.i64LtS, Op.i64GeS, 0, 0, Op.i64GtU, Op.i64LeU, Op.i64GeS, Op.i64LtS, Op.i64GtS, Op.i64LeS];
      const ops32 = [Op.i32Eq, Op.i32Ne, Op.i32GeU, Op.i32LtU, Op.i32LtS, Op.i32GeS, 0, 0, Op.i32GtU, Op.i32LeU, Op.i32GeS, Op.i32LtS, Op.i32GtS, Op.i32LeS];
      if (cond >> 1 === 2) {
        // MI/PL: the sign of the result.
        b.get(this.fr);
        if (!sf) b.op(Op.i32WrapI64).i32(0);
        else b.i64(0);
      } else {
        b.get(this.fa);
        if (!sf) b.op(Op.i32WrapI64);
        b.get(this.fb);
        if (!sf) b.op(Op.i32WrapI64);
      }
      b.op(sf ? ops64[cond] : ops32[cond]);
      return;
    }
    if (k > 0) {
      const f = (which: number): void => this.flagOf(k, which);
      this.condFrom(cond, f);
      return;
    }
    if (k === K_UNKNOWN) this.materialize();
    const locals = [this.fn, this.fz, this.fc, this.fv];
    this.condFrom(cond, (which) => b.get(locals[which]));
  }
  private condFrom(cond: number, f: (which: number) => void): void {
    const b = this.b;
    switch (cond >> 1) {
      case 0: f(1); break;
      case 1: f(2); break;
      case 2: f(0); break;
      case 3: f(3); break;
      case 4: f(2); f(1); b.op(Op.i32Eqz, Op.i32And); break;
      case 5: f(0); f(3); b.op(Op.i32Eq); break;
      case 6: f(0); f(3); b.op(Op.i32Eq); f(1); b.op(Op.i32Eqz, Op.i32And); break;
      default:
        b.i32(1);
        return;
    }
    if ((cond & 1) === 1) b.op(Op.i32Eqz);
  }
  /** Emit `if (top of stack) { body }`, tracking nesting. */
  when(body: () => void): void {
    this.b.op(Op.if, VOID);
    this.nest++;
    body();
    this.nest--;
    this.b.op(Op.end);
  }

  // ---- flags -------------------------------------------------------------------

  /**
   * d = a + b + carry (b already inverted for subtraction), with flags when
   * setFlags. a, b pushed by the callbacks in domain sf; carry: 0, 1 or -1
   * for "the C flag".
   */
  addc(sf: boolean, a: () => void, bb: () => void, carry: number, setFlags: boolean, d: number): void {
    const b = this.b;
    if (carry === -1) this.materialize();
    if (!setFlags) {
      a();
      bb();
      this.o(sf, Op.i64Add, Op.i32Add);
      if (carry === 1) {
        this.k64(sf, 1n);
        this.o(sf, Op.i64Add, Op.i32Add);
      } else if (carry === -1) {
        b.get(this.fc);
        if (sf) b.op(Op.i64ExtendI32U);
        this.o(sf, Op.i64Add, Op.i32Add);
      }
      this.wr(sf, d);
      return;
    }
    // Work in i64 locals t0 (a), t1 (b), t2 (result); W operands are held zero-extended.
    const { t0, t1, t2 } = this;
    a();
    if (!sf) b.op(Op.i64ExtendI32U);
    b.set(t0);
    bb();
    if (!sf) b.op(Op.i64ExtendI32U);
    b.set(t1);
    b.get(t0).get(t1).op(Op.i64Add);
    if (carry === 1) b.i64(1).op(Op.i64Add);
    else if (carry === -1) b.get(this.fc).op(Op.i64ExtendI32U, Op.i64Add);
    if (sf) {
      b.set(t2);
      // C: unsigned carry out of bit 63.
      if (carry === 0) b.get(t2).get(t0).op(Op.i64LtU);
      else if (carry === 1) b.get(t2).get(t0).op(Op.i64LeU);
      else b.get(t2).get(t0).op(Op.i64LtU).get(this.fc).get(t2).get(t0).op(Op.i64Eq, Op.i32And, Op.i32Or);
      b.set(this.fc);
      b.get(t0).get(t2).op(Op.i64Xor).get(t1).get(t2).op(Op.i64Xor, Op.i64And).i64(63).op(Op.i64ShrU, Op.i32WrapI64).set(this.fv);
      b.get(t2).i64(63).op(Op.i64ShrU, Op.i32WrapI64).set(this.fn);
      b.get(t2).op(Op.i64Eqz).set(this.fz);
      b.get(t2);
      this.wx(d);
      return;
    }
    // 32-bit: the 33-bit sum in t2; C = bit 32.
    b.set(t2);
    b.get(t2).i64(32).op(Op.i64ShrU, Op.i32WrapI64).set(this.fc);
    b.get(t2).op(Op.i32WrapI64).set(this.s0);
    b.get(t0).op(Op.i32WrapI64).get(this.s0).op(Op.i32Xor);
    b.get(t1).op(Op.i32WrapI64).get(this.s0).op(Op.i32Xor, Op.i32And).i32(31).op(Op.i32ShrU).set(this.fv);
    b.get(this.s0).i32(31).op(Op.i32ShrU).set(this.fn);
    b.get(this.s0).op(Op.i32Eqz).set(this.fz);
    b.get(this.s0);
    this.wr(false, d);
  }

  /** Push operand Rm shifted (LSL, LSR, ASR, ROR by amount) in domain sf. */
  shifted(sf: boolean, m: number, type: number, amount: number): void {
    this.rd(sf, m);
    if (amount === 0) return;
    this.k64(sf, BigInt(amount));
    const ops64 = [Op.i64Shl, Op.i64ShrU, Op.i64ShrS, Op.i64Rotr];
    const ops32 = [Op.i32Shl, Op.i32ShrU, Op.i32ShrS, Op.i32Rotr];
    this.o(sf, ops64[type], ops32[type]);
  }

  /** Push extend(Rm, option) << sh in domain sf. */
  extended(sf: boolean, m: number, option: number, sh: number): void {
    const b = this.b;
    this.rx(m);
    switch (option) {
      case 0: b.i64(0xff).op(Op.i64And); break;
      case 1: b.i64(0xffff).op(Op.i64And); break;
      case 2: b.i64(MASK32).op(Op.i64And); break;
      case 4: b.i64(56).op(Op.i64Shl).i64(56).op(Op.i64ShrS); break;
      case 5: b.i64(48).op(Op.i64Shl).i64(48).op(Op.i64ShrS); break;
      case 6: b.i64(32).op(Op.i64Shl).i64(32).op(Op.i64ShrS); break;
      default: break;
    }
    if (sh !== 0) b.i64(sh).op(Op.i64Shl);
    if (!sf) b.op(Op.i32WrapI64);
  }

  // ---- memory --------------------------------------------------------------------

  /**
   * With the (already top-byte-stripped) address in local va, check that
   * `size` bytes at va lie in one page present in the TLB for the access, or
   * exit before this instruction; leaves the host address in local h.
   */
  translate(size: number, write: boolean): void {
    const b = this.b;
    const tagOff = write ? S.TLB_WTAG_OFF : S.TLB_RTAG_OFF;
    const offOff = write ? S.TLB_WOFF_OFF : S.TLB_ROFF_OFF;
    b.get(this.va).op(Op.i32WrapI64).i32(0xfff).op(Op.i32And).i32(4096 - size).op(Op.i32GtU);
    b.get(this.va).i64(12).op(Op.i64ShrU).tee(this.vpn).op(Op.i32WrapI64).i32(S.TLB_ENTRIES - 1).op(Op.i32And).tee(this.ix);
    b.i32(3).op(Op.i32Shl).mem(Op.f64Load, tagOff).get(this.vpn).op(Op.f64ConvertI64S, Op.f64Ne, Op.i32Or);
    this.when(() => this.exit(this.pos, this.i));
    b.get(this.ix).i32(2).op(Op.i32Shl).mem(Op.i32Load, offOff);
    b.get(this.va).op(Op.i32WrapI64).i32(0xfff).op(Op.i32And, Op.i32Add).set(this.h);
  }
  /** va = (X[n] + imm) with the top byte cleared. */
  eaImm(n: number, imm: number): void {
    this.rx(n);
    if (imm !== 0) this.b.i64(imm).op(Op.i64Add);
    this.b.i64(0x00ffffffffffffffn).op(Op.i64And).set(this.va);
  }

  // ---- instruction groups -------------------------------------------------------------

  insn(w: number): number {
    const op0 = (w >>> 25) & 0xf;
    if ((op0 & 0b1110) === 0b1000) return this.dpImm(w);
    if ((op0 & 0b1110) === 0b1010) return this.branch(w);
    if ((op0 & 0b0101) === 0b0100) return this.ldst(w);
    if ((op0 & 0b0111) === 0b0101) return this.dpReg(w);
    if ((op0 & 0b0111) === 0b0111) {
      const r = this.simdFp(w);
      return r !== NO ? r : this.callOp(w);
    }
    return NO;
  }

  /**
   * Run the interpreter's op for the SIMD&FP data-processing word w through
   * a call-out. Such ops touch only V registers, FPCR and FPSR, except the
   * scalar FP group (bits 28:24 = 11110: conversions to and from general
   * registers, compares writing NZCV, conditional selects and compares
   * reading it) and the Advanced SIMD copies to and from general registers:
   * for those the general registers Rn and Rd, and NZCV, are stored to the
   * state block before the call and Rd and NZCV read back after it.
   */
  private callOp(w: number): number {
    if (this.callout === null) return NO;
    const k = this.callout(w);
    if (k < 0) return NO;
    let gpr = false;
    let flagsIn = false;
    let flagsOut = false;
    if ((w & 0x1f000000) === 0x1e000000) {
      const op3 = (w >>> 10) & 0x3f;
      if (((w >>> 21) & 1) === 1 && ((op3 & 0x1f) === 0x10 || (op3 & 3) === 2 || (op3 & 7) === 4)) {
        // FP data-processing 1 and 2 source, FMOV immediate: V registers only.
      } else if (((w >>> 21) & 1) === 1 && (op3 & 0xf) === 8) flagsOut = true; // FCMP, FCMPE
      else if (((w >>> 21) & 1) === 1 && (op3 & 3) === 1) flagsIn = flagsOut = true; // FCCMP, FCCMPE
      else if (((w >>> 21) & 1) === 1 && (op3 & 3) === 3) flagsIn = true; // FCSEL
      else gpr = flagsIn = flagsOut = true; // conversions (and anything unexpected)
    } else if ((w & 0x9fe08400) >>> 0 === 0x0e000400) gpr = true; // DUP, INS, SMOV, UMOV (general)
    this.emitCall(k, gpr ? [(w >>> 5) & 31, w & 31] : [], gpr ? w & 31 : -1, flagsIn, flagsOut);
    return OK;
  }

  /** Call-out k: store `spill` registers (and NZCV when flagsIn), call, reload `reload` (and NZCV when flagsOut). */
  private emitCall(k: number, spill: number[], reload: number, flagsIn: boolean, flagsOut: boolean): void {
    const b = this.b;
    for (const r of spill) {
      b.i32(0);
      this.rx(r);
      b.mem(Op.i64Store, S.X_OFF + 8 * r);
    }
    const flagLocals: Array<[number, number]> = [[this.fn, S.N_OFF], [this.fz, S.Z_OFF], [this.fc, S.C_OFF], [this.fv, S.V_OFF_FLAG]];
    if (flagsIn) {
      this.materialize();
      for (const [l, off] of flagLocals) b.i32(0).get(l).mem(Op.i32Store, off);
    }
    b.i32(k).get(this.vb).i64(this.pos).op(Op.i64Add, Op.f64ConvertI64U).op(Op.call, 0);
    if (reload >= 0) {
      b.i32(0).mem(Op.i64Load, S.X_OFF + 8 * reload);
      this.wx(reload);
    }
    if (flagsOut) {
      for (const [l, off] of flagLocals) b.i32(0).mem(Op.i32Load, off).set(l);
      b.i32(0).set(this.fk);
      this.pend = 0;
    }
  }

  /** The few SIMD&FP instructions common in integer code: FMOV to/from general, FCMP, vector logic, DUP. */
  private simdFp(w: number): number {
    const b = this.b;
    const rd = w & 31;
    const rn = (w >>> 5) & 31;
    const vd = S.V_OFF + 16 * rd;
    const vn = S.V_OFF + 16 * rn;
    switch ((w & 0xfffffc00) >>> 0) {
      case 0x1e260000: // FMOV Wd, Sn
        b.i32(0).mem(Op.i64Load32U, vn);
        this.wx(zw(rd));
        return OK;
      case 0x9e660000: // FMOV Xd, Dn
        b.i32(0).mem(Op.i64Load, vn);
        this.wx(zw(rd));
        return OK;
      case 0x9eae0000: // FMOV Xd, Vn.D[1]
        b.i32(0).mem(Op.i64Load, vn + 8);
        this.wx(zw(rd));
        return OK;
      case 0x1e270000: // FMOV Sd, Wn
      case 0x9e670000: // FMOV Dd, Xn
        b.i32(0);
        this.rx(zr(rn));
        if (w >>> 31 === 0) b.i64(MASK32).op(Op.i64And);
        b.mem(Op.i64Store, vd).i32(0).i64(0).mem(Op.i64Store, vd + 8);
        return OK;
      case 0x9eaf0000: // FMOV Vd.D[1], Xn
        b.i32(0);
        this.rx(zr(rn));
        b.mem(Op.i64Store, vd + 8);
        return OK;
      default:
        break;
    }
    const fm = (w & 0xfffffc00) >>> 0;
    if (fm === 0x1e204000 || fm === 0x1e604000) {
      // FMOV Sd, Sn / Dd, Dn: the low 4 or 8 bytes, the rest zeroed.
      b.i32(0).i32(0).mem(fm === 0x1e604000 ? Op.i64Load : Op.i64Load32U, vn).mem(Op.i64Store, vd);
      b.i32(0).i64(0).mem(Op.i64Store, vd + 8);
      return OK;
    }
    if ((w & 0x9fff0fe0) >>> 0 === 0x0f000400) {
      // MOVI with a zero immediate (the forms whose value is then 0).
      const op = (w >>> 29) & 1;
      const cmode = (w >>> 12) & 15;
      const zero = op === 0 ? (cmode & 1) === 0 && cmode !== 12 : cmode === 14;
      if (!zero) return NO;
      b.i32(0).i64(0).mem(Op.i64Store, vd).i32(0).i64(0).mem(Op.i64Store, vd + 8);
      return OK;
    }
    const q = ((w >>> 30) & 1) === 1;
    const rm = (w >>> 16) & 31;
    const vm = S.V_OFF + 16 * rm;
    if ((w & 0x9f20fc00) >>> 0 === 0x0e201c00) {
      // AND, BIC, ORR, ORN, EOR (vector).
      const u = (w >>> 29) & 1;
      const opc = (w >>> 22) & 3;
      if (u === 1 && opc !== 0) return NO;
      const half = (off: number, t: number): void => {
        b.i32(0).mem(Op.i64Load, vn + off).i32(0).mem(Op.i64Load, vm + off);
        if (u === 0 && (opc & 1) === 1) b.i64(-1).op(Op.i64Xor);
        b.op(u === 1 ? Op.i64Xor : opc >= 2 ? Op.i64Or : Op.i64And).set(t);
      };
      half(0, this.t0);
      if (q) half(8, this.t1);
      b.i32(0).get(this.t0).mem(Op.i64Store, vd).i32(0);
      if (q) b.get(this.t1);
      else b.i64(0);
      b.mem(Op.i64Store, vd + 8);
      return OK;
    }
    if ((w & 0xbfe0fc00) >>> 0 === 0x0e000c00) {
      // DUP Vd.T, Rn.
      const imm5 = (w >>> 16) & 31;
      const size = imm5 & 1 ? 0 : imm5 & 2 ? 1 : imm5 & 4 ? 2 : imm5 & 8 ? 3 : -1;
      if (size < 0 || (size === 3 && !q)) return NO;
      const masks = [0xffn, 0xffffn, MASK32, -1n];
      const reps = [0x0101010101010101n, 0x0001000100010001n, 0x0000000100000001n, 1n];
      this.rx(zr(rn));
      b.i64(masks[size]).op(Op.i64And).i64(reps[size]).op(Op.i64Mul).set(this.t0);
      b.i32(0).get(this.t0).mem(Op.i64Store, vd).i32(0);
      if (q) b.get(this.t0);
      else b.i64(0);
      b.mem(Op.i64Store, vd + 8);
      return OK;
    }
    const vi = this.simdInt(w);
    if (vi !== NO) return vi;
    if ((w & 0xffe00c00) >>> 0 === 0x1e600800 && ((w >>> 12) & 15) < 4) return this.fp2Double(w);
    if ((w & 0xfffe7c00) >>> 0 === 0x1e604000) return this.fp1Double(w);
    if ((w & 0xffc00000) >>> 0 === 0x1f400000) return this.fmaDouble(w);
    if ((w & 0xff60fc00) >>> 0 === 0x4e60cc00) return this.fmlaDouble(w);
    if ((w & 0xffa0fc07) >>> 0 === 0x1e202000) {
      // FCMP, FCMPE (S, D; register or #0.0). NaNs and FPCR.FZ go to the interpreter (FPSR flags).
      const dbl = ((w >>> 22) & 1) === 1;
      const zero = ((w >>> 3) & 1) === 1;
      const ld = dbl ? Op.f64Load : Op.f32Load;
      const ne = dbl ? Op.f64Ne : Op.f32Ne;
      const lt = dbl ? Op.f64Lt : Op.f32Lt;
      const eq = dbl ? Op.f64Eq : Op.f32Eq;
      const a = (): void => {
        b.i32(0).mem(ld, vn);
      };
      const bb = (): void => {
        if (zero) {
          if (dbl) b.op(Op.f64Const, 0, 0, 0, 0, 0, 0, 0, 0);
          else b.op(Op.f32Const, 0, 0, 0, 0);
        } else b.i32(0).mem(ld, vm);
      };
      a();
      a();
      b.op(ne);
      if (!zero) {
        bb();
        bb();
        b.op(ne, Op.i32Or);
      }
      b.i32(0).mem(Op.i32Load, S.FPCR_OFF).i32(1 << 24).op(Op.i32And, Op.i32Or);
      this.when(() => this.exit(this.pos, this.i));
      a();
      bb();
      b.op(lt).tee(this.fn).op(Op.i32Eqz).set(this.fc);
      a();
      bb();
      b.op(eq).set(this.fz);
      b.i32(0).set(this.fv).i32(0).set(this.fk);
      this.pend = 0;
      return OK;
    }
    return NO;
  }

  // ---- Advanced SIMD integer operations with exact WebAssembly SIMD equivalents ----------

  /** Store the v128 on the stack to V[rd]; a 64-bit arrangement (q false) zeroes the upper half. */
  private storeV(rd: number, q: boolean, value: () => void): void {
    const b = this.b;
    b.i32(0);
    value();
    if (!q) b.i64(0).simd(Simd.i64x2ReplaceLane).op(1);
    b.vmem(Simd.store, S.V_OFF + 16 * rd);
  }
  private loadV(r: number): void {
    this.b.i32(0).vmem(Simd.load, S.V_OFF + 16 * r);
  }

  /** ADD, SUB, CMEQ, CMTST (vector); SHL, USHR, SSHR (immediate); CMEQ #0. */
  private simdInt(w: number): number {
    const b = this.b;
    const q = ((w >>> 30) & 1) === 1;
    const size = (w >>> 22) & 3;
    const rd = w & 31;
    const rn = (w >>> 5) & 31;
    const rm = (w >>> 16) & 31;
    const three = (w & 0xbf20fc00) >>> 0;
    if (three === 0x0e208400 || three === 0x2e208400 || three === 0x2e208c00 || three === 0x0e208c00) {
      if (size === 3 && !q) return NO;
      const add = [Simd.i8x16Add, Simd.i16x8Add, Simd.i32x4Add, Simd.i64x2Add][size];
      const sub = [Simd.i8x16Sub, Simd.i16x8Sub, Simd.i32x4Sub, Simd.i64x2Sub][size];
      const eq = [Simd.i8x16Eq, Simd.i16x8Eq, Simd.i32x4Eq, Simd.i64x2Eq][size];
      this.storeV(rd, q, () => {
        this.loadV(rn);
        this.loadV(rm);
        if (three === 0x0e208400) b.simd(add);
        else if (three === 0x2e208400) b.simd(sub);
        else if (three === 0x2e208c00) b.simd(eq);
        else {
          // CMTST: all ones where (n & m) != 0.
          b.simd(Simd.v128And).i64(0).simd(Simd.i64x2Splat).simd(eq).simd(Simd.v128Not);
        }
      });
      return OK;
    }
    if ((w & 0xbf3ffc00) >>> 0 === 0x0e209800) {
      // CMEQ #0.
      if (size === 3 && !q) return NO;
      const eq = [Simd.i8x16Eq, Simd.i16x8Eq, Simd.i32x4Eq, Simd.i64x2Eq][size];
      this.storeV(rd, q, () => {
        this.loadV(rn);
        b.i64(0).simd(Simd.i64x2Splat).simd(eq);
      });
      return OK;
    }
    const sh = (w & 0xbf80fc00) >>> 0;
    const immh = (w >>> 19) & 15;
    if ((sh === 0x0f000400 || sh === 0x2f000400 || sh === 0x0f005400) && immh !== 0) {
      const lg = 31 - Math.clz32(immh);
      if (lg === 3 && !q) return NO;
      const esize = 8 << lg;
      const immhb = (w >>> 16) & 0x7f;
      const shl = [Simd.i8x16Shl, Simd.i16x8Shl, Simd.i32x4Shl, Simd.i64x2Shl][lg];
      this.storeV(rd, q, () => {
        this.loadV(rn);
        if (sh === 0x0f005400) {
          b.i32(immhb - esize).simd(shl);
        } else {
          const amount = 2 * esize - immhb;
          const signed = sh === 0x0f000400;
          if (!signed && amount === esize) {
            // USHR by the element size: zero (Wasm takes shift counts modulo the lane width).
            b.op(Op.drop).i64(0).simd(Simd.i64x2Splat);
          } else b.i32(signed ? Math.min(amount, esize - 1) : amount).simd(shl + (signed ? 1 : 2));
        }
      });
      return OK;
    }
    return NO;
  }

  // ---- scalar double-precision fast paths ----------------------------------------------
  // They compute what fp/arith.ts's fast paths compute, with the same IEEE
  // operations, when FPCR is in the default round-to-nearest mode without FZ
  // and FPSR.IXC is already set (it is sticky, so an inexact result changes no
  // flag) and the result is a normal number; anything else (NaNs, infinities,
  // denormals, overflow, other modes, IXC still clear) runs the interpreter's
  // op through the call-out, which computes the result and the flags exactly.

  /** Push i32 1 when the fast paths apply: FPCR has no RMode or FZ bits, and FPSR.IXC is set. */
  private fpFast(): void {
    const b = this.b;
    b.i32(0).mem(Op.i32Load, S.FPCR_OFF).i32(SLOW_FPCR).op(Op.i32And, Op.i32Eqz);
    b.i32(0).mem(Op.i32Load, S.FPSR_OFF).i32(IXC).op(Op.i32And).i32(IXC).op(Op.i32Eq, Op.i32And);
  }
  /** Push i32 1 when local x holds a normal double (MIN64 < |x| <= MAX64). */
  private normal(x: number): void {
    const b = this.b;
    const t = this.d[11];
    b.get(x).op(Op.f64Abs).tee(t).f64(MIN64).op(Op.f64Gt).get(t).f64(MAX64).op(Op.f64Le, Op.i32And);
  }
  /** With a condition on the stack: `fast` when it holds, else the interpreter's op for w (or an exit). */
  private orCall(w: number, fast: () => void): void {
    const b = this.b;
    b.op(Op.if, VOID);
    this.nest++;
    fast();
    b.op(Op.else);
    const k = this.callout === null ? -1 : this.callout(w);
    if (k >= 0) this.emitCall(k, [], -1, false, false);
    else this.exit(this.pos, this.i);
    this.nest--;
    b.op(Op.end);
  }
  /** Store the double in local x to D[rd], zeroing the upper 64 bits. */
  private storeD(rd: number, x: number): void {
    const v = S.V_OFF + 16 * rd;
    this.b.i32(0).get(x).mem(Op.f64Store, v).i32(0).i64(0).mem(Op.i64Store, v + 8);
  }
  private loadD(r: number): void {
    this.b.i32(0).mem(Op.f64Load, S.V_OFF + 16 * r);
  }

  /** FMUL, FDIV, FADD, FSUB (double). */
  private fp2Double(w: number): number {
    const b = this.b;
    const opcode = (w >>> 12) & 15;
    const [r] = this.d;
    this.loadD((w >>> 5) & 31);
    this.loadD((w >>> 16) & 31);
    b.op([Op.f64Mul, Op.f64Div, Op.f64Add, Op.f64Sub][opcode]).set(r);
    this.fpFast();
    this.normal(r);
    // A sum that is exactly zero is exact too (add64's `r === 0`).
    if (opcode >= 2) b.get(r).f64(0).op(Op.f64Eq, Op.i32Or);
    b.op(Op.i32And);
    this.orCall(w, () => this.storeD(w & 31, r));
    return OK;
  }

  /** FMOV, FABS, FNEG (sign-bit operations, as the interpreter) and FSQRT (double). */
  private fp1Double(w: number): number {
    const b = this.b;
    const opc = (w >>> 15) & 3;
    const rd = w & 31;
    const v = S.V_OFF + 16 * rd;
    const [a, r] = this.d;
    if (opc < 3) {
      b.i32(0).i32(0).mem(Op.i64Load, S.V_OFF + 16 * ((w >>> 5) & 31));
      if (opc === 1) b.i64(0x7fffffffffffffffn).op(Op.i64And);
      if (opc === 2) b.i64(-0x8000000000000000n).op(Op.i64Xor);
      b.mem(Op.i64Store, v).i32(0).i64(0).mem(Op.i64Store, v + 8);
      return OK;
    }
    this.loadD((w >>> 5) & 31);
    b.tee(a).op(Op.f64Sqrt).set(r);
    this.fpFast();
    b.get(a).f64(SAFE_SMALL).op(Op.f64Gt, Op.i32And).get(a).f64(SAFE_BIG).op(Op.f64Lt, Op.i32And);
    this.orCall(w, () => this.storeD(rd, r));
    return OK;
  }

  /**
   * FMADD, FMSUB, FNMADD, FNMSUB (double): the fused result by arith.ts's
   * mulAdd64 algorithm (an error-free product and sum, the low part rounded
   * to odd), under the same conditions.
   */
  private fmaDouble(w: number): number {
    const b = this.b;
    const o1 = (w >>> 21) & 1;
    const o0 = (w >>> 15) & 1;
    const [x, y, ad] = this.d;
    const r = this.d[10];
    const loadNeg = (reg: number, neg: boolean, into: number): void => {
      this.loadD(reg);
      if (neg) b.op(Op.f64Neg);
      b.set(into);
    };
    loadNeg((w >>> 10) & 31, o1 === 1, ad);
    loadNeg((w >>> 5) & 31, o0 !== o1, x);
    loadNeg((w >>> 16) & 31, false, y);
    this.fmaCore(ad, x, y, r);
    this.fpFast();
    b.op(Op.i32And);
    this.orCall(w, () => this.storeD(w & 31, r));
    return OK;
  }

  /** FMLA, FMLS (vector, 2D): per lane d = d + n * m (n negated for FMLS), both lanes fast or the call-out. */
  private fmlaDouble(w: number): number {
    const b = this.b;
    const sub = ((w >>> 23) & 1) === 1;
    const rd = w & 31;
    const vd = S.V_OFF + 16 * rd;
    const vn = S.V_OFF + 16 * ((w >>> 5) & 31);
    const vm = S.V_OFF + 16 * ((w >>> 16) & 31);
    const [x, y, ad] = this.d;
    const r0 = this.d[10];
    const r1 = this.d[12];
    for (const lane of [0, 8]) {
      b.i32(0).mem(Op.f64Load, vd + lane).set(ad);
      b.i32(0).mem(Op.f64Load, vn + lane);
      if (sub) b.op(Op.f64Neg);
      b.set(x);
      b.i32(0).mem(Op.f64Load, vm + lane).set(y);
      this.fmaCore(ad, x, y, lane === 0 ? r0 : r1);
      if (lane === 0) b.set(this.s1);
    }
    b.get(this.s1).op(Op.i32And);
    this.fpFast();
    b.op(Op.i32And);
    this.orCall(w, () => {
      b.i32(0).get(r0).mem(Op.f64Store, vd).i32(0).get(r1).mem(Op.f64Store, vd + 8);
    });
    return OK;
  }

  /**
   * r = addend + x * y by arith.ts's mulAdd64 algorithm (an error-free
   * product and sum, the low part rounded to odd), from f64 locals; pushes
   * i32 1 when its fast-path conditions hold (operands in range, r normal),
   * so that r is the exact result. Uses the scratch locals d[3..9] and d[11].
   */
  private fmaCore(ad: number, x: number, y: number, r: number): void {
    const b = this.b;
    const [, , , p, pe, th, tl, v, ww, vo] = this.d;
    const t = this.d[11];
    b.get(x).get(y).op(Op.f64Mul).set(p);
    // pe = prodErr(x, y, p): Dekker's split of x and y.
    const split = (src: number, hi: number, lo: number): void => {
      b.f64(SPLIT).get(src).op(Op.f64Mul).tee(t).get(t).get(src).op(Op.f64Sub, Op.f64Sub).set(hi);
      b.get(src).get(hi).op(Op.f64Sub).set(lo);
    };
    // Locals reused: th/tl hold x's halves, v/ww y's, until pe is known.
    split(x, th, tl);
    split(y, v, ww);
    b.get(th).get(v).op(Op.f64Mul).get(p).op(Op.f64Sub);
    b.get(th).get(ww).op(Op.f64Mul, Op.f64Add);
    b.get(tl).get(v).op(Op.f64Mul, Op.f64Add);
    b.get(tl).get(ww).op(Op.f64Mul, Op.f64Add).set(pe);
    // th + tl = p + addend exactly.
    b.get(p).get(ad).op(Op.f64Add).tee(th).get(p).op(Op.f64Sub).set(t);
    b.get(p).get(th).get(t).op(Op.f64Sub, Op.f64Sub).get(ad).get(t).op(Op.f64Sub, Op.f64Add).set(tl);
    // v + ww = tl + pe exactly.
    b.get(tl).get(pe).op(Op.f64Add).tee(v).get(tl).op(Op.f64Sub).set(t);
    b.get(tl).get(v).get(t).op(Op.f64Sub, Op.f64Sub).get(pe).get(t).op(Op.f64Sub, Op.f64Add).set(ww);
    // vo = v rounded to odd: when ww != 0 and v is even, step v one unit toward ww.
    b.get(v).set(vo);
    b.get(ww).f64(0).op(Op.f64Ne).get(v).op(Op.i64ReinterpretF64).i64(1).op(Op.i64And, Op.i64Eqz, Op.i32And);
    b.op(Op.if, VOID);
    b.get(v).op(Op.i64ReinterpretF64);
    b.i64(1).i64(-1).get(ww).f64(0).op(Op.f64Gt).get(v).f64(0).op(Op.f64Gt, Op.i32Eq, Op.select);
    b.op(Op.i64Add, Op.f64ReinterpretI64).set(vo);
    b.op(Op.end);
    b.get(th).get(vo).op(Op.f64Add).set(r);
    // Conditions: |p| in (SAFE_SMALL, SAFE_BIG), |x| and |y| in [MIN64, SAFE_BIG), |addend| < SAFE_BIG, r normal.
    const inRange = (l: number, lo: number, strict: boolean): void => {
      b.get(l).op(Op.f64Abs).tee(t).f64(lo).op(strict ? Op.f64Gt : Op.f64Ge);
      b.get(t).f64(SAFE_BIG).op(Op.f64Lt, Op.i32And);
    };
    inRange(p, SAFE_SMALL, true);
    inRange(x, MIN64, false);
    b.op(Op.i32And);
    inRange(y, MIN64, false);
    b.op(Op.i32And);
    b.get(ad).op(Op.f64Abs).f64(SAFE_BIG).op(Op.f64Lt, Op.i32And);
    this.normal(r);
    b.op(Op.i32And);
  }

  private dpImm(w: number): number {
    const b = this.b;
    const sf = w >>> 31 === 1;
    switch ((w >>> 23) & 7) {
      case 0:
      case 1: {
        const imm = sext((((w >> 5) & 0x7ffff) << 2) | ((w >>> 29) & 3), 21);
        const v = sf ? imm * 4096 : this.pos + imm;
        b.get(this.vb).i64(v).op(Op.i64Add);
        this.wx(zw(w & 31));
        return OK;
      }
      case 2: {
        const sub = ((w >>> 30) & 1) === 1;
        const setFlags = ((w >>> 29) & 1) === 1;
        const imm = ((w >>> 10) & 0xfff) << (((w >>> 22) & 1) * 12);
        const n = (w >>> 5) & 31;
        const d = setFlags ? zw(w & 31) : w & 31;
        const k = BigInt(sub ? -imm : imm);
        if (!setFlags) {
          this.rd(sf, n);
          this.k64(sf, k);
          this.o(sf, Op.i64Add, Op.i32Add);
          this.wr(sf, d);
          return OK;
        }
        this.addSub(sf, sub, true, () => this.rd(sf, n), () => this.k64(sf, BigInt(imm)), d);
        return OK;
      }
      case 4: {
        const opc = (w >>> 29) & 3;
        const nbit = (w >>> 22) & 1;
        if (!sf && nbit === 1) return NO;
        const masks = decodeBitMasks(nbit, (w >>> 10) & 63, (w >>> 16) & 63, true, sf ? 64 : 32);
        if (masks === null) return NO;
        const imm = sf ? (BigInt(masks[1] >>> 0) << 32n) | BigInt(masks[0] >>> 0) : BigInt(masks[0] >>> 0);
        const n = zr((w >>> 5) & 31);
        const d = opc === 3 ? zw(w & 31) : w & 31;
        this.rd(sf, n);
        this.k64(sf, imm);
        this.o(sf, [Op.i64And, Op.i64Or, Op.i64Xor, Op.i64And][opc], [Op.i32And, Op.i32Or, Op.i32Xor, Op.i32And][opc]);
        if (opc === 3) this.setLogicFlags(sf, d);
        else this.wr(sf, d);
        return OK;
      }
      case 5: {
        const opc = (w >>> 29) & 3;
        const hw = (w >>> 21) & 3;
        if (opc === 1 || (!sf && hw >= 2)) return NO;
        const pos = BigInt(hw * 16);
        const imm = BigInt((w >>> 5) & 0xffff) << pos;
        const d = zw(w & 31);
        if (opc === 3) {
          this.rd(sf, zr(w & 31));
          this.k64(sf, ~(0xffffn << pos));
          this.o(sf, Op.i64And, Op.i32And);
          this.k64(sf, imm);
          this.o(sf, Op.i64Or, Op.i32Or);
          this.wr(sf, d);
          return OK;
        }
        const v = opc === 0 ? (sf ? ~imm : ~imm & MASK32) : imm;
        b.i64(v);
        this.wx(d);
        return OK;
      }
      case 6:
        return this.bitfield(w);
      case 7: {
        const nbit = (w >>> 22) & 1;
        const lsb = (w >>> 10) & 63;
        if (((w >>> 29) & 3) !== 0 || ((w >>> 21) & 1) !== 0) return NO;
        if ((sf ? 1 : 0) !== nbit || (!sf && lsb >= 32)) return NO;
        const n = zr((w >>> 5) & 31);
        const m = zr((w >>> 16) & 31);
        const d = zw(w & 31);
        if (lsb === 0) {
          this.rd(sf, m);
        } else {
          const width = sf ? 64 : 32;
          this.rd(sf, n);
          this.k64(sf, BigInt(width - lsb));
          this.o(sf, Op.i64Shl, Op.i32Shl);
          this.rd(sf, m);
          this.k64(sf, BigInt(lsb));
          this.o(sf, Op.i64ShrU, Op.i32ShrU);
          this.o(sf, Op.i64Or, Op.i32Or);
        }
        this.wr(sf, d);
        return OK;
      }
      default:
        return NO;
    }
  }

  /** Pop a logical result (domain sf) into d, setting the flags lazily (NZ, C = V = 0). */
  private setLogicFlags(sf: boolean, d: number): void {
    if (!sf) this.b.op(Op.i64ExtendI32U);
    this.b.tee(this.fr);
    this.setLazy(K_LOGIC | (sf ? K_X : 0));
    this.wx(d);
  }

  private bitfield(w: number): number {
    const sf = w >>> 31 === 1;
    const opc = (w >>> 29) & 3;
    const nbit = (w >>> 22) & 1;
    const r = (w >>> 16) & 63;
    const s = (w >>> 10) & 63;
    if (opc === 3 || (sf ? 1 : 0) !== nbit) return NO;
    if (!sf && (r >= 32 || s >= 32)) return NO;
    const W = sf ? 64 : 32;
    const left = W - 1 - s;
    const right = s >= r ? W - 1 - s + r : r - 1 - s;
    const n = zr((w >>> 5) & 31);
    const d = zw(w & 31);
    // Field move: (x << left) >> right, arithmetic for SBFM.
    const field = (): void => {
      this.rd(sf, n);
      if (left !== 0) {
        this.k64(sf, BigInt(left));
        this.o(sf, Op.i64Shl, Op.i32Shl);
      }
      if (right !== 0) {
        this.k64(sf, BigInt(right));
        if (opc === 0) this.o(sf, Op.i64ShrS, Op.i32ShrS);
        else this.o(sf, Op.i64ShrU, Op.i32ShrU);
      }
    };
    if (opc !== 1) {
      field();
      this.wr(sf, d);
      return OK;
    }
    const ones = (1n << BigInt(W)) - 1n;
    const mask = (((ones << BigInt(left)) & ones) >> BigInt(right)) & ones;
    this.rd(sf, zr(w & 31));
    this.k64(sf, ~mask & ones);
    this.o(sf, Op.i64And, Op.i32And);
    field();
    this.k64(sf, mask);
    this.o(sf, Op.i64And, Op.i32And);
    this.o(sf, Op.i64Or, Op.i32Or);
    this.wr(sf, d);
    return OK;
  }

  private dpReg(w: number): number {
    const sf = w >>> 31 === 1;
    const op1 = (w >>> 28) & 1;
    const op2 = (w >>> 21) & 15;
    const d = zw(w & 31);
    const n = zr((w >>> 5) & 31);
    const m = zr((w >>> 16) & 31);
    const b = this.b;
    if (op1 === 0) {
      if ((op2 & 8) === 0) {
        // Logical (shifted register).
        const amount = (w >>> 10) & 63;
        if (!sf && amount >= 32) return NO;
        const opc = (w >>> 29) & 3;
        this.rd(sf, n);
        this.shifted(sf, m, (w >>> 22) & 3, amount);
        if (((w >>> 21) & 1) === 1) {
          this.k64(sf, -1n);
          this.o(sf, Op.i64Xor, Op.i32Xor);
        }
        this.o(sf, [Op.i64And, Op.i64Or, Op.i64Xor, Op.i64And][opc], [Op.i32And, Op.i32Or, Op.i32Xor, Op.i32And][opc]);
        if (opc === 3) this.setLogicFlags(sf, d);
        else this.wr(sf, d);
        return OK;
      }
      const sub = ((w >>> 30) & 1) === 1;
      const setFlags = ((w >>> 29) & 1) === 1;
      if ((op2 & 1) === 0) {
        const type = (w >>> 22) & 3;
        const amount = (w >>> 10) & 63;
        if (type === 3 || (!sf && amount >= 32)) return NO;
        this.addSub(sf, sub, setFlags, () => this.rd(sf, n), () => this.shifted(sf, m, type, amount), d);
        return OK;
      }
      const sh = (w >>> 10) & 7;
      if (((w >>> 22) & 3) !== 0 || sh > 4) return NO;
      const dd = setFlags ? d : w & 31;
      const nn = (w >>> 5) & 31;
      const option = (w >>> 13) & 7;
      this.addSub(sf, sub, setFlags, () => this.rd(sf, nn), () => this.extended(sf, m, option, sh), dd);
      return OK;
    }
    if ((op2 & 8) !== 0) return this.dp3(w);
    switch (op2) {
      case 0: {
        if (((w >>> 10) & 63) !== 0) return NO;
        const sub = ((w >>> 30) & 1) === 1;
        const setFlags = ((w >>> 29) & 1) === 1;
        const bb = (): void => {
          this.rd(sf, m);
          if (sub) {
            this.k64(sf, -1n);
            this.o(sf, Op.i64Xor, Op.i32Xor);
          }
        };
        this.addc(sf, () => this.rd(sf, n), bb, -1, setFlags, d);
        return OK;
      }
      case 2: {
        if (((w >>> 29) & 1) === 0 || ((w >>> 10) & 1) === 1 || ((w >>> 4) & 1) === 1) return NO;
        const sub = ((w >>> 30) & 1) === 1;
        const imm = ((w >>> 11) & 1) === 1;
        const rm = (w >>> 16) & 31;
        const nzcv = w & 15;
        this.cond((w >>> 12) & 15);
        b.op(Op.if, VOID);
        this.nest++;
        this.addSubEager(sf, sub, () => this.rd(sf, n), () => (imm ? this.k64(sf, BigInt(rm)) : this.rd(sf, zr(rm))));
        b.op(Op.else);
        b.i32((nzcv >> 3) & 1).set(this.fn).i32((nzcv >> 2) & 1).set(this.fz);
        b.i32((nzcv >> 1) & 1).set(this.fc).i32(nzcv & 1).set(this.fv);
        this.nest--;
        b.op(Op.end);
        b.i32(0).set(this.fk);
        this.pend = 0;
        return OK;
      }
      case 4: {
        if (((w >>> 29) & 1) === 1 || ((w >>> 11) & 1) === 1) return NO;
        const kind = (((w >>> 30) & 1) << 1) | ((w >>> 10) & 1);
        this.rd(sf, n);
        this.rd(sf, m);
        if (kind === 1) {
          this.k64(sf, 1n);
          this.o(sf, Op.i64Add, Op.i32Add);
        } else if (kind === 2) {
          this.k64(sf, -1n);
          this.o(sf, Op.i64Xor, Op.i32Xor);
        } else if (kind === 3) {
          this.k64(sf, -1n);
          this.o(sf, Op.i64Mul, Op.i32Mul);
        }
        this.cond((w >>> 12) & 15);
        b.op(Op.select);
        this.wr(sf, d);
        return OK;
      }
      case 6: {
        if (((w >>> 29) & 1) === 1) return NO;
        const opcode = (w >>> 10) & 63;
        if (((w >>> 30) & 1) === 1) {
          // Data-processing (1 source): CLZ, REV16, REV32, REV.
          if (((w >>> 16) & 31) !== 0) return NO;
          if (opcode === 4) {
            this.rd(sf, n);
            this.o(sf, Op.i64Clz, Op.i32Clz);
            this.wr(sf, d);
            return OK;
          }
          if (opcode < 1 || opcode > 3 || (opcode === 3 && !sf)) return NO;
          this.rev(sf, opcode, n, d);
          return OK;
        }
        if (opcode >= 8 && opcode <= 11) {
          this.rd(sf, n);
          this.rd(sf, m);
          const k = opcode - 8;
          this.o(sf, [Op.i64Shl, Op.i64ShrU, Op.i64ShrS, Op.i64Rotr][k], [Op.i32Shl, Op.i32ShrU, Op.i32ShrS, Op.i32Rotr][k]);
          this.wr(sf, d);
          return OK;
        }
        if (opcode === 2 || opcode === 3) {
          this.divide(sf, opcode === 3, n, m, d);
          return OK;
        }
        return NO;
      }
      default:
        return NO;
    }
  }

  /** REV16 (opcode 1), REV32 / REV W (2), REV X (3): byte swaps by shift-and-mask steps. */
  private rev(sf: boolean, opcode: number, n: number, d: number): void {
    const b = this.b;
    const t = sf ? this.t0 : this.s0;
    this.rd(sf, n);
    b.set(t);
    const swap = (sh: number, k: bigint): void => {
      b.get(t);
      this.k64(sf, BigInt(sh));
      this.o(sf, Op.i64ShrU, Op.i32ShrU);
      this.k64(sf, k);
      this.o(sf, Op.i64And, Op.i32And);
      b.get(t);
      this.k64(sf, k);
      this.o(sf, Op.i64And, Op.i32And);
      this.k64(sf, BigInt(sh));
      this.o(sf, Op.i64Shl, Op.i32Shl);
      this.o(sf, Op.i64Or, Op.i32Or);
      b.set(t);
    };
    swap(8, sf ? 0x00ff00ff00ff00ffn : 0x00ff00ffn);
    if (sf && opcode >= 2) swap(16, 0x0000ffff0000ffffn);
    b.get(t);
    if (sf && opcode === 3) b.i64(32).op(Op.i64Rotr);
    if (!sf && opcode === 2) b.i32(16).op(Op.i32Rotr);
    this.wr(sf, d);
  }

  /** UMULH / SMULH: the high 64 bits of the 128-bit product, from 32-bit partial products. */
  private mulHigh(signed: boolean, n: number, m: number, d: number): void {
    const b = this.b;
    const { t0, t1, t2, m0, m1 } = this;
    this.rx(n);
    b.set(t0);
    this.rx(m);
    b.set(t1);
    const lo = (t: number): void => {
      b.get(t).i64(MASK32).op(Op.i64And);
    };
    const hi = (t: number): void => {
      b.get(t).i64(32).op(Op.i64ShrU);
    };
    lo(t0);
    hi(t1);
    b.op(Op.i64Mul).set(m0);
    hi(t0);
    lo(t1);
    b.op(Op.i64Mul).set(m1);
    lo(t0);
    lo(t1);
    b.op(Op.i64Mul).i64(32).op(Op.i64ShrU);
    lo(m0);
    b.op(Op.i64Add);
    lo(m1);
    b.op(Op.i64Add).set(t2);
    hi(t0);
    hi(t1);
    b.op(Op.i64Mul);
    hi(m0);
    b.op(Op.i64Add);
    hi(m1);
    b.op(Op.i64Add);
    hi(t2);
    b.op(Op.i64Add);
    if (signed) {
      b.get(t1).get(t0).i64(63).op(Op.i64ShrS, Op.i64And, Op.i64Sub);
      b.get(t0).get(t1).i64(63).op(Op.i64ShrS, Op.i64And, Op.i64Sub);
    }
    this.wx(d);
  }

  private addSub(sf: boolean, sub: boolean, setFlags: boolean, a: () => void, bb: () => void, d: number): void {
    if (!setFlags) {
      a();
      bb();
      this.o(sf, sub ? Op.i64Sub : Op.i64Add, sub ? Op.i32Sub : Op.i32Add);
      this.wr(sf, d);
      return;
    }
    const b = this.b;
    a();
    if (!sf) b.op(Op.i64ExtendI32U);
    b.set(this.fa);
    bb();
    if (!sf) b.op(Op.i64ExtendI32U);
    b.set(this.fb);
    b.get(this.fa).get(this.fb).op(sub ? Op.i64Sub : Op.i64Add);
    if (!sf) b.i64(MASK32).op(Op.i64And);
    b.tee(this.fr);
    this.setLazy((sub ? K_SUB : K_ADD) | (sf ? K_X : 0));
    this.wx(d);
  }

  /** CCMP/CCMN's compare when the condition holds: flags computed now, into fn..fv. */
  private addSubEager(sf: boolean, sub: boolean, a: () => void, bb: () => void): void {
    const inv = (): void => {
      bb();
      if (sub) {
        this.k64(sf, -1n);
        this.o(sf, Op.i64Xor, Op.i32Xor);
      }
    };
    this.addc(sf, a, inv, sub ? 1 : 0, true, ZW);
  }

  private divide(sf: boolean, signed: boolean, n: number, m: number, d: number): void {
    const b = this.b;
    const ty = sf ? I64 : I32;
    const tm = sf ? this.t1 : this.s1;
    const tn = sf ? this.t0 : this.s0;
    this.rd(sf, n);
    b.set(tn);
    this.rd(sf, m);
    b.tee(tm);
    this.o(sf, Op.i64Eqz, Op.i32Eqz);
    b.op(Op.if, ty);
    this.k64(sf, 0n);
    b.op(Op.else);
    if (signed) {
      b.get(tm);
      this.k64(sf, -1n);
      this.o(sf, Op.i64Eq, Op.i32Eq);
      b.op(Op.if, ty);
      this.k64(sf, 0n);
      b.get(tn);
      this.o(sf, Op.i64Sub, Op.i32Sub);
      b.op(Op.else);
      b.get(tn).get(tm);
      this.o(sf, Op.i64DivS, Op.i32DivS);
      b.op(Op.end);
    } else {
      b.get(tn).get(tm);
      this.o(sf, Op.i64DivU, Op.i32DivU);
    }
    b.op(Op.end);
    this.wr(sf, d);
  }

  private dp3(w: number): number {
    if (((w >>> 29) & 3) !== 0) return NO;
    const sf = w >>> 31 === 1;
    const op31 = (w >>> 21) & 7;
    const o0 = ((w >>> 15) & 1) === 1;
    const d = zw(w & 31);
    const n = zr((w >>> 5) & 31);
    const m = zr((w >>> 16) & 31);
    const a = zr((w >>> 10) & 31);
    if (op31 === 0) {
      this.rd(sf, a);
      this.rd(sf, n);
      this.rd(sf, m);
      this.o(sf, Op.i64Mul, Op.i32Mul);
      this.o(sf, o0 ? Op.i64Sub : Op.i64Add, o0 ? Op.i32Sub : Op.i32Add);
      this.wr(sf, d);
      return OK;
    }
    if (sf && (op31 === 2 || op31 === 6) && !o0) {
      this.mulHigh(op31 === 2, n, m, d);
      return OK;
    }
    if (!sf || (op31 !== 1 && op31 !== 5)) return NO;
    const ext = op31 === 1 ? Op.i64ExtendI32S : Op.i64ExtendI32U;
    this.rx(a);
    this.rd(false, n);
    this.b.op(ext);
    this.rd(false, m);
    this.b.op(ext, Op.i64Mul, o0 ? Op.i64Sub : Op.i64Add);
    this.wx(d);
    return OK;
  }

  private branch(w: number): number {
    const b = this.b;
    const op0 = w >>> 29;
    const pos = this.pos;
    if ((op0 & 3) === 0) {
      const off = sext(w, 26) * 4;
      if (op0 === 4) {
        b.get(this.vb).i64(pos + 4).op(Op.i64Add);
        this.wx(30);
      }
      this.retire();
      this.jump(pos + off);
      return END;
    }
    if ((op0 & 3) === 1) {
      const t = zr(w & 31);
      this.retire();
      if (((w >>> 25) & 1) === 0) {
        const off = sext(w >>> 5, 19) * 4;
        this.rd(op0 === 5, t);
        this.o(op0 === 5, Op.i64Eqz, Op.i32Eqz);
        if (((w >>> 24) & 1) === 1) b.op(Op.i32Eqz);
        this.when(() => this.jump(pos + off));
      } else {
        const bit = ((w >>> 31) << 5) | ((w >>> 19) & 31);
        const off = sext(w >>> 5, 14) * 4;
        this.rx(t);
        b.i64(1n << BigInt(bit)).op(Op.i64And, Op.i64Eqz);
        if (((w >>> 24) & 1) === 1) b.op(Op.i32Eqz);
        this.when(() => this.jump(pos + off));
      }
      this.jump(pos + 4);
      return END;
    }
    if (op0 === 2) {
      if (((w >>> 25) & 1) !== 0 || ((w >>> 24) & 1) !== 0 || ((w >>> 4) & 1) !== 0) return NO;
      const off = sext(w >>> 5, 19) * 4;
      const c = w & 15;
      this.retire();
      if (c >= 14) {
        this.jump(pos + off);
        return END;
      }
      this.cond(c);
      this.when(() => this.jump(pos + off));
      this.jump(pos + 4);
      return END;
    }
    if (op0 === 6) {
      if ((w & 0xfffff01f) >>> 0 === 0xd503201f) return OK; // hints: NOP, BTI, PAC hints (as the interpreter)
      if ((w & 0xffffffe0) >>> 0 === 0xd53bd040) {
        b.i32(0).mem(Op.i64Load, S.TPIDR_OFF); // MRS Xt, TPIDR_EL0
        this.wx(zw(w & 31));
        return OK;
      }
      if ((w & 0xffffffe0) >>> 0 === 0xd51bd040) {
        b.i32(0); // MSR TPIDR_EL0, Xt
        this.rx(zr(w & 31));
        b.mem(Op.i64Store, S.TPIDR_OFF);
        return OK;
      }
      const barrier = (w & 0xfffff0ff) >>> 0;
      if (barrier === 0xd503309f || barrier === 0xd50330bf || barrier === 0xd50330df) return OK; // DSB, DMB, ISB
      if ((w & 0xfe1ffc1f) >>> 0 !== 0xd61f0000) return NO;
      const opc = (w >>> 21) & 15;
      if (opc > 2) return NO;
      // Target: bits 63:56 become the sign extension of bit 55.
      this.rx((w >>> 5) & 31);
      b.i64(8).op(Op.i64Shl).i64(8).op(Op.i64ShrS).set(this.npc);
      if (opc === 1) {
        b.get(this.vb).i64(pos + 4).op(Op.i64Add);
        this.wx(30);
      }
      this.retire();
      b.i32(1).set(this.chain);
      b.br(this.depthExit());
      return END;
    }
    return NO;
  }

  private ldst(w: number): number {
    const op0 = w >>> 28;
    const op2 = (w >>> 23) & 3;
    switch (op0 & 3) {
      case 0:
        return this.ld1(w);
      case 1:
        return op2 < 2 && ((w >>> 26) & 1) === 0 ? this.literal(w) : NO;
      case 2:
        return this.pair(w);
      case 3:
        if (op2 < 2 && ((w >>> 21) & 1) === 1 && ((w >>> 10) & 3) === 0) return NO; // atomics
        return this.single(w);
      default:
        return NO;
    }
  }

  /** Load Rt (general) from host address h: size bytes, signed into X or W. */
  private loadGp(size: number, signed: boolean, sf: boolean, t: number): void {
    const b = this.b;
    b.get(this.h);
    if (size === 8) b.mem(Op.i64Load);
    else if (size === 4) b.mem(signed ? Op.i64Load32S : Op.i64Load32U);
    else if (size === 2) b.mem(signed ? Op.i64Load16S : Op.i64Load16U);
    else b.mem(signed ? Op.i64Load8S : Op.i64Load8U);
    if (signed && !sf) b.i64(MASK32).op(Op.i64And);
    this.wx(t);
  }
  private storeGp(size: number, t: number, at: number): void {
    const b = this.b;
    b.get(this.h);
    this.rx(t);
    b.mem([Op.i64Store8, Op.i64Store16, 0, Op.i64Store32, 0, 0, 0, Op.i64Store][size - 1], at);
  }
  /** Copy size bytes between guest (h + at) and V[t]; loads zero the rest of V[t]. */
  private vec(size: number, load: boolean, t: number, at: number): void {
    const b = this.b;
    const v = S.V_OFF + 16 * t;
    if (load) {
      const ld = [Op.i64Load8U, Op.i64Load16U, 0, Op.i64Load32U, 0, 0, 0, Op.i64Load];
      b.i32(0).get(this.h).mem(size === 16 ? Op.i64Load : ld[size - 1], at).mem(Op.i64Store, v);
      b.i32(0);
      if (size === 16) b.get(this.h).mem(Op.i64Load, at + 8);
      else b.i64(0);
      b.mem(Op.i64Store, v + 8);
      return;
    }
    const st = [Op.i64Store8, Op.i64Store16, 0, Op.i64Store32, 0, 0, 0, Op.i64Store];
    b.get(this.h).i32(0).mem(Op.i64Load, v).mem(size === 16 ? Op.i64Store : st[size - 1], at);
    if (size === 16) b.get(this.h).i32(0).mem(Op.i64Load, v + 8).mem(Op.i64Store, at + 8);
  }

  /** LD1/ST1 of one register (any arrangement: the bytes are the same), with optional post-index. */
  private ld1(w: number): number {
    const plain = (w & 0xbfbff000) >>> 0 === 0x0c007000;
    const post = (w & 0xbfa0f000) >>> 0 === 0x0c807000;
    if (!plain && !post) return NO;
    const bytes = ((w >>> 30) & 1) === 1 ? 16 : 8;
    const load = ((w >>> 22) & 1) === 1;
    const n = (w >>> 5) & 31;
    const rm = (w >>> 16) & 31;
    this.eaImm(n, 0);
    this.translate(bytes, !load);
    this.vec(bytes, load, w & 31, 0);
    if (post) {
      this.rx(n);
      if (rm === 31) this.b.i64(bytes);
      else this.rx(rm);
      this.b.op(Op.i64Add);
      this.wx(n);
    }
    return OK;
  }

  private literal(w: number): number {
    const opc = w >>> 30;
    if (opc === 3) return NO;
    const off = sext((w >>> 5) & 0x7ffff, 19) * 4;
    this.b.get(this.vb).i64(this.pos + off).op(Op.i64Add).set(this.va);
    const size = opc === 1 ? 8 : 4;
    this.translate(size, false);
    this.loadGp(size, opc === 2, true, zw(w & 31));
    return OK;
  }

  private single(w: number): number {
    const size = w >>> 30;
    const v = (w >>> 26) & 1;
    const opc = (w >>> 22) & 3;
    const n = (w >>> 5) & 31;
    const rt = w & 31;
    let bytes = 1 << size;
    let load: boolean;
    let signed = false;
    let sf = true;
    if (v === 0) {
      if (opc === 0) load = false;
      else if (opc === 1) load = true;
      else if (opc === 2) {
        if (size === 3) return NO; // PRFM
        load = true;
        signed = true;
      } else {
        if (size >= 2) return NO;
        load = true;
        signed = true;
        sf = false;
      }
    } else {
      if (opc >= 2) {
        if (size !== 0) return NO;
        bytes = 16;
      }
      load = (opc & 1) === 1;
    }
    const t = v === 1 ? rt : load ? zw(rt) : zr(rt);
    const b = this.b;
    let wb: number | null = null;
    if (((w >>> 24) & 1) === 1) {
      this.eaImm(n, ((w >>> 10) & 0xfff) * bytes);
    } else {
      const op4 = (w >>> 10) & 3;
      if (((w >>> 21) & 1) === 1) {
        if (op4 !== 2) return NO;
        const option = (w >>> 13) & 7;
        if ((option & 2) === 0) return NO;
        const s = ((w >>> 12) & 1) === 1 ? Math.log2(bytes) : 0;
        this.rx(n);
        this.rx(zr((w >>> 16) & 31));
        if (option === 2) b.i64(MASK32).op(Op.i64And);
        else if (option === 6) b.i64(32).op(Op.i64Shl).i64(32).op(Op.i64ShrS);
        if (s !== 0) b.i64(s).op(Op.i64Shl);
        b.op(Op.i64Add).i64(0x00ffffffffffffffn).op(Op.i64And).set(this.va);
      } else {
        const imm = sext((w >>> 12) & 0x1ff, 9);
        if (op4 === 2) return NO; // unprivileged forms: leave to the interpreter
        if (op4 === 0) this.eaImm(n, imm);
        else {
          if (load && v === 0 && t === n) return NO;
          this.eaImm(n, op4 === 3 ? imm : 0);
          wb = imm;
        }
      }
    }
    this.translate(bytes, !load);
    if (v === 1) this.vec(bytes, load, t, 0);
    else if (load) this.loadGp(bytes, signed, sf, t);
    else this.storeGp(bytes, t, 0);
    if (wb !== null) {
      this.rx(n);
      b.i64(wb).op(Op.i64Add);
      this.wx(n);
    }
    return OK;
  }

  private pair(w: number): number {
    const opc = w >>> 30;
    const v = (w >>> 26) & 1;
    const type = (w >>> 23) & 3;
    const load = ((w >>> 22) & 1) === 1;
    const imm7 = sext((w >>> 15) & 0x7f, 7);
    const rt2 = (w >>> 10) & 31;
    const n = (w >>> 5) & 31;
    const rt = w & 31;
    let size: number;
    let signed = false;
    if (v === 0) {
      if (opc === 0) size = 4;
      else if (opc === 2) size = 8;
      else if (opc === 1 && load && type !== 0) {
        size = 4;
        signed = true;
      } else return NO;
    } else {
      if (opc === 3) return NO;
      size = 4 << opc;
    }
    if (type === 0) return NO; // no-allocate pairs: rare, leave to the interpreter
    const t = v === 1 ? rt : load ? zw(rt) : zr(rt);
    const t2 = v === 1 ? rt2 : load ? zw(rt2) : zr(rt2);
    if (load && v === 0 && (t === t2 || ((type & 1) === 1 && (t === n || t2 === n)))) return NO;
    if (load && v === 1 && t === t2) return NO;
    const imm = imm7 * size;
    this.eaImm(n, type === 1 ? 0 : imm);
    this.translate(2 * size, !load);
    const b = this.b;
    if (v === 1) {
      this.vec(size, load, t, 0);
      this.vec(size, load, t2, size);
    } else if (load) {
      // Both loads before either write (t may be the base of neither here).
      b.get(this.h).mem(size === 8 ? Op.i64Load : signed ? Op.i64Load32S : Op.i64Load32U).set(this.t1);
      b.get(this.h).mem(size === 8 ? Op.i64Load : signed ? Op.i64Load32S : Op.i64Load32U, size).set(this.t2);
      b.get(this.t1);
      this.wx(t);
      b.get(this.t2);
      this.wx(t2);
    } else {
      this.storeGp(size, t, 0);
      this.storeGp(size, t2, size);
    }
    if ((type & 1) === 1) {
      this.rx(n);
      b.i64(imm).op(Op.i64Add);
      this.wx(n);
    }
    return OK;
  }

  // ---- blocks and the function ---------------------------------------------------------

  /** Emit block k; returns how many instructions it retires when it runs to its end. */
  block(k: number): number {
    const b = this.b;
    this.k = k;
    this.nest = 0;
    const start = this.blocks[k];
    this.pend = K_UNKNOWN;
    b.op(Op.loop, VOID);
    this.nest = 1;
    // Budget: enter only if the whole block fits; the constant is patched below.
    b.get(this.cnt).op(Op.i32Const);
    const patch = b.code.length;
    b.op(0x80, 0x80, 0x80, 0x80, 0x00);
    b.op(Op.i32Add).get(1).op(Op.i32GtS);
    this.i = 0;
    this.pos = start;
    this.when(() => this.exit(start, 0));
    let len = 0;
    for (;;) {
      this.pos = start + 4 * this.i;
      if (this.pos >= 4096 || this.i >= MAX_BLOCK_LEN || (this.i > 0 && this.index.has(this.pos))) {
        len = this.i;
        if (this.i > 0) b.get(this.cnt).i32(this.i).op(Op.i32Add).set(this.cnt);
        this.jump(this.pos);
        break;
      }
      const r = this.insn(this.words(this.pos >> 2));
      if (r === NO) {
        len = this.i;
        this.exit(this.pos, this.i);
        break;
      }
      if (r === END) {
        len = this.i + 1;
        break;
      }
      this.i++;
    }
    b.op(Op.end);
    this.nest = 0;
    b.code.buf[patch] = 0x80 | (len & 0x7f);
    b.code.buf[patch + 1] = 0x80 | ((len >> 7) & 0x7f);
    return len;
  }
}

/**
 * The body of the Wasm function for the region entered at page offset
 * `entry`, reading instruction words with words(index), or null when the
 * entry instruction itself is not translated.
 */
export function translateRegion(words: (idx: number) => number, entry: number, callout: Callout | null = null): Uint8Array | null {
  // Pass 1 discovers the blocks; pass 2 emits them with the final layout.
  const probe = new Region(words, callout, true);
  probe.target(entry);
  for (let k = 0; k < probe.blocks.length; k++) probe.block(k);
  const r = new Region(words, callout);
  for (const off of probe.blocks) r.target(off);
  r.frozen = true;
  const body = r.b;
  const nb = r.blocks.length;
  body.op(Op.block, VOID, Op.loop, VOID);
  for (let k = 0; k < nb; k++) body.op(Op.block, VOID);
  body.get(r.blk).brTable(
    Array.from({ length: nb }, (_, k) => k),
    0,
  );
  let any = false;
  let total = 0;
  for (let k = 0; k < nb; k++) {
    body.op(Op.end);
    const len = r.block(k);
    if (k === 0) any = len > 0;
    total += len;
  }
  // A straight run of one or two instructions is not worth a call into Wasm.
  if (nb === 1 && total < MIN_RUN && !r.looped) any = false;
  body.op(Op.end, Op.end);
  // Epilogue: registers, flags, PC back to the state block.
  for (let s = 0; s < 32; s++) if (r.written[s]) body.i32(0).get(r.reg[s]).mem(Op.i64Store, S.X_OFF + 8 * s);
  r.materializeRuntime();
  body.i32(0).get(r.fn).mem(Op.i32Store, S.N_OFF);
  body.i32(0).get(r.fz).mem(Op.i32Store, S.Z_OFF);
  body.i32(0).get(r.fc).mem(Op.i32Store, S.C_OFF);
  body.i32(0).get(r.fv).mem(Op.i32Store, S.V_OFF_FLAG);
  body.i32(0).get(r.npc).mem(Op.i64Store, S.PC_OFF);
  // Chain: a branch out of the region continues in the region cached for its target.
  body.get(r.chain).op(Op.if, VOID);
  body.get(r.npc).op(Op.i32WrapI64).i32(2).op(Op.i32ShrU).i32(JC_ENTRIES - 1).op(Op.i32And).tee(r.ix);
  body.i32(3).op(Op.i32Shl).mem(Op.f64Load, JC_TAG_OFF).get(r.npc).op(Op.f64ConvertI64S, Op.f64Eq, Op.if, VOID);
  body.get(r.npc).i64(-4096).op(Op.i64And, Op.f64ConvertI64S).get(1).get(r.cnt);
  body.get(r.ix).i32(2).op(Op.i32Shl).mem(Op.i32Load, JC_SLOT_OFF);
  body.op(Op.returnCallIndirect, 0, 0);
  body.op(Op.end, Op.end);
  body.get(r.cnt);
  if (!any) return null;
  // Prologue, placed before everything above.
  const pro = new Body(3);
  pro.get(2).set(r.cnt);
  for (let s = 0; s < 32; s++) if (r.used[s]) pro.i32(0).mem(Op.i64Load, S.X_OFF + 8 * s).set(r.reg[s]);
  pro.i32(0).mem(Op.i32Load, S.N_OFF).set(r.fn);
  pro.i32(0).mem(Op.i32Load, S.Z_OFF).set(r.fz);
  pro.i32(0).mem(Op.i32Load, S.C_OFF).set(r.fc);
  pro.i32(0).mem(Op.i32Load, S.V_OFF_FLAG).set(r.fv);
  pro.get(0).op(Op.i64TruncF64U).set(r.vb);
  return body.bytes(pro.code);
}

/** Whether the translator handles instruction word w (for statistics and tests). */
export function translates(w: number): boolean {
  const r = new Region(() => w);
  r.target(0);
  r.k = 0;
  return r.insn(w) !== NO;
}

/** Parameter and result types of a region function. */
export const REGION_PARAMS = [F64, I32, I32];
export const REGION_RESULTS = [I32];
