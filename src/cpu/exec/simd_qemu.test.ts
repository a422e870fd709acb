import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatMachine } from '../testing/flat_machine.js';
import { FPCR_OFF, FPSR_OFF, V_OFF } from '../state.js';
import { QEMU_GROUPS, type QemuSet } from './simd_qemu_cases.js';

const m = flatMachine(2);

function putHex(off: number, hex: string): void {
  for (let k = 0; k < hex.length / 2; k++) m.cpu.u8[off + k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
}
function getHex(off: number, bytes: number): string {
  let s = '';
  for (let k = 0; k < bytes; k++) s += m.cpu.u8[off + k].toString(16).padStart(2, '0');
  return s;
}

/**
 * Runs one instruction on an input set with the given FPCR; returns V0, X0 and
 * FPSR as qemu's harness prints them.
 */
function runOn(word: number, set: QemuSet, fpcr: number): string {
  m.cpu.resetState();
  set.v.forEach((hex, r) => putHex(V_OFF + 16 * r, hex));
  putHex(8, set.x1);
  m.cpu.i32[FPCR_OFF >> 2] = fpcr;
  m.load([word, 0]);
  const exit = m.run(10);
  assert.deepEqual(exit, { kind: 'undefined', word: 0 }, `0x${word.toString(16)} did not decode`);
  return getHex(V_OFF, 16) + getHex(0, 8) + getHex(FPSR_OFF, 4);
}

for (const { sets, cases } of QEMU_GROUPS) {
  for (const [asm, word, ...outs] of cases) {
    // A case may start with "@fpcr=0x..." to run under a non-default FPCR.
    const pre = /^@fpcr=(0x[0-9a-f]+) /.exec(asm);
    const fpcr = pre === null ? 0 : parseInt(pre[1], 16);
    test(`${asm} gives the same V0, X0 and FPSR as qemu-aarch64 on every input set`, () => {
      outs.forEach((want, s) => {
        assert.equal(runOn(word, sets[s], fpcr), want, `${asm} on input set ${s}`);
      });
    });
  }
}
