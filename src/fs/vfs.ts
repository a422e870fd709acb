// The virtual file system: one namespace of mounted file systems and path
// resolution per path_resolution(7). Paths and names are byte strings
// (byte_string.ts). Every walk starts at a root dentry (the process root, for
// absolute paths and `..`) and a start dentry (cwd or a dirfd).
//
// Mounts are keyed by (directory inode, name), so a file system can be
// mounted on a name its parent does not have (e.g. /proc inside a --root
// directory that has no proc/ of its own).
//
// Every operation takes the caller's credentials (default: root) and checks
// them with fs/permission.ts: search permission on each directory walked,
// the access mode at open, write+search on directories changed, the sticky
// bit. A mount may be read-only (MS_RDONLY: every change fails with EROFS,
// checked where Linux's mnt_want_write is) and nosuid (exec ignores the
// set-id bits); a remount changes both. The namespace also owns the buffers
// of open FIFOs (shared by every open of the same inode, on any file
// system) and the record-lock table.
import { Errno } from '../kernel/errno.js';
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EROFS, EXDEV,
} from '../abi/linux/errno.js';
import {
  NAME_MAX, O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_LARGEFILE, O_NOCTTY, O_NOFOLLOW,
  O_PATH, O_RDONLY, O_TRUNC, O_WRONLY, PATH_MAX, RENAME_EXCHANGE, RENAME_NOREPLACE,
} from '../abi/linux/fcntl.js';
import { DT_DIR, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK } from '../abi/linux/stat.js';
import { Dentry } from './dentry.js';
import { OpenFile } from './file.js';
import { noIo } from './inode.js';
import type { DirEntry, FileOps, FileSystem, Inode } from './inode.js';
import { LockTable } from './locks.js';
import { MAY_EXEC, MAY_READ, MAY_WRITE, ROOT_CREDS, killSetId, mayCreate, mayDelete, mayLink, permission } from './permission.js';
import type { FsCreds } from './permission.js';
import { Pipe, PipeInode } from './pipe.js';
import { CharDevice } from './synthetic.js';
import { WouldBlock } from './wait_queue.js';
import type { ProcProvider } from './procfs.js';

/** Linux's MAXSYMLINKS: a walk following more symlinks than this fails with ELOOP. */
export const MAX_SYMLINKS = 40;

interface WalkState {
  links: number;
  creds: FsCreds;
}

/** The directory part of a path and its last component. */
export interface ParentAndName {
  dir: Dentry;
  /** The last component; "." when the path names the start or the root itself. */
  name: string;
  /** The path ended in "/". */
  trailingSlash: boolean;
}

/** Holder the procfs instances read their provider from; the kernel fills it. */
export interface ProcSlot {
  provider: ProcProvider | null;
}

/** mount(2) flags a mount keeps: read-only and nosuid. */
export const MS_RDONLY = 0x1;
export const MS_NOSUID = 0x2;
/** statfs(2) f_flags. */
export const ST_RDONLY = 0x1;
export const ST_NOSUID = 0x2;
/** statfs(2) f_flags: the flags are valid (Linux always sets it; glibc's statvfs relies on it). */
export const ST_VALID = 0x20;

export interface MountInfo {
  path: string;
  fsName: string;
  /** The mount's effective MS_RDONLY and MS_NOSUID. */
  flags: number;
}

/** One mount: its root inode, its own flags, its /proc/mounts row. */
interface Mount {
  root: Inode;
  /** MS_RDONLY | MS_NOSUID of this mount (Linux's MNT_READONLY, MNT_NOSUID). */
  flags: number;
  path: string;
}

