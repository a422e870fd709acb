import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';
import { FPCR_OFF, FPSR_OFF } from '../state.js';
import * as A from './arith.js';

const m = flatMachine(1);
const c = m.cpu;
const dv = new DataView(new ArrayBuffer(8));
/** binary64 from its bit pattern. */
function d(hex: string): number {
  dv.setBigUint64(0, BigInt('0x' + hex));
  return dv.getFloat64(0);
}
function dhex(x: number): string {
  dv.setFloat64(0, x);
  return dv.getBigUint64(0).toString(16).padStart(16, '0');
}
const hex32 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
const hex16 = (x: number): string => x.toString(16).padStart(4, '0');

const RN = 0;
const RP = 1 << 22;
const RM = 2 << 22;
const RZ = 3 << 22;
const FZ = 1 << 24;
const DN = 1 << 25;
const FZ16 = 1 << 19;
const AHP = 1 << 26;
const { IOC, DZC, OFC, UFC, IXC, IDC } = A;

function run<T>(fpcr: number, f: () => T, fpsr = 0): [T, number] {
  c.i32[FPCR_OFF >> 2] = fpcr;
  c.i32[FPSR_OFF >> 2] = fpsr;
  const r = f();
  return [r, c.i32[FPSR_OFF >> 2]];
}

const ONE = '3ff0000000000000';
const MAX = '7fefffffffffffff';
const MIN_NORMAL = '0010000000000000';
const INF = '7ff0000000000000';
const QNAN = '7ff8000000000000';

