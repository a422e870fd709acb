// read(2), write(2) and their vectored, positioned and in-kernel (sendfile)
// forms. Vectored calls do one read or write of the total, so a stream
// delivers its bytes atomically. A blocking write to a pipe that stores part
// of its data and must wait (PartialWrite) keeps its progress in the task's
// restart state ({ kind: 'write', done }) and goes on with the rest when it
// restarts; an interrupted write should return `done` when it is non-zero.
import { Errno } from '../errno.js';
import { EBADF, EINVAL, EPIPE } from '../../abi/linux/errno.js';
import { SIGPIPE } from '../../abi/linux/signal.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import { sendSignal } from './signal.js';
import type { OpenFile } from '../../fs/file.js';
import { PartialWrite } from '../../fs/pipe.js';
import type { UserMemory } from '../../mm/user_memory.js';
import type { SyscallDef } from './types.js';
import { killSetId } from '../../fs/permission.js';

/** Linux caps one read/write at MAX_RW_COUNT (INT_MAX rounded down to a page). */
const MAX_RW_COUNT = 0x7ffff000;
/** UIO_MAXIOV. */
const IOV_MAX = 1024;
/** sendfile copies through the kernel in pieces of this size. */
const SENDFILE_CHUNK = 1 << 20;

interface Iovec {
  base: number;
  len: number;
}

function readIovecs(mem: UserMemory, addr: number, count: number): Iovec[] {
  if (count < 0 || count > IOV_MAX) throw new Errno(EINVAL);
  const raw = new DataView(mem.read(addr, 16 * count).buffer);
  const out: Iovec[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const base = Number(raw.getBigUint64(16 * i, true) & 0x00ffffffffffffffn);
    const len = raw.getBigInt64(16 * i + 8, true);
    if (len < 0n || len > BigInt(MAX_RW_COUNT)) throw new Errno(EINVAL);
    const n = Math.min(Number(len), MAX_RW_COUNT - total);
    total += n;
    out.push({ base, len: n });
  }
  return out;
}

function gather(mem: UserMemory, iov: Iovec[]): Uint8Array {
  const total = iov.reduce((s, v) => s + v.len, 0);
  const buf = new Uint8Array(total);
  let off = 0;
  for (const v of iov) {
    if (v.len === 0) continue;
    buf.set(mem.read(v.base, v.len), off);
    off += v.len;
  }
  return buf;
}

function scatter(mem: UserMemory, iov: Iovec[], data: Uint8Array): void {
  let off = 0;
  for (const v of iov) {
    if (off >= data.length) break;
    const n = Math.min(v.len, data.length - off);
    if (n > 0) mem.write(v.base, data.subarray(off, off + n));
    off += n;
  }
}

/** Copy what read(2) got out to the guest; on EFAULT a seekable file gets its offset back (nothing was read). */
function deliver(f: OpenFile, data: Uint8Array, copy: () => void): number {
  try {
    if (data.length > 0) copy();
  } catch (e) {
    if (f.ops.seekable) f.offset -= data.length;
    throw e;
  }
  return data.length;
}

/** Progress of a blocking write that has stored part of its data. */
export interface WriteProgress {
  kind: 'write';
  done: number;
}

export function isWriteProgress(x: unknown): x is WriteProgress {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'write';
}

/** A write that finds no reader (EPIPE) raises SIGPIPE on the writer first, as Linux does. */
function writing(k: Kernel, t: Task, f: OpenFile, len: number, op: () => number): number {
  // file_remove_privs: writing data to a regular file without root drops its set-id bits.
  if (len > 0 && f.writable && f.inode.isRegular) {
    const kill = killSetId(f.inode, t.creds);
    if (kill.mode !== undefined) f.inode.setattr(kill);
  }
  try {
    return op();
  } catch (e) {
    if (e instanceof Errno && e.code === EPIPE) sendSignal(k, t, SIGPIPE);
    throw e;
  }
}

/**
 * write(2)/writev(2) of `data` to `f`, continuing after what an earlier run
 * of this syscall already stored. Returns the total written; an error after
 * some progress returns the progress (EPIPE still raises SIGPIPE).
 */
function streamWrite(k: Kernel, t: Task, f: OpenFile, data: Uint8Array): number {
  const done = isWriteProgress(t.restart) ? t.restart.done : 0;
  try {
    return done + writing(k, t, f, data.length - done, () => f.write(done > 0 ? data.subarray(done) : data));
  } catch (e) {
    if (e instanceof PartialWrite) {
      const progress: WriteProgress = { kind: 'write', done: done + e.written };
      t.restart = progress;
      throw e;
    }
    if (e instanceof Errno && done > 0) return done;
    throw e;
  }
}

/** One piece of sendfile: a pipe that takes part and would wait counts as a short write. */
function writeSome(k: Kernel, t: Task, f: OpenFile, data: Uint8Array, first: boolean): number {
  try {
    return writing(k, t, f, data.length, () => f.write(data));
  } catch (e) {
    if (e instanceof PartialWrite) return e.written;
    if (!first && e instanceof Errno) return 0;
    throw e;
  }
}

