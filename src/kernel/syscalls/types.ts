// The contract between the syscall table and the handlers of each family.
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';

/**
 * Returned by a handler that cannot proceed: it has put the task on a wait
 * queue and changed nothing. When the task is woken the syscall runs again
 * from the top with the same arguments.
 */
export const BLOCKED: unique symbol = Symbol('blocked');

/** A handler's result: the value for x0 (non-negative), or BLOCKED. Errors are thrown as Errno. */
export type SyscallResult = number | bigint | typeof BLOCKED;

export type Support = 'full' | 'partial' | 'enosys';

export type SyscallHandler = (k: Kernel, t: Task, a: SyscallArgs) => SyscallResult;

export interface SyscallDef {
  /** The AArch64 (asm-generic) syscall number. */
  nr: number;
  name: string;
  support: Support;
  /** What is and is not implemented, for docs/syscalls.md. */
  note?: string;
  /** Absent for support 'enosys'. */
  handler?: SyscallHandler;
  /** How --strace shows each argument (x0, x1, ...); absent: all six as hex. */
  args?: readonly ArgFormat[];
  /** How --strace shows a non-error result; default 'dec'. */
  ret?: RetFormat;
  /** For 'enosys': a deliberate answer that programs handle (rseq), so it is not logged. */
  quiet?: boolean;
}

/**
 * Argument formats for --strace (see syscalls/strace.ts):
 * dec/udec/hex: a number; ptr: an address or NULL; str: a NUL-terminated
 * string read before the call; wbuf: a buffer whose length is the next
 * argument, shown before the call; rbuf: a buffer filled by the call, whose
 * length is the result, shown after it; fd, dirfd (AT_FDCWD), oflags (O_*),
 * mode (octal), prot (PROT_*), mapflags (MAP_*), signal (SIGxxx), clock
 * (CLOCK_*), atflags (AT_*).
 */
export type ArgFormat =
  | 'dec'
  | 'udec'
  | 'hex'
  | 'ptr'
  | 'str'
  | 'wbuf'
  | 'rbuf'
  | 'fd'
  | 'dirfd'
  | 'oflags'
  | 'mode'
  | 'prot'
  | 'mapflags'
  | 'signal'
  | 'clock'
  | 'atflags';

export type RetFormat = 'dec' | 'hex' | 'none';

/** The six argument registers x0-x5 of a syscall, read once at entry. */
export class SyscallArgs {
  constructor(
    /** lo/hi 32-bit halves: x0.lo, x0.hi, x1.lo, ... */
    readonly halves: Int32Array,
  ) {}
  /** As a C int (low 32 bits, signed). */
  int(i: number): number {
    return this.halves[2 * i] | 0;
  }
  /** As an unsigned 32-bit value (flags, modes). */
  u32(i: number): number {
    return this.halves[2 * i] >>> 0;
  }
  /** As an unsigned 64-bit number; exact below 2^53 (sizes, counts). Larger values saturate to 2^53. */
  num(i: number): number {
    const hi = this.halves[2 * i + 1] >>> 0;
    if (hi >= 0x200000) return 2 ** 53;
    return hi * 4294967296 + (this.halves[2 * i] >>> 0);
  }
  /** As a signed 64-bit number (offsets, pids); exact within ±2^53. */
  snum(i: number): number {
    return (this.halves[2 * i + 1] | 0) * 4294967296 + (this.halves[2 * i] >>> 0);
  }
  /** As a user pointer: the top byte is ignored (TBI), as Linux does. */
  ptr(i: number): number {
    return (this.halves[2 * i + 1] & 0x00ffffff) * 4294967296 + (this.halves[2 * i] >>> 0);
  }
  /** True when the pointer argument is exactly 0 (NULL). */
  isNull(i: number): boolean {
    return this.halves[2 * i] === 0 && this.halves[2 * i + 1] === 0;
  }
  u64(i: number): bigint {
    return (BigInt(this.halves[2 * i + 1] >>> 0) << 32n) | BigInt(this.halves[2 * i] >>> 0);
  }
  i64(i: number): bigint {
    return BigInt.asIntN(64, this.u64(i));
  }
}
