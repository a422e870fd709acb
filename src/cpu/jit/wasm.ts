// A minimal WebAssembly binary writer: just what the JIT emits. Function
// bodies are built with Body (opcodes, LEB128 immediates, locals); module()
// wraps bodies that share one signature into a module importing the machine's
// memory as "m"."mem" and exporting function k as "f<k>".

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
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
  i32WrapI64 = 0xa7,
  i64ExtendI32S = 0xac,
  i64ExtendI32U = 0xad,
  i64TruncF64U = 0xb1,
  f64ConvertI64S = 0xb9,
  f64ConvertI64U = 0xba,
}

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

function sleb(out: number[], v: bigint): void {
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

/** One function body under construction. Locals are numbered after the params. */
export class Body {
  readonly code: number[] = [];
  private readonly localTypes: number[] = [];
  constructor(private readonly params: number) {}

  /** Declare a local of type t; returns its index. */
  local(t: number): number {
    this.localTypes.push(t);
    return this.params + this.localTypes.length - 1;
  }
  op(...ops: number[]): this {
    for (const o of ops) this.code.push(o);
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
    sleb(this.code, BigInt(v | 0));
    return this;
  }
  i64(v: bigint): this {
    this.code.push(Op.i64Const);
    sleb(this.code, BigInt.asIntN(64, v));
    return this;
  }
  /** A load or store with alignment hint 0 and a constant offset. */
  mem(o: number, offset = 0): this {
    this.code.push(o, 0);
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
  /** The encoded body: local declarations, code, end. */
  bytes(): number[] {
    const out: number[] = [];
    const groups: Array<[number, number]> = [];
    for (const t of this.localTypes) {
      const g = groups[groups.length - 1];
      if (g !== undefined && g[1] === t) g[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) {
      uleb(out, n);
      out.push(t);
    }
    for (const b of this.code) out.push(b);
    out.push(Op.end);
    const sized: number[] = [];
    uleb(sized, out.length);
    return sized.concat(out);
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  for (const b of content) out.push(b);
}

function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k));
}

/**
 * A module of functions with one signature (type 0) params -> results,
 * importing the memory "m"."mem" (minimum `minPages` 64 KiB pages) and, when
 * `table` is set, the funcref table "m"."tab" (table 0) that
 * return_call_indirect uses.
 */
export function module(params: number[], results: number[], bodies: number[][], minPages: number, table = false): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const type: number[] = [1, 0x60];
  uleb(type, params.length);
  type.push(...params);
  uleb(type, results.length);
  type.push(...results);
  section(out, 1, type);
  const imp: number[] = [table ? 2 : 1];
  name(imp, 'm');
  name(imp, 'mem');
  imp.push(0x02, 0x00);
  uleb(imp, minPages);
  if (table) {
    name(imp, 'm');
    name(imp, 'tab');
    imp.push(0x01, 0x70, 0x00, 0x00);
  }
  section(out, 2, imp);
  const fn: number[] = [];
  uleb(fn, bodies.length);
  for (let k = 0; k < bodies.length; k++) fn.push(0);
  section(out, 3, fn);
  const exp: number[] = [];
  uleb(exp, bodies.length);
  for (let k = 0; k < bodies.length; k++) {
    name(exp, `f${k}`);
    exp.push(0x00);
    uleb(exp, k);
  }
  section(out, 7, exp);
  const code: number[] = [];
  uleb(code, bodies.length);
  for (const b of bodies) for (const x of b) code.push(x);
  section(out, 10, code);
  return Uint8Array.from(out);
}
