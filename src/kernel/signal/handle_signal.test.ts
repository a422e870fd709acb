import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SS_AUTODISARM, SS_DISABLE } from '../../abi/linux/sigcontext.js';
import {
  SA_NODEFER,
  SA_ONSTACK,
  SA_RESETHAND,
  SA_SIGINFO,
  SIG_DFL,
  SIG_IGN,
  SIGKILL,
  SIGSEGV,
  SIGUSR1,
  SIGUSR2,
} from '../../abi/linux/signal.js';
import { SI_TKILL } from '../../abi/linux/siginfo.js';
import { CONTEXT_SIZE, PC_OFF, X_OFF } from '../../cpu/state.js';
import { FlatMemory } from './flat_user_memory.js';
import { enterHandler, forceSigsegv, type HandlerTarget, prepareForcedSignal, type StoredAction, sigreturn } from './handle_signal.js';
import { userSigInfo } from './siginfo.js';

const BASE = 0x7f0000;
const SIZE = 0x20000;
const SIGTRAMP = 0x7fff000n;
const bit = (s: number): bigint => 1n << BigInt(s - 1);

function dfl(): StoredAction {
  return { handler: BigInt(SIG_DFL), flags: 0n, restorer: 0n, mask: 0n };
}

function task(sp: number): HandlerTarget & { signals: { actions: StoredAction[]; blocked: bigint; altStack: { sp: bigint; size: bigint; flags: number } } } {
  const context = new Uint8Array(CONTEXT_SIZE);
  const dv = new DataView(context.buffer);
  for (let n = 0; n < 31; n++) dv.setBigUint64(X_OFF + 8 * n, BigInt(100 + n), true);
  dv.setBigUint64(X_OFF + 8 * 31, BigInt(sp), true);
  dv.setBigUint64(PC_OFF, 0x400800n, true);
  return {
    context,
    mm: new FlatMemory(BASE, SIZE),
    signals: {
      actions: Array.from({ length: 65 }, dfl),
      blocked: bit(SIGUSR2),
      altStack: { sp: 0n, size: 0n, flags: SS_DISABLE },
    },
  };
}

function x(t: HandlerTarget, n: number): bigint {
  return new DataView(t.context.buffer).getBigUint64(X_OFF + 8 * n, true);
}

test('entering a handler blocks the signal and sa_mask, and rt_sigreturn puts back the mask and every register', () => {
  const t = task(BASE + 0x10000);
  const before = t.context.slice();
  t.signals.actions[SIGUSR1] = { handler: 0x401000n, flags: BigInt(SA_SIGINFO), restorer: 0n, mask: bit(SIGKILL) | bit(3) };
  assert.equal(enterHandler(t, SIGUSR1, userSigInfo(SIGUSR1, 1, 0, SI_TKILL), { sigtramp: SIGTRAMP }), true);
  assert.equal(t.signals.blocked, bit(SIGUSR2) | bit(SIGUSR1) | bit(3)); // SIGKILL never blocked
  assert.equal(x(t, 30), SIGTRAMP);
  // the handler runs and returns to the trampoline, which calls rt_sigreturn with SP at the frame
  const ret = sigreturn(t);
  assert.equal(ret, 100n);
  assert.equal(t.signals.blocked, bit(SIGUSR2));
  assert.deepEqual(t.context, before);
});

test('SA_NODEFER leaves the signal unblocked and SA_RESETHAND reverts the action to SIG_DFL', () => {
  const t = task(BASE + 0x10000);
  t.signals.actions[SIGUSR1] = { handler: 0x401000n, flags: BigInt(SA_NODEFER | SA_RESETHAND), restorer: 0n, mask: 0n };
  assert.equal(enterHandler(t, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), { sigtramp: SIGTRAMP }), true);
  assert.equal(t.signals.blocked, bit(SIGUSR2));
  assert.equal(t.signals.actions[SIGUSR1].handler, BigInt(SIG_DFL));
});

test('the mask saved for sigsuspend is the one rt_sigreturn restores', () => {
  const t = task(BASE + 0x10000);
  t.signals.actions[SIGUSR1] = { handler: 0x401000n, flags: 0n, restorer: 0n, mask: 0n };
  t.signals.blocked = 0n; // sigsuspend's temporary mask
  enterHandler(t, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), { sigtramp: SIGTRAMP, savedMask: bit(SIGUSR1) | bit(SIGUSR2) });
  sigreturn(t);
  assert.equal(t.signals.blocked, bit(SIGUSR1) | bit(SIGUSR2));
});

test('an SS_AUTODISARM alternate stack is disarmed in the handler and rearmed by rt_sigreturn', () => {
  const t = task(BASE + 0x10000);
  const alt = { sp: BigInt(BASE + 0x1000), size: 0x4000n, flags: SS_AUTODISARM };
  t.signals.altStack = alt;
  t.signals.actions[SIGUSR1] = { handler: 0x401000n, flags: BigInt(SA_ONSTACK), restorer: 0n, mask: 0n };
  enterHandler(t, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), { sigtramp: SIGTRAMP });
  assert.ok(x(t, 31) < alt.sp + alt.size && x(t, 31) > alt.sp);
  assert.deepEqual(t.signals.altStack, { sp: 0n, size: 0n, flags: SS_DISABLE });
  sigreturn(t);
  assert.deepEqual(t.signals.altStack, alt);
});

test('a frame that cannot be written reports failure and leaves the context alone', () => {
  const t = task(BASE + 0x100);
  const before = t.context.slice();
  t.signals.actions[SIGUSR1] = { handler: 0x401000n, flags: 0n, restorer: 0n, mask: 0n };
  assert.equal(enterHandler(t, SIGUSR1, userSigInfo(SIGUSR1, 1, 0), { sigtramp: SIGTRAMP }), false);
  assert.deepEqual(t.context, before);
  assert.equal(forceSigsegv(t, SIGUSR1), 'segv');
  assert.equal(forceSigsegv(t, SIGSEGV), 'kill');
});

test('a forced fault signal that is blocked or ignored reverts to SIG_DFL and is unblocked', () => {
  const t = task(BASE + 0x10000);
  t.signals.actions[SIGSEGV] = { handler: 0x401000n, flags: 0n, restorer: 0n, mask: 0n };
  prepareForcedSignal(t, SIGSEGV);
  assert.equal(t.signals.actions[SIGSEGV].handler, 0x401000n);
  t.signals.blocked |= bit(SIGSEGV);
  prepareForcedSignal(t, SIGSEGV);
  assert.equal(t.signals.actions[SIGSEGV].handler, BigInt(SIG_DFL));
  assert.equal(t.signals.blocked & bit(SIGSEGV), 0n);
  t.signals.actions[SIGSEGV] = { handler: BigInt(SIG_IGN), flags: 0n, restorer: 0n, mask: 0n };
  prepareForcedSignal(t, SIGSEGV);
  assert.equal(t.signals.actions[SIGSEGV].handler, BigInt(SIG_DFL));
});

test('rt_sigreturn with a garbage SP reports a bad frame', () => {
  const t = task(BASE + 0x10008);
  assert.equal(sigreturn(t), null);
});
