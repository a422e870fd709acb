// cpio "newc" archives (the initramfs format, Documentation/driver-api/
// early-userspace/buffer-format.rst): a reader that unpacks an archive into a
// directory (a tmpfs root at boot) the way init/initramfs.c does, and a
// writer that packs entries or a whole directory tree.
//
// Each entry is a 110-byte ASCII header ("070701" or "070702" and thirteen
// 8-digit hex fields), the NUL-terminated name padded so the data starts on
// a 4-byte boundary, then the data padded to 4 bytes. "TRAILER!!!" ends the
// archive. Hard links share (ino, dev major, dev minor): the first entry
// makes the inode, later ones link to it, and whichever carries data fills it.
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, devMajor, devMinor, makeDev } from '../abi/linux/stat.js';
import { O_RDONLY, O_WRONLY } from '../abi/linux/fcntl.js';
import { bytesToName, nameToBytes } from './byte_string.js';
import { ROOT_CREDS } from './permission.js';
import type { Inode } from './inode.js';

const HEADER = 110;
const TRAILER = 'TRAILER!!!';
const NS = 1_000_000_000n;

/** An archive that cannot be read: what is wrong and at which byte offset. */
export class CpioFormatError extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(`cpio archive: ${what} (at byte ${offset})`);
  }
}

