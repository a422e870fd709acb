// tmpfs: a file system in memory (mm/shmem.c). Regular files keep their data
// in 4 KiB pages allocated on first write, so holes cost nothing, read as
// zeros and show in SEEK_DATA/SEEK_HOLE and st_blocks. The size limit
// (statfs, ENOSPC) counts those pages; an inode limit counts inodes. Each
// page is also charged to the machine's frame allocator (a reservation: the
// bytes live outside guest memory) until truncation or the last reference
// to the file frees it. A file
// unlinked while open keeps its pages until its last open file closes.
// Timestamps follow Linux: writes and truncation set mtime and ctime,
// attribute changes ctime, reads atime with relatime's rule, and directory
// changes the directory's mtime and ctime.
import { Errno } from '../kernel/errno.js';
import {
  EEXIST, EFBIG, EINVAL, EISDIR, ENAMETOOLONG, ENOENT, ENOMEM, ENOSPC, ENOTDIR, ENOTEMPTY, ENXIO, EPERM,
} from '../abi/linux/errno.js';
import { NAME_MAX, RENAME_EXCHANGE, RENAME_NOREPLACE } from '../abi/linux/fcntl.js';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, TMPFS_MAGIC, makeDev, modeToDtype } from '../abi/linux/stat.js';
import { Inode, noIo } from './inode.js';
import { ROOT_CREDS, newOwner } from './permission.js';
import type { FsCreds } from './permission.js';
import type { DirEntry, FileOps, FileSystem, SetAttr, Stat, StatFs } from './inode.js';

const PAGE = 4096;
/** Linux's MAX_LFS_FILESIZE for a 64-bit kernel is 2^63-1; we stop where doubles stop being exact. */
const MAX_FILE_SIZE = Number.MAX_SAFE_INTEGER;
/** Directory sizes are counted in BOGO_DIRENT_SIZE per entry, as shmem does. */
const BOGO_DIRENT_SIZE = 20;
const DAY_NS = 86_400_000_000_000n;

/** Where tmpfs charges its pages: the machine's frame allocator (FrameAllocator implements it). */
export interface PageCharge {
  /** Frames of the machine. */
  readonly total: number;
  /** Take n frames from the free count; false when there are not enough. */
  reserve(n: number): boolean;
  unreserve(n: number): void;
}

export interface TmpFsOptions {
  /** CLOCK_REALTIME in ns since the epoch (timestamps). */
  now: () => bigint;
  /**
   * The machine memory the file data is charged to: each 4 KiB page of data
   * holds one frame reservation, so the free-page count and /proc/meminfo
   * show it and a write past the machine's memory is ENOSPC.
   */
  frames?: PageCharge;
  /** Size limit in bytes (default half the machine's memory, as Linux; 64 MiB without `frames`); statfs reports it. */
  sizeBytes?: number;
  /** Inode limit (default: one per page of the size). */
  maxInodes?: number;
  /** st_dev of every inode (default 0:40). */
  dev?: number;
  /** Mode, owner of the root directory (default 01777 root:root, as /tmp). */
  rootMode?: number;
  rootUid?: number;
  rootGid?: number;
}

let nextDevMinor = 40;

export class TmpFs implements FileSystem {
  readonly name = 'tmpfs';
  readonly dev: number;
  readonly now: () => bigint;
  readonly limitPages: number;
  readonly maxInodes: number;
  usedPages = 0;
  inodes = 0;
  private frames: PageCharge | null;
  private nextIno = 1;
  readonly root: TmpDir;

  constructor(o: TmpFsOptions) {
    this.now = o.now;
    this.dev = o.dev ?? makeDev(0, nextDevMinor++);
    this.frames = o.frames ?? null;
    const defaultBytes = this.frames !== null ? Math.floor(this.frames.total / 2) * PAGE : 64 << 20;
    this.limitPages = Math.max(1, Math.floor((o.sizeBytes ?? defaultBytes) / PAGE));
    this.maxInodes = o.maxInodes ?? this.limitPages;
    const creds: FsCreds = { ...ROOT_CREDS, fsuid: o.rootUid ?? 0, fsgid: o.rootGid ?? 0 };
    this.root = new TmpDir(this, (o.rootMode ?? 0o1777) & 0o7777, creds);
  }

