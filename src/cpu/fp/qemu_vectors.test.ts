// Replays results recorded from qemu-aarch64 (softfloat, the oracle) by the
// program in testdata/oracle.c: each instruction ran with random and edge
// operands under random FPCR settings (rounding mode, FZ, FZ16, DN), and we
// must reproduce the destination register (all 128 bits), X0, FPSR and NZCV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flatMachine } from '../testing/flat_machine.js';
import { runCase } from './oracle_case.js';
import * as A from './arith.js';
import { FPCR_OFF, FPSR_OFF } from '../state.js';

function testdata(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(process.cwd(), 'src/cpu/fp/testdata', name),
    join(here, '../../../../src/cpu/fp/testdata', name),
    join(here, 'testdata', name),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`testdata ${name} not found (run from the repository root)`);
  return gunzipSync(readFileSync(found)).toString('utf8');
}

interface Group {
  word: string;
  text: string;
  cases: Array<[string, string]>;
}

function groups(name: string): Group[] {
  const out: Group[] = [];
  for (const line of testdata(name).split('\n')) {
    if (line.startsWith('# ')) {
      const rest = line.slice(2);
      out.push({ word: rest.slice(0, 8), text: rest.slice(9), cases: [] });
    } else if (line.length > 0) {
      const [i, o] = line.split('|');
      out[out.length - 1].cases.push([i, o]);
    }
  }
  return out;
}

const m = flatMachine(4);
for (const g of groups('qemu_insn_vectors.txt.gz')) {
  test(`${g.text} reproduces qemu-aarch64 bit for bit on ${g.cases.length} recorded inputs`, () => {
    for (const [input, expected] of g.cases) {
      assert.equal(runCase(m, input), expected, `input ${input}`);
    }
  });
}

// The shared arithmetic used by Advanced SIMD, checked through scalar SIMD encodings.
const dv = new DataView(new ArrayBuffer(8));
const toD = (b: bigint): number => {
  dv.setBigUint64(0, b);
  return dv.getFloat64(0);
};
const fromD = (x: number): bigint => {
  dv.setFloat64(0, x);
  return dv.getBigUint64(0);
};
type Fn = (c: typeof m.cpu, a: number, b: number) => number | boolean;
const table: Record<string, string> = {
  frecpe: 'recipEstimate',
  frsqrte: 'rsqrtEstimate',
  frecps: 'recipStep',
  frsqrts: 'rsqrtStep',
  frecpx: 'recpX',
  fmulx: 'mulX',
  fcmeq: 'cmpEq',
  fcmge: 'cmpGe',
  fcmgt: 'cmpGt',
};
for (const g of groups('qemu_arith_vectors.txt.gz')) {
  const [op, rd] = g.text.split(/[ ,]+/);
  const t = rd[0];
  const bits = t === 'h' ? 16 : t === 's' ? 32 : 64;
  const src = op === 'fcvtxn' ? 'd' : t;
  test(`arith for ${g.text} reproduces qemu-aarch64 on ${g.cases.length} recorded inputs`, () => {
    const c = m.cpu;
    const lib = A as unknown as Record<string, Fn>;
    for (const [input, expected] of g.cases) {
      const f = input.split(' ').map((x) => BigInt('0x' + x));
      c.i32[FPCR_OFF >> 2] = Number(f[1]);
      c.i32[FPSR_OFF >> 2] = 0;
      const arg = (v: bigint): number => (src === 'd' ? toD(v) : Number(v & (src === 'h' ? 0xffffn : 0xffffffffn)));
      let r: bigint;
      if (op === 'fcvtxn') r = BigInt(A.cvt64to32(c, arg(f[7]), A.RO));
      else {
        const res = lib[table[op] + bits](c, arg(f[7]), arg(f[9]));
        if (typeof res === 'boolean') r = res ? (1n << BigInt(bits)) - 1n : 0n;
        else r = bits === 64 ? fromD(res) : BigInt(res);
      }
      const e = expected.split(' ');
      const got = `${r.toString(16).padStart(16, '0')} ${(c.i32[FPSR_OFF >> 2] >>> 0).toString(16)}`;
      assert.equal(got, `${e[0]} ${e[3]}`, `input ${input}`);
    }
  });
}