export class Vfs {
  readonly root: Dentry;
  private readonly mounts = new Map<string, Mount>();
  private readonly mountList: Mount[] = [];
  private readonly rootMount: Mount;
  /** File systems remounted read-only as a whole (Linux's SB_RDONLY): every mount of them is. */
  private readonly readOnlyFs = new Set<FileSystem>();
  readonly procSlot: ProcSlot = { provider: null };
  /** Opens character and block device nodes that are not devfs's own (mknod on tmpfs, host device nodes). */
  devices: ((rdev: number, flags: number) => FileOps) | null = null;
  /** fcntl record locks of every file in this namespace. */
  readonly locks = new LockTable();
  /** The buffers of FIFOs someone has open, by inode key. */
  private readonly fifos = new Map<string, Pipe>();

  constructor(rootInode: Inode) {
    this.root = new Dentry('/', null, rootInode);
    this.rootMount = { root: rootInode, flags: 0, path: '/' };
    this.mountList.push(this.rootMount);
  }

  /** The kernel answers procfs questions (current pid, tasks, memory). */
  setProcProvider(p: ProcProvider): void {
    this.procSlot.provider = p;
  }

  /**
   * Mount `fsRoot` at absolute `path`; the last component need not exist
   * underneath. `flags`: MS_RDONLY, MS_NOSUID.
   */
  mount(path: string, fsRoot: Inode, flags = 0): void {
    const { dir, name } = this.resolveParent(this.root, this.root, path);
    if (name === '.' || name === '..') throw new Errno(EBUSY);
    const m: Mount = { root: fsRoot, flags: flags & (MS_RDONLY | MS_NOSUID), path: dir.path(null) === '/' ? '/' + name : dir.path(null) + '/' + name };
    this.mounts.set(mountKey(dir.inode, name), m);
    this.mountList.push(m);
  }

  /**
   * mount(2): put `fsRoot` (a file system's root, or any directory for a
   * bind mount) over the directory `d` (already resolved; not the namespace root).
   */
  mountOn(d: Dentry, fsRoot: Inode, flags = 0): void {
    if (!d.inode.isDir) throw new Errno(ENOTDIR);
    if (d.parent === null) throw new Errno(EBUSY);
    const m: Mount = { root: fsRoot, flags: flags & (MS_RDONLY | MS_NOSUID), path: d.path(null) };
    this.mounts.set(mountKey(d.parent.inode, d.name), m);
    this.mountList.push(m);
  }

  /** The mount whose root `d` is, or null when `d` is not a mount's root. */
  private mountRootedAt(d: Dentry): Mount | null {
    if (d.parent === null) return this.rootMount;
    const m = this.mounts.get(mountKey(d.parent.inode, d.name));
    return m && m.root.key === d.inode.key ? m : null;
  }

  /** The mount `d` was reached through (walking its parent chain up to a mount's root). */
  private mountOf(d: Dentry): Mount {
    for (let cur: Dentry | null = d; cur; cur = cur.parent) {
      const m = this.mountRootedAt(cur);
      if (m) return m;
    }
    return this.rootMount;
  }

  private effectiveFlags(m: Mount): number {
    return m.flags | (this.readOnlyFs.has(m.root.fs) ? MS_RDONLY : 0);
  }

  /** MS_RDONLY and MS_NOSUID as they hold for `d` (its mount's and its file system's). */
  mountFlags(d: Dentry): number {
    return this.effectiveFlags(this.mountOf(d));
  }

  /** statfs(2) f_flags for `d`: ST_VALID, ST_RDONLY, ST_NOSUID. */
  statfsFlags(d: Dentry): number {
    const f = this.mountFlags(d);
    return ST_VALID | (f & MS_RDONLY ? ST_RDONLY : 0) | (f & MS_NOSUID ? ST_NOSUID : 0);
  }

  /** mnt_want_write: EROFS when `d` is on a read-only mount. */
  mayWrite(d: Dentry): void {
    if (this.mountFlags(d) & MS_RDONLY) throw new Errno(EROFS);
  }

