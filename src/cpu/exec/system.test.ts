import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAT_BASE, flatMachine } from '../testing/flat_machine.js';
import { FPCR_OFF, FPSR_OFF, TPIDR_OFF } from '../state.js';
import { ACCESS_WRITE } from '../exit.js';

const BRK = 0xd4200000;

function mrs(word: number) {
  const m = flatMachine(4);
  m.cpu.setXBig(0, 0xdeadbeefdeadbeefn);
  m.load([word, BRK]);
  const exit = m.run(100);
  return { exit, x0: m.cpu.xBig(0) };
}

test('SVC stops with its immediate and the PC after it', () => {
  const m = flatMachine(4);
  m.load([0xd4024681]); // svc #0x1234
  assert.deepEqual(m.run(100), { kind: 'svc', imm: 0x1234 });
  assert.equal(m.cpu.pc, FLAT_BASE + 4);
});

test('BRK stops with its immediate and the PC on it', () => {
  const m = flatMachine(4);
  m.load([0xd4207d00]); // brk #0x3e8
  assert.deepEqual(m.run(100), { kind: 'breakpoint', imm: 0x3e8 });
  assert.equal(m.cpu.pc, FLAT_BASE);
});

test('HLT, HVC, SMC and MSR DAIFSet are undefined at EL0', () => {
  for (const w of [0xd4400000, 0xd4000002, 0xd4000003, 0xd50342df]) {
    assert.deepEqual(mrs(w).exit, { kind: 'undefined', word: w });
  }
});

test('hints, barriers and CLREX run as NOPs (PACIASP, AUTIASP, BTI, WFE, WFI, YIELD, DMB, DSB, ISB, SB)', () => {
  const m = flatMachine(4);
  const nops = [0xd503233f, 0xd50323bf, 0xd503245f, 0xd503205f, 0xd503207f, 0xd503203f, 0xd5033bbf, 0xd5033f9f, 0xd5033fdf, 0xd50330ff, 0xd503305f];
  m.cpu.setXNum(30, 0x1234);
  m.load([...nops, BRK]);
  assert.equal(m.run(100).kind, 'breakpoint');
  assert.equal(m.cpu.pc, FLAT_BASE + 4 * nops.length);
  assert.equal(m.cpu.xNum(30), 0x1234);
});

test('CLREX clears the exclusive monitor', () => {
  const m = flatMachine(4);
  m.cpu.i32[312 >> 2] = 1;
  m.load([0xd503305f, BRK]);
  m.run(100);
  assert.equal(m.cpu.i32[312 >> 2], 0);
});

test('MRS reads the emulated ID registers Linux exposes to EL0', () => {
  assert.equal(mrs(0xd5380000).x0, 0x410fd083n); // MIDR_EL1
  assert.equal(mrs(0xd53800a0).x0, 0x80000000n); // MPIDR_EL1
  assert.equal(mrs(0xd53800c0).x0, 0n); // REVIDR_EL1
  assert.equal(mrs(0xd5380400).x0, 0x11n); // ID_AA64PFR0_EL1
  assert.equal(mrs(0xd5380500).x0, 0x6n); // ID_AA64DFR0_EL1
  assert.equal(mrs(0xd5380600).x0, 0x210000n); // ID_AA64ISAR0_EL1: CRC32, LSE
  assert.equal(mrs(0xd5380700).x0, 0xff000000n); // ID_AA64MMFR0_EL1
  assert.equal(mrs(0xd5380480).x0, 0n); // ID_AA64ZFR0_EL1: no SVE
  assert.equal(mrs(0xd53807e0).x0, 0n); // unassigned ID space reads as zero
});

test('MRS of registers Linux does not emulate is undefined (ID_PFR0, CNTPCT, DAIF, unknown CRm=0)', () => {
  for (const w of [0xd5380100, 0xd53be020, 0xd53b4220, 0xd5380020]) assert.equal(mrs(w).exit.kind, 'undefined');
});

test('CTR_EL0 and DCZID_EL0 describe 64-byte lines and 64-byte DC ZVA blocks', () => {
  assert.equal(mrs(0xd53b0020).x0, 0x8444c004n);
  assert.equal(mrs(0xd53b00e0).x0, 4n);
});

test('TPIDR_EL0 round-trips through MSR and MRS and lives in the state block', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 0x0000ffff12345678n);
  m.load([0xd51bd041, 0xd53bd040, BRK]); // msr tpidr_el0, x1 ; mrs x0, tpidr_el0
  m.run(100);
  assert.equal(m.cpu.xBig(0), 0x0000ffff12345678n);
  assert.equal(m.cpu.i32[TPIDR_OFF >> 2], 0x12345678);
});

