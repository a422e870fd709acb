// A signal delivered to real AArch64 code on the CPU: the handler reads its
// siginfo, edits the saved context through x2 (the ucontext), clobbers
// registers, flags and FP state, and returns through the sigtramp
// (mov x8, #139; svc #0) into rt_sigreturn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFAULT } from '../../abi/linux/errno.js';
import { SA_SIGINFO, SIGUSR1 } from '../../abi/linux/signal.js';
import { SI_TKILL } from '../../abi/linux/siginfo.js';
import { FLAT_BASE, flatMachine } from '../../cpu/testing/flat_machine.js';
import { CONTEXT_SIZE, FRAME_BASE } from '../../cpu/state.js';
import type { Cpu } from '../../cpu/cpu.js';
import type { UserMemory } from '../../mm/user_memory.js';
import { Errno } from '../errno.js';
import { restoreRtFrame, setupRtFrame, SIGTRAMP_CODE } from './rt_sigframe.js';
import { userSigInfo } from './siginfo.js';

const PAGES = 64;

/** UserMemory over the flat machine's region. */
function flatUserMemory(cpu: Cpu): UserMemory {
  const at = (a: number, n: number): number => {
    if (a < FLAT_BASE || a + n > FLAT_BASE + PAGES * 4096) throw new Errno(EFAULT);
    return FRAME_BASE + a - FLAT_BASE;
  };
  return {
    read: (a, n) => cpu.u8.slice(at(a, n), at(a, n) + n),
    write: (a, d) => cpu.u8.set(d, at(a, d.length)),
    readCString: () => new Uint8Array(0),
    readU32: (a) => cpu.dv.getUint32(at(a, 4), true),
    readU64: (a) => cpu.dv.getBigUint64(at(a, 8), true),
    writeU32: (a, v) => cpu.dv.setUint32(at(a, 4), v >>> 0, true),
    writeU64: (a, v) => cpu.dv.setBigUint64(at(a, 8), v, true),
  };
}

const MAIN = [
  0xd28000f3, // mov x19, #7
  0xd2800016, // mov x22, #0
  0x1e6e1008, // fmov d8, #1.0
  0xd2801028, // mov x8, #129 (kill)
  0xf1001e7f, // cmp x19, #7   (Z and C set)
  0xd4000001, // svc #0        -> the signal is delivered on the way back
  0x9a9f17f4, // cset x20, eq
  0x9e660115, // fmov x21, d8
  0xd4200000, // brk #0
];
const HANDLER = [
  0xb9400023, // ldr w3, [x1]                      si_signo
  0xf900b443, // str x3, [x2, #176 + 8 + 8 * 22]   uc_mcontext.regs[22] = si_signo
  0xd2800c73, // mov x19, #99
  0x1e601008, // fmov d8, #2.0
  0xf100027f, // cmp x19, #0
  0xd65f03c0, // ret                               to x30 = the sigtramp
];

test('a handler on the CPU returns through the sigtramp and rt_sigreturn to the interrupted code', () => {
  const m = flatMachine(PAGES);
  const cpu = m.cpu;
  const handler = FLAT_BASE + 0x100;
  const sigtramp = FLAT_BASE + 0x200;
  m.load(HANDLER, handler);
  m.load(SIGTRAMP_CODE, sigtramp);
  m.load(MAIN);
  const stackTop = FLAT_BASE + PAGES * 4096 - 0x40;
  cpu.setXBig(31, BigInt(stackTop));
  const mem = flatUserMemory(cpu);
  const ctx = new Uint8Array(CONTEXT_SIZE);

  let exit = m.run();
  assert.equal(exit.kind, 'svc');
  assert.equal(cpu.xBig(8), 129n);
  cpu.saveContext(ctx);
  const action = { handler: BigInt(handler), flags: SA_SIGINFO, restorer: 0n, mask: 0n };
  setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0, SI_TKILL), action, 0n, null, false, undefined, BigInt(sigtramp));
  cpu.loadContext(ctx);

  exit = m.run();
  assert.equal(exit.kind, 'svc');
  assert.equal(cpu.xBig(8), 139n);
  cpu.saveContext(ctx);
  const r = restoreRtFrame(mem, ctx);
  cpu.loadContext(ctx);
  assert.equal(r.mask, 0n);

  exit = m.run();
  assert.equal(exit.kind, 'breakpoint');
  assert.equal(cpu.xBig(19), 7n); // restored from the frame
  assert.equal(cpu.xBig(20), 1n); // Z survived the handler's cmp
  assert.equal(cpu.xBig(21), 0x3ff0000000000000n); // d8 = 1.0 survived the handler's fmov
  assert.equal(cpu.xBig(22), BigInt(SIGUSR1)); // the handler's edit of the saved x22
  assert.equal(cpu.xBig(31), BigInt(stackTop));
});
