// A minimal WebAssembly binary writer: just what the JIT emits. Function
// bodies are built with Body (opcodes, LEB128 immediates, locals); module()
// wraps bodies that share one signature into a module importing the machine's
// memory as "m"."mem" and exporting function k as "f<k>".

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;
/** SIMD opcodes (after the 0xfd prefix) the JIT uses. */
export const enum Simd {
  load = 0x00,
  store = 0x0b,
  i64x2Splat = 0x12,
  i64x2ReplaceLane = 0x1e,
  i8x16Eq = 0x23,
  i16x8Eq = 0x2d,
  i32x4Eq = 0x37,
  v128Not = 0x4d,
  v128And = 0x4e,
  i8x16Shl = 0x6b,
  i8x16Add = 0x6e,
  i8x16Sub = 0x71,
  i16x8Shl = 0x8b,
  i16x8Add = 0x8e,
  i16x8Sub = 0x91,
  i32x4Shl = 0xab,
  i32x4Add = 0xae,
  i32x4Sub = 0xb1,
  i64x2Shl = 0xcb,
  i64x2Add = 0xce,
  i64x2Sub = 0xd1,
  i64x2Eq = 0xd6,
}
/** Block type "no result". */
export const VOID = 0x40;

/** Opcodes used by the JIT (WebAssembly core spec, section 5.4). */
export const enum Op {
  unreachable = 0x00,
  block = 0x02,
  loop = 0x03,
  if = 0x04,
  else = 0x05,
  end = 0x0b,
  br = 0x0c,
  brIf = 0x0d,
  brTable = 0x0e,
  return = 0x0f,
  call = 0x10,
  returnCallIndirect = 0x13,
  drop = 0x1a,
  select = 0x1b,
  localGet = 0x20,
  localSet = 0x21,
  localTee = 0x22,
  i32Load = 0x28,
  i64Load = 0x29,
  f32Load = 0x2a,
  f64Load = 0x2b,
  i32Load8U = 0x2d,
  i32Load16U = 0x2f,
  i64Load8S = 0x30,
  i64Load8U = 0x31,
  i64Load16S = 0x32,
  i64Load16U = 0x33,
  i64Load32S = 0x34,
  i64Load32U = 0x35,
  i32Store = 0x36,
  i64Store = 0x37,
  i32Store8 = 0x3a,
  i32Store16 = 0x3b,
  i64Store8 = 0x3c,
  i64Store16 = 0x3d,
  i64Store32 = 0x3e,
  i32Const = 0x41,
  i64Const = 0x42,
  f32Const = 0x43,
  f64Const = 0x44,
  i32Eqz = 0x45,
  i32Eq = 0x46,
  i32Ne = 0x47,
  i32LtS = 0x48,
  i32LtU = 0x49,
  i32GtS = 0x4a,
  i32GtU = 0x4b,
  i32LeS = 0x4c,
  i32LeU = 0x4d,
  i32GeS = 0x4e,
  i32GeU = 0x4f,
  i64Eqz = 0x50,
  i64Eq = 0x51,
  i64Ne = 0x52,
  i64LtS = 0x53,
  i64LtU = 0x54,
  i64GtS = 0x55,
  i64GtU = 0x56,
  i64LeS = 0x57,
  i64LeU = 0x58,
  i64GeS = 0x59,
  i64GeU = 0x5a,
  f32Eq = 0x5b,
  f32Ne = 0x5c,
  f32Lt = 0x5d,
  f64Eq = 0x61,
  f64Ne = 0x62,
  f64Lt = 0x63,
  f64Gt = 0x64,
  f64Le = 0x65,
  f64Ge = 0x66,
  i32Clz = 0x67,
  i32Add = 0x6a,
  i32Sub = 0x6b,
  i32Mul = 0x6c,
  i32DivS = 0x6d,
  i32DivU = 0x6e,
  i32And = 0x71,
  i32Or = 0x72,
  i32Xor = 0x73,
  i32Shl = 0x74,
  i32ShrS = 0x75,
  i32ShrU = 0x76,
  i32Rotr = 0x78,
  i64Clz = 0x79,
  i64Add = 0x7c,
  i64Sub = 0x7d,
  i64Mul = 0x7e,
  i64DivS = 0x7f,
  i64DivU = 0x80,
  i64And = 0x83,
  i64Or = 0x84,
  i64Xor = 0x85,
  i64Shl = 0x86,
  i64ShrS = 0x87,
  i64ShrU = 0x88,
  i64Rotr = 0x8a,
  f64Abs = 0x99,
  f64Neg = 0x9a,
  f64Sqrt = 0x9f,
  f64Add = 0xa0,
  f64Sub = 0xa1,
  f64Mul = 0xa2,
  f64Div = 0xa3,
  i32WrapI64 = 0xa7,
  i64ExtendI32S = 0xac,
  i64ExtendI32U = 0xad,
  i64TruncF64U = 0xb1,
  f64ConvertI64S = 0xb9,
  f64ConvertI64U = 0xba,
  i64ReinterpretF64 = 0xbd,
  f64ReinterpretI64 = 0xbf,
  f64Store = 0x39,
}

