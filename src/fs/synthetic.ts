// In-memory inodes whose contents are computed: the building blocks of devfs
// and procfs. Directories list their children through a DirSource, files
// produce their bytes when opened (a snapshot, as seq_file does per read
// session), symlinks compute their target when read.
import { Errno } from '../kernel/errno.js';
import { EACCES, EINVAL, ENOTDIR } from '../abi/linux/errno.js';
import { O_ACCMODE, O_RDONLY } from '../abi/linux/fcntl.js';
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG, modeToDtype } from '../abi/linux/stat.js';
import { Inode, noIo, pseudoStatFs } from './inode.js';
import type { Dentry } from './dentry.js';
import type { DirEntry, FileOps, FileSystem, SetAttr, Stat, StatFs } from './inode.js';

export class SynthFs implements FileSystem {
  private readonly inos = new Map<string, number>();
  private nextIno = 2;

  constructor(
    readonly name: string,
    private readonly magic: number,
    /** st_dev of every inode here. */
    readonly dev: number,
    /** The timestamps every inode reports (the mount time), in ns since the epoch. */
    readonly timeNs: bigint,
  ) {}

  /** A stable inode number for the object named `id` (e.g. "12/status"); "" is the root (1). */
  inoFor(id: string): number {
    if (id === '') return 1;
    let ino = this.inos.get(id);
    if (ino === undefined) {
      ino = this.nextIno++;
      this.inos.set(id, ino);
    }
    return ino;
  }

  statfs(): StatFs {
    return pseudoStatFs(this.magic);
  }
}

/** Owner and permission bits, changeable for the inode's life (chmod on a device). */
export interface Owner {
  uid: number;
  gid: number;
}

abstract class SynthInode extends Inode {
  owner: Owner = { uid: 0, gid: 0 };
  constructor(
    readonly fs: SynthFs,
    readonly ino: number,
    readonly type: number,
    public perm: number,
  ) {
    super();
  }

  protected override fsId(): string {
    return `${this.fs.name}:${this.fs.dev}`;
  }

  protected rdev(): number {
    return 0;
  }
  protected size(): number {
    return 0;
  }

  stat(): Stat {
    const t = this.fs.timeNs;
    return {
      dev: this.fs.dev, ino: this.ino, mode: this.type | this.perm, nlink: this.isDir ? 2 : 1,
      uid: this.owner.uid, gid: this.owner.gid, rdev: this.rdev(), size: this.size(), blksize: 1024,
      blocks: 0, atimeNs: t, mtimeNs: t, ctimeNs: t,
    };
  }

  override setattr(a: SetAttr): void {
    if (a.mode !== undefined) this.perm = a.mode & 0o7777;
    if (a.uid !== undefined) this.owner = { ...this.owner, uid: a.uid };
    if (a.gid !== undefined) this.owner = { ...this.owner, gid: a.gid };
    if (a.size !== undefined && this.type !== S_IFCHR) throw new Errno(EACCES);
  }
}

/** The children of a synthetic directory. */
export interface DirSource {
  names(): string[];
  get(name: string): Inode | null;
}

/** A DirSource over a fixed table. */
export function fixedEntries(entries: Map<string, Inode>): DirSource {
  return { names: () => [...entries.keys()], get: (n) => entries.get(n) ?? null };
}

export class SynthDir extends SynthInode {
  constructor(
    fs: SynthFs,
    ino: number,
    perm: number,
    private readonly source: DirSource,
  ) {
    super(fs, ino, S_IFDIR, perm);
  }

  override lookup(name: string): Inode | null {
    return this.source.get(name);
  }

  override readdir(): DirEntry[] {
    const out: DirEntry[] = [];
    for (const name of this.source.names()) {
      const inode = this.source.get(name);
      if (inode) out.push({ name, ino: inode.ino, type: modeToDtype(inode.type) });
    }
    return out;
  }

  override open(): FileOps {
    return noIo;
  }
}

/** A read-only (or write-handled) file whose bytes are computed at open. */
export class SynthFile extends SynthInode {
  constructor(
    fs: SynthFs,
    ino: number,
    perm: number,
    private readonly content: () => Uint8Array,
    private readonly onWrite: ((data: Uint8Array) => void) | null = null,
  ) {
    super(fs, ino, S_IFREG, perm);
  }

  /** A writable file takes O_TRUNC (`echo x > /proc/sys/...`) as a no-op, as procfs does. */
  override setattr(a: SetAttr): void {
    super.setattr(this.onWrite !== null && a.size === 0 ? { ...a, size: undefined } : a);
  }

  override open(flags: number): FileOps {
    if ((flags & O_ACCMODE) !== O_RDONLY && !this.onWrite) throw new Errno(EACCES);
    const data = this.content();
    const onWrite = this.onWrite;
    return {
      seekable: true,
      read(len: number, pos: number): Uint8Array {
        return data.slice(Math.min(pos, data.length), Math.min(pos + len, data.length));
      },
      write(d: Uint8Array): number {
        if (!onWrite) throw new Errno(EINVAL);
        onWrite(d);
        return d.length;
      },
    };
  }
}

export class SynthLink extends SynthInode {
  constructor(
    fs: SynthFs,
    ino: number,
    private readonly target: () => string,
    /** For a magic link: where following it leads. */
    private readonly magic: (() => Dentry | null) | null = null,
  ) {
    super(fs, ino, S_IFLNK, 0o777);
  }
  override readlink(): string {
    return this.target();
  }
  override magicTarget(): Dentry | null {
    return this.magic?.() ?? null;
  }
  protected override size(): number {
    return this.target().length;
  }
}

/** A character device: each open gets FileOps from `openDevice`. */
export class CharDevice extends SynthInode {
  constructor(
    fs: SynthFs,
    ino: number,
    perm: number,
    private readonly devNumber: number,
    private readonly openDevice: (flags: number) => FileOps,
  ) {
    super(fs, ino, S_IFCHR, perm);
  }
  protected override rdev(): number {
    return this.devNumber;
  }
  /** The device number this node opens (major/minor). */
  get device(): number {
    return this.devNumber;
  }
  override open(flags: number): FileOps {
    return this.openDevice(flags);
  }
  override lookup(): Inode | null {
    throw new Errno(ENOTDIR);
  }
}