// [description, fpcr, thunk giving hex, expected hex, expected FPSR]
type Row = [string, number, () => string, string, number];
const rows: Row[] = [
  // Rounding of a tie (1 + 2^-53 is halfway between 1 and 1 + 2^-52) in each mode.
  ['1 + 2^-53 ties to even in RN', RN, () => dhex(A.add64(c, 1, 2 ** -53)), ONE, IXC],
  ['1 + 2^-53 rounds up in RP', RP, () => dhex(A.add64(c, 1, 2 ** -53)), '3ff0000000000001', IXC],
  ['1 + 2^-53 truncates in RZ', RZ, () => dhex(A.add64(c, 1, 2 ** -53)), ONE, IXC],
  ['-1 - 2^-53 rounds down in RM', RM, () => dhex(A.sub64(c, -1, 2 ** -53)), 'bff0000000000001', IXC],
  ['(1 + 2^-52) + 2^-53 ties to even upwards in RN', RN, () => dhex(A.add64(c, 1 + 2 ** -52, 2 ** -53)), '3ff0000000000002', IXC],
  ['an exact sum raises no flag', RN, () => dhex(A.add64(c, 1.5, 2.25)), '400e000000000000', 0],
  ['x - x is +0 in RN', RN, () => dhex(A.sub64(c, 3, 3)), '0000000000000000', 0],
  ['x - x is -0 in RM', RM, () => dhex(A.sub64(c, 3, 3)), '8000000000000000', 0],
  // Overflow: infinity or the largest finite number, by mode and sign.
  ['MAX + MAX overflows to +Inf in RN', RN, () => dhex(A.add64(c, d(MAX), d(MAX))), INF, OFC | IXC],
  ['MAX + MAX gives MAX in RZ', RZ, () => dhex(A.add64(c, d(MAX), d(MAX))), MAX, OFC | IXC],
  ['MAX + MAX gives MAX in RM', RM, () => dhex(A.add64(c, d(MAX), d(MAX))), MAX, OFC | IXC],
  ['-MAX - MAX gives -MAX in RP', RP, () => dhex(A.sub64(c, -d(MAX), d(MAX))), 'ffefffffffffffff', OFC | IXC],
  ['MAX + 1 ulp/4 rounds to MAX without overflow in RZ', RZ, () => dhex(A.add64(c, d(MAX), 2 ** 969)), MAX, IXC],
  ['MAX + 1 ulp/4 overflows in RP', RP, () => dhex(A.add64(c, d(MAX), 2 ** 969)), INF, OFC | IXC],
  // Underflow: tininess is detected before rounding; exact denormals raise nothing.
  ['halving the smallest normal is an exact denormal', RN, () => dhex(A.mul64(c, d(MIN_NORMAL), 0.5)), '0008000000000000', 0],
  [
    'a product just below the smallest normal that rounds up to it still underflows',
    RN,
    () => dhex(A.mul64(c, d(MIN_NORMAL), d('3fefffffffffffff'))),
    MIN_NORMAL,
    UFC | IXC,
  ],
  ['an inexact denormal product raises UFC and IXC', RN, () => dhex(A.mul64(c, 2 ** -1070, 0.3)), '0000000000000005', UFC | IXC],
  ['FZ flushes a tiny result to zero with UFC and no IXC', FZ, () => dhex(A.mul64(c, d(MIN_NORMAL), 0.3)), '0000000000000000', UFC],
  ['FZ flushes a denormal input to zero with IDC', FZ, () => dhex(A.add64(c, d('0000000000000001'), 0)), '0000000000000000', IDC],
  // NaNs.
  ['Inf - Inf is the default NaN with IOC', RN, () => dhex(A.sub64(c, Infinity, Infinity)), QNAN, IOC],
  ['a signalling NaN is quieted, payload kept, with IOC', RN, () => dhex(A.add64(c, 1, d('7ff0000000000123'))), '7ff8000000000123', IOC],
  ['the first operand NaN wins among quiet NaNs', RN, () => dhex(A.add64(c, d('fff8000000000001'), d('7ff8000000000002'))), 'fff8000000000001', 0],
  ['a signalling NaN wins over an earlier quiet NaN', RN, () => dhex(A.mul64(c, d('7ff8000000000001'), d('7ff0000000000002'))), '7ff8000000000002', IOC],
  ['DN replaces a propagated NaN with the default NaN', DN, () => dhex(A.add64(c, d('fff8000000000001'), 1)), QNAN, 0],
  ['0/0 is invalid', RN, () => dhex(A.div64(c, 0, 0)), QNAN, IOC],
  ['1/0 is +Inf with DZC', RN, () => dhex(A.div64(c, 1, 0)), INF, DZC],
  ['1/-0 is -Inf with DZC', RN, () => dhex(A.div64(c, 1, -0)), 'fff0000000000000', DZC],
  ['sqrt(-0) is -0', RN, () => dhex(A.sqrt64(c, -0)), '8000000000000000', 0],
  ['sqrt(-1) is invalid', RN, () => dhex(A.sqrt64(c, -1)), QNAN, IOC],
  ['sqrt(2) rounds down in RZ', RZ, () => dhex(A.sqrt64(c, 2)), '3ff6a09e667f3bcc', IXC],
  ['sqrt(2) rounds up in RN', RN, () => dhex(A.sqrt64(c, 2)), '3ff6a09e667f3bcd', IXC],
  ['1/3 rounds up in RP', RP, () => dhex(A.div64(c, 1, 3)), '3fd5555555555556', IXC],
  ['1/3 rounds down in RN', RN, () => dhex(A.div64(c, 1, 3)), '3fd5555555555555', IXC],
  // Fused multiply-add: one rounding.
  [
    '(1+2^-52)(1-2^-52) - 1 is exactly -2^-104 when fused',
    RN,
    () => dhex(A.mulAdd64(c, -1, 1 + 2 ** -52, 1 - 2 ** -52)),
    'b970000000000000',
    0,
  ],
  ['-0 + (+0 * 5) is +0 in RN', RN, () => dhex(A.mulAdd64(c, -0, 0, 5)), '0000000000000000', 0],
  ['1 + (-1 * 1) is -0 in RM', RM, () => dhex(A.mulAdd64(c, 1, -1, 1)), '8000000000000000', 0],
  ['a quiet NaN addend with Inf * 0 is invalid', RN, () => dhex(A.mulAdd64(c, d('7ff8000000000009'), Infinity, 0)), QNAN, IOC],
  ['Inf + (-Inf * 1) is invalid', RN, () => dhex(A.mulAdd64(c, Infinity, -Infinity, 1)), QNAN, IOC],
  // Min and max.
  ['max(-0, +0) is +0', RN, () => dhex(A.max64(c, -0, 0)), '0000000000000000', 0],
  ['min(+0, -0) is -0', RN, () => dhex(A.min64(c, 0, -0)), '8000000000000000', 0],
  ['max with a quiet NaN propagates it', RN, () => dhex(A.max64(c, 1, d('7ff8000000000005'))), '7ff8000000000005', 0],
  ['maxNm prefers the number to a quiet NaN', RN, () => dhex(A.maxNm64(c, d('7ff8000000000005'), -7)), 'c01c000000000000', 0],
  ['minNm with a signalling NaN returns it quieted', RN, () => dhex(A.minNm64(c, d('7ff0000000000005'), 1)), '7ff8000000000005', IOC],
  // Round to integral.
  ['FRINTN rounds 2.5 to 2', RN, () => dhex(A.roundInt64(c, 2.5, A.RN, false)), '4000000000000000', 0],
  ['FRINTA rounds -2.5 to -3', RN, () => dhex(A.roundInt64(c, -2.5, A.RA, false)), 'c008000000000000', 0],
  ['FRINTP rounds -0.5 to -0', RN, () => dhex(A.roundInt64(c, -0.5, A.RP, false)), '8000000000000000', 0],
  ['FRINTX raises IXC when the value changes', RN, () => dhex(A.roundInt64(c, 1.25, A.RN, true)), ONE, IXC],
  ['FRINT32Z of 2^31 is out of range', RN, () => dhex(A.roundIntN64(c, 2 ** 31, A.RZ, 32)), 'c1e0000000000000', IOC],
  ['FRINT64Z of NaN is -2^63', RN, () => dhex(A.roundIntN64(c, NaN, A.RZ, 64)), 'c3e0000000000000', IOC],
  // binary32.
  ['f32 1 + 2^-24 ties to even', RN, () => hex32(A.add32(c, 0x3f800000, 0x33800000)), '3f800000', IXC],
  ['f32 1 + 2^-24 rounds up in RP', RP, () => hex32(A.add32(c, 0x3f800000, 0x33800000)), '3f800001', IXC],
  ['f32 MAX * 2 gives MAX in RZ', RZ, () => hex32(A.mul32(c, 0x7f7fffff, 0x40000000)), '7f7fffff', OFC | IXC],
  ['f32 sNaN operand is quieted', RN, () => hex32(A.sub32(c, 0x7f800001, 0x3f800000)), '7fc00001', IOC],
  ['f32 fused multiply-add keeps the low product bits', RN, () => hex32(A.mulAdd32(c, 0xbf800000, 0x3f800001, 0x3f7ffffe)), 'a8800000', 0],
  ['f32 smallest denormal halved rounds to zero in RN', RN, () => hex32(A.mul32(c, 0x00000001, 0x3f000000)), '00000000', UFC | IXC],
  ['f32 smallest denormal halved rounds up in RP', RP, () => hex32(A.mul32(c, 0x00000001, 0x3f000000)), '00000001', UFC | IXC],
  // binary16.
  ['f16 1 + 1 is 2', RN, () => hex16(A.add16(c, 0x3c00, 0x3c00)), '4000', 0],
  ['f16 65504 + 16 overflows', RN, () => hex16(A.add16(c, 0x7bff, 0x4c00)), '7c00', OFC | IXC],
  ['f16 1 + 2^-11 ties to even', RN, () => hex16(A.add16(c, 0x3c00, 0x1000)), '3c00', IXC],
  ['f16 1 + 2^-11 rounds up in RP', RP, () => hex16(A.add16(c, 0x3c00, 0x1000)), '3c01', IXC],
  ['f16 65504 + 16 truncates to 65504 in RZ without overflow', RZ, () => hex16(A.add16(c, 0x7bff, 0x4c00)), '7bff', IXC],
  ['f16 halving the smallest normal is an exact denormal', RN, () => hex16(A.mul16(c, 0x0400, 0x3800)), '0200', 0],
  ['f16 FZ16 flushes a denormal result with UFC', FZ16, () => hex16(A.mul16(c, 0x0400, 0x3800)), '0000', UFC],
  ['f16 half the smallest denormal ties to zero in RN', RN, () => hex16(A.mul16(c, 0x0001, 0x3800)), '0000', UFC | IXC],
  ['f16 half the smallest denormal rounds up in RP', RP, () => hex16(A.mul16(c, 0x0001, 0x3800)), '0001', UFC | IXC],
  ['f16 a tiny product rounding up to the smallest normal underflows', RN, () => hex16(A.mul16(c, 0x03ff, 0x3c01)), '0400', UFC | IXC],
  ['f16 FZ16 flushes a denormal input without IDC', FZ16, () => hex16(A.add16(c, 0x0001, 0x0000)), '0000', 0],
  // Conversions between formats.
  ['double to single overflow gives Inf in RN', RN, () => hex32(A.cvt64to32(c, 1e300)), '7f800000', OFC | IXC],
  ['double to single of a sNaN keeps the top payload bits', RN, () => hex32(A.cvt64to32(c, d('7ff4000020000000'))), '7fe00001', IOC],
  ['single to double of a sNaN shifts the payload up', RN, () => dhex(A.cvt32to64(c, 0xff800001)), 'fff8000020000000', IOC],
  ['double to half ties to even', RN, () => hex16(A.cvt64to16(c, 1 + 2 ** -11)), '3c00', IXC],
  ['AHP: half 0x7c00 is the normal number 65536', AHP, () => hex32(A.cvt16to32(c, 0x7c00)), '47800000', 0],
  ['AHP: single Inf converts to the largest half with IOC', AHP, () => hex32(A.cvt32to16(c, 0x7f800000)), '00007fff', IOC],
  ['AHP: a NaN converts to half zero with IOC', AHP, () => hex32(A.cvt32to16(c, 0x7fc00000)), '00000000', IOC],
  ['AHP: a value beyond 131008 saturates with IOC and no IXC', AHP, () => hex32(A.cvt32to16(c, 0x47ffffff)), '00007fff', IOC],
  ['half to double is exact for a denormal', RN, () => dhex(A.cvt16to64(c, 0x0001)), '3e70000000000000', 0],
  ['double to single rounds to odd on request (FCVTXN)', RN, () => hex32(A.cvt64to32(c, 1 + 2 ** -30, A.RO)), '3f800001', IXC],
  // Integer conversions.
  ['int64 2^53 + 1 to double ties to even', RN, () => dhex(A.fromInt64(c, 1, 0x200000, true, 64, A.RN, 0)), '4340000000000000', IXC],
  ['int64 2^53 + 1 to double rounds up in RP', RN, () => dhex(A.fromInt64(c, 1, 0x200000, true, 64, A.RP, 0)), '4340000000000001', IXC],
  ['uint64 max to single rounds to 2^64', RN, () => hex32(A.fromInt32(c, -1, -1, false, 64, A.RN, 0)), '5f800000', IXC],
  ['int32 -1 with 1 fraction bit is -0.5', RN, () => dhex(A.fromInt64(c, -1, 0, true, 32, A.RN, 1)), 'bfe0000000000000', 0],
];