  /**
   * mount(2) with MS_REMOUNT on the mount rooted at `d` (EINVAL when `d` is
   * not a mount's root): sets its MS_RDONLY and MS_NOSUID to `flags`. Without
   * `bindOnly` the file system as a whole becomes read-only or writable too.
   */
  remount(d: Dentry, flags: number, bindOnly: boolean): void {
    const m = this.mountRootedAt(d);
    if (!m) throw new Errno(EINVAL);
    m.flags = flags & (MS_RDONLY | MS_NOSUID);
    if (bindOnly) return;
    if (flags & MS_RDONLY) this.readOnlyFs.add(m.root.fs);
    else this.readOnlyFs.delete(m.root.fs);
  }

  /** umount2(2): remove the mount whose root `d` is; EINVAL when `d` is not one, EBUSY for the namespace root. */
  unmount(d: Dentry): void {
    if (d.parent === null) throw new Errno(EBUSY);
    const key = mountKey(d.parent.inode, d.name);
    const m = this.mounts.get(key);
    if (!m || m.root.key !== d.inode.key) throw new Errno(EINVAL);
    this.mounts.delete(key);
    const i = this.mountList.indexOf(m);
    if (i > 0) this.mountList.splice(i, 1);
    if (!this.mountList.some((o) => o.root.fs === m.root.fs)) {
      this.readOnlyFs.delete(m.root.fs);
      m.root.fs.unmounted?.();
    }
  }

  /** The mounts, in mount order (for /proc/mounts). */
  mountTable(): readonly MountInfo[] {
    return this.mountList.map((m) => ({ path: m.path, fsName: m.root.fs.name, flags: this.effectiveFlags(m) }));
  }

  private isMountPoint(dir: Dentry, name: string): boolean {
    return this.mounts.has(mountKey(dir.inode, name));
  }

  /** The entry `name` (a real name, not "." or "..") in directory `dir`, or null. */
  child(dir: Dentry, name: string): Dentry | null {
    const mounted = this.mounts.get(mountKey(dir.inode, name));
    if (mounted) return new Dentry(name, dir, mounted.root);
    const inode = dir.inode.lookup(name);
    return inode ? new Dentry(name, dir, inode) : null;
  }

  /** `..` of `d`: the parent, except at the process root and the top of the namespace. */
  up(root: Dentry, d: Dentry): Dentry {
    if (d.parent === null || d.same(root)) return d;
    return d.parent;
  }

  /** Resolve `path` to a dentry; `follow` decides whether a final symlink is followed. */
  resolve(root: Dentry, start: Dentry, path: string, follow: boolean, creds: FsCreds = ROOT_CREDS): Dentry {
    return this.walk(root, start, path, follow, { links: 0, creds });
  }

  private walk(root: Dentry, start: Dentry, path: string, follow: boolean, st: WalkState): Dentry {
    if (path.length === 0) throw new Errno(ENOENT);
    if (path.length >= PATH_MAX) throw new Errno(ENAMETOOLONG);
    let cur = path.charCodeAt(0) === 47 ? root : start;
    const comps = path.split('/').filter((c) => c !== '');
    const trailing = path.charCodeAt(path.length - 1) === 47;
    for (let i = 0; i < comps.length; i++) {
      const name = comps[i];
      const last = i === comps.length - 1;
      if (!cur.inode.isDir) throw new Errno(ENOTDIR);
      if (name.length > NAME_MAX) throw new Errno(ENAMETOOLONG);
      permission(cur.inode, st.creds, MAY_EXEC);
      if (name === '.') continue;
      if (name === '..') {
        cur = this.up(root, cur);
        continue;
      }
      const next = this.child(cur, name);
      if (!next) throw new Errno(ENOENT);
      if (next.inode.isSymlink && (!last || follow || trailing)) {
        cur = this.followLink(root, cur, next, st);
      } else {
        cur = next;
      }
    }
    if (trailing && !cur.inode.isDir) throw new Errno(ENOTDIR);
    return cur;
  }

  private followLink(root: Dentry, dir: Dentry, link: Dentry, st: WalkState): Dentry {
    if (++st.links > MAX_SYMLINKS) throw new Errno(ELOOP);
    return link.inode.magicTarget() ?? this.walk(root, dir, link.inode.readlink(), true, st);
  }