test('TPIDRRO_EL0 reads as zero and cannot be written', () => {
  assert.equal(mrs(0xd53bd060).x0, 0n);
  assert.equal(mrs(0xd51bd061).exit.kind, 'undefined');
});

test('MSR FPCR and FPSR keep only the implemented bits (FPCR also keeps FZ16, as qemu-aarch64 does for FP16 CPUs)', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 0xffffffffffffffffn);
  // msr fpcr, x1 ; mrs x0, fpcr ; msr fpsr, x1 ; mrs x2, fpsr
  m.load([0xd51b4401, 0xd53b4400, 0xd51b4421, 0xd53b4422, BRK]);
  m.run(100);
  assert.equal(m.cpu.xBig(0), 0x07ff0000n);
  assert.equal(m.cpu.xBig(2), 0xf800009fn);
  assert.equal(m.cpu.i32[FPCR_OFF >> 2], 0x07ff0000);
  assert.equal(m.cpu.i32[FPSR_OFF >> 2] >>> 0, 0xf800009f);
});

test('MSR/MRS NZCV move the flags as bits 31:28', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 0xa0000000n);
  m.load([0xd51b4201, 0xd53b4200, BRK]); // msr nzcv, x1 ; mrs x0, nzcv
  m.run(100);
  assert.equal(m.cpu.xBig(0), 0xa0000000n);
  assert.equal(m.cpu.nzcv, 0xa0000000);
});

test('CNTVCT_EL0 and CNTFRQ_EL0 read the counter the kernel installed', () => {
  const m = flatMachine(4);
  m.cpu.counter = { hz: 1_000_000, read: () => 0x123456789ab };
  m.load([0xd53be040, 0xd53be001, BRK]); // mrs x0, cntvct_el0 ; mrs x1, cntfrq_el0
  m.run(100);
  assert.equal(m.cpu.xNum(0), 0x123456789ab);
  assert.equal(m.cpu.xNum(1), 1_000_000);
});

test('the default counter runs at 62.5 MHz and never goes backwards', () => {
  const m = flatMachine(4);
  m.load([0xd53be040, 0xd53be001, BRK]);
  m.run(100);
  const first = m.cpu.xNum(0);
  assert.equal(m.cpu.xNum(1), 62_500_000);
  m.load([0xd53be040, BRK]);
  m.run(100);
  assert.ok(m.cpu.xNum(0) >= first);
  assert.ok(m.cpu.xNum(0) > 0);
});

test('DC ZVA zeroes the aligned 64-byte block that holds the address', () => {
  const m = flatMachine(4);
  const data = FLAT_BASE + 0x2000;
  for (let k = 0; k < 256; k++) m.cpu.st8(data + k, 0xff);
  m.cpu.setXNum(1, data + 0x40 + 0x17);
  m.load([0xd50b7421, BRK]); // dc zva, x1
  assert.equal(m.run(100).kind, 'breakpoint');
  for (let k = 0; k < 256; k++) assert.equal(m.cpu.ld8(data + k), k >= 0x40 && k < 0x80 ? 0 : 0xff, `byte ${k}`);
});

test('DC ZVA on an unmapped address faults as a write with the PC on it', () => {
  const m = flatMachine(4);
  m.cpu.setXNum(1, 0x900010);
  m.load([0xd50b7421, BRK]);
  const exit = m.run(100);
  assert.deepEqual(exit, { kind: 'pageFault', addr: 0x900000, access: ACCESS_WRITE, reason: 'unmapped' });
  assert.equal(m.cpu.pc, FLAT_BASE);
});

test('IC IVAU makes code written behind the decoder visible', () => {
  const m = flatMachine(4);
  m.load([0xd50b7521, 0xd2800020, BRK]); // ic ivau, x1 ; mov x0, #1 ; brk
  m.run(100);
  assert.equal(m.cpu.xNum(0), 1);
  // Rewrite the MOV straight into the frame (not through a store), then run again.
  const frame = m.cpu.mmu.fill(FLAT_BASE, 4);
  m.cpu.dv.setUint32(frame + 4, 0xd2800040, true); // mov x0, #2
  m.cpu.pc = FLAT_BASE;
  m.run(100);
  assert.equal(m.cpu.xNum(0), 2);
});

test('DC CVAU and DC CIVAC do nothing; DC CVAP (no FEAT_DPB) and other SYS ops are undefined', () => {
  const m = flatMachine(4);
  m.cpu.setXNum(1, 0x900000);
  m.load([0xd50b7b21, 0xd50b7e21, BRK]);
  assert.equal(m.run(100).kind, 'breakpoint');
  assert.equal(mrs(0xd50b7c21).exit.kind, 'undefined'); // dc cvap, x1
  assert.equal(mrs(0xd5087e41).exit.kind, 'undefined'); // dc cisw, x1 (EL1)
});
