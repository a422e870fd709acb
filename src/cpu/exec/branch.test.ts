import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAT_BASE, flatMachine } from '../testing/flat_machine.js';

const BRK = 0xd4200000;
const MOV_X0_1 = 0xd2800020;
const MOV_X0_2 = 0xd2800040;

test('BL writes the return address to X30 and RET comes back to it', () => {
  const m = flatMachine(4);
  // 0: bl 12 ; 4: mov x0,#1 ; 8: brk ; 12: ret
  m.load([0x94000003, MOV_X0_1, BRK, 0xd65f03c0]);
  assert.equal(m.run(100).kind, 'breakpoint');
  assert.equal(m.cpu.xNum(30), FLAT_BASE + 4);
  assert.equal(m.cpu.xNum(0), 1);
  assert.equal(m.cpu.pc, FLAT_BASE + 8);
});

test('BLR reads the target before writing X30 (BLR X30)', () => {
  const m = flatMachine(4);
  m.cpu.setXNum(30, FLAT_BASE + 8);
  m.load([0xd63f03c0, BRK, MOV_X0_2, BRK]); // blr x30
  assert.equal(m.run(100).kind, 'breakpoint');
  assert.equal(m.cpu.xNum(0), 2);
  assert.equal(m.cpu.xNum(30), FLAT_BASE + 4);
});

test('BR ignores the top byte of a tagged target address', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 0x5a00000000000000n | BigInt(FLAT_BASE + 8));
  m.load([0xd61f0020, BRK, MOV_X0_2, BRK]); // br x1
  assert.equal(m.run(100).kind, 'breakpoint');
  assert.equal(m.cpu.xNum(0), 2);
});

test('B backwards loops until CBNZ falls through', () => {
  const m = flatMachine(4);
  // mov x0,#3 ; 1: sub x0,x0,#1 ; cbnz x0, 1b ; brk
  m.load([0xd2800060, 0xd1000400, 0xb5ffffe0, BRK]);
  assert.equal(m.run(100).kind, 'breakpoint');
  assert.equal(m.cpu.xNum(0), 0);
  assert.equal(m.cpu.instructions, 1 + 3 * 2 + 1);
});

test('TBNZ tests bit 63 of X', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 1n << 63n);
  m.load([0xb7f80041, MOV_X0_1, BRK]); // tbnz x1, #63, +8
  m.run(100);
  assert.equal(m.cpu.xNum(0), 0);
  assert.equal(m.cpu.pc, FLAT_BASE + 8);
});

test('TBZ on bit 32 looks at the high word only', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 0xffffffffn);
  m.load([0xb6000041, MOV_X0_1, BRK]); // tbz x1, #32, +8
  m.run(100);
  assert.equal(m.cpu.xNum(0), 0);
});

test('CBZ W ignores the upper half of the register', () => {
  const m = flatMachine(4);
  m.cpu.setXBig(1, 0xffffffff00000000n);
  m.load([0x34000041, MOV_X0_1, BRK]); // cbz w1, +8
  m.run(100);
  assert.equal(m.cpu.xNum(0), 0);
});

test('B.NE is taken when Z is clear and not when it is set', () => {
  const m = flatMachine(4);
  m.cpu.nzcv = 0;
  m.load([0x54000041, MOV_X0_1, BRK]); // b.ne +8
  m.run(100);
  assert.equal(m.cpu.xNum(0), 0);
  m.cpu.nzcv = 0x40000000;
  m.load([0x54000041, MOV_X0_1, BRK]);
  m.run(100);
  assert.equal(m.cpu.xNum(0), 1);
});

test('a branch to an unmapped address faults on the fetch there', () => {
  const m = flatMachine(4);
  m.cpu.setXNum(1, 0x900000);
  m.load([0xd61f0020]);
  const exit = m.run(100);
  assert.equal(exit.kind, 'pageFault');
  assert.equal(m.cpu.pc, 0x900000);
});

test('decoded ops are position independent: one frame mapped at two addresses runs right at both', () => {
  const m = flatMachine(4);
  const frame = m.cpu.mmu.fill(FLAT_BASE, 4);
  m.cpu.mmu = { fill: (va) => (va === 0x500000 || va === FLAT_BASE ? frame : -1) };
  m.load([0x94000002, BRK, 0xd65f03c0]); // bl +8 ; brk ; ret
  m.run(100);
  assert.equal(m.cpu.xNum(30), FLAT_BASE + 4);
  m.cpu.pc = 0x500000;
  m.run(100);
  assert.equal(m.cpu.xNum(30), 0x500004);
  assert.equal(m.cpu.pc, 0x500004);
});
