// siginfo_t encodings against the arm64 C layout (offsets printed by a static
// aarch64 program over glibc's <signal.h> under qemu-aarch64, and asserted in
// arch/arm64/kernel/signal.c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGALRM, SIGBUS, SIGCHLD, SIGILL, SIGIO, SIGSEGV, SIGTRAP, SIGUSR1 } from '../../abi/linux/signal.js';
import * as si from '../../abi/linux/siginfo.js';
import { ACCESS_EXEC, ACCESS_READ, ACCESS_WRITE } from '../../cpu/exit.js';
import { faultSignal } from './fault_signal.js';
import { childSigInfo, encodeSigInfo, faultSigInfo, kernelSigInfo, userSigInfo } from './siginfo.js';

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

test('the siginfo offsets are the arm64 C layout', () => {
  assert.deepEqual([si.SI_SIGNO, si.SI_ERRNO, si.SI_CODE], [0, 4, 8]);
  assert.deepEqual([si.SI_PID, si.SI_UID, si.SI_STATUS, si.SI_UTIME, si.SI_STIME], [16, 20, 24, 32, 40]);
  assert.deepEqual([si.SI_TID, si.SI_OVERRUN, si.SI_VALUE], [16, 20, 24]);
  assert.deepEqual([si.SI_ADDR, si.SI_ADDR_LSB, si.SI_BAND, si.SI_FD], [16, 24, 16, 24]);
  assert.deepEqual([si.SI_CALL_ADDR, si.SI_SYSCALL, si.SI_ARCH], [16, 24, 28]);
  assert.deepEqual(
    [si.SI_USER, si.SI_KERNEL, si.SI_QUEUE, si.SI_TIMER, si.SI_MESGQ, si.SI_ASYNCIO, si.SI_SIGIO, si.SI_TKILL],
    [0, 128, -1, -2, -3, -4, -5, -6],
  );
  assert.deepEqual([si.SEGV_MAPERR, si.SEGV_ACCERR, si.BUS_ADRALN, si.ILL_ILLOPC, si.TRAP_BRKPT], [1, 2, 1, 1, 1]);
  assert.deepEqual([si.CLD_EXITED, si.CLD_KILLED, si.CLD_DUMPED, si.CLD_STOPPED, si.CLD_CONTINUED], [1, 2, 3, 5, 6]);
});

test('kill and tkill siginfo carry the sender pid and uid, and everything else is zero', () => {
  const b = encodeSigInfo(userSigInfo(SIGUSR1, 77, 1000, si.SI_TKILL));
  const d = view(b);
  assert.equal(b.length, 128);
  assert.equal(d.getInt32(0, true), SIGUSR1);
  assert.equal(d.getInt32(4, true), 0);
  assert.equal(d.getInt32(8, true), -6);
  assert.equal(d.getInt32(16, true), 77);
  assert.equal(d.getUint32(20, true), 1000);
  assert.ok(b.subarray(24).every((x) => x === 0));
  assert.equal(view(encodeSigInfo(kernelSigInfo(13))).getInt32(8, true), 0x80);
});

test('SIGCHLD siginfo carries pid, uid, status and the times', () => {
  const d = view(encodeSigInfo(childSigInfo(si.CLD_KILLED, 9, 0, 15, 3n, 4n)));
  assert.equal(d.getInt32(0, true), SIGCHLD);
  assert.equal(d.getInt32(8, true), si.CLD_KILLED);
  assert.equal(d.getInt32(16, true), 9);
  assert.equal(d.getInt32(24, true), 15);
  assert.equal(d.getBigInt64(32, true), 3n);
  assert.equal(d.getBigInt64(40, true), 4n);
});

test('queued, timer, poll and fault siginfo put their union member at its offset', () => {
  let d = view(encodeSigInfo({ kind: 'rt', signo: 34, code: si.SI_QUEUE, pid: 5, uid: 6, value: 0x1122334455667788n }));
  assert.deepEqual([d.getInt32(8, true), d.getInt32(16, true), d.getInt32(20, true)], [-1, 5, 6]);
  assert.equal(d.getBigUint64(24, true), 0x1122334455667788n);
  d = view(encodeSigInfo({ kind: 'timer', signo: SIGALRM, code: si.SI_TIMER, tid: 3, overrun: 2, value: -1n }));
  assert.deepEqual([d.getInt32(16, true), d.getInt32(20, true)], [3, 2]);
  assert.equal(d.getBigUint64(24, true), 0xffffffffffffffffn);
  d = view(encodeSigInfo({ kind: 'poll', signo: SIGIO, code: si.POLL_IN, band: 0x41n, fd: 7 }));
  assert.equal(d.getBigInt64(16, true), 0x41n);
  assert.equal(d.getInt32(24, true), 7);
  d = view(encodeSigInfo(faultSigInfo(SIGSEGV, si.SEGV_MAPERR, 0xffff00001234n)));
  assert.equal(d.getBigUint64(16, true), 0xffff00001234n);
  const raw = new Uint8Array(128).fill(0xab);
  const r = encodeSigInfo({ kind: 'raw', signo: 40, bytes: raw });
  assert.equal(view(r).getInt32(0, true), 40);
  assert.ok(r.subarray(4).every((x) => x === 0xab));
});

test('CPU exceptions map to SIGSEGV, SIGBUS, SIGILL and SIGTRAP with Linux si_codes', () => {
  const unmapped = faultSignal({ kind: 'pageFault', addr: 0x10, access: ACCESS_READ, reason: 'unmapped' }, 0x400100);
  assert.equal(unmapped?.sig, SIGSEGV);
  assert.deepEqual(unmapped?.info, faultSigInfo(SIGSEGV, si.SEGV_MAPERR, 0x10));
  assert.equal(unmapped?.esr, 0x92000007);
  const guard = faultSignal({ kind: 'pageFault', addr: 0x7ff000, access: ACCESS_WRITE, reason: 'stackOverflow' }, 0);
  assert.deepEqual(guard?.info, faultSigInfo(SIGSEGV, si.SEGV_MAPERR, 0x7ff000));
  const ro = faultSignal({ kind: 'pageFault', addr: 0x4a2008, access: ACCESS_WRITE, reason: 'protection' }, 0);
  assert.deepEqual(ro?.info, faultSigInfo(SIGSEGV, si.SEGV_ACCERR, 0x4a2008));
  assert.equal(ro?.esr, 0x9200004f);
  const nx = faultSignal({ kind: 'pageFault', addr: 0x4b0000, access: ACCESS_EXEC, reason: 'protection' }, 0x4b0000);
  assert.equal(nx?.esr, 0x8200000f);
  assert.equal(faultSignal({ kind: 'pageFault', addr: 1, access: ACCESS_READ, reason: 'nomem' }, 0), null);
  assert.deepEqual(faultSignal({ kind: 'alignment', addr: 0x1003 }, 0)?.info, faultSigInfo(SIGBUS, si.BUS_ADRALN, 0x1003));
  const ill = faultSignal({ kind: 'undefined', word: 0 }, 0x400200);
  assert.deepEqual(ill, { sig: SIGILL, info: faultSigInfo(SIGILL, si.ILL_ILLOPC, 0x400200) });
  const brk = faultSignal({ kind: 'breakpoint', imm: 0 }, 0x400300);
  assert.deepEqual(brk, { sig: SIGTRAP, info: faultSigInfo(SIGTRAP, si.TRAP_BRKPT, 0x400300) });
  assert.equal(faultSignal({ kind: 'svc', imm: 0 }, 0), null);
  assert.equal(faultSignal({ kind: 'budget' }, 0), null);
});
