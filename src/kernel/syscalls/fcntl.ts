// fcntl(2), dup(2), dup3(2). Record locks (F_GETLK/F_SETLK/F_SETLKW and the
// open-file-description F_OFD_* forms) live in the namespace's LockTable
// (fs/locks.ts); a POSIX lock's owner is the fd table, an OFD lock's the open file.
import { Errno } from '../errno.js';
import { EBADF, EINVAL, EOVERFLOW } from '../../abi/linux/errno.js';
import {
  FD_CLOEXEC, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_GETLK, F_GETOWN, F_GETPIPE_SZ, F_RDLCK, F_SETFD,
  F_SETFL, F_SETLK, F_SETLKW, F_SETOWN, F_SETPIPE_SZ, F_UNLCK, F_WRLCK, O_CLOEXEC, SEEK_CUR, SEEK_END, SEEK_SET,
  SETFL_MASK,
} from '../../abi/linux/fcntl.js';
import type { OpenFile } from '../../fs/file.js';
import { flockKey } from '../../fs/locks.js';
import type { LockRange } from '../../fs/locks.js';
import { pipeOf } from '../../fs/pipe.js';
import type { Task } from '../task/task.js';
import { StructBuf } from './struct_buf.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** Open-file-description locks (fcntl.h). */
const F_OFD_GETLK = 36;
const F_OFD_SETLK = 37;
const F_OFD_SETLKW = 38;
/** struct flock on arm64: l_type, l_whence (shorts), l_start, l_len (off_t), l_pid (int). */
const FLOCK_SIZE = 32;
const MAX_OFF = 2 ** 63;

/** The byte range and type of the struct flock at argument 2, made absolute for `f`. */
function readFlock(t: Task, a: SyscallArgs, f: OpenFile): LockRange {
  const b = new DataView(t.mm.read(a.ptr(2), FLOCK_SIZE).buffer);
  const type = b.getInt16(0, true);
  const whence = b.getInt16(2, true);
  const start = Number(b.getBigInt64(8, true));
  const len = Number(b.getBigInt64(16, true));
  if (type !== F_RDLCK && type !== F_WRLCK && type !== F_UNLCK) throw new Errno(EINVAL);
  let base: number;
  if (whence === SEEK_SET) base = 0;
  else if (whence === SEEK_CUR) base = f.offset;
  else if (whence === SEEK_END) base = f.stat().size;
  else throw new Errno(EINVAL);
  let from = base + start;
  let end: number;
  if (len > 0) end = from + len - 1;
  else if (len < 0) {
    end = from - 1;
    from += len;
  } else end = Infinity;
  if (from < 0) throw new Errno(EINVAL);
  if (end !== Infinity && end >= MAX_OFF) throw new Errno(EOVERFLOW);
  return { type, start: from, end };
}

/** fcntl's record-lock commands. */
function recordLock(t: Task, a: SyscallArgs, f: OpenFile, cmd: number): number {
  const ofd = cmd === F_OFD_GETLK || cmd === F_OFD_SETLK || cmd === F_OFD_SETLKW;
  const want = readFlock(t, a, f);
  if (ofd && new DataView(t.mm.read(a.ptr(2), FLOCK_SIZE).buffer).getInt32(24, true) !== 0) throw new Errno(EINVAL);
  const table = f.locks ?? t.fs.vfs.locks;
  const owner: object = ofd ? f : t.files;
  const key = f.inode.key;
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) {
    if (want.type === F_UNLCK) throw new Errno(EINVAL);
    const held = table.test(key, owner, want);
    const out = new StructBuf(t.mm.read(a.ptr(2), FLOCK_SIZE));
    if (held === null) out.u16(0, F_UNLCK);
    else {
      out.u16(0, held.type).u16(2, SEEK_SET).i64(8, BigInt(held.start));
      out.i64(16, held.end === Infinity ? 0n : BigInt(held.end - held.start + 1)).u32(24, held.pid >>> 0);
    }
    t.mm.write(a.ptr(2), out.bytes);
    return 0;
  }
  if ((want.type === F_RDLCK && !f.readable) || (want.type === F_WRLCK && !f.writable)) throw new Errno(EBADF);
  table.set(key, owner, ofd ? -1 : t.tgid, want, cmd === F_SETLKW || cmd === F_OFD_SETLKW);
  return 0;
}

