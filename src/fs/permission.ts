// Discretionary access control (Linux's generic_permission and friends):
// the one place a mode/uid/gid triple is checked against credentials.
// Root (fsuid 0) passes every read/write check and directory search; it may
// execute a file only when some x bit is set; the file-system capabilities
// (CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN, CAP_FSETID) are "fsuid is 0".
// File systems whose permissions the host enforces (hostfs under a non-root
// host user) opt out with `hostChecked`.
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

/** Whether the mode bits of `st` grant `mask` to `creds` (generic_permission with CAP_DAC_OVERRIDE for fsuid 0). */
function modeAllows(st: { mode: number; uid: number; gid: number }, isDir: boolean, creds: FsCreds, mask: number): boolean {
  const mode = st.mode;
  if (creds.fsuid === 0) return !(mask & MAY_EXEC) || isDir || (mode & 0o111) !== 0;
  const bits = st.uid === creds.fsuid ? mode >> 6 : inGroup(creds, st.gid) ? mode >> 3 : mode;
  return (bits & mask & 7) === (mask & 7);
}

/** Throws EACCES unless `creds` may do `mask` (MAY_READ | MAY_WRITE | MAY_EXEC) to `inode`. */
export function permission(inode: Inode, creds: FsCreds, mask: number): void {
  if (mask === 0 || !enforced(inode)) return;
  if (!modeAllows(inode.stat(), inode.isDir, creds, mask)) throw new Errno(EACCES);
}

/**
 * execve(2)'s check on the file: some x bit must be set (even for root) and
 * the caller's class must have x. The loader reads the file itself, so this
 * holds on every file system, including those the host checks.
 */
