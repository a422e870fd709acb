// Test doubles for the tty layer: a scriptable JobControl that records the
// signals sent, a driver that collects output, and a flat UserMemory.
import { Errno } from '../../kernel/errno.js';
import { EFAULT } from '../../abi/linux/errno.js';
import type { UserMemory } from '../../mm/user_memory.js';
import type { JobControl, Tty, TtyCaller, TtyDriver } from '../tty.js';

export interface FakeProcess {
  pid: number;
  pgid: number;
  sid: number;
  ctty: Tty | null;
  /** Signals this process blocks or ignores. */
  blocked: Set<number>;
  orphaned: boolean;
  privileged: boolean;
}

/** A JobControl over a table of processes; `current` is the caller. */
export class FakeJobs implements JobControl {
  readonly procs = new Map<number, FakeProcess>();
  current: FakeProcess;
  /** Signals sent: [pgid or pid, sig, 'pgrp' | 'pid']. */
  readonly sent: Array<{ to: number; sig: number; kind: 'pgrp' | 'pid' }> = [];
  restarted: boolean | undefined = undefined;

  constructor() {
    this.current = this.add(100, 100, 100);
  }

  add(pid: number, pgid: number, sid: number): FakeProcess {
    const p: FakeProcess = { pid, pgid, sid, ctty: null, blocked: new Set(), orphaned: false, privileged: false };
    this.procs.set(pid, p);
    return p;
  }

  caller(): TtyCaller {
    const p = this.current;
    return {
      pid: p.pid, pgid: p.pgid, sid: p.sid, isSessionLeader: p.pid === p.sid, ctty: p.ctty,
      blocksOrIgnores: (sig) => p.blocked.has(sig), pgrpOrphaned: p.orphaned, privileged: p.privileged,
      restarted: this.restarted,
    };
  }
  signalPgrp(pgid: number, sig: number): void {
    this.sent.push({ to: pgid, sig, kind: 'pgrp' });
  }
  signalProcess(pid: number, sig: number): void {
    this.sent.push({ to: pid, sig, kind: 'pid' });
  }
  pgrpInSession(pgid: number, sid: number): boolean {
    return [...this.procs.values()].some((p) => p.pgid === pgid && p.sid === sid);
  }
  pgrpExists(pgid: number): boolean {
    return [...this.procs.values()].some((p) => p.pgid === pgid);
  }
  setSessionTty(sid: number, tty: Tty | null): void {
    for (const p of this.procs.values()) if (p.sid === sid) p.ctty = tty;
  }
  setCallerTty(tty: Tty | null): void {
    this.current.ctty = tty;
  }
}

/** A driver that keeps everything written towards the terminal. */
export class CaptureDriver implements TtyDriver {
  chunks: Uint8Array[] = [];
  output(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  /** Everything output so far as a latin1 string, then forgotten. */
  take(): string {
    const s = this.chunks.map((c) => String.fromCharCode(...c)).join('');
    this.chunks = [];
    return s;
  }
}

/** A UserMemory over a flat 64 KiB buffer at address 0x1000. */
export class FlatMemory implements UserMemory {
  readonly base = 0x1000;
  readonly bytes = new Uint8Array(65536);
  private at(addr: number, len: number): number {
    const off = addr - this.base;
    if (off < 0 || off + len > this.bytes.length) throw new Errno(EFAULT);
    return off;
  }
  read(addr: number, len: number): Uint8Array {
    const off = this.at(addr, len);
    return this.bytes.slice(off, off + len);
  }
  write(addr: number, data: Uint8Array): void {
    this.bytes.set(data, this.at(addr, data.length));
  }
  readCString(addr: number, max: number): Uint8Array {
    const off = this.at(addr, 1);
    let end = off;
    while (end < this.bytes.length && end - off < max && this.bytes[end] !== 0) end++;
    return this.bytes.slice(off, end);
  }
  readU32(addr: number): number {
    const off = this.at(addr, 4);
    return new DataView(this.bytes.buffer).getUint32(off, true);
  }
  readU64(addr: number): bigint {
    const off = this.at(addr, 8);
    return new DataView(this.bytes.buffer).getBigUint64(off, true);
  }
  writeU32(addr: number, v: number): void {
    const off = this.at(addr, 4);
    new DataView(this.bytes.buffer).setUint32(off, v >>> 0, true);
  }
  writeU64(addr: number, v: bigint): void {
    const off = this.at(addr, 8);
    new DataView(this.bytes.buffer).setBigUint64(off, v, true);
  }
}

/** Latin1 bytes of a string. */
export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A latin1 string of bytes. */
export function text(b: Uint8Array): string {
  return String.fromCharCode(...b);
}
