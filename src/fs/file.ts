// An open file description (open(2)): the inode, the open flags, the file
// offset and a reference count shared by every fd that dup(2) or fork(2)
// makes from it. The last release() closes the underlying FileOps.
import { Errno } from '../kernel/errno.js';
import { EBADF, EINVAL, EISDIR, EOVERFLOW, ESPIPE, ENXIO } from '../abi/linux/errno.js';
import {
  O_ACCMODE, O_APPEND, O_NONBLOCK, O_PATH, O_RDONLY, O_RDWR, O_WRONLY,
  SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET,
} from '../abi/linux/fcntl.js';
import type { Dentry } from './dentry.js';
import type { DirEntry, FileOps, Inode, Stat } from './inode.js';
import { flockKey } from './locks.js';
import type { LockTable } from './locks.js';
import type { Pipe } from './pipe.js';

/** Largest file offset we accept (Linux's MAX_LFS_FILESIZE, kept exact as a double). */
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

export class OpenFile {
  offset = 0;
  private refs = 1;
  /** getdents64 snapshot of the directory, taken at the first read from offset 0. */
  dirEntries: DirEntry[] | null = null;
  /** The pipe buffer when this is an open FIFO. */
  fifo: Pipe | null = null;
  /** The record-lock table of the namespace it was opened in (fcntl locks); null for anonymous files. */
  locks: LockTable | null = null;

  constructor(
    readonly inode: Inode,
    /** open(2) flags as given (access mode, O_APPEND, O_NONBLOCK, ...), O_CLOEXEC removed. */
    public flags: number,
    readonly ops: FileOps,
    /** Where it was opened, for fchdir, /proc/pid/fd and *at(2) lookups; null for anonymous files. */
    readonly dentry: Dentry | null,
    /** A name for /proc/pid/fd when there is no dentry ("pipe:[12]", "/dev/tty"). */
    readonly anonName = '',
  ) {}

  get readable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return !(this.flags & O_PATH) && (acc === O_RDONLY || acc === O_RDWR);
  }
  get writable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return !(this.flags & O_PATH) && (acc === O_WRONLY || acc === O_RDWR);
  }
  get nonblock(): boolean {
    return (this.flags & O_NONBLOCK) !== 0;
  }
  get isPath(): boolean {
    return (this.flags & O_PATH) !== 0;
  }

  retain(): this {
    this.refs++;
    return this;
  }
  /** Drop one reference; the last one releases the file. */
  release(): void {
    if (--this.refs === 0) {
      this.locks?.releaseOwner(this.inode.key, this);
      this.locks?.releaseOwner(flockKey(this.inode.key), this);
      this.ops.release?.();
    }
  }
  get refCount(): number {
    return this.refs;
  }

  stat(): Stat {
    return this.ops.stat?.() ?? this.inode.stat();
  }

  private checkRead(): void {
    if (!this.readable) throw new Errno(EBADF);
    if (this.inode.isDir) throw new Errno(EISDIR);
  }
  private checkWrite(): void {
    if (!this.writable) throw new Errno(EBADF);
    if (this.inode.isDir) throw new Errno(EISDIR);
  }

  /** read(2): at the file offset, advancing it. */
  read(len: number): Uint8Array {
    this.checkRead();
    const data = this.ops.read(len, this.offset, this.nonblock);
    if (this.ops.seekable) this.offset += data.length;
    return data;
  }
  /** write(2): at the offset (or the end with O_APPEND), advancing it. */
  write(data: Uint8Array): number {
    this.checkWrite();
    const append = (this.flags & O_APPEND) !== 0;
    if (!this.ops.seekable) return this.ops.write(data, 0, this.nonblock, append);
    const pos = append ? this.stat().size : this.offset;
    const n = this.ops.write(data, pos, this.nonblock, append);
    this.offset = pos + n;
    return n;
  }
  /** pread64(2): at `pos`, the offset unchanged. */
  pread(len: number, pos: number): Uint8Array {
    this.checkRead();
    if (!this.ops.seekable) throw new Errno(ESPIPE);
    if (pos < 0) throw new Errno(EINVAL);
    return this.ops.read(len, pos, this.nonblock);
  }
  /** pwrite64(2): at `pos` (Linux appends anyway with O_APPEND). */
  pwrite(data: Uint8Array, pos: number): number {
    this.checkWrite();
    if (!this.ops.seekable) throw new Errno(ESPIPE);
    if (pos < 0) throw new Errno(EINVAL);
    const append = (this.flags & O_APPEND) !== 0;
    return this.ops.write(data, append ? this.stat().size : pos, this.nonblock, append);
  }

  /** lseek(2). */
  seek(off: number, whence: number): number {
    if (this.isPath) throw new Errno(EBADF);
    if (!this.ops.seekable) throw new Errno(ESPIPE);
    let base: number;
    switch (whence) {
      case SEEK_SET:
        base = 0;
        break;
      case SEEK_CUR:
        base = this.offset;
        break;
      case SEEK_END:
        base = this.stat().size;
        break;
      case SEEK_DATA:
      case SEEK_HOLE: {
        const size = this.stat().size;
        if (off < 0 || off >= size) throw new Errno(ENXIO);
        // Without hole information, all of [0, size) is data and the hole is at the end.
        this.offset = this.ops.seekData?.(off, whence === SEEK_DATA) ?? (whence === SEEK_DATA ? off : size);
        return this.offset;
      }
      default:
        throw new Errno(EINVAL);
    }
    const pos = base + off;
    if (pos < 0) throw new Errno(EINVAL);
    if (pos > MAX_OFFSET) throw new Errno(EOVERFLOW);
    if (this.inode.isDir && pos === 0) this.dirEntries = null;
    this.offset = pos;
    return pos;
  }

  /** The name /proc/pid/fd and error messages show. */
  displayPath(root: Dentry | null): string {
    return this.dentry ? this.dentry.path(root) : this.anonName;
  }
}
