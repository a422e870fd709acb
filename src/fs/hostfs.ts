// hostfs: a directory tree of the host, seen through HostFsPort. Confinement
// holds by construction: every host path is the root path plus components
// this file system looked up itself with lstat; `..` and symlinks are
// interpreted by the VFS in the guest namespace (an absolute symlink restarts
// at the guest root, `..` stops at it), and files are opened with O_NOFOLLOW.
import { Errno } from '../kernel/errno.js';
import { EINVAL, ENOENT, ENOTDIR, ENXIO, EOPNOTSUPP, EPERM } from '../abi/linux/errno.js';
import { O_ACCMODE, O_RDONLY, O_WRONLY, RENAME_EXCHANGE } from '../abi/linux/fcntl.js';
import { S_IFIFO, S_IFMT } from '../abi/linux/stat.js';
import { Inode, noIo } from './inode.js';
import type { DirEntry, FileOps, FileSystem, SetAttr, Stat, StatFs } from './inode.js';
import type { HostFsPort } from './host_fs_port.js';
import { ROOT_CREDS, newOwner } from './permission.js';
import type { FsCreds } from './permission.js';

/** Numbers the temporary names RENAME_EXCHANGE swaps through. */
let exchangeSeq = 0;

/** Reads are served in pieces of at most this much past the current end of file. */
const READ_SLACK = 65536;

export class HostFs implements FileSystem {
  readonly name = 'hostfs';
  /**
   * The host enforces permissions as its own user, unless that user is root:
   * then the host would allow everything, so Flint checks the guest's
   * credentials itself (fs/permission.ts) and gives new nodes the guest's owner.
   */
  readonly hostChecked: boolean;

  /** `rootPath` is a canonical host directory path (no symlinks, no trailing slash except "/"). */
  constructor(
    readonly port: HostFsPort,
    readonly rootPath: string,
  ) {
    this.hostChecked = port.hostUid?.() !== 0;
  }

  root(): HostInode {
    return new HostInode(this, this.rootPath, this.port.lstat(this.rootPath));
  }

  statfs(): StatFs {
    return this.port.statfs(this.rootPath);
  }
}

export class HostInode extends Inode {
  readonly ino: number;
  readonly type: number;
  private readonly dev: number;
  /** A read-write handle left by create(), used by the open that follows it. */
  private createdFd: number | null = null;

  constructor(
    readonly fs: HostFs,
    readonly hostPath: string,
    st: Stat,
  ) {
    super();
    this.ino = st.ino;
    this.type = st.mode & S_IFMT;
    this.dev = st.dev;
  }

  protected override fsId(): string {
    return `host:${this.dev}`;
  }

  private get port(): HostFsPort {
    return this.fs.port;
  }

  private childPath(name: string): string {
    return this.hostPath === '/' ? '/' + name : this.hostPath + '/' + name;
  }

  stat(): Stat {
    return this.port.lstat(this.hostPath);
  }

  override lookup(name: string): Inode | null {
    if (!this.isDir) throw new Errno(ENOTDIR);
    const path = this.childPath(name);
    try {
      return new HostInode(this.fs, path, this.port.lstat(path));
    } catch (e) {
      if (e instanceof Errno && e.code === ENOENT) return null;
      throw e;
    }
  }

  override readdir(): DirEntry[] {
    return this.port.readdir(this.hostPath);
  }

  /**
   * On a host-root hostfs, give a node just made the owner and mode Linux
   * would (the host made it root's, through its own umask).
   */
  private settle(path: string, mode: number, creds: FsCreds, isDir: boolean, isLink: boolean): void {
    if (this.fs.hostChecked) return;
    let st = this.port.lstat(path);
    const want = newOwner(this, creds, mode, isDir);
    if (want.uid !== st.uid || want.gid !== st.gid) {
      // The host's chown may have cleared set-id bits: look again.
      this.port.lchown(path, want.uid, want.gid);
      st = this.port.lstat(path);
    }
    if (!isLink && (st.mode & 0o7777) !== want.mode) this.port.chmod(path, want.mode);
  }

  override create(name: string, mode: number, creds: FsCreds = ROOT_CREDS): Inode {
    const path = this.childPath(name);
    const fd = this.port.open(path, { read: true, write: true, create: true, exclusive: true, truncate: false }, mode);
    try {
      this.settle(path, mode, creds, false, false);
    } catch (e) {
      this.port.close(fd);
      throw e;
    }
    const inode = new HostInode(this.fs, path, this.port.fstat(fd));
    inode.createdFd = fd;
    return inode;
  }