export interface CpioEntry {
  /** Path inside the archive, a byte string without a leading "/" ("bin/sh", "." for the root). */
  name: string;
  /** st_mode: type and permission bits. */
  mode: number;
  uid: number;
  gid: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  /** File contents; a symlink's target. */
  data: Uint8Array;
  /** Device number of a character or block device node (makeDev form). */
  rdev?: number;
  /** Inode number: entries with the same ino (and nlink > 1) are hard links of one file. */
  ino?: number;
  nlink?: number;
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** Pack entries (in order) into a newc archive with its trailer. */
export function writeCpio(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let nextIno = 1;
  const header = (e: CpioEntry, ino: number, nlink: number): void => {
    const name = nameToBytes(e.name);
    const rdev = e.rdev ?? 0;
    const fields = [
      ino, e.mode, e.uid, e.gid, nlink, e.mtime, e.data.length, 0, 0, devMajor(rdev), devMinor(rdev), name.length + 1, 0,
    ];
    const text = '070701' + fields.map(hex8).join('');
    const headLen = pad4(HEADER + name.length + 1);
    const block = new Uint8Array(headLen + pad4(e.data.length));
    for (let i = 0; i < HEADER; i++) block[i] = text.charCodeAt(i);
    block.set(name, HEADER);
    block.set(e.data, headLen);
    parts.push(block);
    size += block.length;
  };
  for (const e of entries) {
    if (e.name === '' || e.name === TRAILER) throw new Error(`cpio: cannot store an entry named '${e.name}'`);
    const ino = e.ino ?? nextIno;
    nextIno = Math.max(nextIno, ino) + 1;
    header(e, ino, e.nlink ?? ((e.mode & S_IFMT) === S_IFDIR ? 2 : 1));
  }
  header({ name: TRAILER, mode: 0, uid: 0, gid: 0, mtime: 0, data: new Uint8Array(0) }, 0, 1);
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Parse a newc archive into its entries (up to the trailer). Throws CpioFormatError when malformed. */
export function readCpio(archive: Uint8Array): CpioEntry[] {
  const out: CpioEntry[] = [];
  let off = 0;
  for (;;) {
    // Linux skips zero padding between concatenated archives.
    while (off < archive.length && archive[off] === 0) off++;
    if (off >= archive.length) {
      if (out.length === 0) throw new CpioFormatError(off, 'empty archive');
      throw new CpioFormatError(off, `ends without the ${TRAILER} entry`);
    }
    if (off + HEADER > archive.length) throw new CpioFormatError(off, 'truncated header');
    const magic = bytesToName(archive.subarray(off, off + 6));
    if (magic !== '070701' && magic !== '070702') {
      const hint = magic === '070707' ? ' (old ASCII "odc" format; only newc is supported)' : '';
      throw new CpioFormatError(off, `bad magic '${printable(magic)}', expected 070701 (newc)${hint}`);
    }
    const f: number[] = [];
    for (let i = 0; i < 13; i++) {
      const s = bytesToName(archive.subarray(off + 6 + 8 * i, off + 14 + 8 * i));
      if (!/^[0-9a-fA-F]{8}$/.test(s)) throw new CpioFormatError(off + 6 + 8 * i, `header field ${i} is not hex: '${printable(s)}'`);
      f.push(parseInt(s, 16));
    }
    const [ino, mode, uid, gid, nlink, mtime, fileSize, , , rmaj, rmin, nameSize] = f;
    if (nameSize === 0) throw new CpioFormatError(off, 'entry with an empty name');
    const nameEnd = off + HEADER + nameSize;
    if (nameEnd > archive.length) throw new CpioFormatError(off, 'truncated name');
    if (archive[nameEnd - 1] !== 0) throw new CpioFormatError(off + HEADER, 'name is not NUL-terminated');
    const rawName = bytesToName(archive.subarray(off + HEADER, nameEnd - 1));
    const dataStart = off + pad4(HEADER + nameSize);
    if (rawName === TRAILER) return out;
    if (dataStart + fileSize > archive.length) {
      throw new CpioFormatError(off, `'${printable(rawName)}' needs ${fileSize} bytes of data but the archive ends first`);
    }
    out.push({
      name: rawName, mode, uid, gid, mtime, nlink, ino,
      data: archive.slice(dataStart, dataStart + fileSize),
      rdev: makeDev(rmaj, rmin),
    });
    off = dataStart + pad4(fileSize);
  }
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** An archive name as path components below the root: "./a//b/" -> ["a", "b"]; "." -> []. */
function components(name: string, off: number): string[] {
  const parts = name.split('/').filter((c) => c !== '' && c !== '.');
  if (parts.includes('..')) throw new CpioFormatError(off, `'${printable(name)}' leaves the root with '..'`);
  return parts;
}

function writeAll(inode: Inode, data: Uint8Array): void {
  const ops = inode.open(O_WRONLY);
  try {
    let done = 0;
    while (done < data.length) {
      const n = ops.write(data.subarray(done), done, false, false);
      if (n <= 0) throw new Error('short write');
      done += n;
    }
  } finally {
    ops.release?.();
  }
}

/**
 * Unpack `archive` into directory `root` (usually an empty tmpfs root): files,
 * directories, symlinks, FIFOs, sockets and device nodes with their modes,
 * owners and modification times, hard links by inode number. Missing parent
 * directories are made (0755); an existing entry is replaced, as Linux's
 * unpacker does. Returns the number of entries unpacked.
 */
export function unpackCpio(archive: Uint8Array, root: Inode): number {
  const entries = readCpio(archive);
  const links = new Map<string, Inode>();
  const dirTimes: Array<{ inode: Inode; mtime: number }> = [];
  for (const e of entries) {
    const parts = components(e.name, 0);
    const type = e.mode & S_IFMT;
    const perm = e.mode & 0o7777;
    const mtimeNs = BigInt(e.mtime) * NS;
    if (parts.length === 0) {
      if (type !== S_IFDIR) throw new CpioFormatError(0, `the root entry '${printable(e.name)}' is not a directory`);
      root.setattr({ mode: perm, uid: e.uid, gid: e.gid });
      dirTimes.push({ inode: root, mtime: e.mtime });
      continue;
    }
    let dir = root;
    for (const c of parts.slice(0, -1)) {
      let next = dir.lookup(c);
      if (next === null) {
        dir.mkdir(c, 0o755, ROOT_CREDS);
        next = dir.lookup(c);
      }
      if (next === null || !next.isDir) throw new CpioFormatError(0, `'${printable(e.name)}': '${printable(c)}' is not a directory`);
      dir = next;
    }
    const name = parts[parts.length - 1];
    const existing = dir.lookup(name);
    if (existing !== null) {
      if (existing.isDir && type === S_IFDIR) {
        existing.setattr({ mode: perm, uid: e.uid, gid: e.gid });
        dirTimes.push({ inode: existing, mtime: e.mtime });
        continue;
      }
      if (existing.isDir) dir.rmdir(name);
      else dir.unlink(name);
    }
    const linkKey = `${e.ino}:${e.rdev ?? 0}`;
    if (type === S_IFREG && (e.nlink ?? 1) > 1) {
      const first = links.get(linkKey);
      if (first !== undefined) {
        dir.link(name, first);
        if (e.data.length > 0) {
          first.setattr({ size: 0 });
          writeAll(first, e.data);
        }
        first.setattr({ mode: perm, uid: e.uid, gid: e.gid, mtimeNs });
        continue;
      }
    }
    let inode: Inode | null;
    switch (type) {
      case S_IFREG:
        inode = dir.create(name, perm, ROOT_CREDS);
        writeAll(inode, e.data);
        if ((e.nlink ?? 1) > 1) links.set(linkKey, inode);
        break;
      case S_IFDIR:
        dir.mkdir(name, perm, ROOT_CREDS);
        inode = dir.lookup(name);
        break;
      case S_IFLNK:
        dir.symlink(name, bytesToName(e.data), ROOT_CREDS);
        inode = dir.lookup(name);
        break;
      case S_IFCHR:
      case S_IFBLK:
      case S_IFIFO:
      case S_IFSOCK:
        dir.mknod(name, type | perm, type === S_IFCHR || type === S_IFBLK ? (e.rdev ?? 0) : 0, ROOT_CREDS);
        inode = dir.lookup(name);
        break;
      default:
        throw new CpioFormatError(0, `'${printable(e.name)}' has an unknown file type (mode 0${e.mode.toString(8)})`);
    }
    if (inode === null) throw new Error(`cpio: '${e.name}' vanished after it was made`);
    if (type === S_IFDIR) {
      inode.setattr({ mode: perm, uid: e.uid, gid: e.gid });
      dirTimes.push({ inode, mtime: e.mtime });
    } else if (type === S_IFLNK) {
      inode.setattr({ uid: e.uid, gid: e.gid, mtimeNs });
    } else {
      inode.setattr({ mode: perm, uid: e.uid, gid: e.gid, mtimeNs });
    }
  }
  // Filling a directory changes its mtime: set directory times last, deepest first.
  for (let i = dirTimes.length - 1; i >= 0; i--) dirTimes[i].inode.setattr({ mtimeNs: BigInt(dirTimes[i].mtime) * NS });
  return entries.length;
}

function readAll(inode: Inode): Uint8Array {
  const ops = inode.open(O_RDONLY);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const b = ops.read(1 << 20, total, false);
      if (b.length === 0) break;
      chunks.push(b);
      total += b.length;
    }
  } finally {
    ops.release?.();
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * The entries of the tree under directory `root`, parents before children
 * ("." first), with hard links sharing their inode number; file data are
 * read through the inodes. Pass the result to writeCpio.
 */
export function packTree(root: Inode): CpioEntry[] {
  const out: CpioEntry[] = [];
  const seen = new Map<number, number>();
  const entry = (name: string, inode: Inode): void => {
    const st = inode.stat();
    const type = st.mode & S_IFMT;
    let ino = st.ino;
    if (type === S_IFREG && st.nlink > 1) {
      const prev = seen.get(st.ino);
      if (prev !== undefined) ino = prev;
      else seen.set(st.ino, st.ino);
    }
    const data = type === S_IFREG ? readAll(inode) : type === S_IFLNK ? nameToBytes(inode.readlink()) : new Uint8Array(0);
    out.push({
      name, mode: st.mode, uid: st.uid, gid: st.gid, mtime: Number(st.mtimeNs / NS), data, ino, nlink: st.nlink,
      ...(type === S_IFCHR || type === S_IFBLK ? { rdev: st.rdev } : {}),
    });
  };
  const walk = (prefix: string, dir: Inode): void => {
    for (const e of dir.readdir()) {
      const child = dir.lookup(e.name);
      if (child === null) continue;
      const name = prefix === '' ? e.name : `${prefix}/${e.name}`;
      entry(name, child);
      if (child.isDir) walk(name, child);
    }
  };
  entry('.', root);
  walk('', root);
  return out;
}
