// HostFsPort over node:fs synchronous calls. Paths arrive as byte strings and
// go to the host as Buffers, so non-UTF-8 names round-trip.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Errno } from '../../kernel/errno.js';
import { EACCES, EEXIST, EINVAL, EIO, ENOENT, EPERM } from '../../abi/linux/errno.js';
import { DT_BLK, DT_CHR, DT_DIR, DT_FIFO, DT_LNK, DT_REG, DT_SOCK, DT_UNKNOWN } from '../../abi/linux/stat.js';
import type { Stat, StatFs } from '../../abi/linux/stat.js';
import type { HostDirEntry, HostFsPort, HostOpenFlags } from '../../fs/host_fs_port.js';
import { hostCall } from './errno_map.js';
import { hostTool } from './host_tool.js';

function hp(path: string): Buffer {
  return Buffer.from(path, 'latin1');
}

export function toStat(s: fs.BigIntStats): Stat {
  return {
    dev: Number(s.dev), ino: Number(s.ino), mode: Number(s.mode), nlink: Number(s.nlink), uid: Number(s.uid),
    gid: Number(s.gid), rdev: Number(s.rdev), size: Number(s.size), blksize: Number(s.blksize),
    blocks: Number(s.blocks), atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, btimeNs: s.birthtimeNs,
  };
}

function direntType(d: fs.Dirent): number {
  if (d.isFile()) return DT_REG;
  if (d.isDirectory()) return DT_DIR;
  if (d.isSymbolicLink()) return DT_LNK;
  if (d.isCharacterDevice()) return DT_CHR;
  if (d.isBlockDevice()) return DT_BLK;
  if (d.isFIFO()) return DT_FIFO;
  if (d.isSocket()) return DT_SOCK;
  return DT_UNKNOWN;
}

/** Node's `fs.utimesSync` takes seconds as a double; nanoseconds beyond its precision are rounded. */
function seconds(ns: bigint): number {
  return Number(ns) / 1e9;
}

export class NodeHostFs implements HostFsPort {
  lstat(path: string): Stat {
    return hostCall(() => toStat(fs.lstatSync(hp(path), { bigint: true })));
  }
  fstat(fd: number): Stat {
    return hostCall(() => toStat(fs.fstatSync(fd, { bigint: true })));
  }
  /** Entries in the host's own order (opendir/readdir, not the sorted scandir readdirSync uses), as getdents gives them. */
  readdir(path: string): HostDirEntry[] {
    return hostCall(() => {
      const base = path === '/' ? '' : path;
      const dir = fs.opendirSync(hp(path), { encoding: 'buffer' as BufferEncoding, bufferSize: 256 });
      const out: HostDirEntry[] = [];
      try {
        for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
          // With encoding 'buffer' Node hands the name over as raw bytes (typed as string).
          const raw: string | Buffer = d.name;
          const name = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
          let ino = 0;
          try {
            ino = Number(fs.lstatSync(hp(base + '/' + name), { bigint: true }).ino);
          } catch {
            ino = 0;
          }
          out.push({ name, ino, type: direntType(d) });
        }
      } finally {
        dir.closeSync();
      }
      return out;
    });
  }
  readlink(path: string): string {
    return hostCall(() => fs.readlinkSync(hp(path), { encoding: 'buffer' }).toString('latin1'));
  }
  open(path: string, f: HostOpenFlags, mode: number): number {
    const c = fs.constants;
    let flags = f.read && f.write ? c.O_RDWR : f.write ? c.O_WRONLY : c.O_RDONLY;
    if (f.create) flags |= c.O_CREAT;
    if (f.exclusive) flags |= c.O_EXCL;
    if (f.truncate) flags |= c.O_TRUNC;
    flags |= c.O_NOFOLLOW;
    return hostCall(() => fs.openSync(hp(path), flags, mode));
  }
  read(fd: number, buf: Uint8Array, pos: number): number {
    return hostCall(() => fs.readSync(fd, buf, 0, buf.length, pos));
  }
  write(fd: number, data: Uint8Array, pos: number): number {
    return hostCall(() => fs.writeSync(fd, data, 0, data.length, pos));
  }
  close(fd: number): void {
    hostCall(() => fs.closeSync(fd));
  }
  ftruncate(fd: number, size: number): void {
    hostCall(() => fs.ftruncateSync(fd, size));
  }
  fsync(fd: number): void {
    hostCall(() => fs.fsyncSync(fd));
  }
  mkdir(path: string, mode: number): void {
    hostCall(() => fs.mkdirSync(hp(path), { mode }));
  }
  rmdir(path: string): void {
    hostCall(() => fs.rmdirSync(hp(path)));
  }
  unlink(path: string): void {
    hostCall(() => fs.unlinkSync(hp(path)));
  }
  rename(from: string, to: string): void {
    hostCall(() => fs.renameSync(hp(from), hp(to)));
  }
  symlink(target: string, path: string): void {
    hostCall(() => fs.symlinkSync(hp(target), hp(path)));
  }
  /** Node has no mkfifo: the host's mkfifo(1) makes the node (the guest's FIFOs never open host FIFOs). */
  mkfifo(path: string, mode: number): void {
    const r = spawnSync(hostTool('mkfifo'), ['-m', (mode & 0o7777).toString(8), '--', hp(path).toString()], { encoding: 'latin1' });
    if (r.error) throw new Errno(EPERM, 'mkfifo(1) is not available');
    if (r.status === 0) return;
    const msg = r.stderr;
    if (msg.includes('File exists')) throw new Errno(EEXIST);
    if (msg.includes('Permission denied')) throw new Errno(EACCES);
    if (msg.includes('No such file')) throw new Errno(ENOENT);
    throw new Errno(EIO, msg.trim());
  }

  link(existing: string, path: string): void {
    hostCall(() => fs.linkSync(hp(existing), hp(path)));
  }
  chmod(path: string, mode: number): void {
    hostCall(() => fs.chmodSync(hp(path), mode));
  }
  lchown(path: string, uid: number, gid: number): void {
    hostCall(() => fs.lchownSync(hp(path), uid, gid));
  }
  lutimes(path: string, atimeNs: bigint, mtimeNs: bigint): void {
    hostCall(() => fs.lutimesSync(hp(path), seconds(atimeNs), seconds(mtimeNs)));
  }
  truncate(path: string, size: number): void {
    hostCall(() => fs.truncateSync(hp(path), size));
  }
  statfs(path: string): StatFs {
    return hostCall(() => {
      const s = fs.statfsSync(hp(path), { bigint: false });
      return {
        type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files,
        ffree: s.ffree, fsid: [0, 0], namelen: 255, frsize: s.bsize, flags: 0,
      };
    });
  }
  access(path: string, mode: number): void {
    if (mode & ~7) throw new Errno(EINVAL);
    hostCall(() => fs.accessSync(hp(path), mode));
  }
  hostUid(): number {
    return process.getuid?.() ?? -1;
  }
}
