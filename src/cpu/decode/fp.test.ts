import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';
import { FPCR_OFF, FPSR_OFF, V_OFF } from '../state.js';
import { decodeFp } from './fp.js';

const m = flatMachine(2);
const c = m.cpu;

/** Fill V0-V3 with a recognisable pattern, clear FPSR/FPCR, run one word. */
function exec(word: number, setup: () => void = () => undefined): void {
  c.resetState();
  for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) c.u32[((V_OFF + 16 * r) >> 2) + k] = 0xa5a5a5a5;
  c.i32[FPCR_OFF >> 2] = 0;
  c.i32[FPSR_OFF >> 2] = 0;
  setup();
  m.load([word]);
  const exit = m.run(1);
  assert.equal(exit.kind, 'budget', `0x${word.toString(16)} retired`);
}
const vw = (r: number, k: number): number => c.u32[((V_OFF + 16 * r) >> 2) + k];
const setD = (r: number, x: number): void => {
  c.f64[(V_OFF + 16 * r) >> 3] = x;
};
const getD = (r: number): number => c.f64[(V_OFF + 16 * r) >> 3];
const setW = (r: number, k: number, v: number): void => {
  c.u32[((V_OFF + 16 * r) >> 2) + k] = v;
};
const fpsr = (): number => c.i32[FPSR_OFF >> 2];

test('FADD D0, D1, D2 adds and zeroes the upper 64 bits of V0', () => {
  exec(0x1e622820, () => {
    setD(1, 1.5);
    setD(2, 2.25);
  });
  assert.equal(getD(0), 3.75);
  assert.equal(vw(0, 2), 0);
  assert.equal(vw(0, 3), 0);
});

test('FADD S0, S1, S2 reads only the low 32 bits and zeroes bits 32-127', () => {
  exec(0x1e222820, () => {
    setW(1, 0, 0x3f800000);
    setW(2, 0, 0x40000000);
  });
  assert.deepEqual([vw(0, 0), vw(0, 1), vw(0, 2), vw(0, 3)], [0x40400000, 0, 0, 0]);
});

test('FMOV D0, D1 copies a signalling NaN unchanged without IOC', () => {
  exec(0x1e604020, () => {
    setW(1, 0, 1);
    setW(1, 1, 0x7ff00000);
  });
  assert.deepEqual([vw(0, 0), vw(0, 1), vw(0, 2)], [1, 0x7ff00000, 0]);
  assert.equal(fpsr(), 0);
});

test('FNEG flips the sign bit of a NaN and FABS clears it, raising nothing', () => {
  exec(0x1e614020, () => {
    setW(1, 0, 5);
    setW(1, 1, 0x7ff00000);
  });
  assert.deepEqual([vw(0, 0), vw(0, 1)], [5, 0xfff00000]);
  exec(0x1e20c020, () => setW(1, 0, 0xffc00001));
  assert.equal(vw(0, 0), 0x7fc00001);
  assert.equal(fpsr(), 0);
});

test('FSQRT S0 of 2.0 is correctly rounded and inexact', () => {
  exec(0x1e21c020, () => setW(1, 0, 0x40000000));
  assert.equal(vw(0, 0), 0x3fb504f3);
  assert.equal(fpsr(), 0x10);
});

test('FCVT D0, S1 widens exactly and FCVT H0, D1 narrows with rounding', () => {
  exec(0x1e22c020, () => setW(1, 0, 0x3fc00000));
  assert.equal(getD(0), 1.5);
  exec(0x1e63c020, () => setD(1, 1 / 3));
  assert.deepEqual([vw(0, 0), vw(0, 1)], [0x3555, 0]);
});

test('FRINTM D0 rounds toward minus infinity', () => {
  exec(0x1e654020, () => setD(1, -1.5));
  assert.equal(getD(0), -2);
});

test('FMADD, FMSUB, FNMADD and FNMSUB compute a+n*m, a-n*m, -a-n*m and -a+n*m', () => {
  const set = (): void => {
    setD(1, 3);
    setD(2, 5);
    setD(3, 100);
  };
  exec(0x1f420c20, set);
  assert.equal(getD(0), 115);
  exec(0x1f428c20, set);
  assert.equal(getD(0), 85);
  exec(0x1f620c20, set);
  assert.equal(getD(0), -115);
  exec(0x1f628c20, set);
  assert.equal(getD(0), -85);
});

test('FCMP D1, D2 sets NZCV for less-than and FCMP D1, #0.0 for equal', () => {
  exec(0x1e622020, () => {
    setD(1, 1);
    setD(2, 2);
  });
  assert.equal(c.nzcv, 0x80000000);
  exec(0x1e602028, () => setD(1, -0));
  assert.equal(c.nzcv, 0x60000000);
});

test('FCCMP with a false condition sets NZCV from the immediate', () => {
  exec(0x1e620423, () => {
    c.nzcv = 0;
    setD(1, 1);
    setD(2, 1);
  });
  assert.equal(c.nzcv, 0x30000000);
});