  /** Resolve all but the last component (following symlinks) and split off the last name. */
  resolveParent(root: Dentry, start: Dentry, path: string, creds: FsCreds = ROOT_CREDS): ParentAndName {
    return this.parentOf(root, start, path, { links: 0, creds });
  }

  private parentOf(root: Dentry, start: Dentry, path: string, st: WalkState): ParentAndName {
    if (path.length === 0) throw new Errno(ENOENT);
    if (path.length >= PATH_MAX) throw new Errno(ENAMETOOLONG);
    let end = path.length;
    while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
    const trailingSlash = end < path.length;
    const p = path.slice(0, end);
    const slash = p.lastIndexOf('/');
    let name = p.slice(slash + 1);
    const dirPath = slash < 0 ? '' : slash === 0 ? '/' : p.slice(0, slash);
    const dir = dirPath === '' ? start : this.walk(root, start, dirPath, true, st);
    if (!dir.inode.isDir) throw new Errno(ENOTDIR);
    if (name === '') name = '.';
    if (name.length > NAME_MAX) throw new Errno(ENAMETOOLONG);
    return { dir, name, trailingSlash };
  }

  /** openat(2) without the fd table: resolve, create when asked, check the type, open. */
  open(
    root: Dentry, start: Dentry, path: string, flags: number, mode: number, umask: number, creds: FsCreds = ROOT_CREDS,
  ): OpenFile {
    const st: WalkState & { created: boolean } = { links: 0, creds, created: false };
    const d = this.openTarget(root, start, path, flags, mode, umask, st);
    return this.openDentry(d, flags, st.created ? null : creds);
  }

  private openTarget(
    root: Dentry, start: Dentry, path: string, flags: number, mode: number, umask: number,
    st: WalkState & { created: boolean },
  ): Dentry {
    if (!(flags & O_CREAT)) {
      const d = this.walk(root, start, path, !(flags & O_NOFOLLOW), st);
      if (d.inode.isSymlink && !(flags & O_PATH)) throw new Errno(flags & O_DIRECTORY ? ENOTDIR : ELOOP);
      return d;
    }
    const { dir, name, trailingSlash } = this.parentOf(root, start, path, st);
    if (name === '.' || name === '..') throw new Errno(EISDIR);
    const existing = this.child(dir, name);
    if (!existing) {
      if (trailingSlash) throw new Errno(EISDIR);
      this.mayWrite(dir);
      mayCreate(dir.inode, st.creds);
      const inode = dir.inode.create(name, mode & 0o7777 & ~umask, st.creds);
      st.created = true;
      return new Dentry(name, dir, inode);
    }
    if (flags & O_EXCL) throw new Errno(EEXIST);
    if (existing.inode.isSymlink) {
      if (flags & O_NOFOLLOW) throw new Errno(ELOOP);
      if (++st.links > MAX_SYMLINKS) throw new Errno(ELOOP);
      return existing.inode.magicTarget() ?? this.openTarget(root, dir, existing.inode.readlink(), flags, mode, umask, st);
    }
    if (existing.inode.isDir || trailingSlash) throw new Errno(EISDIR);
    return existing;
  }

