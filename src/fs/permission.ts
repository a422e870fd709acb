// Discretionary access control (Linux's generic_permission and friends):
// the one place a mode/uid/gid triple is checked against credentials.
// Root (fsuid 0) passes every read/write check and directory search; it may
// execute a file only when some x bit is set. File systems whose permissions
// the host enforces (hostfs) opt out with `hostChecked`.
import { Errno } from '../kernel/errno.js';
import { EACCES, EPERM } from '../abi/linux/errno.js';
import { S_ISGID, S_ISUID, S_ISVTX } from '../abi/linux/stat.js';
import type { Inode, SetAttr } from './inode.js';

/** The identity a file-system check uses (Credentials from task.ts has these fields). */
export interface FsCreds {
  uid: number;
  gid: number;
  fsuid: number;
  fsgid: number;
  groups: readonly number[];
}

/** Group execute permission (S_IXGRP). */
const S_IXGRP = 0o010;

export const MAY_EXEC = 1;
export const MAY_WRITE = 2;
export const MAY_READ = 4;

/** The credentials of the kernel itself (and of root processes). */
export const ROOT_CREDS: FsCreds = { uid: 0, gid: 0, fsuid: 0, fsgid: 0, groups: [0] };

/** access(2)/faccessat(2) without AT_EACCESS check with the real ids. */
export function realIds(c: FsCreds): FsCreds {
  return { uid: c.uid, gid: c.gid, fsuid: c.uid, fsgid: c.gid, groups: c.groups };
}

export function inGroup(c: FsCreds, gid: number): boolean {
  return c.fsgid === gid || c.groups.includes(gid);
}

function enforced(inode: Inode): boolean {
  return inode.fs.hostChecked !== true;
}

/** Throws EACCES unless `creds` may do `mask` (MAY_READ | MAY_WRITE | MAY_EXEC) to `inode`. */
export function permission(inode: Inode, creds: FsCreds, mask: number): void {
  if (mask === 0 || !enforced(inode)) return;
  const st = inode.stat();
  const mode = st.mode;
  if (creds.fsuid === 0) {
    if (!(mask & MAY_EXEC) || inode.isDir || mode & 0o111) return;
    throw new Errno(EACCES);
  }
  const bits = st.uid === creds.fsuid ? mode >> 6 : inGroup(creds, st.gid) ? mode >> 3 : mode;
  if ((bits & mask & 7) !== (mask & 7)) throw new Errno(EACCES);
}

/** access(2)-style check: on file systems the host checks, ask the host; elsewhere the mode bits. */
export function accessCheck(inode: Inode, creds: FsCreds, mask: number): void {
  if (enforced(inode)) permission(inode, creds, mask);
  else inode.access(mask);
}

/** Whether `creds` owns `inode` or is root (chmod, utimes with explicit times, the sticky bit). */
export function ownerOrRoot(inode: Inode, creds: FsCreds): boolean {
  return creds.fsuid === 0 || !enforced(inode) || inode.stat().uid === creds.fsuid;
}

/** May `creds` remove or rename `victim` out of directory `dir`? (may_delete: w+x on dir, the sticky bit.) */
export function mayDelete(dir: Inode, victim: Inode, creds: FsCreds): void {
  permission(dir, creds, MAY_WRITE | MAY_EXEC);
  if (creds.fsuid === 0 || !enforced(dir)) return;
  const d = dir.stat();
  if (d.mode & S_ISVTX && d.uid !== creds.fsuid && victim.stat().uid !== creds.fsuid) throw new Errno(EPERM);
}

/** May `creds` create an entry in `dir`? */
export function mayCreate(dir: Inode, creds: FsCreds): void {
  permission(dir, creds, MAY_WRITE | MAY_EXEC);
}

/** The owner and mode a new inode in `dir` gets (inode_init_owner): setgid directories pass their group on. */
export function newOwner(dir: Inode | null, creds: FsCreds, mode: number, isDir: boolean): { uid: number; gid: number; mode: number } {
  let gid = creds.fsgid;
  let m = mode;
  if (dir !== null && dir.stat().mode & S_ISGID) {
    gid = dir.stat().gid;
    if (isDir) m |= S_ISGID;
    else if (m & S_ISGID && m & S_IXGRP && creds.fsuid !== 0 && !inGroup(creds, gid)) m &= ~S_ISGID;
  }
  return { uid: creds.fsuid, gid, mode: m };
}

/**
 * Check an attribute change (chmod, chown, utimes, truncate) and adjust it as
 * Linux does (setattr_prepare): chmod needs ownership and drops S_ISGID for
 * a group the caller is not in; chown needs root except for an owner giving
 * the file to one of its own groups, and drops set-id bits of non-directories;
 * explicit times need ownership, "now" needs ownership or write permission.
 * `timesNow` says the times are the current time (utimensat with NULL or UTIME_NOW).
 * Returns the change to apply.
 */
export function checkSetattr(inode: Inode, creds: FsCreds, attr: SetAttr, timesNow = false): SetAttr {
  if (!enforced(inode)) return attr;
  const st = inode.stat();
  const root = creds.fsuid === 0;
  const owner = root || st.uid === creds.fsuid;
  const out: SetAttr = { ...attr };
  if (attr.mode !== undefined) {
    if (!owner) throw new Errno(EPERM);
    let m = attr.mode & 0o7777;
    const gid = attr.gid ?? st.gid;
    if (!root && !inGroup(creds, gid) && m & S_ISGID) m &= ~S_ISGID;
    out.mode = m;
  }
  if (attr.uid !== undefined || attr.gid !== undefined) {
    const uidChange = attr.uid !== undefined && attr.uid !== st.uid;
    const gidChange = attr.gid !== undefined && attr.gid !== st.gid;
    if (!root) {
      if (uidChange || (attr.uid !== undefined && st.uid !== creds.fsuid)) throw new Errno(EPERM);
      if (attr.gid !== undefined && (!owner || (gidChange && !inGroup(creds, attr.gid)))) throw new Errno(EPERM);
    }
    if (!inode.isDir && !inode.isSymlink && out.mode === undefined) {
      let m = st.mode & 0o7777 & ~S_ISUID;
      if (st.mode & S_IXGRP) m &= ~S_ISGID;
      if (m !== (st.mode & 0o7777)) out.mode = m;
    }
  }
  if (attr.atimeNs !== undefined || attr.mtimeNs !== undefined) {
    if (!owner) {
      if (!timesNow) throw new Errno(EPERM);
      permission(inode, creds, MAY_WRITE);
    }
  }
  if (attr.size !== undefined) permission(inode, creds, MAY_WRITE);
  return out;
}