for (const [name, fpcr, f, want, flags] of rows) {
  test(name, () => {
    const [got, fpsr] = run(fpcr, f);
    assert.equal(got, want);
    assert.equal(fpsr, flags, `FPSR 0x${fpsr.toString(16)}`);
  });
}

function toInt(a: number, signed: boolean, bits: number, mode: number, fbits = 0): [string, number] {
  return run(0, () => {
    c.i32[64 >> 2] = 0x55555555;
    c.i32[(64 >> 2) + 1] = 0x55555555;
    A.toInt64(c, a, signed, bits, mode, fbits, 64);
    return (c.xBig(8) & (bits === 64 ? 0xffffffffffffffffn : 0xffffffffn)).toString(16);
  });
}

test('float to integer: NaN converts to 0 with IOC', () => {
  assert.deepEqual(toInt(NaN, true, 64, A.RZ), ['0', IOC]);
});
test('float to integer: out of range saturates with IOC and no IXC', () => {
  assert.deepEqual(toInt(1e19, true, 64, A.RZ), ['7fffffffffffffff', IOC]);
  assert.deepEqual(toInt(-1e10, true, 32, A.RZ), ['80000000', IOC]);
  assert.deepEqual(toInt(-1, false, 32, A.RZ), ['0', IOC]);
  assert.deepEqual(toInt(Infinity, false, 64, A.RZ), ['ffffffffffffffff', IOC]);
});
test('float to integer: a negative fraction truncates to unsigned 0 with IXC only', () => {
  assert.deepEqual(toInt(-0.5, false, 32, A.RZ), ['0', IXC]);
});
test('float to integer honours each rounding mode on ties', () => {
  assert.deepEqual(toInt(2.5, true, 32, A.RN), ['2', IXC]);
  assert.deepEqual(toInt(2.5, true, 32, A.RA), ['3', IXC]);
  assert.deepEqual(toInt(-2.5, true, 32, A.RA), ['fffffffd', IXC]);
  assert.deepEqual(toInt(-2.5, true, 32, A.RM), ['fffffffd', IXC]);
  assert.deepEqual(toInt(-2.5, true, 32, A.RP), ['fffffffe', IXC]);
});
test('float to fixed point scales by 2^fbits before rounding', () => {
  assert.deepEqual(toInt(1.75, true, 32, A.RZ, 2), ['7', 0]);
  assert.deepEqual(toInt(-(2 ** 31) + 0.5, true, 64, A.RZ, 32), ['8000000080000000', 0]);
});
test('float to integer of 2^63 - 1024 fits in int64', () => {
  assert.deepEqual(toInt(2 ** 63 - 1024, true, 64, A.RZ), ['7ffffffffffffc00', 0]);
});