  /**
   * Open a resolved dentry with open(2) flags (no creation). `creds` are
   * checked against the file's mode; null skips the check (a file this open created).
   */
  openDentry(d: Dentry, flags: number, creds: FsCreds | null = ROOT_CREDS): OpenFile {
    const inode = d.inode;
    if (flags & O_DIRECTORY && !inode.isDir) throw new Errno(ENOTDIR);
    // Linux also sets O_LARGEFILE here; qemu-aarch64 on an x86-64 host (our oracle) reports it clear.
    const kept = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC | O_LARGEFILE);
    if (flags & O_PATH) return new OpenFile(inode, kept & (O_PATH | O_DIRECTORY | O_NOFOLLOW), noIo, d);
    const acc = flags & O_ACCMODE;
    if (inode.isDir && acc !== O_RDONLY) throw new Errno(EISDIR);
    // A read-only mount refuses truncation and writing to its files (device nodes and FIFOs stay writable).
    if (creds !== null && (flags & O_TRUNC || acc !== O_RDONLY) && (inode.isRegular || inode.isSymlink)) this.mayWrite(d);
    if (creds !== null) {
      const mask = acc === O_RDONLY ? MAY_READ : acc === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
      // Linux asks for write permission for O_TRUNC and truncates even with O_RDONLY.
      permission(inode, creds, mask | (flags & O_TRUNC ? MAY_WRITE : 0));
    }
    // Truncating at open drops set-id bits as any truncate does (do_truncate); a file this open just created is not truncated.
    if (flags & O_TRUNC && inode.isRegular) inode.setattr({ size: 0, ...(creds !== null ? killSetId(inode, creds) : {}) });
    const type = inode.type & S_IFMT;
    if (type === S_IFIFO) return this.openFifo(d, flags, kept);
    const foreignDevice = (type === S_IFCHR || type === S_IFBLK) && !(inode instanceof CharDevice) && this.devices;
    const ops = foreignDevice ? foreignDevice(inode.stat().rdev, flags) : inode.open(flags);
    const file = new OpenFile(inode, kept, ops, d);
    file.locks = this.locks;
    return file;
  }

  /**
   * open(2) with O_TMPFILE: an unnamed file in directory `path`, opened for
   * writing; without O_EXCL linkat(2) may give it a name later.
   */
  openUnnamed(
    root: Dentry, start: Dentry, path: string, flags: number, mode: number, umask: number, creds: FsCreds = ROOT_CREDS,
  ): OpenFile {
    const acc = flags & O_ACCMODE;
    if (acc === O_RDONLY) throw new Errno(EINVAL);
    const dir = this.resolve(root, start, path, true, creds);
    if (!dir.inode.isDir) throw new Errno(ENOTDIR);
    this.mayWrite(dir);
    mayCreate(dir.inode, creds);
    const inode = dir.inode.createUnnamed(mode & 0o7777 & ~umask, creds, !(flags & O_EXCL));
    const kept = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC | O_LARGEFILE | O_DIRECTORY);
    const file = new OpenFile(inode, kept, inode.open(flags), new Dentry(`#${inode.ino}`, dir, inode));
    file.locks = this.locks;
    return file;
  }

  /** A FIFO's buffer is the namespace's, shared by every open of the same inode (on any file system). */
  private openFifo(d: Dentry, flags: number, kept: number): OpenFile {
    const key = d.inode.key;
    // An anonymous pipe reopened through /proc/self/fd/N has its own buffer.
    let pipe = d.inode instanceof PipeInode ? d.inode.pipe : this.fifos.get(key);
    if (!pipe) {
      pipe = new Pipe();
      this.fifos.set(key, pipe);
    }
    const p = pipe;
    const drop = (): void => {
      if (p.idle && this.fifos.get(key) === p) this.fifos.delete(key);
    };
    let ops;
    try {
      ops = p.openFifo(flags, drop);
    } catch (e) {
      // A waiting opener (WouldBlock) joins the pipe's queue after this returns: keep the pipe for it.
      if (!(e instanceof WouldBlock)) drop();
      throw e;
    }
    const file = new OpenFile(d.inode, kept, ops, d);
    file.fifo = p;
    file.locks = this.locks;
    return file;
  }

  mkdir(root: Dentry, start: Dentry, path: string, mode: number, umask: number, creds: FsCreds = ROOT_CREDS): void {
    const { dir, name } = this.resolveParent(root, start, path, creds);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    this.mayWrite(dir);
    mayCreate(dir.inode, creds);
    dir.inode.mkdir(name, mode & 0o7777 & ~umask, creds);
  }

  /**
   * mknodat(2): a FIFO, socket or regular file for anyone allowed to create
   * in the directory; character and block devices for root only.
   */
  mknod(
    root: Dentry, start: Dentry, path: string, mode: number, rdev: number, umask: number, creds: FsCreds = ROOT_CREDS,
  ): void {
    let type = mode & S_IFMT;
    if (type === 0) type = S_IFREG;
    if (type !== S_IFREG && type !== S_IFIFO && type !== S_IFSOCK && type !== S_IFCHR && type !== S_IFBLK) {
      throw new Errno(type === S_IFDIR ? EPERM : EINVAL);
    }
    if ((type === S_IFCHR || type === S_IFBLK) && creds.fsuid !== 0) throw new Errno(EPERM);
    const { dir, name } = this.resolveParent(root, start, path, creds);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    this.mayWrite(dir);
    mayCreate(dir.inode, creds);
    const perm = mode & 0o7777 & ~umask;
    if (type === S_IFREG) dir.inode.create(name, perm, creds);
    else dir.inode.mknod(name, type | perm, rdev, creds);
  }

  unlink(root: Dentry, start: Dentry, path: string, creds: FsCreds = ROOT_CREDS): void {
    const { dir, name, trailingSlash } = this.resolveParent(root, start, path, creds);
    if (name === '.' || name === '..') throw new Errno(EISDIR);
    this.mayWrite(dir);
    const d = this.child(dir, name);
    if (!d) throw new Errno(ENOENT);
    if (d.inode.isDir) throw new Errno(EISDIR);
    if (trailingSlash) throw new Errno(ENOTDIR);
    mayDelete(dir.inode, d.inode, creds);
    if (this.isMountPoint(dir, name)) throw new Errno(EBUSY);
    dir.inode.unlink(name);
  }

  rmdir(root: Dentry, start: Dentry, path: string, creds: FsCreds = ROOT_CREDS): void {
    const { dir, name } = this.resolveParent(root, start, path, creds);
    if (name === '.') throw new Errno(dir.same(root) ? EBUSY : EINVAL);
    if (name === '..') throw new Errno(ENOTEMPTY);
    this.mayWrite(dir);
    const d = this.child(dir, name);
    if (!d) throw new Errno(ENOENT);
    if (!d.inode.isDir) throw new Errno(ENOTDIR);
    mayDelete(dir.inode, d.inode, creds);
    if (this.isMountPoint(dir, name) || d.same(root)) throw new Errno(EBUSY);
    dir.inode.rmdir(name);
  }

  symlink(root: Dentry, start: Dentry, target: string, path: string, creds: FsCreds = ROOT_CREDS): void {
    if (target.length === 0) throw new Errno(ENOENT);
    const { dir, name } = this.resolveParent(root, start, path, creds);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    this.mayWrite(dir);
    mayCreate(dir.inode, creds);
    dir.inode.symlink(name, target, creds);
  }

  /** linkat(2): `old` is already resolved (following or not, per AT_SYMLINK_FOLLOW). */
  link(root: Dentry, old: Dentry, start: Dentry, path: string, creds: FsCreds = ROOT_CREDS): void {
    if (old.inode.isDir) throw new Errno(EPERM);
    const { dir, name } = this.resolveParent(root, start, path, creds);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    this.mayWrite(dir);
    if (dir.inode.fs !== old.inode.fs) throw new Errno(EXDEV);
    mayLink(old.inode, creds);
    mayCreate(dir.inode, creds);
    dir.inode.link(name, old.inode);
  }

  rename(
    root: Dentry, oldStart: Dentry, oldPath: string, newStart: Dentry, newPath: string, flags: number,
    creds: FsCreds = ROOT_CREDS,
  ): void {
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) || (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE)) {
      throw new Errno(EINVAL);
    }
    const from = this.resolveParent(root, oldStart, oldPath, creds);
    const to = this.resolveParent(root, newStart, newPath, creds);
    if (from.name === '.' || from.name === '..' || to.name === '.' || to.name === '..') throw new Errno(EBUSY);
    const fromMount = this.mountOf(from.dir);
    if (fromMount === this.mountOf(to.dir)) {
      if (this.effectiveFlags(fromMount) & MS_RDONLY) throw new Errno(EROFS);
    } else if (from.dir.inode.fs === to.dir.inode.fs) {
      throw new Errno(EXDEV);
    }
    const src = this.child(from.dir, from.name);
    if (!src) throw new Errno(ENOENT);
    if (from.dir.inode.fs !== to.dir.inode.fs) throw new Errno(EXDEV);
    if (this.isMountPoint(from.dir, from.name) || this.isMountPoint(to.dir, to.name)) throw new Errno(EBUSY);
    if ((from.trailingSlash || to.trailingSlash) && !src.inode.isDir) throw new Errno(ENOTDIR);
    const dst = this.child(to.dir, to.name);
    if (flags & RENAME_EXCHANGE && !dst) throw new Errno(ENOENT);
    if (dst) {
      if (flags & RENAME_NOREPLACE) throw new Errno(EEXIST);
      if (dst.inode.key === src.inode.key) return;
      if (!(flags & RENAME_EXCHANGE)) {
        if (src.inode.isDir && !dst.inode.isDir) throw new Errno(ENOTDIR);
        if (!src.inode.isDir && dst.inode.isDir) throw new Errno(EISDIR);
      }
    }
    if (src.inode.isDir) {
      for (let d: Dentry | null = to.dir; d; d = d.parent) {
        if (d.same(src)) throw new Errno(EINVAL);
      }
    }
    if (dst && dst.inode.isDir && flags & RENAME_EXCHANGE) {
      for (let d: Dentry | null = from.dir; d; d = d.parent) {
        if (d.same(dst)) throw new Errno(EINVAL);
      }
    }
    mayDelete(from.dir.inode, src.inode, creds);
    if (dst) mayDelete(to.dir.inode, dst.inode, creds);
    else mayCreate(to.dir.inode, creds);
    // Moving a directory to another parent rewrites its "..": that needs write permission on it.
    if (!from.dir.same(to.dir)) {
      if (src.inode.isDir) permission(src.inode, creds, MAY_WRITE);
      if (dst && dst.inode.isDir && flags & RENAME_EXCHANGE) permission(dst.inode, creds, MAY_WRITE);
    }
    from.dir.inode.rename(from.name, to.dir.inode, to.name, flags);
  }

  readlink(root: Dentry, start: Dentry, path: string, creds: FsCreds = ROOT_CREDS): string {
    const d = this.resolve(root, start, path, false, creds);
    if (!d.inode.isSymlink) throw new Errno(EINVAL);
    return d.inode.readlink();
  }

  /** The entries of directory `d` for getdents64: ".", "..", the file system's entries and names mounted here. */
  listDir(root: Dentry, d: Dentry): DirEntry[] {
    const own = d.inode.readdir();
    const parent = this.up(root, d);
    const out: DirEntry[] = [
      { name: '.', ino: d.inode.ino, type: DT_DIR },
      { name: '..', ino: parent.inode.ino, type: DT_DIR },
    ];
    const seen = new Set<string>();
    for (const e of own) {
      const m = this.mounts.get(mountKey(d.inode, e.name));
      out.push(m ? { name: e.name, ino: m.root.ino, type: DT_DIR } : e);
      seen.add(e.name);
    }
    const prefix = d.inode.key + '/';
    for (const [k, m] of this.mounts) {
      if (k.startsWith(prefix)) {
        const name = k.slice(prefix.length);
        if (!seen.has(name)) out.push({ name, ino: m.root.ino, type: DT_DIR });
      }
    }
    return out;
  }
}

function mountKey(dir: Inode, name: string): string {
  return dir.key + '/' + name;
}