  /**
   * Start charging a tmpfs made before its machine (a boot's root, unpacked
   * from the initramfs first) to the machine's memory, pages already used
   * included; ENOMEM when they do not fit.
   */
  chargeTo(frames: PageCharge): void {
    if (this.frames !== null) throw new Error('tmpfs: already charged to a machine');
    if (!frames.reserve(this.usedPages)) throw new Errno(ENOMEM, `tmpfs holds ${this.usedPages} pages, more than the free memory`);
    this.frames = frames;
  }

  /** A fresh inode number; ENOSPC when the inode limit is reached. */
  allocIno(): number {
    if (this.inodes >= this.maxInodes) throw new Errno(ENOSPC);
    this.inodes++;
    return this.nextIno++;
  }

  freeIno(): void {
    this.inodes--;
  }

  /** Charge one page of file data: ENOSPC past the size limit or when the machine has no free frame. */
  allocPage(): void {
    if (this.usedPages >= this.limitPages) throw new Errno(ENOSPC);
    if (this.frames !== null && !this.frames.reserve(1)) throw new Errno(ENOSPC);
    this.usedPages++;
  }

  /** Give back n pages of file data. */
  freePages(n: number): void {
    if (n === 0) return;
    this.usedPages -= n;
    this.frames?.unreserve(n);
  }

  /**
   * The mount is gone and no name reaches the files any more: every inode
   * loses its links, so each file gives its pages back now, or at its last
   * close when it is open (the superblock dies with its last reference).
   */
  unmounted(): void {
    this.root.dropTree();
  }

  statfs(): StatFs {
    return {
      type: TMPFS_MAGIC, bsize: PAGE, blocks: this.limitPages, bfree: this.limitPages - this.usedPages,
      bavail: this.limitPages - this.usedPages, files: this.maxInodes, ffree: this.maxInodes - this.inodes,
      fsid: [0, 0], namelen: NAME_MAX, frsize: PAGE, flags: 0,
    };
  }
}

/** Build a tmpfs; returns its root directory (mount it with vfs.mount). */
export function createTmpFs(o: TmpFsOptions): TmpDir {
  return new TmpFs(o).root;
}

abstract class TmpInode extends Inode {
  readonly ino: number;
  perm: number;
  uid: number;
  gid: number;
  nlink: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  readonly btimeNs: bigint;

  constructor(
    readonly fs: TmpFs,
    readonly type: number,
    mode: number,
    creds: FsCreds,
    dir: TmpDir | null,
  ) {
    super();
    this.ino = fs.allocIno();
    const o = newOwner(dir, creds, mode & 0o7777, type === S_IFDIR);
    this.perm = o.mode;
    this.uid = o.uid;
    this.gid = o.gid;
    this.nlink = type === S_IFDIR ? 2 : 1;
    const now = fs.now();
    this.atimeNs = now;
    this.mtimeNs = now;
    this.ctimeNs = now;
    this.btimeNs = now;
  }

  protected override fsId(): string {
    return `tmpfs:${this.fs.dev}`;
  }

  protected size(): number {
    return 0;
  }
  protected blocks(): number {
    return 0;
  }
  protected rdev(): number {
    return 0;
  }

  stat(): Stat {
    return {
      dev: this.fs.dev, ino: this.ino, mode: this.type | this.perm, nlink: this.nlink, uid: this.uid, gid: this.gid,
      rdev: this.rdev(), size: this.size(), blksize: PAGE, blocks: this.blocks(), atimeNs: this.atimeNs,
      mtimeNs: this.mtimeNs, ctimeNs: this.ctimeNs, btimeNs: this.btimeNs,
    };
  }

