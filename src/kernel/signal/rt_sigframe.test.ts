// The rt_sigframe against the C layout. The numbers below were printed by a
// static aarch64 program (offsetof/sizeof over <signal.h>, <sys/ucontext.h>
// and <asm/sigcontext.h>, glibc 2.36, run under qemu-aarch64) and are
// hard-coded here on purpose: they are Linux's ABI, not our constants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFAULT, EINVAL } from '../../abi/linux/errno.js';
import * as sc from '../../abi/linux/sigcontext.js';
import { SA_ONSTACK, SA_RESTORER, SA_SIGINFO, SIGSEGV, SIGUSR1 } from '../../abi/linux/signal.js';
import { SEGV_ACCERR, SI_TKILL } from '../../abi/linux/siginfo.js';
import { C_OFF, CONTEXT_SIZE, FPCR_OFF, FPSR_OFF, N_OFF, PC_OFF, V_OFF, V_OFF_FLAG, X_OFF, Z_OFF } from '../../cpu/state.js';
import { Errno } from '../errno.js';
import { FlatMemory } from './flat_user_memory.js';
import {
  type AltStack,
  abortEsr,
  handlerBlockedMask,
  onSigStack,
  restoreAltStack,
  restoreRtFrame,
  SIGTRAMP_CODE,
  sasSsFlags,
  setupRtFrame,
} from './rt_sigframe.js';
import { faultSigInfo, userSigInfo } from './siginfo.js';

const STACK_BASE = 0x7f0000;
const STACK_SIZE = 0x10000;
const HANDLER = 0x401230n;
const RESTORER = 0x400ff0n;
const SIGTRAMP = 0x7ffff000n;

/** A context with recognisable values: x[n] = 0x1000_0000_0000_0000 + n*0x0101, flags N and C set. */
function knownContext(sp: bigint): Uint8Array {
  const ctx = new Uint8Array(CONTEXT_SIZE);
  const dv = new DataView(ctx.buffer);
  for (let n = 0; n < 31; n++) dv.setBigUint64(X_OFF + 8 * n, 0x1000000000000000n + BigInt(n) * 0x0101n, true);
  dv.setBigUint64(X_OFF + 8 * 31, sp, true);
  dv.setBigUint64(PC_OFF, 0x400abcn, true);
  dv.setInt32(N_OFF, 1, true);
  dv.setInt32(Z_OFF, 0, true);
  dv.setInt32(C_OFF, 1, true);
  dv.setInt32(V_OFF_FLAG, 0, true);
  dv.setUint32(FPCR_OFF, 0x03000000, true);
  dv.setUint32(FPSR_OFF, 0x08000011, true);
  for (let i = 0; i < 512; i++) ctx[V_OFF + i] = (i * 7 + 3) & 0xff;
  return ctx;
}

function reg(ctx: Uint8Array, n: number): bigint {
  return new DataView(ctx.buffer).getBigUint64(X_OFF + 8 * n, true);
}
function pc(ctx: Uint8Array): bigint {
  return new DataView(ctx.buffer).getBigUint64(PC_OFF, true);
}

const siginfoAction = { handler: HANDLER, flags: SA_SIGINFO | SA_RESTORER, restorer: RESTORER, mask: 0n };
const NO_ALT: AltStack = { sp: 0n, size: 0n, flags: sc.SS_DISABLE };

test('the struct layout constants are the arm64 C layout', () => {
  assert.equal(sc.SIGINFO_SIZE, 128);
  assert.equal(sc.UCONTEXT_SIZE, 4560);
  assert.deepEqual([sc.UC_FLAGS, sc.UC_LINK, sc.UC_STACK, sc.UC_SIGMASK, sc.UC_MCONTEXT], [0, 8, 16, 40, 176]);
  assert.deepEqual([sc.UC_STACK + sc.SS_SP, sc.UC_STACK + sc.SS_FLAGS, sc.UC_STACK + sc.SS_SIZE, sc.STACK_T_SIZE], [16, 24, 32, 24]);
  assert.equal(sc.SIGCONTEXT_SIZE, 4384);
  assert.deepEqual([sc.SC_FAULT_ADDRESS, sc.SC_REGS, sc.SC_SP, sc.SC_PC, sc.SC_PSTATE, sc.SC_RESERVED], [0, 8, 256, 264, 272, 288]);
  assert.equal(sc.FPSIMD_CONTEXT_SIZE, 528);
  assert.deepEqual([sc.FPSIMD_FPSR, sc.FPSIMD_FPCR, sc.FPSIMD_VREGS], [8, 12, 16]);
  assert.equal(sc.ESR_CONTEXT_SIZE, 16);
  assert.equal(sc.ESR_ESR, 8);
  assert.equal(sc.FPSIMD_MAGIC, 0x46508001);
  assert.equal(sc.ESR_MAGIC, 0x45535201);
  assert.equal(sc.EXTRA_MAGIC, 0x45585401);
  assert.equal(sc.RT_SIGFRAME_SIZE, 128 + 4560);
  assert.equal(sc.RT_SIGFRAME_RESERVED, 128 + 176 + 288);
});