/** Commands an O_PATH descriptor allows (fs/fcntl.c check_fcntl_cmd). */
const PATH_OK = new Set([F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL]);

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;
const LOCK_MAND = 32;

/**
 * flock(2): a whole-file lock owned by the open file description, apart from
 * fcntl locks; converting between shared and exclusive drops the old lock
 * first, as Linux does.
 */
function flock(t: Task, a: SyscallArgs): number {
  const f = t.files.get(a.int(0));
  if (f.isPath) throw new Errno(EBADF);
  const op = a.int(1);
  // LOCK_MAND (Samba's mandatory locks) is accepted and ignored, as Linux 5.17+ does.
  if (op & LOCK_MAND) return 0;
  const kind = op & ~LOCK_NB;
  const type = kind === LOCK_SH ? F_RDLCK : kind === LOCK_EX ? F_WRLCK : kind === LOCK_UN ? F_UNLCK : -1;
  if (type < 0) throw new Errno(EINVAL);
  const table = f.locks ?? t.fs.vfs.locks;
  const key = flockKey(f.inode.key);
  const whole = { start: 0, end: Infinity };
  if (type !== F_UNLCK) {
    const mine = table.locksOf(key).find((l) => l.owner === f);
    if (mine && mine.type !== type && table.test(key, f, { type, ...whole }) !== null) {
      table.set(key, f, t.tgid, { type: F_UNLCK, ...whole }, false);
    }
  }
  table.set(key, f, t.tgid, { type, ...whole }, (op & LOCK_NB) === 0);
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 32,
    name: 'flock',
    support: 'full',
    note: 'LOCK_SH, LOCK_EX, LOCK_UN, LOCK_NB; owned by the open file description',
    args: ['fd', 'dec'],
    handler: (_k, t, a) => flock(t, a),
  },
  {
    nr: 23,
    name: 'dup',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => t.files.dup(a.int(0)),
  },
  {
    nr: 24,
    name: 'dup3',
    support: 'full',
    args: ['fd', 'fd', 'oflags'],
    handler: (_k, t, a) => {
      const flags = a.u32(2);
      if (flags & ~O_CLOEXEC) throw new Errno(EINVAL);
      return t.files.dup3(a.int(0), a.int(1), flags !== 0);
    },
  },
  {
    nr: 25,
    name: 'fcntl',
    support: 'partial',
    note: 'POSIX and OFD record locks (EDEADLK detection), F_GETPIPE_SZ/F_SETPIPE_SZ; no F_SETSIG/leases/seals',
    args: ['fd', 'dec', 'hex'],
    handler: (_k, t, a) => {
      const fd = a.int(0);
      const cmd = a.int(1);
      const f = t.files.get(fd);
      if (f.isPath && !PATH_OK.has(cmd)) throw new Errno(EBADF);
      switch (cmd) {
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
          return t.files.dup(fd, a.int(2), cmd === F_DUPFD_CLOEXEC);
        case F_GETFD:
          return t.files.getCloexec(fd) ? FD_CLOEXEC : 0;
        case F_SETFD:
          t.files.setCloexec(fd, (a.int(2) & FD_CLOEXEC) !== 0);
          return 0;
        case F_GETFL:
          return f.flags;
        case F_SETFL:
          f.flags = (f.flags & ~SETFL_MASK) | (a.u32(2) & SETFL_MASK);
          return 0;
        case F_GETLK:
        case F_SETLK:
        case F_SETLKW:
        case F_OFD_GETLK:
        case F_OFD_SETLK:
        case F_OFD_SETLKW:
          return recordLock(t, a, f, cmd);
        case F_GETOWN:
          return 0;
        case F_SETOWN:
          return 0;
        case F_GETPIPE_SZ: {
          const p = pipeOf(f);
          if (p === null) throw new Errno(EBADF);
          return p.capacity;
        }
        case F_SETPIPE_SZ: {
          const p = pipeOf(f);
          if (p === null) throw new Errno(EBADF);
          return p.resize(a.u32(2), t.creds.euid === 0);
        }
        default:
          throw new Errno(EINVAL);
      }
    },
  },
];
