// File types, modes and the struct layouts of stat(2), statx(2), statfs(2) and
// getdents64(2) as AArch64 Linux lays them out (asm-generic/stat.h: struct stat
// is 128 bytes; include/uapi/linux/stat.h: struct statx is 256 bytes;
// asm-generic/statfs.h: struct statfs is 120 bytes; linux_dirent64).

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

export const DT_UNKNOWN = 0;
export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_BLK = 6;
export const DT_REG = 8;
export const DT_LNK = 10;
export const DT_SOCK = 12;

/** The dirent d_type of a mode's file type (IFTODT). */
export function modeToDtype(mode: number): number {
  return (mode & S_IFMT) >>> 12;
}

export const STATX_TYPE = 0x1;
export const STATX_MODE = 0x2;
export const STATX_NLINK = 0x4;
export const STATX_UID = 0x8;
export const STATX_GID = 0x10;
export const STATX_ATIME = 0x20;
export const STATX_MTIME = 0x40;
export const STATX_CTIME = 0x80;
export const STATX_INO = 0x100;
export const STATX_SIZE = 0x200;
export const STATX_BLOCKS = 0x400;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX_BTIME = 0x800;
export const STATX__RESERVED = 0x80000000;

/** Filesystem magic numbers (include/uapi/linux/magic.h). */
export const TMPFS_MAGIC = 0x01021994;
export const PROC_SUPER_MAGIC = 0x9fa0;
export const EXT4_SUPER_MAGIC = 0xef53;

/** What stat(2) reports about a file; times are nanoseconds since the epoch. */
export interface Stat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** Birth time, when the file system knows it. */
  btimeNs?: bigint;
}

export interface StatFs {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  fsid: [number, number];
  namelen: number;
  frsize: number;
  flags: number;
}

/** Split a dev_t (new_encode_dev) into major and minor. */
export function devMajor(dev: number): number {
  return Math.floor(dev / 256) & 0xfff;
}
export function devMinor(dev: number): number {
  return (dev & 0xff) | ((Math.floor(dev / 4096) & 0xfff00) >>> 0);
}
/** new_encode_dev(MKDEV(major, minor)): the dev_t stat(2) reports. */
export function makeDev(major: number, minor: number): number {
  return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
}

const NS = 1_000_000_000n;
function splitTime(ns: bigint): [bigint, number] {
  let sec = ns / NS;
  let nsec = ns % NS;
  if (nsec < 0n) {
    nsec += NS;
    sec -= 1n;
  }
  return [sec, Number(nsec)];
}

export const STAT_SIZE = 128;

/** Encode struct stat (asm-generic/stat.h, 128 bytes). */
export function encodeStat(s: Stat): Uint8Array {
  const b = new Uint8Array(STAT_SIZE);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(s.dev), true);
  v.setBigUint64(8, BigInt(s.ino), true);
  v.setUint32(16, s.mode >>> 0, true);
  v.setUint32(20, s.nlink >>> 0, true);
  v.setUint32(24, s.uid >>> 0, true);
  v.setUint32(28, s.gid >>> 0, true);
  v.setBigUint64(32, BigInt(s.rdev), true);
  v.setBigInt64(48, BigInt(s.size), true);
  v.setInt32(56, s.blksize, true);
  v.setBigInt64(64, BigInt(s.blocks), true);
  const times = [s.atimeNs, s.mtimeNs, s.ctimeNs];
  for (let i = 0; i < 3; i++) {
    const [sec, nsec] = splitTime(times[i]);
    v.setBigInt64(72 + 16 * i, sec, true);
    v.setBigUint64(80 + 16 * i, BigInt(nsec), true);
  }
  return b;
}

export const STATX_STRUCT_SIZE = 256;

/** Encode struct statx (include/uapi/linux/stat.h, 256 bytes); `mask` is what is filled. */
export function encodeStatx(s: Stat, mask: number): Uint8Array {
  const b = new Uint8Array(STATX_STRUCT_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, mask >>> 0, true);
  v.setUint32(4, s.blksize >>> 0, true);
  v.setUint32(16, s.nlink >>> 0, true);
  v.setUint32(20, s.uid >>> 0, true);
  v.setUint32(24, s.gid >>> 0, true);
  v.setUint16(28, s.mode & 0xffff, true);
  v.setBigUint64(32, BigInt(s.ino), true);
  v.setBigUint64(40, BigInt(s.size), true);
  v.setBigUint64(48, BigInt(s.blocks), true);
  const ts = (off: number, ns: bigint): void => {
    const [sec, nsec] = splitTime(ns);
    v.setBigInt64(off, sec, true);
    v.setUint32(off + 8, nsec, true);
  };
  ts(64, s.atimeNs);
  ts(80, s.btimeNs ?? 0n);
  ts(96, s.ctimeNs);
  ts(112, s.mtimeNs);
  v.setUint32(128, devMajor(s.rdev), true);
  v.setUint32(132, devMinor(s.rdev), true);
  v.setUint32(136, devMajor(s.dev), true);
  v.setUint32(140, devMinor(s.dev), true);
  return b;
}

export const STATFS_SIZE = 120;

/** Encode struct statfs (asm-generic/statfs.h with 64-bit words, 120 bytes). */
export function encodeStatFs(s: StatFs): Uint8Array {
  const b = new Uint8Array(STATFS_SIZE);
  const v = new DataView(b.buffer);
  const words = [s.type, s.bsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree];
  words.forEach((w, i) => v.setBigInt64(8 * i, BigInt(w), true));
  v.setInt32(56, s.fsid[0] | 0, true);
  v.setInt32(60, s.fsid[1] | 0, true);
  v.setBigInt64(64, BigInt(s.namelen), true);
  v.setBigInt64(72, BigInt(s.frsize), true);
  v.setBigInt64(80, BigInt(s.flags), true);
  return b;
}

/** Size of one linux_dirent64 record for a name of `nameLen` bytes (8-aligned). */
export function dirent64Size(nameLen: number): number {
  return (19 + nameLen + 1 + 7) & ~7;
}

/** Encode one linux_dirent64 {d_ino, d_off, d_reclen, d_type, d_name NUL} into `out` at `at`. */
export function encodeDirent64(
  out: Uint8Array,
  at: number,
  ino: number,
  off: number,
  type: number,
  name: Uint8Array,
): number {
  const len = dirent64Size(name.length);
  const v = new DataView(out.buffer, out.byteOffset + at, len);
  v.setBigUint64(0, BigInt(ino), true);
  v.setBigInt64(8, BigInt(off), true);
  v.setUint16(16, len, true);
  v.setUint8(18, type);
  out.set(name, at + 19);
  out.fill(0, at + 19 + name.length, at + len);
  return len;
}