test('the frame sits below a 16-byte frame record under the aligned SP, and the handler gets sig, &info, &uc', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const sp = BigInt(STACK_BASE + 0x8008); // not 16-byte aligned on purpose
  const ctx = knownContext(sp);
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 42, 1000, SI_TKILL), siginfoAction, 0x5n, NO_ALT, false);
  const record = (sp - 16n) & ~15n;
  assert.equal(BigInt(r.record), record);
  assert.equal(BigInt(r.frame), record - 4688n);
  assert.equal(r.frame % 16, 0);
  assert.equal(r.uc, r.frame + 128);
  assert.equal(reg(ctx, 0), BigInt(SIGUSR1));
  assert.equal(reg(ctx, 1), BigInt(r.frame));
  assert.equal(reg(ctx, 2), BigInt(r.frame + 128));
  assert.equal(reg(ctx, 31), BigInt(r.frame));
  assert.equal(reg(ctx, 29), record);
  assert.equal(reg(ctx, 30), RESTORER);
  assert.equal(pc(ctx), HANDLER);
  assert.equal(r.onAltStack, false);
});

test('every field of the written frame is at its C offset', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const sp = BigInt(STACK_BASE + 0x8000);
  const ctx = knownContext(sp);
  const before = ctx.slice();
  const alt: AltStack = { sp: 0x123000n, size: 0x4000n, flags: 0 };
  const esr = abortEsr('write', 'permission');
  const info = faultSigInfo(SIGSEGV, SEGV_ACCERR, 0x4a2008n);
  const r = setupRtFrame(mem, ctx, SIGSEGV, info, siginfoAction, 0x8000000000000400n, alt, false, esr);
  const f = r.frame;
  const u64 = (a: number) => mem.readU64(a);
  const u32 = (a: number) => mem.readU32(a);
  // siginfo: si_signo 0, si_errno 4, si_code 8, si_addr 16
  assert.equal(u32(f + 0), SIGSEGV);
  assert.equal(u32(f + 4), 0);
  assert.equal(u32(f + 8), SEGV_ACCERR);
  assert.equal(u64(f + 16), 0x4a2008n);
  // ucontext at 128: uc_flags, uc_link, uc_stack {ss_sp 16, ss_flags 24, ss_size 32}, uc_sigmask 40
  const uc = f + 128;
  assert.equal(u64(uc + 0), 0n);
  assert.equal(u64(uc + 8), 0n);
  assert.equal(u64(uc + 16), 0x123000n);
  assert.equal(u32(uc + 24), 0);
  assert.equal(u64(uc + 32), 0x4000n);
  assert.equal(u64(uc + 40), 0x8000000000000400n);
  // uc_mcontext at 176: fault_address 0, regs 8 + 8n, sp 256, pc 264, pstate 272
  const mc = uc + 176;
  assert.equal(u64(mc + 0), 0x4a2008n);
  for (let n = 0; n < 31; n++) assert.equal(u64(mc + 8 + 8 * n), 0x1000000000000000n + BigInt(n) * 0x0101n, `regs[${n}]`);
  assert.equal(u64(mc + 256), sp);
  assert.equal(u64(mc + 264), 0x400abcn);
  assert.equal(u64(mc + 272), 0xa0000000n); // N and C
  // __reserved at 288: fpsimd_context {magic, size 528, fpsr 8, fpcr 12, vregs 16}
  const fp = mc + 288;
  assert.equal(u32(fp + 0), 0x46508001);
  assert.equal(u32(fp + 4), 528);
  assert.equal(u32(fp + 8), 0x08000011);
  assert.equal(u32(fp + 12), 0x03000000);
  assert.deepEqual(mem.read(fp + 16, 512), before.subarray(V_OFF, V_OFF + 512));
  // then esr_context {magic, size 16, esr 8}, then the null record
  const e = fp + 528;
  assert.equal(u32(e + 0), 0x45535201);
  assert.equal(u32(e + 4), 16);
  assert.equal(u64(e + 8), BigInt(esr));
  assert.equal(u32(e + 16), 0);
  assert.equal(u32(e + 20), 0);
  // the frame record above the frame: fp = old x29, lr = old x30
  assert.equal(u64(r.record), 0x1000000000000000n + 29n * 0x0101n);
  assert.equal(u64(r.record + 8), 0x1000000000000000n + 30n * 0x0101n);
  // NZCV, FPCR, FPSR and the vector registers are untouched for the handler
  assert.deepEqual(ctx.subarray(N_OFF, V_OFF_FLAG + 4), before.subarray(N_OFF, V_OFF_FLAG + 4));
  assert.deepEqual(ctx.subarray(FPCR_OFF, FPSR_OFF + 4), before.subarray(FPCR_OFF, FPSR_OFF + 4));
  assert.deepEqual(ctx.subarray(V_OFF, V_OFF + 512), before.subarray(V_OFF, V_OFF + 512));
});

