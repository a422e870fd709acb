// Operations on names and attributes: mkdirat, unlinkat, symlinkat, linkat,
// renameat(2), readlinkat, faccessat(2), fchmod(at), fchown(at), utimensat,
// truncate, ftruncate, mknodat. Every check uses the task's fsuid/fsgid
// (fs/permission.ts), access(2) the real ids unless AT_EACCESS.
import { Errno } from '../errno.js';
import { EINVAL, EISDIR } from '../../abi/linux/errno.js';
import { checkChown, checkSetattr, accessCheck, killSetId, realIds } from '../../fs/permission.js';
import type { FsCreds } from '../../fs/permission.js';
import {
  AT_EACCESS, AT_EMPTY_PATH, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW, UTIME_NOW, UTIME_OMIT,
} from '../../abi/linux/fcntl.js';
import { nameToBytes } from '../../fs/byte_string.js';
import { emptyPathTarget, readPath, startAt } from '../../fs/lookup_at.js';
import type { Kernel } from '../kernel.js';
import type { Dentry } from '../../fs/dentry.js';
import type { Inode, SetAttr } from '../../fs/inode.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** Resolve path argument `i` relative to dirfd argument `d`, honouring AT_EMPTY_PATH when allowed. */
function target(
  t: Task, a: SyscallArgs, d: number, i: number, follow: boolean, emptyPath: boolean, creds: FsCreds = t.creds,
): Dentry {
  const path = readPath(t.mm, a.ptr(i));
  if (path === '' && emptyPath) return emptyPathTarget(t.files, t.fs, a.int(d));
  return t.fs.vfs.resolve(t.fs.root, startAt(t.files, t.fs, a.int(d), path), path, follow, creds);
}

/** Apply a checked attribute change to the inode `d` names (EROFS on a read-only mount). */
function setattr(t: Task, d: Dentry, attr: SetAttr, timesNow = false): void {
  t.fs.vfs.mayWrite(d);
  d.inode.setattr(checkSetattr(d.inode, t.creds, attr, timesNow));
}

/** The (start, path) pair of path argument `i` relative to dirfd argument `d`. */
function at(t: Task, a: SyscallArgs, d: number, i: number): [Dentry, string] {
  const path = readPath(t.mm, a.ptr(i));
  return [startAt(t.files, t.fs, a.int(d), path), path];
}

