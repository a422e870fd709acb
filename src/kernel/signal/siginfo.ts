// What a signal carries (siginfo_t) and its 128-byte encoding, as Linux's
// copy_siginfo_to_user writes it: the kernel clears the whole struct, sets the
// header and the one union member the signal uses (kernel/signal.c,
// include/uapi/asm-generic/siginfo.h). Fields not listed stay zero.
import * as si from '../../abi/linux/siginfo.js';
import { SIGINFO_SIZE } from '../../abi/linux/sigcontext.js';
import { SIGCHLD } from '../../abi/linux/signal.js';

interface SigInfoHeader {
  signo: number;
  /** si_code: SI_USER, SI_TKILL, SEGV_MAPERR, CLD_EXITED, ... */
  code: number;
  /** si_errno, almost always 0. */
  errno?: number;
}

export type SigInfo =
  /** kill(2), tkill/tgkill, raise(), and kernel-generated signals without data (SI_KERNEL). */
  | (SigInfoHeader & { kind: 'kill'; pid: number; uid: number })
  /** sigqueue(3)/rt_sigqueueinfo, mq_notify: sender and the sigval. */
  | (SigInfoHeader & { kind: 'rt'; pid: number; uid: number; value: bigint })
  /** POSIX timers (SI_TIMER): timer id, overrun count, sigval. */
  | (SigInfoHeader & { kind: 'timer'; tid: number; overrun: number; value: bigint })
  /** SIGCHLD: the child, its exit code or signal, and its user/system time in clock ticks (USER_HZ=100). */
  | (SigInfoHeader & { kind: 'chld'; pid: number; uid: number; status: number; utime: bigint; stime: bigint })
  /** Synchronous faults: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP with the faulting address. */
  | (SigInfoHeader & { kind: 'fault'; addr: bigint })
  /** SIGPOLL/SIGIO: band event and fd. */
  | (SigInfoHeader & { kind: 'poll'; band: bigint; fd: number })
  /** A siginfo supplied whole by user space (rt_sigqueueinfo, rt_tgsigqueueinfo): copied as is. */
  | { kind: 'raw'; signo: number; bytes: Uint8Array };

/** The 128 bytes of siginfo_t for `info`. */
export function encodeSigInfo(info: SigInfo): Uint8Array {
  const out = new Uint8Array(SIGINFO_SIZE);
  writeSigInfo(new DataView(out.buffer), 0, info);
  return out;
}

/** Write the 128-byte siginfo_t for `info` at byte `at` of `dv`. */
export function writeSigInfo(dv: DataView, at: number, info: SigInfo): void {
  for (let i = 0; i < SIGINFO_SIZE; i++) dv.setUint8(at + i, 0);
  if (info.kind === 'raw') {
    const n = Math.min(info.bytes.length, SIGINFO_SIZE);
    for (let i = 0; i < n; i++) dv.setUint8(at + i, info.bytes[i]);
    dv.setInt32(at + si.SI_SIGNO, info.signo, true);
    return;
  }
  dv.setInt32(at + si.SI_SIGNO, info.signo, true);
  dv.setInt32(at + si.SI_ERRNO, info.errno ?? 0, true);
  dv.setInt32(at + si.SI_CODE, info.code, true);
  switch (info.kind) {
    case 'kill':
      dv.setInt32(at + si.SI_PID, info.pid, true);
      dv.setUint32(at + si.SI_UID, info.uid >>> 0, true);
      return;
    case 'rt':
      dv.setInt32(at + si.SI_PID, info.pid, true);
      dv.setUint32(at + si.SI_UID, info.uid >>> 0, true);
      dv.setBigUint64(at + si.SI_VALUE, BigInt.asUintN(64, info.value), true);
      return;
    case 'timer':
      dv.setInt32(at + si.SI_TID, info.tid, true);
      dv.setInt32(at + si.SI_OVERRUN, info.overrun, true);
      dv.setBigUint64(at + si.SI_VALUE, BigInt.asUintN(64, info.value), true);
      return;
    case 'chld':
      dv.setInt32(at + si.SI_PID, info.pid, true);
      dv.setUint32(at + si.SI_UID, info.uid >>> 0, true);
      dv.setInt32(at + si.SI_STATUS, info.status, true);
      dv.setBigInt64(at + si.SI_UTIME, BigInt.asIntN(64, info.utime), true);
      dv.setBigInt64(at + si.SI_STIME, BigInt.asIntN(64, info.stime), true);
      return;
    case 'fault':
      dv.setBigUint64(at + si.SI_ADDR, BigInt.asUintN(64, info.addr), true);
      return;
    case 'poll':
      dv.setBigInt64(at + si.SI_BAND, BigInt.asIntN(64, info.band), true);
      dv.setInt32(at + si.SI_FD, info.fd, true);
      return;
  }
}

/** kill(2) from `pid` (SI_USER), or tkill/tgkill/raise() with code SI_TKILL. */
export function userSigInfo(signo: number, pid: number, uid: number, code = si.SI_USER): SigInfo {
  return { kind: 'kill', signo, code, pid, uid };
}

/** A signal the kernel itself raises without a sender (SI_KERNEL): SIGPIPE, SIGXFSZ, SIGKILL on OOM... */
export function kernelSigInfo(signo: number): SigInfo {
  return { kind: 'kill', signo, code: si.SI_KERNEL, pid: 0, uid: 0 };
}

/** A synchronous fault: SIGSEGV/SEGV_MAPERR at `addr`, SIGILL/ILL_ILLOPC at the pc, ... */
export function faultSigInfo(signo: number, code: number, addr: bigint | number): SigInfo {
  return { kind: 'fault', signo, code, addr: BigInt(addr) };
}

/** SIGCHLD for a child that exited (CLD_EXITED, status = exit code) or was killed (CLD_KILLED/CLD_DUMPED, status = signal). */
export function childSigInfo(
  code: number,
  pid: number,
  uid: number,
  status: number,
  utime: bigint = 0n,
  stime: bigint = 0n,
): SigInfo {
  return { kind: 'chld', signo: SIGCHLD, code, pid, uid, status, utime, stime };
}