test('FCMP reports NZCV as less, equal, greater and unordered', () => {
  assert.deepEqual(run(0, () => A.compare64(c, 1, 2, false)), [8, 0]);
  assert.deepEqual(run(0, () => A.compare64(c, -0, 0, false)), [6, 0]);
  assert.deepEqual(run(0, () => A.compare64(c, 2, 1, false)), [2, 0]);
  assert.deepEqual(run(0, () => A.compare64(c, NaN, 1, false)), [3, 0]);
});
test('FCMP raises IOC only for signalling NaNs, FCMPE for any NaN', () => {
  assert.deepEqual(run(0, () => A.compare64(c, d('7ff0000000000001'), 1, false)), [3, IOC]);
  assert.deepEqual(run(0, () => A.compare32(c, 0x7fc00000, 0x3f800000, true)), [3, IOC]);
});
test('FJCVTZS wraps modulo 2^32 and sets Z only for exact in-range results', () => {
  assert.deepEqual(run(0, () => [A.jsToInt32(c, 2 ** 32 + 5), c.nzcv]), [[5, 0], IOC]);
  assert.deepEqual(run(0, () => [A.jsToInt32(c, -7), c.nzcv]), [[-7, 0x40000000], 0]);
  assert.deepEqual(run(0, () => [A.jsToInt32(c, 1.5), c.nzcv]), [[1, 0], IXC]);
  assert.deepEqual(run(0, () => [A.jsToInt32(c, -0), c.nzcv]), [[0, 0], 0]);
});
test('FJCVTZS of a denormal flushed by FZ clears Z (Arm ARM, qemu issue 2375)', () => {
  assert.deepEqual(run(FZ, () => [A.jsToInt32(c, d('0000000000000001')), c.nzcv]), [[0, 0], IDC]);
});
test('IXC stays set once raised: a later exact operation does not clear it', () => {
  assert.deepEqual(run(0, () => dhex(A.add64(c, 1, 2)), IXC), ['4008000000000000', IXC]);
});
test('FRECPE of 1.0 and FRSQRTE of 4.0 follow the Arm estimate tables', () => {
  assert.deepEqual(run(0, () => dhex(A.recipEstimate64(c, 1))), ['3feff00000000000', 0]);
  assert.deepEqual(run(0, () => hex32(A.rsqrtEstimate32(c, 0x40800000))), ['3eff8000', 0]);
});
test('FRECPS computes 2 - a*b fused and gives 2 for Inf * 0', () => {
  assert.deepEqual(run(0, () => dhex(A.recipStep64(c, 3, 0.5))), ['3fe0000000000000', 0]);
  assert.deepEqual(run(0, () => dhex(A.recipStep64(c, Infinity, 0))), ['4000000000000000', 0]);
});

// Regression (diff harness seeds 3384593044, 36785348, 668214426): exact or
// directed-rounded products and quotients near DBL_MAX took the error-free
// path, whose partial products overflowed, and came back one ulp off with IXC.
test('an exact product near DBL_MAX is exact in every rounding mode', () => {
  const [r, fpsr] = run(RM, () => A.nmul64(c, d('6f4ffffffffffffe'), d('d090000000000000')));
  assert.equal(dhex(r), '7feffffffffffffe');
  assert.equal(fpsr & A.IXC, 0);
  const [r2, fpsr2] = run(RP, () => A.mul64(c, d('f1b0000000000000'), d('4e2ffffffffffffe')));
  assert.equal(dhex(r2), dhex(d('f1b0000000000000') * d('4e2ffffffffffffe')));
  assert.equal(fpsr2, 0);
});

test('DBL_MAX divided by 2^31 is exact and raises no flag', () => {
  const [r, fpsr] = run(RN, () => A.div64(c, d('7fefffffffffffff'), d('41e0000000000000')));
  assert.equal(dhex(r), '7dffffffffffffff');
  assert.equal(fpsr, 0);
});