  override mkdir(name: string, mode: number, creds: FsCreds = ROOT_CREDS): void {
    const path = this.childPath(name);
    this.port.mkdir(path, mode);
    this.settle(path, mode, creds, true, false);
  }

  override symlink(name: string, target: string, creds: FsCreds = ROOT_CREDS): void {
    const path = this.childPath(name);
    this.port.symlink(target, path);
    this.settle(path, 0o777, creds, false, true);
  }

  override mknod(name: string, mode: number, _rdev: number, creds: FsCreds = ROOT_CREDS): void {
    if ((mode & S_IFMT) !== S_IFIFO || !this.port.mkfifo) throw new Errno(EPERM);
    const path = this.childPath(name);
    this.port.mkfifo(path, mode & 0o7777);
    this.settle(path, mode & 0o7777, creds, false, false);
  }

  override link(name: string, target: Inode): void {
    if (!(target instanceof HostInode)) throw new Errno(EINVAL);
    this.port.link(target.hostPath, this.childPath(name));
  }

  override unlink(name: string): void {
    this.port.unlink(this.childPath(name));
  }

  override rmdir(name: string): void {
    this.port.rmdir(this.childPath(name));
  }

  override rename(oldName: string, newDir: Inode, newName: string, flags: number): void {
    if (!(newDir instanceof HostInode)) throw new Errno(EINVAL);
    const from = this.childPath(oldName);
    const to = newDir.childPath(newName);
    if (flags & RENAME_EXCHANGE) {
      // The host has no renameat2 here: swap through a temporary name (not atomic for host observers).
      const tmp = this.childPath(`.flint-exchange-${this.ino}-${exchangeSeq++}`);
      this.port.rename(from, tmp);
      try {
        this.port.rename(to, from);
      } catch (e) {
        this.port.rename(tmp, from);
        throw e;
      }
      this.port.rename(tmp, to);
      return;
    }
    this.port.rename(from, to);
  }

  override readlink(): string {
    return this.port.readlink(this.hostPath);
  }

  override open(flags: number): FileOps {
    if (!this.isRegular) {
      if (this.isDir) return noIo;
      throw new Errno(ENXIO);
    }
    let fd = this.createdFd;
    this.createdFd = null;
    if (fd === null) {
      const acc = flags & O_ACCMODE;
      fd = this.port.open(
        this.hostPath,
        { read: acc !== O_WRONLY, write: acc !== O_RDONLY, create: false, exclusive: false, truncate: false },
        0,
      );
    }
    return new HostFileOps(this.port, fd);
  }

  override setattr(a: SetAttr): void {
    if (a.mode !== undefined) {
      if (this.isSymlink) throw new Errno(EOPNOTSUPP);
      this.port.chmod(this.hostPath, a.mode & 0o7777);
    }
    if (a.uid !== undefined || a.gid !== undefined) this.port.lchown(this.hostPath, a.uid ?? -1, a.gid ?? -1);
    if (a.size !== undefined) this.port.truncate(this.hostPath, a.size);
    if (a.atimeNs !== undefined || a.mtimeNs !== undefined) {
      const st = this.stat();
      this.port.lutimes(this.hostPath, a.atimeNs ?? st.atimeNs, a.mtimeNs ?? st.mtimeNs);
    }
  }

  override access(mode: number): void {
    this.port.access(this.hostPath, mode);
  }
}

/** An open host regular file. */
class HostFileOps implements FileOps {
  readonly seekable = true;
  constructor(
    private readonly port: HostFsPort,
    private readonly fd: number,
  ) {}

  read(len: number, pos: number): Uint8Array {
    const size = this.port.fstat(this.fd).size;
    const want = Math.min(len, Math.max(0, size - pos) + READ_SLACK);
    const buf = new Uint8Array(want);
    const n = this.port.read(this.fd, buf, pos);
    return buf.subarray(0, n);
  }

  write(data: Uint8Array, pos: number, _nonblock: boolean, append: boolean): number {
    return this.port.write(this.fd, data, append ? this.port.fstat(this.fd).size : pos);
  }

  stat(): Stat {
    return this.port.fstat(this.fd);
  }
  fsync(): void {
    this.port.fsync(this.fd);
  }
  truncate(size: number): void {
    this.port.ftruncate(this.fd, size);
  }
  release(): void {
    this.port.close(this.fd);
  }
}