test('FCSEL picks the first source when the condition holds, else the second', () => {
  exec(0x1e620c20, () => {
    c.nzcv = 0x40000000;
    setD(1, 7);
    setD(2, 9);
  });
  assert.equal(getD(0), 7);
  exec(0x1e620c20, () => {
    c.nzcv = 0;
    setD(1, 7);
    setD(2, 9);
  });
  assert.equal(getD(0), 9);
});

test('FMOV immediate expands the 8-bit encoding for D and S', () => {
  exec(0x1e7e9000);
  assert.equal(getD(0), -1.25);
  exec(0x1e2c1000);
  assert.deepEqual([vw(0, 0), vw(0, 1)], [0x3f000000, 0]);
});

test('FCVTZS W0, D1 truncates and clears the upper half of X0', () => {
  exec(0x1e780020, () => {
    c.setX(0, -1, -1);
    setD(1, -2.75);
  });
  assert.equal(c.xBig(0), 0xfffffffen);
  assert.equal(fpsr(), 0x10);
});

test('FCVTZS X0, D1, #4 converts to fixed point with 4 fraction bits', () => {
  exec(0x9e58f020, () => setD(1, 1.5));
  assert.equal(c.xBig(0), 24n);
});

test('SCVTF D0, W1 treats W1 as signed; UCVTF S0, X1 as unsigned 64-bit', () => {
  exec(0x1e620020, () => c.setX(1, -3, 0x12345678));
  assert.equal(getD(0), -3);
  exec(0x9e230020, () => c.setX(1, -1, -1));
  assert.deepEqual([vw(0, 0), vw(0, 1)], [0x5f800000, 0]);
});

test('FMOV between general and FP registers moves raw bits', () => {
  exec(0x9e660020, () => {
    setW(1, 0, 0x89abcdef);
    setW(1, 1, 0x01234567);
  });
  assert.equal(c.xBig(0), 0x0123456789abcdefn);
  exec(0x1e270020, () => c.setX(1, 0x7f800001, 0x55));
  assert.deepEqual([vw(0, 0), vw(0, 1), vw(0, 3)], [0x7f800001, 0, 0]);
});

test('FMOV V0.D[1], X1 writes the top half and leaves the bottom half', () => {
  exec(0x9eaf0020, () => c.setX(1, 0x11111111, 0x22222222));
  assert.deepEqual([vw(0, 0), vw(0, 1), vw(0, 2), vw(0, 3)], [0xa5a5a5a5, 0xa5a5a5a5, 0x11111111, 0x22222222]);
  exec(0x9eae0020, () => {
    setW(1, 2, 0x33333333);
    setW(1, 3, 0x44444444);
  });
  assert.equal(c.xBig(0), 0x4444444433333333n);
});

test('FJCVTZS W0, D1 converts like JavaScript ToInt32 and sets Z when exact', () => {
  exec(0x1e7e0020, () => setD(1, 2 ** 32 + 7));
  assert.equal(c.xBig(0), 7n);
  assert.equal(c.nzcv, 0);
  exec(0x1e7e0020, () => setD(1, -12));
  assert.equal(c.xBig(0), 0xfffffff4n);
  assert.equal(c.nzcv, 0x40000000);
});

test('FNMUL S0 negates the product; FDIV H0 divides half precision', () => {
  exec(0x1e228820, () => {
    setW(1, 0, 0x40000000);
    setW(2, 0, 0x40400000);
  });
  assert.equal(vw(0, 0), 0xc0c00000);
  exec(0x1ee21820, () => {
    setW(1, 0, 0x3c00);
    setW(2, 0, 0x4200);
  });
  assert.deepEqual([vw(0, 0), vw(0, 1)], [0x3555, 0]);
});

test('FMAXNM D0 ignores a single quiet NaN', () => {
  exec(0x1e626820, () => {
    setW(1, 1, 0x7ff80000);
    setD(2, -4);
  });
  assert.equal(getD(0), -4);
});

test('FCVTAS X0, S1 rounds ties away and FCVTPU W0, H1 rounds up', () => {
  exec(0x9e240020, () => setW(1, 0, 0xc0200000)); // -2.5
  assert.equal(c.xBig(0), 0xfffffffffffffffdn);
  exec(0x1ee90020, () => setW(1, 0, 0x3e00)); // 1.5
  assert.equal(c.xBig(0), 2n);
});

test('FRINT32X S0 rounds in the FPCR mode', () => {
  exec(0x1e28c020, () => {
    c.i32[FPCR_OFF >> 2] = 1 << 22;
    setW(1, 0, 0x3fc00000);
  });
  assert.equal(vw(0, 0), 0x40000000);
});

test('the FPCR rounding mode applies to FADD (round toward plus infinity)', () => {
  exec(0x1e622820, () => {
    c.i32[FPCR_OFF >> 2] = 1 << 22;
    setD(1, 1);
    setD(2, 2 ** -60);
  });
  assert.equal(getD(0), 1 + 2 ** -52);
});

test('Advanced SIMD encodings in the group are left to decodeSimd', () => {
  assert.equal(decodeFp(0x4e22d420), null); // FADD V0.4S
  assert.equal(decodeFp(0x5ea1d820), null); // FRECPE S0, S1 (scalar SIMD)
  assert.equal(decodeFp(0x1ea22820), null); // FADD with ptype 10
});
