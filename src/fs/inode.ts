// Inodes and the operations an open file supports. Every file system (hostfs,
// devfs, procfs, later tmpfs and pipes) provides Inode subclasses; the VFS
// (vfs.ts) resolves paths over them and OpenFile (file.ts) wraps FileOps.
// Names passed here are single components: never empty, never "." or "..",
// never containing "/" (the VFS guarantees it).
import { Errno } from '../kernel/errno.js';
import { EACCES, EINVAL, ENOTDIR, EOPNOTSUPP, EPERM } from '../abi/linux/errno.js';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from '../abi/linux/stat.js';
import type { Stat, StatFs } from '../abi/linux/stat.js';
import type { UserMemory } from '../mm/user_memory.js';
import type { Dentry } from './dentry.js';
import type { WaitQueue } from './wait_queue.js';
import type { FsCreds } from './permission.js';

export type { Stat, StatFs };

export interface DirEntry {
  name: string;
  ino: number;
  /** DT_* type. */
  type: number;
}

/** Attribute changes (chmod, chown, truncate, utimensat); absent fields are left alone. */
export interface SetAttr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atimeNs?: bigint;
  mtimeNs?: bigint;
}

export interface FileSystem {
  /** Type name as /proc/mounts shows it ("hostfs", "proc", "devtmpfs"). */
  readonly name: string;
  statfs(): StatFs;
  /** The host checks permissions itself (hostfs): the VFS's mode checks are skipped. */
  readonly hostChecked?: boolean;
  /** Its mount went away (umount2): a memory file system frees what nothing holds open any more. */
  unmounted?(): void;
}

/** What an Inode supports once opened. Reads and writes at `pos` for seekable files. */
export interface FileOps {
  /** Whether lseek/pread/pwrite apply (false for streams: tty, pipe). */
  readonly seekable: boolean;
  /**
   * Read up to `len` bytes at `pos`. Fewer bytes is a short read, none is end
   * of file. Throws WouldBlock (blocking) or Errno(EAGAIN) (nonblock) when a
   * stream has nothing yet.
   */
  read(len: number, pos: number, nonblock: boolean): Uint8Array;
  /** Write at `pos` (or at the end when `append`); returns bytes written. */
  write(data: Uint8Array, pos: number, nonblock: boolean, append: boolean): number;
  /** Readiness for poll(2): POLL* mask now, and the queues that announce a change. */
  poll?(): { events: number; queues: WaitQueue[] };
  /** Device-specific ioctl(2); without it, ioctl(2) answers ENOTTY. */
  ioctl?(cmd: number, arg: number, mem: UserMemory): number;
  /** Bytes readable without blocking (FIONREAD). */
  available?(): number;
  fsync?(): void;
  /** Called once when the last reference to the open file goes away. */
  release?(): void;
  /** Current attributes through the open handle (fstat after unlink). */
  stat?(): Stat;
  truncate?(size: number): void;
  /** SEEK_DATA (`data`) or SEEK_HOLE from `off` (< size) for files that know their holes; ENXIO when no data follows. */
  seekData?(off: number, data: boolean): number;
}

export abstract class Inode {
  abstract readonly fs: FileSystem;
  abstract readonly ino: number;
  /** The S_IFMT bits of the mode; fixed for the inode's life. */
  abstract readonly type: number;

  /** Identity across lookups (mount points, "is this the root?"). */
  get key(): string {
    return `${this.fsId()}:${this.ino}`;
  }
  protected fsId(): string {
    return this.fs.name;
  }
  get isDir(): boolean {
    return (this.type & S_IFMT) === S_IFDIR;
  }
  get isSymlink(): boolean {
    return (this.type & S_IFMT) === S_IFLNK;
  }
  get isRegular(): boolean {
    return (this.type & S_IFMT) === S_IFREG;
  }

  abstract stat(): Stat;

  /** The child named `name`, or null when there is none. */
  lookup(_name: string): Inode | null {
    throw new Errno(ENOTDIR);
  }
  readdir(): DirEntry[] {
    throw new Errno(ENOTDIR);
  }
  /**
   * Create a regular file (O_CREAT); EEXIST when the name exists. `mode` is
   * the permission bits after the umask; `creds` own the new inode (the VFS
   * has checked that they may create here).
   */
  create(_name: string, _mode: number, _creds: FsCreds): Inode {
    throw new Errno(this.isDir ? EACCES : ENOTDIR);
  }
  mkdir(_name: string, _mode: number, _creds: FsCreds): void {
    throw new Errno(this.isDir ? EACCES : ENOTDIR);
  }
  symlink(_name: string, _target: string, _creds: FsCreds): void {
    throw new Errno(this.isDir ? EACCES : ENOTDIR);
  }
  /**
   * open(2) with O_TMPFILE: an unnamed regular file in this directory
   * (EOPNOTSUPP where unsupported); `linkable` lets linkat(2) name it later.
   */
  createUnnamed(_mode: number, _creds: FsCreds, _linkable: boolean): Inode {
    throw new Errno(this.isDir ? EOPNOTSUPP : ENOTDIR);
  }
  /** mknod(2) of a FIFO, socket or device node; `mode` carries the S_IFMT type. */
  mknod(_name: string, _mode: number, _rdev: number, _creds: FsCreds): void {
    throw new Errno(this.isDir ? EPERM : ENOTDIR);
  }
  link(_name: string, _target: Inode): void {
    throw new Errno(this.isDir ? EPERM : ENOTDIR);
  }
  unlink(_name: string): void {
    throw new Errno(this.isDir ? EACCES : ENOTDIR);
  }
  rmdir(_name: string): void {
    throw new Errno(this.isDir ? EACCES : ENOTDIR);
  }
  /** rename(2) of a child of this directory into `newDir` (same file system); flags are RENAME_*. */
  rename(_oldName: string, _newDir: Inode, _newName: string, _flags: number): void {
    throw new Errno(this.isDir ? EACCES : ENOTDIR);
  }
  readlink(): string {
    throw new Errno(EINVAL);
  }
  /**
   * A "magic link" (/proc/pid/fd/N, proc(5)) is followed to the open file it
   * stands for, not through its text; null for ordinary symlinks.
   */
  magicTarget(): Dentry | null {
    return null;
  }
  /** Open for I/O; `flags` are the open(2) flags. Directories are opened for getdents only. */
  open(_flags: number): FileOps {
    return noIo;
  }
  setattr(_attr: SetAttr): void {
    throw new Errno(EPERM);
  }
  /** access(2) check for R_OK/W_OK/X_OK bits (`mode` 0 is existence). */
  access(mode: number): void {
    if (mode === 0) return;
    const m = this.stat().mode;
    // Flint runs the guest as the owner for synthetic files: use the owner bits, and any x bit for X_OK.
    if ((mode & 4 && !(m & 0o444)) || (mode & 2 && !(m & 0o222)) || (mode & 1 && !(m & 0o111))) {
      throw new Errno(EACCES);
    }
  }
}

/** FileOps of something that has no data (a directory opened for getdents, an O_PATH handle). */
export const noIo: FileOps = {
  seekable: true,
  read(): Uint8Array {
    throw new Errno(EINVAL);
  },
  write(): number {
    throw new Errno(EINVAL);
  },
};

/** statfs(2) of a file system without storage (proc, devtmpfs, pipefs): only the magic number varies. */
export function pseudoStatFs(type: number): StatFs {
  return { type, bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, fsid: [0, 0], namelen: 255, frsize: 4096, flags: 0 };
}