  touchChange(): void {
    this.ctimeNs = this.fs.now();
  }
  touchModify(): void {
    const now = this.fs.now();
    this.mtimeNs = now;
    this.ctimeNs = now;
  }
  /** relatime: update atime when it is not after mtime/ctime, or a day old. */
  touchAccess(): void {
    const now = this.fs.now();
    if (this.atimeNs <= this.mtimeNs || this.atimeNs <= this.ctimeNs || now - this.atimeNs >= DAY_NS) this.atimeNs = now;
  }

  /** The last link went away: give back what the inode holds once nothing has it open. */
  dropLink(): void {
    this.nlink--;
    this.touchChange();
    if (this.nlink <= 0) this.maybeFree();
  }

  protected maybeFree(): void {
    this.fs.freeIno();
  }

  override setattr(a: SetAttr): void {
    if (a.size !== undefined) this.resize(a.size);
    if (a.mode !== undefined) this.perm = a.mode & 0o7777;
    if (a.uid !== undefined) this.uid = a.uid;
    if (a.gid !== undefined) this.gid = a.gid;
    if (a.atimeNs !== undefined) this.atimeNs = a.atimeNs;
    if (a.mtimeNs !== undefined) this.mtimeNs = a.mtimeNs;
    this.touchChange();
  }

  protected resize(_size: number): void {
    throw new Errno(this.isDir ? EPERM : EINVAL);
  }
}

export class TmpDir extends TmpInode {
  /** Children in creation order, which is readdir's order (Linux 6.6+ tmpfs lists by creation offset). */
  private readonly entries = new Map<string, TmpInode>();

  constructor(fs: TmpFs, mode: number, creds: FsCreds, dir: TmpDir | null = null) {
    super(fs, S_IFDIR, mode, creds, dir);
  }

  protected override size(): number {
    return (this.entries.size + 2) * BOGO_DIRENT_SIZE;
  }

  override lookup(name: string): Inode | null {
    return this.entries.get(name) ?? null;
  }

  override readdir(): DirEntry[] {
    const out: DirEntry[] = [];
    for (const [name, inode] of this.entries) out.push({ name, ino: inode.ino, type: modeToDtype(inode.type) });
    return out;
  }

  private add(name: string, inode: TmpInode): void {
    if (name.length > NAME_MAX) throw new Errno(ENAMETOOLONG);
    if (this.entries.has(name)) throw new Errno(EEXIST);
    this.entries.set(name, inode);
    if (inode.isDir) this.nlink++;
    this.touchModify();
  }

  private fresh(name: string, make: () => TmpInode): TmpInode {
    if (this.entries.has(name)) throw new Errno(EEXIST);
    const inode = make();
    this.add(name, inode);
    return inode;
  }

  override create(name: string, mode: number, creds: FsCreds = ROOT_CREDS): Inode {
    return this.fresh(name, () => new TmpFile(this.fs, mode, creds, this));
  }

  override createUnnamed(mode: number, creds: FsCreds, linkable: boolean): Inode {
    const f = new TmpFile(this.fs, mode, creds, this);
    f.nlink = 0;
    f.linkable = linkable;
    return f;
  }

  override mkdir(name: string, mode: number, creds: FsCreds = ROOT_CREDS): void {
    this.fresh(name, () => new TmpDir(this.fs, mode, creds, this));
  }

  override symlink(name: string, target: string, creds: FsCreds = ROOT_CREDS): void {
    this.fresh(name, () => new TmpSymlink(this.fs, target, creds, this));
  }

  override mknod(name: string, mode: number, rdev: number, creds: FsCreds = ROOT_CREDS): void {
    this.fresh(name, () => new TmpNode(this.fs, mode & S_IFMT, mode, rdev, creds, this));
  }