function access(t: Task, a: SyscallArgs, flags: number): number {
  const mode = a.u32(2);
  if (mode & ~7 || flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
  const creds = flags & AT_EACCESS ? t.creds : realIds(t.creds);
  const d = target(t, a, 0, 1, !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0, creds);
  accessCheck(d.inode, creds, mode);
  return 0;
}

const NS = 1_000_000_000n;

/**
 * The two timespecs of utimensat (NULL: both now), as SetAttr times;
 * `explicit` unless both are "now" (vfs_utimes: anything else, even one
 * UTIME_NOW with one UTIME_OMIT, needs ownership).
 */
function utimes(k: Kernel, t: Task, a: SyscallArgs, i: number): { attr: SetAttr; explicit: boolean } {
  const now = k.clock.realtimeNs();
  if (a.isNull(i)) return { attr: { atimeNs: now, mtimeNs: now }, explicit: false };
  const raw = new DataView(t.mm.read(a.ptr(i), 32).buffer);
  const attr: SetAttr = {};
  let nows = 0;
  for (const [off, key] of [[0, 'atimeNs'], [16, 'mtimeNs']] as const) {
    const sec = raw.getBigInt64(off, true);
    const nsec = raw.getBigInt64(off + 8, true);
    if (nsec === BigInt(UTIME_OMIT)) continue;
    if (nsec === BigInt(UTIME_NOW)) {
      attr[key] = now;
      nows++;
    } else if (nsec < 0n || nsec >= NS) throw new Errno(EINVAL);
    else attr[key] = sec * NS + nsec;
  }
  return { attr, explicit: nows !== 2 };
}

function truncateTo(length: number): number {
  if (length < 0) throw new Errno(EINVAL);
  return length;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 33,
    name: 'mknodat',
    support: 'full',
    note: 'FIFOs, sockets and regular files; device nodes for root only (EPERM otherwise); hostfs makes FIFOs only',
    args: ['dirfd', 'str', 'mode', 'hex'],
    handler: (_k, t, a) => {
      const [start, path] = at(t, a, 0, 1);
      t.fs.vfs.mknod(t.fs.root, start, path, a.u32(2), a.num(3), t.fs.umask, t.creds);
      return 0;
    },
  },
  {
    nr: 34,
    name: 'mkdirat',
    support: 'full',
    args: ['dirfd', 'str', 'mode'],
    handler: (_k, t, a) => {
      const [start, path] = at(t, a, 0, 1);
      t.fs.vfs.mkdir(t.fs.root, start, path, a.u32(2), t.fs.umask, t.creds);
      return 0;
    },
  },
  {
    nr: 35,
    name: 'unlinkat',
    support: 'full',
    args: ['dirfd', 'str', 'atflags'],
    handler: (_k, t, a) => {
      const flags = a.u32(2);
      if (flags & ~AT_REMOVEDIR) throw new Errno(EINVAL);
      const [start, path] = at(t, a, 0, 1);
      if (flags & AT_REMOVEDIR) t.fs.vfs.rmdir(t.fs.root, start, path, t.creds);
      else t.fs.vfs.unlink(t.fs.root, start, path, t.creds);
      return 0;
    },
  },
  {
    nr: 36,
    name: 'symlinkat',
    support: 'full',
    args: ['str', 'dirfd', 'str'],
    handler: (_k, t, a) => {
      const targetPath = readPath(t.mm, a.ptr(0));
      const [start, path] = at(t, a, 1, 2);
      t.fs.vfs.symlink(t.fs.root, start, targetPath, path, t.creds);
      return 0;
    },
  },
  {
    nr: 37,
    name: 'linkat',
    support: 'full',
    note: 'fs.protected_hardlinks = 1: EPERM for a file the caller neither owns nor may read and write',
    args: ['dirfd', 'str', 'dirfd', 'str', 'atflags'],
    handler: (_k, t, a) => {
      const flags = a.u32(4);
      if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
      const old = target(t, a, 0, 1, (flags & AT_SYMLINK_FOLLOW) !== 0, (flags & AT_EMPTY_PATH) !== 0);
      const [start, path] = at(t, a, 2, 3);
      t.fs.vfs.link(t.fs.root, old, start, path, t.creds);
      return 0;
    },
  },
  {
    nr: 38,
    name: 'renameat',
    support: 'full',
    args: ['dirfd', 'str', 'dirfd', 'str'],
    handler: (_k, t, a) => {
      const [oldStart, oldPath] = at(t, a, 0, 1);
      const [newStart, newPath] = at(t, a, 2, 3);
      t.fs.vfs.rename(t.fs.root, oldStart, oldPath, newStart, newPath, 0, t.creds);
      return 0;
    },
  },
  {
    nr: 276,
    name: 'renameat2',
    support: 'partial',
    note: 'RENAME_NOREPLACE; RENAME_EXCHANGE is EINVAL on hostfs; RENAME_WHITEOUT is EINVAL',
    args: ['dirfd', 'str', 'dirfd', 'str', 'hex'],
    handler: (_k, t, a) => {
      const [oldStart, oldPath] = at(t, a, 0, 1);
      const [newStart, newPath] = at(t, a, 2, 3);
      t.fs.vfs.rename(t.fs.root, oldStart, oldPath, newStart, newPath, a.u32(4), t.creds);
      return 0;
    },
  },
  {
    nr: 78,
    name: 'readlinkat',
    support: 'full',
    args: ['dirfd', 'str', 'ptr', 'dec'],
    handler: (_k, t, a) => {
      const size = a.int(3);
      if (size <= 0) throw new Errno(EINVAL);
      const d = target(t, a, 0, 1, false, true);
      if (!d.inode.isSymlink) throw new Errno(EINVAL);
      const bytes = nameToBytes(d.inode.readlink()).subarray(0, size);
      t.mm.write(a.ptr(2), bytes);
      return bytes.length;
    },
  },
  {
    nr: 48,
    name: 'faccessat',
    support: 'partial',
    note: 'real ids and groups; mode bits (root: any x bit for X_OK), except on hostfs under a non-root host user, where the host answers',
    args: ['dirfd', 'str', 'dec'],
    handler: (_k, t, a) => access(t, a, 0),
  },
  {
    nr: 439,
    name: 'faccessat2',
    support: 'partial',
    note: 'AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH; checks as faccessat',
    args: ['dirfd', 'str', 'dec', 'atflags'],
    handler: (_k, t, a) => access(t, a, a.u32(3)),
  },
  {
    nr: 52,
    name: 'fchmod',
    support: 'full',
    args: ['fd', 'mode'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      if (f.dentry) t.fs.vfs.mayWrite(f.dentry);
      f.inode.setattr(checkSetattr(f.inode, t.creds, { mode: a.u32(1) & 0o7777 }));
      return 0;
    },
  },
  {
    nr: 53,
    name: 'fchmodat',
    support: 'full',
    note: 'owner or root (EPERM); S_ISGID dropped for a group the caller is not in',
    args: ['dirfd', 'str', 'mode'],
    handler: (_k, t, a) => {
      setattr(t, target(t, a, 0, 1, true, false), { mode: a.u32(2) & 0o7777 });
      return 0;
    },
  },
  {
    nr: 54,
    name: 'fchownat',
    support: 'full',
    note: 'only root changes the owner; the owner may pick one of its groups; clears S_ISUID (and group-executable S_ISGID) of non-directories',
    args: ['dirfd', 'str', 'dec', 'dec', 'atflags'],
    handler: (_k, t, a) => {
      const flags = a.u32(4);
      if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
      const d = target(t, a, 0, 1, !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
      t.fs.vfs.mayWrite(d);
      d.inode.setattr(chown(t, d.inode, a.u32(2), a.u32(3)));
      return 0;
    },
  },
  {
    nr: 55,
    name: 'fchown',
    support: 'full',
    args: ['fd', 'dec', 'dec'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      if (f.dentry) t.fs.vfs.mayWrite(f.dentry);
      f.inode.setattr(chown(t, f.inode, a.u32(1), a.u32(2)));
      return 0;
    },
  },
  {
    nr: 88,
    name: 'utimensat',
    support: 'full',
    note: 'NULL or both UTIME_NOW: owner or writer (EACCES); any other times: owner (EPERM); root always',
    args: ['dirfd', 'str', 'ptr', 'atflags'],
    handler: (k, t, a) => {
      const flags = a.u32(3);
      if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
      const { attr, explicit } = utimes(k, t, a, 2);
      // A NULL path is futimens(2): the dirfd itself.
      const d = a.isNull(1)
        ? emptyPathTarget(t.files, t.fs, a.int(0))
        : target(t, a, 0, 1, !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
      if (attr.atimeNs !== undefined || attr.mtimeNs !== undefined) setattr(t, d, attr, !explicit);
      return 0;
    },
  },
  {
    nr: 45,
    name: 'truncate',
    support: 'full',
    note: 'write permission needed; without root, clears S_ISUID (and group-executable S_ISGID) as Linux does',
    args: ['str', 'dec'],
    handler: (_k, t, a) => {
      const size = truncateTo(a.snum(1));
      const path = readPath(t.mm, a.ptr(0));
      const d = t.fs.vfs.resolve(t.fs.root, t.fs.cwd, path, true, t.creds);
      if (d.inode.isDir) throw new Errno(EISDIR);
      if (!d.inode.isRegular) throw new Errno(EINVAL);
      setattr(t, d, { size });
      return 0;
    },
  },
  {
    nr: 46,
    name: 'ftruncate',
    support: 'full',
    note: 'needs a descriptor open for writing; without root, clears S_ISUID (and group-executable S_ISGID) as Linux does',
    args: ['fd', 'dec'],
    handler: (_k, t, a) => {
      const size = truncateTo(a.snum(1));
      const f = t.files.get(a.int(0));
      if (!f.writable || !f.inode.isRegular) throw new Errno(EINVAL);
      const kill = killSetId(f.inode, t.creds);
      if (f.ops.truncate) f.ops.truncate(size);
      else f.inode.setattr({ size });
      if (kill.mode !== undefined) f.inode.setattr(kill);
      return 0;
    },
  },
];

/** The checked change chown's uid/gid pair (-1: unchanged) makes to `inode`. */
function chown(t: Task, inode: Inode, uid: number, gid: number): SetAttr {
  return checkChown(inode, t.creds, uid === 0xffffffff ? undefined : uid, gid === 0xffffffff ? undefined : gid);
}
