// Shared pieces of the load/store ops: base-register writeback, register-offset
// addressing, and host offsets for multi-word accesses that may cross a page.
// Every helper that touches memory does its translation (and so any fault)
// before the caller writes a register.

import { ACCESS_WRITE, type Access, GuestFault } from '../exit.js';
import type { Cpu, Op } from '../cpu.js';
import { TMP_OFF } from '../state.js';

/** Register-offset extend kinds: the offset register as X, as W zero-extended, as W sign-extended. */
export const EXT_X = 0;
export const EXT_UXTW = 1;
export const EXT_SXTW = 2;

/** X[n] += imm (a small signed integer), 64-bit wrapping. The base update of pre/post-index forms. */
export function wbImm(c: Cpu, n: number, imm: number): void {
  const i = c.i32;
  const lo = (i[2 * n] >>> 0) + imm;
  i[2 * n] = lo;
  i[2 * n + 1] = (i[2 * n + 1] + (lo < 0 ? -1 : lo > 0xffffffff ? 1 : 0)) | 0;
}

/** X[n] += X[m], 64-bit wrapping (post-index by register). */
export function wbReg(c: Cpu, n: number, m: number): void {
  const i = c.i32;
  const lo = (i[2 * n] >>> 0) + (i[2 * m] >>> 0);
  const hi = i[2 * n + 1] + i[2 * m + 1] + (lo > 0xffffffff ? 1 : 0);
  i[2 * n] = lo;
  i[2 * n + 1] = hi | 0;
}

/**
 * Effective address X[n] + (extend(R[m]) << s), with the top byte ignored.
 * `ext` is EXT_X, EXT_UXTW or EXT_SXTW.
 */
export function eaReg(c: Cpu, n: number, m: number, ext: number, s: number): number {
  const i = c.i32;
  const mlo = i[2 * m];
  const mhi = ext === EXT_X ? i[2 * m + 1] : ext === EXT_SXTW ? mlo >> 31 : 0;
  let olo: number;
  let ohi: number;
  if (s === 0) {
    olo = mlo >>> 0;
    ohi = mhi;
  } else {
    olo = (mlo << s) >>> 0;
    ohi = (mhi << s) | (mlo >>> (32 - s));
  }
  const lo = (i[2 * n] >>> 0) + olo;
  const hi = i[2 * n + 1] + ohi + (lo > 0xffffffff ? 1 : 0);
  return (hi & 0x00ffffff) * 4294967296 + (lo >>> 0);
}

/**
 * Host offset of `size` bytes to read at va. When the bytes cross a page they
 * are first copied to the scratch area (both pages checked before any copy).
 */
export function srcFor(c: Cpu, va: number, size: number): number {
  if ((va & 0xfff) <= 4096 - size) return c.tr(va);
  c.ldInto(va, TMP_OFF, size);
  return TMP_OFF;
}

/**
 * Host offset to write `size` bytes at va: the guest bytes themselves, or the
 * scratch area when the access crosses a page; then call flushTo.
 */
export function dstFor(c: Cpu, va: number, size: number): number {
  if ((va & 0xfff) <= 4096 - size) return c.tw(va);
  // Check both pages now, so the copy in flushTo cannot fault halfway.
  // A fault on the second page names its first byte, as the hardware does.
  c.tw(va);
  c.tw(va - (va & 0xfff) + 4096);
  return TMP_OFF;
}

/** Finish a store begun with dstFor: copy the scratch bytes out if they were used. */
export function flushTo(c: Cpu, va: number, a: number, size: number): void {
  if (a === TMP_OFF) c.stFrom(va, TMP_OFF, size);
}

/** Throw an alignment fault unless va is a multiple of size (a power of two). */
export function checkAlign(va: number, size: number, access: Access): void {
  if ((va & (size - 1)) !== 0) throw new GuestFault(va, access, 'alignment');
}

/** Host offset for a read-modify-write of `size` aligned bytes (faults as a write). */
export function rmwFor(c: Cpu, va: number, size: number): number {
  if ((va & (size - 1)) !== 0) throw new GuestFault(va, ACCESS_WRITE, 'alignment');
  return c.tw(va);
}

/**
 * Wrap a no-writeback load op so that afterwards X[n] = old X[n] + imm: the
 * pre/post-index form of a load whose destination is also its base. The
 * architecture leaves this CONSTRAINED UNPREDICTABLE; qemu keeps the
 * written-back address, and so do we.
 */
export function ownBaseWriteback(inner: Op | null, n: number, imm: number): Op | null {
  if (inner === null) return null;
  return (c, pc) => {
    const lo = c.i32[2 * n];
    const hi = c.i32[2 * n + 1];
    const next = inner(c, pc);
    const i = c.i32;
    i[2 * n] = lo;
    i[2 * n + 1] = hi;
    wbImm(c, n, imm);
    return next;
  };
}
