// The virtual file system: one namespace of mounted file systems and path
// resolution per path_resolution(7). Paths and names are byte strings
// (byte_string.ts). Every walk starts at a root dentry (the process root, for
// absolute paths and `..`) and a start dentry (cwd or a dirfd).
//
// Mounts are keyed by (directory inode, name), so a file system can be
// mounted on a name its parent does not have (e.g. /proc inside a --root
// directory that has no proc/ of its own).
import { Errno } from '../kernel/errno.js';
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EXDEV,
} from '../abi/linux/errno.js';
import {
  NAME_MAX, O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_LARGEFILE, O_NOCTTY, O_NOFOLLOW,
  O_PATH, O_RDONLY, O_TRUNC, PATH_MAX, RENAME_EXCHANGE, RENAME_NOREPLACE,
} from '../abi/linux/fcntl.js';
import { DT_DIR } from '../abi/linux/stat.js';
import { Dentry } from './dentry.js';
import { OpenFile } from './file.js';
import { noIo } from './inode.js';
import type { DirEntry, Inode } from './inode.js';
import type { ProcProvider } from './procfs.js';

/** Linux's MAXSYMLINKS: a walk following more symlinks than this fails with ELOOP. */
export const MAX_SYMLINKS = 40;

interface WalkState {
  links: number;
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

export interface MountInfo {
  path: string;
  fsName: string;
}

export class Vfs {
  readonly root: Dentry;
  private readonly mounts = new Map<string, Inode>();
  private readonly mountList: MountInfo[] = [];
  readonly procSlot: ProcSlot = { provider: null };

  constructor(rootInode: Inode) {
    this.root = new Dentry('/', null, rootInode);
    this.mountList.push({ path: '/', fsName: rootInode.fs.name });
  }

  /** The kernel answers procfs questions (current pid, tasks, memory). */
  setProcProvider(p: ProcProvider): void {
    this.procSlot.provider = p;
  }

  /** Mount `fsRoot` at absolute `path`; the last component need not exist underneath. */
  mount(path: string, fsRoot: Inode): void {
    const { dir, name } = this.resolveParent(this.root, this.root, path);
    if (name === '.' || name === '..') throw new Errno(EBUSY);
    this.mounts.set(mountKey(dir.inode, name), fsRoot);
    this.mountList.push({ path: dir.path(null) === '/' ? '/' + name : dir.path(null) + '/' + name, fsName: fsRoot.fs.name });
  }

  /** The mounts, in mount order (for /proc/mounts). */
  mountTable(): readonly MountInfo[] {
    return this.mountList;
  }

  private isMountPoint(dir: Dentry, name: string): boolean {
    return this.mounts.has(mountKey(dir.inode, name));
  }

  /** The entry `name` (a real name, not "." or "..") in directory `dir`, or null. */
  child(dir: Dentry, name: string): Dentry | null {
    const mounted = this.mounts.get(mountKey(dir.inode, name));
    if (mounted) return new Dentry(name, dir, mounted);
    const inode = dir.inode.lookup(name);
    return inode ? new Dentry(name, dir, inode) : null;
  }

  /** `..` of `d`: the parent, except at the process root and the top of the namespace. */
  up(root: Dentry, d: Dentry): Dentry {
    if (d.parent === null || d.same(root)) return d;
    return d.parent;
  }

