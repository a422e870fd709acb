// What hostfs needs from the host: synchronous file operations on host paths.
// Paths are byte strings (byte_string.ts) and always canonical: hostfs builds
// them from components it looked up itself, never containing "..", "." or a
// symlink before the last component. Every method throws Errno with the Linux
// errno the host reported. host/node/host_fs.ts implements it with node:fs.
import type { Stat, StatFs } from '../abi/linux/stat.js';

export interface HostDirEntry {
  name: string;
  ino: number;
  /** DT_* type. */
  type: number;
}

export interface HostOpenFlags {
  read: boolean;
  write: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
}

export interface HostFsPort {
  /** stat without following a final symlink. */
  lstat(path: string): Stat;
  fstat(fd: number): Stat;
  readdir(path: string): HostDirEntry[];
  readlink(path: string): string;
  /** Open a regular file (never following a final symlink); returns a host handle. */
  open(path: string, flags: HostOpenFlags, mode: number): number;
  /** Read up to buf.length bytes at `pos`; returns the count. */
  read(fd: number, buf: Uint8Array, pos: number): number;
  /** Write at `pos`; returns the count. */
  write(fd: number, data: Uint8Array, pos: number): number;
  close(fd: number): void;
  ftruncate(fd: number, size: number): void;
  fsync(fd: number): void;
  mkdir(path: string, mode: number): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  link(existing: string, path: string): void;
  /** mkfifo(3); absent when the host cannot make FIFOs (then mknod is EPERM). */
  mkfifo?(path: string, mode: number): void;
  chmod(path: string, mode: number): void;
  lchown(path: string, uid: number, gid: number): void;
  /** Set times (nanoseconds) without following a final symlink. */
  lutimes(path: string, atimeNs: bigint, mtimeNs: bigint): void;
  truncate(path: string, size: number): void;
  statfs(path: string): StatFs;
  /** access(2) with R_OK/W_OK/X_OK bits, as the host user. */
  access(path: string, mode: number): void;
  /** The host user's uid (0: the host lets us do anything, so hostfs checks and sets owners itself); absent: unknown. */
  hostUid?(): number;
}