export function mayExec(inode: Inode, creds: FsCreds): void {
  const st = inode.stat();
  if ((st.mode & 0o111) === 0 || !modeAllows(st, false, creds, MAY_EXEC)) throw new Errno(EACCES);
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

/**
 * linkat(2) with fs.protected_hardlinks = 1 (may_linkat): only the owner, root,
 * or someone who may read and write a regular file that is neither set-user-ID
 * nor group-executable set-group-ID may give it another name (EPERM).
 */
export function mayLink(inode: Inode, creds: FsCreds): void {
  if (!enforced(inode) || creds.fsuid === 0) return;
  const st = inode.stat();
  if (st.uid === creds.fsuid) return;
  const safe = inode.isRegular && !(st.mode & S_ISUID) && (st.mode & (S_ISGID | S_IXGRP)) !== (S_ISGID | S_IXGRP) &&
    modeAllows(st, false, creds, MAY_READ | MAY_WRITE);
  if (!safe) throw new Errno(EPERM);
}

/** May `creds` create an entry in `dir`? */
export function mayCreate(dir: Inode, creds: FsCreds): void {
  permission(dir, creds, MAY_WRITE | MAY_EXEC);
}

/**
 * The owner and mode a new inode in `dir` gets (inode_init_owner,
 * mode_strip_sgid): mkdir keeps only the permission and sticky bits; a
 * setgid directory passes its group on, and S_ISGID to subdirectories; a new
 * group-executable setgid file keeps S_ISGID only for members of that group.
 */
export function newOwner(dir: Inode | null, creds: FsCreds, mode: number, isDir: boolean): { uid: number; gid: number; mode: number } {
  let gid = creds.fsgid;
  let m = isDir ? mode & 0o1777 : mode;
  if (dir !== null && dir.stat().mode & S_ISGID) {
    gid = dir.stat().gid;
    if (isDir) m |= S_ISGID;
    else if (m & S_ISGID && m & S_IXGRP && creds.fsuid !== 0 && !inGroup(creds, gid)) m &= ~S_ISGID;
  }
  return { uid: creds.fsuid, gid, mode: m };
}

/**
 * Check an attribute change (chmod, utimes, truncate) and adjust it as Linux
 * does (setattr_prepare): chmod needs ownership and drops S_ISGID for a group
 * the caller is not in; explicit times need ownership (EPERM), "now" needs
 * ownership or write permission (EACCES); truncation needs write permission.
 * `timesNow` says the times are the current time (utimensat with NULL times
 * or both UTIME_NOW). Returns the change to apply.
 */
export function checkSetattr(inode: Inode, creds: FsCreds, attr: SetAttr, timesNow = false): SetAttr {
  if (attr.uid !== undefined || attr.gid !== undefined) {
    const { uid, gid, ...rest } = attr;
    return { ...checkChown(inode, creds, uid, gid), ...checkSetattr(inode, creds, rest, timesNow) };
  }
  if (!enforced(inode)) return attr;
  const st = inode.stat();
  const root = creds.fsuid === 0;
  const owner = root || st.uid === creds.fsuid;
  const out: SetAttr = { ...attr };
  if (attr.mode !== undefined) {
    if (!owner) throw new Errno(EPERM);
    let m = attr.mode & 0o7777;
    if (!root && !inGroup(creds, st.gid) && m & S_ISGID) m &= ~S_ISGID;
    out.mode = m;
  }
  if (attr.atimeNs !== undefined || attr.mtimeNs !== undefined) {
    if (!owner) {
      if (!timesNow) throw new Errno(EPERM);
      permission(inode, creds, MAY_WRITE);
    }
  }
  if (attr.size !== undefined) {
    permission(inode, creds, MAY_WRITE);
    if (out.mode === undefined) Object.assign(out, killSetId(inode, creds));
  }
  return out;
}

/**
 * What truncating or writing a regular file does to its set-id bits
 * (setattr_should_drop_suidgid): without root (CAP_FSETID) S_ISUID goes, and
 * S_ISGID when group-executable or when the caller is not in the file's group.
 * Returns the mode change to apply, or an empty change.
 */
export function killSetId(inode: Inode, creds: FsCreds): SetAttr {
  if (!enforced(inode) || creds.fsuid === 0 || !inode.isRegular) return {};
  const st = inode.stat();
  const old = st.mode & 0o7777;
  let m = old & ~S_ISUID;
  if (old & S_ISGID && (old & S_IXGRP || !inGroup(creds, st.gid))) m &= ~S_ISGID;
  return m === old ? {} : { mode: m };
}

/**
 * chown(2) of `inode` to `uid`/`gid` (undefined: -1, unchanged), as
 * chown_common and setattr_prepare do it: only root changes the owner; the
 * owner may change the group to one of its groups; a non-directory loses
 * S_ISUID, and S_ISGID when group-executable (or when the caller is neither
 * in the file's group nor root), which itself needs ownership (EPERM).
 * Returns the change to apply (possibly empty: chown(f, -1, -1) only checks).
 */
export function checkChown(inode: Inode, creds: FsCreds, uid: number | undefined, gid: number | undefined): SetAttr {
  const out: SetAttr = {};
  if (uid !== undefined) out.uid = uid;
  if (gid !== undefined) out.gid = gid;
  if (!enforced(inode)) return out;
  const st = inode.stat();
  const root = creds.fsuid === 0;
  const owner = root || st.uid === creds.fsuid;
  if (uid !== undefined && !root && !(st.uid === creds.fsuid && uid === st.uid)) throw new Errno(EPERM);
  if (gid !== undefined && !root && !(st.uid === creds.fsuid && (gid === st.gid || inGroup(creds, gid)))) throw new Errno(EPERM);
  if (inode.isDir || inode.isSymlink) return out;
  const old = st.mode & 0o7777;
  let m = old & ~S_ISUID;
  if (old & S_ISGID && (old & S_IXGRP || !(root || inGroup(creds, st.gid)))) m &= ~S_ISGID;
  if (m !== old) {
    if (!owner) throw new Errno(EPERM);
    if (!root && !inGroup(creds, gid ?? st.gid)) m &= ~S_ISGID;
    out.mode = m;
  }
  return out;
}