/** A growable byte buffer (plain number[] pushes are the JIT's compile-time bottleneck). */
export class Bytes {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }
  push(b: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
  }
  grow(extra: number): void {
    let n = this.buf.length * 2;
    while (n < this.length + extra) n *= 2;
    const nb = new Uint8Array(n);
    nb.set(this.buf.subarray(0, this.length));
    this.buf = nb;
  }
  append(src: Uint8Array): void {
    if (this.length + src.length > this.buf.length) this.grow(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Bytes that are not kept (see Body's dry mode). */
class DryBytes extends Bytes {
  override push(): void {}
  override append(): void {}
}

/** Encoded i64 constants that are not small (masks), by value. */
const bigConsts = new Map<bigint, Uint8Array>();

function uleb(out: Bytes, v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function sleb32(out: Bytes, v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

function sleb(out: Bytes, v: bigint): void {
  if (v >= -0x80000000n && v <= 0x7fffffffn) {
    sleb32(out, Number(v));
    return;
  }
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

const f64Scratch = new Float64Array(1);
const f64Bytes = new Uint8Array(f64Scratch.buffer);

/** One function body under construction. Locals are numbered after the params. */
export class Body {
  readonly code: Bytes;
  private readonly localTypes: number[] = [];
  /** dry: keep no code (a pass that only discovers the shape of what it would emit). */
  constructor(
    private readonly params: number,
    dry = false,
  ) {
    this.code = dry ? new DryBytes(16) : new Bytes();
  }

  /** Declare a local of type t; returns its index. */
  local(t: number): number {
    this.localTypes.push(t);
    return this.params + this.localTypes.length - 1;
  }
  op(...ops: number[]): this {
    for (let k = 0; k < ops.length; k++) this.code.push(ops[k]);
    return this;
  }
  get(i: number): this {
    this.code.push(Op.localGet);
    uleb(this.code, i);
    return this;
  }
  set(i: number): this {
    this.code.push(Op.localSet);
    uleb(this.code, i);
    return this;
  }
  tee(i: number): this {
    this.code.push(Op.localTee);
    uleb(this.code, i);
    return this;
  }
  i32(v: number): this {
    this.code.push(Op.i32Const);
    sleb32(this.code, v | 0);
    return this;
  }
  /** i64.const v: a bigint (wrapped to 64 bits), or a number that is an integer of at most 53 bits. */
  i64(v: bigint | number): this {
    this.code.push(Op.i64Const);
    if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) sleb32(this.code, v);
    else if (typeof v === 'bigint') {
      let enc = bigConsts.get(v);
      if (enc === undefined) {
        const e = new Bytes(16);
        sleb(e, BigInt.asIntN(64, v));
        enc = e.view();
        if (bigConsts.size < 4096) bigConsts.set(v, enc);
      }
      this.code.append(enc);
    } else sleb(this.code, BigInt(v));
    return this;
  }
  f64(v: number): this {
    this.code.push(Op.f64Const);
    f64Scratch[0] = v;
    for (let k = 0; k < 8; k++) this.code.push(f64Bytes[k]);
    return this;
  }
  /** A SIMD instruction (prefix 0xfd). */
  simd(op: number): this {
    this.code.push(0xfd);
    uleb(this.code, op);
    return this;
  }
  /** v128.load or v128.store (SIMD opcodes 0 and 11) with a constant offset. */
  vmem(op: number, offset: number): this {
    this.simd(op);
    this.code.push(0);
    uleb(this.code, offset);
    return this;
  }
  /** A load or store with alignment hint 0 and a constant offset. */
  mem(o: number, offset = 0): this {
    this.code.push(o);
    this.code.push(0);
    uleb(this.code, offset);
    return this;
  }
  br(depth: number, o: number = Op.br): this {
    this.code.push(o);
    uleb(this.code, depth);
    return this;
  }
  brTable(depths: number[], dflt: number): this {
    this.code.push(Op.brTable);
    uleb(this.code, depths.length);
    for (const d of depths) uleb(this.code, d);
    uleb(this.code, dflt);
    return this;
  }
  /** The encoded body: size, local declarations, code, end; `prefix` code runs first. */
  bytes(prefix: Bytes | null = null): Uint8Array {
    const head = new Bytes();
    const groups: Array<[number, number]> = [];
    for (const t of this.localTypes) {
      const g = groups[groups.length - 1];
      if (g !== undefined && g[1] === t) g[0]++;
      else groups.push([1, t]);
    }
    uleb(head, groups.length);
    for (const [n, t] of groups) {
      uleb(head, n);
      head.push(t);
    }
    const size = head.length + (prefix === null ? 0 : prefix.length) + this.code.length + 1;
    const out = new Bytes(size + 8);
    uleb(out, size);
    out.append(head.view());
    if (prefix !== null) out.append(prefix.view());
    out.append(this.code.view());
    out.push(Op.end);
    return out.view();
  }
}

function section(out: Bytes, id: number, content: Bytes): void {
  out.push(id);
  uleb(out, content.length);
  out.append(content.view());
}

function name(out: Bytes, s: string): void {
  uleb(out, s.length);
  for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k));
}

/** A function type: params -> results. */
export interface FuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/**
 * A module of functions with one signature (type 0) params -> results,
 * importing the memory "m"."mem" (minimum `minPages` 64 KiB pages), when
 * `table` is set the funcref table "m"."tab" (table 0) that
 * return_call_indirect uses, and the functions "m"."i<k>" of `imports`
 * (function index k, type k + 1; the bodies' functions follow them).
 */
export function module(
  params: number[],
  results: number[],
  bodies: Uint8Array[],
  minPages: number,
  table = false,
  imports: readonly FuncType[] = [],
): Uint8Array {
  const out = new Bytes(bodies.reduce((n, b) => n + b.length, 4096));
  for (const b of [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]) out.push(b);
  const type = new Bytes();
  const types: FuncType[] = [{ params, results }, ...imports];
  uleb(type, types.length);
  for (const t of types) {
    type.push(0x60);
    uleb(type, t.params.length);
    for (const p of t.params) type.push(p);
    uleb(type, t.results.length);
    for (const r of t.results) type.push(r);
  }
  section(out, 1, type);
  const imp = new Bytes();
  uleb(imp, (table ? 2 : 1) + imports.length);
  name(imp, 'm');
  name(imp, 'mem');
  imp.push(0x02);
  imp.push(0x00);
  uleb(imp, minPages);
  if (table) {
    name(imp, 'm');
    name(imp, 'tab');
    for (const b of [0x01, 0x70, 0x00, 0x00]) imp.push(b);
  }
  imports.forEach((_, k) => {
    name(imp, 'm');
    name(imp, `i${k}`);
    imp.push(0x00);
    uleb(imp, k + 1);
  });
  section(out, 2, imp);
  const fn = new Bytes();
  uleb(fn, bodies.length);
  for (let k = 0; k < bodies.length; k++) fn.push(0);
  section(out, 3, fn);
  const exp = new Bytes();
  uleb(exp, bodies.length);
  for (let k = 0; k < bodies.length; k++) {
    name(exp, `f${k}`);
    exp.push(0x00);
    uleb(exp, k + imports.length);
  }
  section(out, 7, exp);
  const code = new Bytes(bodies.reduce((n, b) => n + b.length, 8));
  uleb(code, bodies.length);
  for (const b of bodies) code.append(b);
  section(out, 10, code);
  return out.view();
}
