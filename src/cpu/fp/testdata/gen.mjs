import { readFileSync } from 'node:fs';
// usage: node gen.mjs N seed > cases.txt
const N = +process.argv[2] || 100; let seed = +process.argv[3] || 1;
function rnd() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; }
function ri(n) { return Math.floor(rnd() * n); }
function r32() { return BigInt(ri(0x10000)) << 16n | BigInt(ri(0x10000)); }
function r64() { return r32() << 32n | r32(); }
const FM = { h: [5, 10], s: [8, 23], d: [11, 52] };
function edges(t) {
  const [E, F] = FM[t]; const n = 1 + E + F; const S = 1n << BigInt(n - 1); const EM = ((1n << BigInt(E)) - 1n) << BigInt(F);
  const one = BigInt((1 << (E - 1)) - 1) << BigInt(F); const Q = 1n << BigInt(F - 1);
  const l = [0n, 1n, (1n << BigInt(F)) - 1n, 1n << BigInt(F), EM - (1n << BigInt(F)) | ((1n << BigInt(F)) - 1n), one, EM, EM | Q | 5n, EM | 3n,
    one | Q, one + (1n << BigInt(F)) | Q, one - (1n << BigInt(F)), one + (BigInt(F) << BigInt(F)), one + (BigInt(F + 1) << BigInt(F)) | 1n,
    one + (BigInt(F) << BigInt(F)) | Q | 1n, one + (31n << BigInt(F)), one + (63n << BigInt(F)), one + (32n << BigInt(F)) | ((1n<<BigInt(F))-1n), one + (30n << BigInt(F)) | ((1n<<BigInt(F))-1n)];
  return l.flatMap((x) => [x, x | S]);
}
function randVal(t) {
  const [E, F] = FM[t]; const n = 1 + E + F; const bias = (1 << (E - 1)) - 1;
  const k = ri(10);
  if (k < 3) { const e = edges(t); return e[ri(e.length)]; }
  const sign = BigInt(ri(2)) << BigInt(n - 1);
  let frac = r64() & ((1n << BigInt(F)) - 1n);
  if (ri(3) === 0) frac &= ~((1n << BigInt(Math.max(0, F - ri(F)))) - 1n) ;
  let ex;
  if (k < 7) ex = bias + ri(12) - 6; else if (k < 8) ex = ri(3); else if (k < 9) ex = (1 << E) - 2 - ri(3); else ex = ri((1 << E));
  if (ex < 0) ex = 0; if (ex >= (1 << E)) ex = (1 << E) - 1;
  return sign | (BigInt(ex) << BigInt(F)) | frac;
}
function perturb(t, v) { const [E, F] = FM[t]; const n = BigInt(1 + E + F); const d = BigInt(ri(7) - 3); let x = v + d; if (x < 0n) x = 0n; return x & ((1n << n) - 1n); }
function intVal() {
  const k = ri(8);
  const E = [0n, 1n, 0xffffffffffffffffn, 0x7fffffffn, 0x80000000n, 0xffffffff80000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0x20000000000001n, 0xffffffffn, 0x1000001n, 0x1000003n, 0xfffffffffffffc01n, 0x7ffffffffffffdffn];
  if (k < 2) return E[ri(E.length)];
  if (k < 4) return r64();
  if (k < 6) { const b = ri(64); return (r64() >> BigInt(b)) ^ (ri(2) ? 0xffffffffffffffffn << BigInt(64 - b) & 0xffffffffffffffffn : 0n); }
  return r64() & ((1n << BigInt(ri(64) + 1)) - 1n);
}

const words = readFileSync(process.argv[4] || '/tmp/cpu-fp/words.txt', 'utf8').split('\n').filter(Boolean).map((l) => { const i = l.indexOf(' '); return [l.slice(0, i), l.slice(i + 1)]; });
const hx = (v) => v.toString(16);
const out = [];
for (const [w, text] of words) {
  const ops = text.split(/[ ,]+/).slice(1);
  const fmtOf = (o) => (o && FM[o[0]] ? o[0] : null);
  // Source format: first FP register operand among n, m, a (or the destination for fmov from general).
  const src = ops.slice(1).map(fmtOf).find((x) => x) || fmtOf(ops[0]) || 'd';
  for (let k = 0; k < N; k++) {
    let fpcr = 0n;
    if (ri(10) >= 4) fpcr = BigInt(ri(4)) << 22n | BigInt(ri(2)) << 24n | BigInt(ri(2)) << 25n | BigInt(ri(2)) << 19n | (ri(8) === 0 ? 1n << 26n : 0n);
    const nzcv = BigInt(ri(16)) << 28n;
    const a = randVal(src); let b = ri(4) === 0 ? perturb(src, a) : randVal(src); let c3 = randVal(src);
    if (ri(3) === 0 && src !== 'h') {
      // fused cancellation: c ~ -(a*b)
      const [E, F] = FM[src];
      const toNum = (v) => { const dv = new DataView(new ArrayBuffer(8)); if (src === 'd') { dv.setBigUint64(0, v); return dv.getFloat64(0); } dv.setUint32(0, Number(v)); return dv.getFloat32(0); };
      const fromNum = (x) => { const dv = new DataView(new ArrayBuffer(8)); if (src === 'd') { dv.setFloat64(0, x); return dv.getBigUint64(0); } dv.setFloat32(0, x); return BigInt(dv.getUint32(0)); };
      const p = toNum(a) * toNum(b);
      if (isFinite(p)) c3 = perturb(src, fromNum(-p));
      void E; void F;
    }
    const fill = (v) => [v | (r64() & ~((1n << 64n) - 1n)), r64()];
    const garbage = (v, t) => { const n = t === 'h' ? 16n : t === 's' ? 32n : 64n; return n === 64n ? v : v | (r64() << n & 0xffffffffffffffffn); };
    const v1 = garbage(a, src), v2 = garbage(b, src), v3 = garbage(c3, src);
    const x1 = intVal();
    if (process.env.COMPACT) out.push([w, hx(fpcr), hx(nzcv), '1111222233334444', hx(x1), 'deadbeefdeadbeef', 'cafebabecafebabe', hx(v1), '123456789abcdef0', hx(v2), '0', hx(v3), '0'].join(' '));
    else out.push([w, hx(fpcr), hx(nzcv), hx(r64()), hx(x1), 'deadbeefdeadbeef', 'cafebabecafebabe', hx(v1), hx(r64()), hx(v2), hx(r64()), hx(v3), hx(r64())].join(' '));
  }
}
process.stdout.write(out.join('\n') + '\n');