  override link(name: string, target: Inode): void {
    if (!(target instanceof TmpInode) || target.fs !== this.fs) throw new Errno(EPERM);
    if (target.nlink <= 0 && !(target instanceof TmpFile && target.linkable)) throw new Errno(ENOENT);
    this.add(name, target);
    target.nlink++;
    if (target instanceof TmpFile) target.linkable = false;
    target.touchChange();
  }

  private take(name: string): TmpInode {
    const inode = this.entries.get(name);
    if (!inode) throw new Errno(ENOENT);
    return inode;
  }

  private remove(name: string): TmpInode {
    const inode = this.take(name);
    this.entries.delete(name);
    if (inode.isDir) this.nlink--;
    this.touchModify();
    return inode;
  }

  override unlink(name: string): void {
    const inode = this.take(name);
    if (inode.isDir) throw new Errno(EPERM);
    this.remove(name).dropLink();
  }

  /** Unlink everything below this directory (the file system was unmounted). */
  dropTree(): void {
    for (const [name, inode] of [...this.entries]) {
      this.entries.delete(name);
      if (inode instanceof TmpDir) {
        inode.dropTree();
        inode.nlink = 0;
        inode.maybeFree();
      } else inode.dropLink();
    }
  }

  get empty(): boolean {
    return this.entries.size === 0;
  }

  override rmdir(name: string): void {
    const inode = this.take(name);
    if (!(inode instanceof TmpDir)) throw new Errno(ENOTDIR);
    if (!inode.empty) throw new Errno(ENOTEMPTY);
    this.remove(name);
    inode.nlink = 0;
    inode.touchChange();
    inode.maybeFree();
  }

  override rename(oldName: string, newDir: Inode, newName: string, flags: number): void {
    if (!(newDir instanceof TmpDir) || newDir.fs !== this.fs) throw new Errno(EINVAL);
    const src = this.take(oldName);
    const dst = newDir.entries.get(newName) ?? null;
    if (flags & RENAME_EXCHANGE) {
      if (!dst) throw new Errno(ENOENT);
      this.entries.set(oldName, dst);
      newDir.entries.set(newName, src);
      if (src.isDir !== dst.isDir && this !== newDir) {
        const delta = src.isDir ? 1 : -1;
        newDir.nlink += delta;
        this.nlink -= delta;
      }
      this.touchModify();
      newDir.touchModify();
      src.touchChange();
      dst.touchChange();
      return;
    }
    if (dst) {
      if (flags & RENAME_NOREPLACE) throw new Errno(EEXIST);
      if (dst === src) return;
      if (dst instanceof TmpDir) {
        if (!src.isDir) throw new Errno(EISDIR);
        if (!dst.empty) throw new Errno(ENOTEMPTY);
      } else if (src.isDir) throw new Errno(ENOTDIR);
      newDir.remove(newName);
      if (dst instanceof TmpDir) {
        dst.nlink = 0;
        dst.maybeFree();
      } else dst.dropLink();
    }
    this.remove(oldName);
    newDir.add(newName, src);
    src.touchChange();
  }

  override open(): FileOps {
    this.touchAccess();
    return noIo;
  }
}

export class TmpSymlink extends TmpInode {
  constructor(
    fs: TmpFs,
    private readonly target: string,
    creds: FsCreds,
    dir: TmpDir,
  ) {
    super(fs, S_IFLNK, 0o777, creds, dir);
  }
  override readlink(): string {
    this.touchAccess();
    return this.target;
  }
  protected override size(): number {
    return this.target.length;
  }
}

/** A FIFO, socket or device node: only its attributes live here (the VFS opens FIFOs and devices). */
export class TmpNode extends TmpInode {
  constructor(
    fs: TmpFs,
    type: number,
    mode: number,
    private readonly devNumber: number,
    creds: FsCreds,
    dir: TmpDir,
  ) {
    super(fs, type, mode, creds, dir);
  }
  protected override rdev(): number {
    return this.devNumber;
  }
  override open(): FileOps {
    throw new Errno(ENXIO);
  }
}