function offsetArg(v: number): number {
  if (v < 0) throw new Errno(EINVAL);
  return v;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 62,
    name: 'lseek',
    support: 'full',
    note: 'SEEK_DATA/SEEK_HOLE treat every file as dense',
    args: ['fd', 'dec', 'dec'],
    handler: (_k, t, a) => t.files.get(a.int(0)).seek(a.snum(1), a.int(2)),
  },
  {
    nr: 63,
    name: 'read',
    support: 'full',
    args: ['fd', 'rbuf', 'udec'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      const data = f.read(Math.min(a.num(2), MAX_RW_COUNT));
      return deliver(f, data, () => t.mm.write(a.ptr(1), data));
    },
  },
  {
    nr: 64,
    name: 'write',
    support: 'full',
    args: ['fd', 'wbuf', 'udec'],
    handler: (k, t, a) => {
      const f = t.files.get(a.int(0));
      const len = Math.min(a.num(2), MAX_RW_COUNT);
      const data = len > 0 ? t.mm.read(a.ptr(1), len) : new Uint8Array(0);
      return streamWrite(k, t, f, data);
    },
  },
  {
    nr: 65,
    name: 'readv',
    support: 'full',
    args: ['fd', 'ptr', 'dec'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      const iov = readIovecs(t.mm, a.ptr(1), a.int(2));
      const data = f.read(iov.reduce((s, v) => s + v.len, 0));
      return deliver(f, data, () => scatter(t.mm, iov, data));
    },
  },
  {
    nr: 66,
    name: 'writev',
    support: 'full',
    args: ['fd', 'ptr', 'dec'],
    handler: (k, t, a) => {
      const f = t.files.get(a.int(0));
      const data = gather(t.mm, readIovecs(t.mm, a.ptr(1), a.int(2)));
      return streamWrite(k, t, f, data);
    },
  },
  {
    nr: 67,
    name: 'pread64',
    support: 'full',
    args: ['fd', 'rbuf', 'udec', 'dec'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      const data = f.pread(Math.min(a.num(2), MAX_RW_COUNT), offsetArg(a.snum(3)));
      if (data.length > 0) t.mm.write(a.ptr(1), data);
      return data.length;
    },
  },
  {
    nr: 68,
    name: 'pwrite64',
    support: 'full',
    args: ['fd', 'wbuf', 'udec', 'dec'],
    handler: (k, t, a) => {
      const f = t.files.get(a.int(0));
      const len = Math.min(a.num(2), MAX_RW_COUNT);
      const pos = offsetArg(a.snum(3));
      const data = len > 0 ? t.mm.read(a.ptr(1), len) : new Uint8Array(0);
      return writing(k, t, f, len, () => f.pwrite(data, pos));
    },
  },
  {
    nr: 69,
    name: 'preadv',
    support: 'full',
    args: ['fd', 'ptr', 'dec', 'dec'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      const iov = readIovecs(t.mm, a.ptr(1), a.int(2));
      const data = f.pread(iov.reduce((s, v) => s + v.len, 0), offsetArg(a.snum(3)));
      scatter(t.mm, iov, data);
      return data.length;
    },
  },
  {
    nr: 70,
    name: 'pwritev',
    support: 'full',
    args: ['fd', 'ptr', 'dec', 'dec'],
    handler: (k, t, a) => {
      const f = t.files.get(a.int(0));
      const data = gather(t.mm, readIovecs(t.mm, a.ptr(1), a.int(2)));
      const pos = offsetArg(a.snum(3));
      return writing(k, t, f, data.length, () => f.pwrite(data, pos));
    },
  },
  {
    nr: 71,
    name: 'sendfile',
    support: 'full',
    args: ['fd', 'fd', 'ptr', 'udec'],
    handler: (k, t, a) => {
      const out = t.files.get(a.int(0));
      const inp = t.files.get(a.int(1));
      if (!inp.readable || !out.writable) throw new Errno(EBADF);
      const offPtr = a.isNull(2) ? null : a.ptr(2);
      let pos = offPtr === null ? -1 : Number(t.mm.readU64(offPtr));
      if (offPtr !== null && pos < 0) throw new Errno(EINVAL);
      let left = Math.min(a.num(3), MAX_RW_COUNT);
      let done = 0;
      while (left > 0) {
        const want = Math.min(left, SENDFILE_CHUNK);
        let chunk: Uint8Array;
        try {
          chunk = offPtr === null ? inp.read(want) : inp.pread(want, pos);
        } catch (e) {
          if (done > 0) break;
          throw e;
        }
        if (chunk.length === 0) break;
        let n: number;
        try {
          n = writeSome(k, t, out, chunk, done === 0);
        } catch (e) {
          // Nothing was sent (a wait or an error): a seekable source gives the bytes back.
          if (offPtr === null && inp.ops.seekable) inp.offset -= chunk.length;
          throw e;
        }
        if (offPtr !== null) pos += n;
        else if (n < chunk.length && inp.ops.seekable) inp.offset -= chunk.length - n;
        done += n;
        left -= n;
        if (n < chunk.length) break;
      }
      if (offPtr !== null) t.mm.writeU64(offPtr, BigInt(pos));
      return done;
    },
  },
];