test('a signal without a fault ESR has fault_address 0 and the terminator right after fpsimd_context', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x8000));
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), siginfoAction, 0n, null, false);
  const mc = r.uc + 176;
  assert.equal(mem.readU64(mc), 0n);
  assert.equal(mem.readU32(mc + 288 + 528), 0);
  assert.equal(mem.readU32(mc + 288 + 532), 0);
  // no sigaltstack: uc_stack is {NULL, SS_DISABLE, 0}
  assert.equal(mem.readU64(r.uc + 16), 0n);
  assert.equal(mem.readU32(r.uc + 24), sc.SS_DISABLE);
  assert.equal(mem.readU64(r.uc + 32), 0n);
});

test('without SA_SIGINFO x1 and x2 keep their values and siginfo is not written', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x8000));
  const action = { handler: HANDLER, flags: SA_RESTORER, restorer: RESTORER, mask: 0n };
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), action, 0n, null, false);
  assert.equal(reg(ctx, 0), BigInt(SIGUSR1));
  assert.equal(reg(ctx, 1), 0x1000000000000000n + 0x0101n);
  assert.equal(reg(ctx, 2), 0x1000000000000000n + 0x0202n);
  assert.equal(mem.readU32(r.frame), 0);
});

test('without SA_RESTORER the return address is the sigtramp the kernel maps', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x8000));
  const action = { handler: HANDLER, flags: SA_SIGINFO, restorer: RESTORER, mask: 0n };
  setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), action, 0n, null, false, undefined, SIGTRAMP);
  assert.equal(reg(ctx, 30), SIGTRAMP);
  assert.deepEqual(SIGTRAMP_CODE, [0xd2801168, 0xd4000001]); // mov x8, #139; svc #0
});

test('SA_ONSTACK moves the frame to the top of the alternate stack unless already on it', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const alt: AltStack = { sp: BigInt(STACK_BASE + 0x1000), size: 0x2000n, flags: 0 };
  const action = { ...siginfoAction, flags: siginfoAction.flags | SA_ONSTACK };
  const sp = BigInt(STACK_BASE + 0x8000);
  const ctx = knownContext(sp);
  assert.equal(onSigStack(alt, sp), false);
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), action, 0n, alt, onSigStack(alt, sp));
  assert.equal(r.onAltStack, true);
  assert.equal(BigInt(r.record), alt.sp + alt.size - 16n);
  assert.equal(BigInt(r.frame), alt.sp + alt.size - 16n - 4688n);
  // the saved sp is still the interrupted one
  assert.equal(mem.readU64(r.uc + 176 + 256), sp);
  // nested: now on the alternate stack, the next frame goes below the current SP
  const inner = reg(ctx, 31);
  assert.equal(onSigStack(alt, inner), true);
  assert.equal(sasSsFlags(alt, inner), sc.SS_ONSTACK);
  const r2 = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), action, 0n, alt, onSigStack(alt, inner));
  assert.equal(BigInt(r2.record), (inner - 16n) & ~15n);
  // a disabled alternate stack is ignored
  const ctx3 = knownContext(sp);
  const r3 = setupRtFrame(mem, ctx3, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), action, 0n, NO_ALT, false);
  assert.equal(r3.onAltStack, false);
  assert.equal(sasSsFlags(NO_ALT, sp), sc.SS_DISABLE);
});