export class TmpFile extends TmpInode {
  /** Pages by index; absent pages are holes. */
  private readonly pages = new Map<number, Uint8Array>();
  private length = 0;
  /** Open files referring to it (an unlinked file lives until the last closes). */
  private opens = 0;
  /** Made by O_TMPFILE without O_EXCL: linkat(2) may give it a name although it has no link. */
  linkable = false;

  constructor(fs: TmpFs, mode: number, creds: FsCreds, dir: TmpDir) {
    super(fs, S_IFREG, mode, creds, dir);
  }

  protected override size(): number {
    return this.length;
  }
  protected override blocks(): number {
    return this.pages.size * (PAGE / 512);
  }

  get allocatedPages(): number {
    return this.pages.size;
  }

  protected override maybeFree(): void {
    if (this.nlink > 0 || this.opens > 0) return;
    this.fs.freePages(this.pages.size);
    this.pages.clear();
    this.fs.freeIno();
  }

  readAt(len: number, pos: number): Uint8Array {
    const end = Math.min(this.length, pos + len);
    if (pos >= end) return new Uint8Array(0);
    const out = new Uint8Array(end - pos);
    for (let p = pos; p < end; ) {
      const idx = Math.floor(p / PAGE);
      const off = p - idx * PAGE;
      const n = Math.min(PAGE - off, end - p);
      const page = this.pages.get(idx);
      if (page) out.set(page.subarray(off, off + n), p - pos);
      p += n;
    }
    this.touchAccess();
    return out;
  }

  writeAt(data: Uint8Array, pos: number): number {
    if (data.length === 0) return 0;
    if (pos >= MAX_FILE_SIZE) throw new Errno(EFBIG);
    const end = Math.min(pos + data.length, MAX_FILE_SIZE);
    let done = 0;
    try {
      for (let p = pos; p < end; ) {
        const idx = Math.floor(p / PAGE);
        const off = p - idx * PAGE;
        const n = Math.min(PAGE - off, end - p);
        let page = this.pages.get(idx);
        if (!page) {
          this.fs.allocPage();
          page = new Uint8Array(PAGE);
          this.pages.set(idx, page);
        }
        page.set(data.subarray(p - pos, p - pos + n), off);
        p += n;
        done += n;
      }
    } catch (e) {
      if (!(e instanceof Errno) || done === 0) throw e;
    }
    if (pos + done > this.length) this.length = pos + done;
    this.touchModify();
    return done;
  }

  protected override resize(size: number): void {
    if (size > MAX_FILE_SIZE) throw new Errno(EFBIG);
    if (size < this.length) {
      const keep = Math.ceil(size / PAGE);
      for (const idx of [...this.pages.keys()]) {
        if (idx >= keep) {
          this.pages.delete(idx);
          this.fs.freePages(1);
        }
      }
      const tail = this.pages.get(keep - 1);
      if (tail && size % PAGE !== 0) tail.fill(0, size % PAGE);
    }
    this.length = size;
    this.touchModify();
  }

  /** SEEK_DATA/SEEK_HOLE over the allocated pages. */
  seek(off: number, data: boolean): number {
    if (off >= this.length) throw new Errno(ENXIO);
    let idx = Math.floor(off / PAGE);
    const lastIdx = Math.floor((this.length - 1) / PAGE);
    for (; idx <= lastIdx; idx++) {
      if (this.pages.has(idx) === data) return Math.max(off, idx * PAGE);
    }
    if (data) throw new Errno(ENXIO);
    return this.length;
  }

  override open(): FileOps {
    this.opens++;
    let open = true;
    return {
      seekable: true,
      read: (len, pos) => this.readAt(len, pos),
      write: (data, pos, _nonblock, append) => this.writeAt(data, append ? this.length : pos),
      truncate: (size) => this.resize(size),
      seekData: (off, data) => this.seek(off, data),
      stat: () => this.stat(),
      release: () => {
        if (!open) return;
        open = false;
        this.opens--;
        this.maybeFree();
      },
    };
  }
}