  /** Resolve `path` to a dentry; `follow` decides whether a final symlink is followed. */
  resolve(root: Dentry, start: Dentry, path: string, follow: boolean): Dentry {
    return this.walk(root, start, path, follow, { links: 0 });
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
  resolveParent(root: Dentry, start: Dentry, path: string): ParentAndName {
    return this.parentOf(root, start, path, { links: 0 });
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
  open(root: Dentry, start: Dentry, path: string, flags: number, mode: number, umask: number): OpenFile {
    const d = this.openTarget(root, start, path, flags, mode, umask, { links: 0 });
    return this.openDentry(d, flags);
  }

  private openTarget(
    root: Dentry, start: Dentry, path: string, flags: number, mode: number, umask: number, st: WalkState,
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
      const inode = dir.inode.create(name, mode & 0o7777 & ~umask);
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

  /** Open a resolved dentry with open(2) flags (no creation). */
  openDentry(d: Dentry, flags: number): OpenFile {
    const inode = d.inode;
    if (flags & O_DIRECTORY && !inode.isDir) throw new Errno(ENOTDIR);
    // Linux also sets O_LARGEFILE here; qemu-aarch64 on an x86-64 host (our oracle) reports it clear.
    const kept = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC | O_LARGEFILE);
    if (flags & O_PATH) return new OpenFile(inode, kept & (O_PATH | O_DIRECTORY | O_NOFOLLOW), noIo, d);
    if (inode.isDir && (flags & O_ACCMODE) !== O_RDONLY) throw new Errno(EISDIR);
    if (flags & O_TRUNC && inode.isRegular && (flags & O_ACCMODE) !== O_RDONLY) inode.setattr({ size: 0 });
    return new OpenFile(inode, kept, inode.open(flags), d);
  }

  mkdir(root: Dentry, start: Dentry, path: string, mode: number, umask: number): void {
    const { dir, name } = this.resolveParent(root, start, path);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    dir.inode.mkdir(name, mode & 0o7777 & ~umask);
  }

  unlink(root: Dentry, start: Dentry, path: string): void {
    const { dir, name, trailingSlash } = this.resolveParent(root, start, path);
    if (name === '.' || name === '..') throw new Errno(EISDIR);
    const d = this.child(dir, name);
    if (!d) throw new Errno(ENOENT);
    if (d.inode.isDir) throw new Errno(EISDIR);
    if (trailingSlash) throw new Errno(ENOTDIR);
    if (this.isMountPoint(dir, name)) throw new Errno(EBUSY);
    dir.inode.unlink(name);
  }

  rmdir(root: Dentry, start: Dentry, path: string): void {
    const { dir, name } = this.resolveParent(root, start, path);
    if (name === '.') throw new Errno(dir.same(root) ? EBUSY : EINVAL);
    if (name === '..') throw new Errno(ENOTEMPTY);
    const d = this.child(dir, name);
    if (!d) throw new Errno(ENOENT);
    if (!d.inode.isDir) throw new Errno(ENOTDIR);
    if (this.isMountPoint(dir, name) || d.same(root)) throw new Errno(EBUSY);
    dir.inode.rmdir(name);
  }

  symlink(root: Dentry, start: Dentry, target: string, path: string): void {
    if (target.length === 0) throw new Errno(ENOENT);
    const { dir, name } = this.resolveParent(root, start, path);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    dir.inode.symlink(name, target);
  }

  /** linkat(2): `old` is already resolved (following or not, per AT_SYMLINK_FOLLOW). */
  link(root: Dentry, old: Dentry, start: Dentry, path: string): void {
    if (old.inode.isDir) throw new Errno(EPERM);
    const { dir, name } = this.resolveParent(root, start, path);
    if (name === '.' || name === '..' || this.child(dir, name)) throw new Errno(EEXIST);
    if (dir.inode.fs !== old.inode.fs) throw new Errno(EXDEV);
    dir.inode.link(name, old.inode);
  }

  rename(root: Dentry, oldStart: Dentry, oldPath: string, newStart: Dentry, newPath: string, flags: number): void {
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) || (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE)) {
      throw new Errno(EINVAL);
    }
    const from = this.resolveParent(root, oldStart, oldPath);
    const to = this.resolveParent(root, newStart, newPath);
    if (from.name === '.' || from.name === '..' || to.name === '.' || to.name === '..') throw new Errno(EBUSY);
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
    from.dir.inode.rename(from.name, to.dir.inode, to.name, flags);
  }

  readlink(root: Dentry, start: Dentry, path: string): string {
    const d = this.resolve(root, start, path, false);
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
      out.push(m ? { name: e.name, ino: m.ino, type: DT_DIR } : e);
      seen.add(e.name);
    }
    const prefix = d.inode.key + '/';
    for (const [k, m] of this.mounts) {
      if (k.startsWith(prefix)) {
        const name = k.slice(prefix.length);
        if (!seen.has(name)) out.push({ name, ino: m.ino, type: DT_DIR });
      }
    }
    return out;
  }
}

function mountKey(dir: Inode, name: string): string {
  return dir.key + '/' + name;
}