test('an unwritable stack gives EFAULT and leaves the context unchanged', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x100)); // the frame would start below the region
  const before = ctx.slice();
  assert.throws(
    () => setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), siginfoAction, 0n, null, false),
    (e: unknown) => e instanceof Errno && e.code === EFAULT,
  );
  assert.deepEqual(ctx, before);
});

test('rt_sigreturn restores the registers, flags and FP state a handler edited in the frame', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const sp = BigInt(STACK_BASE + 0x8000);
  const ctx = knownContext(sp);
  const original = ctx.slice();
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), siginfoAction, 0x1234n, null, false, abortEsr('read', 'translation'));
  const mc = r.uc + 176;
  // the handler skips the instruction and sets x0, and sets Z, V and V5
  mem.writeU64(mc + 264, 0x400ac0n);
  mem.writeU64(mc + 8, 42n);
  mem.writeU64(mc + 272, 0x50000000n);
  mem.writeU64(mc + 288 + 16 + 5 * 16, 0xdeadbeefn);
  mem.writeU32(mc + 288 + 12, 0x00400000); // FPCR: RMode = toward +inf
  // the handler returns: its SP is the frame again
  new DataView(ctx.buffer).setBigUint64(X_OFF + 8 * 31, BigInt(r.frame), true);
  const out = restoreRtFrame(mem, ctx);
  assert.equal(out.mask, 0x1234n);
  assert.deepEqual(out.altStack, { sp: 0n, size: 0n, flags: sc.SS_DISABLE });
  assert.equal(reg(ctx, 0), 42n);
  for (let n = 1; n < 31; n++) assert.equal(reg(ctx, n), reg(original, n), `x${n}`);
  assert.equal(reg(ctx, 31), sp);
  assert.equal(pc(ctx), 0x400ac0n);
  const dv = new DataView(ctx.buffer);
  assert.deepEqual([N_OFF, Z_OFF, C_OFF, V_OFF_FLAG].map((o) => dv.getInt32(o, true)), [0, 1, 0, 1]);
  assert.equal(dv.getUint32(FPCR_OFF, true), 0x00400000);
  assert.equal(dv.getUint32(FPSR_OFF, true), 0x08000011);
  assert.equal(dv.getBigUint64(V_OFF + 5 * 16, true), 0xdeadbeefn);
  assert.deepEqual(ctx.subarray(V_OFF + 6 * 16, V_OFF + 512), original.subarray(V_OFF + 6 * 16, V_OFF + 512));
});

test('rt_sigreturn drops PSTATE RES0 bits and keeps only NZCV', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x8000));
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), siginfoAction, 0n, null, false);
  mem.writeU64(r.uc + 176 + 272, 0xffff0000f0001000n); // RES0 high half, NZCV, SSBS
  restoreRtFrame(mem, ctx);
  const dv = new DataView(ctx.buffer);
  assert.deepEqual([N_OFF, Z_OFF, C_OFF, V_OFF_FLAG].map((o) => dv.getInt32(o, true)), [1, 1, 1, 1]);
});

function corrupted(edit: (mem: FlatMemory, uc: number) => void): { mem: FlatMemory; ctx: Uint8Array } {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x8000));
  const r = setupRtFrame(mem, ctx, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), siginfoAction, 0n, null, false);
  edit(mem, r.uc);
  return { mem, ctx };
}

function assertBadFrame(mem: FlatMemory, ctx: Uint8Array, code: number): void {
  const before = ctx.slice();
  assert.throws(
    () => restoreRtFrame(mem, ctx),
    (e: unknown) => e instanceof Errno && e.code === code,
  );
  assert.deepEqual(ctx, before);
}

test('rt_sigreturn rejects a PSTATE that is not EL0t AArch64 with DAIF clear', () => {
  for (const bad of [0x5n, 0x10n, 0x80n, 0x3c0n]) {
    const { mem, ctx } = corrupted((m, uc) => m.writeU64(uc + 176 + 272, bad));
    assertBadFrame(mem, ctx, EINVAL);
  }
});

test('rt_sigreturn rejects a frame without a valid fpsimd_context', () => {
  const fp = 176 + 288;
  const cases: Array<(m: FlatMemory, uc: number) => void> = [
    (m, uc) => m.writeU32(uc + fp, 0x12345678), // unknown magic
    (m, uc) => m.writeU32(uc + fp + 4, 512), // wrong size
    (m, uc) => m.writeU64(uc + fp, 0n), // terminator first: no fpsimd
    (m, uc) => m.writeU32(uc + fp + 528 + 4, 16), // terminator with a size
    (m, uc) => m.writeU32(uc + fp + 4, 5000), // larger than __reserved
    (m, uc) => {
      // a second fpsimd_context after the first
      m.writeU32(uc + fp + 528, 0x46508001);
      m.writeU32(uc + fp + 532, 528);
    },
    (m, uc) => {
      // an SVE record: this CPU has no SVE
      m.writeU32(uc + fp + 528, sc.SVE_MAGIC);
      m.writeU32(uc + fp + 532, 16);
    },
  ];
  for (const edit of cases) {
    const { mem, ctx } = corrupted(edit);
    assertBadFrame(mem, ctx, EINVAL);
  }
});

test('rt_sigreturn accepts and skips an esr_context record', () => {
  const { mem, ctx } = corrupted((m, uc) => {
    m.writeU32(uc + 176 + 288 + 528, sc.ESR_MAGIC);
    m.writeU32(uc + 176 + 288 + 532, 16);
    m.writeU64(uc + 176 + 288 + 544, 0n);
  });
  restoreRtFrame(mem, ctx);
});

test('rt_sigreturn rejects a misaligned SP and an unreadable frame', () => {
  const mem = new FlatMemory(STACK_BASE, STACK_SIZE);
  const ctx = knownContext(BigInt(STACK_BASE + 0x8008));
  assertBadFrame(mem, ctx, EINVAL);
  const ctx2 = knownContext(BigInt(STACK_BASE + STACK_SIZE - 0x100));
  assertBadFrame(mem, ctx2, EFAULT);
});

test('after rt_sigreturn the saved uc_stack replaces the alternate stack as do_sigaltstack allows', () => {
  const cur: AltStack = { sp: 0x10000n, size: 0x8000n, flags: 0 };
  const next: AltStack = { sp: 0x40000n, size: 0x8000n, flags: 0 };
  assert.deepEqual(restoreAltStack(cur, next, 0x7fff0000n), next);
  assert.deepEqual(restoreAltStack(cur, next, 0x14000n), cur); // still on it: EPERM, squashed
  assert.deepEqual(restoreAltStack(cur, { ...next, flags: 7 }, 0x7fff0000n), cur); // EINVAL
  assert.deepEqual(restoreAltStack(cur, { ...next, size: 100n }, 0x7fff0000n), cur); // ENOMEM
  assert.deepEqual(restoreAltStack(cur, { sp: 5n, size: 9n, flags: sc.SS_DISABLE }, 0x7fff0000n), {
    sp: 0n,
    size: 0n,
    flags: sc.SS_DISABLE,
  });
});

test('the handler blocks its own signal and sa_mask unless SA_NODEFER', () => {
  const a = { handler: HANDLER, flags: 0, restorer: 0n, mask: 1n << 11n };
  assert.equal(handlerBlockedMask(1n, SIGUSR1, a), 1n | (1n << 11n) | (1n << 9n));
  assert.equal(handlerBlockedMask(1n, SIGUSR1, { ...a, flags: 0x40000000 }), 1n | (1n << 11n));
});

test('abort ESRs carry the exception class, IL, WnR and the fault status code', () => {
  assert.equal(abortEsr('read', 'translation'), 0x92000007);
  assert.equal(abortEsr('write', 'permission'), 0x9200004f);
  assert.equal(abortEsr('exec', 'permission'), 0x8200000f);
  assert.equal(abortEsr('read', 'alignment'), 0x92000021);
});
