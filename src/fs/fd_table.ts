// A task's file descriptor table: small integers naming open file
// descriptions, each with its close-on-exec flag. fork(2) copies the table and
// shares the descriptions (clone()); execve(2) closes the O_CLOEXEC ones
// (closeOnExec()). RLIMIT_NOFILE bounds the numbers (`limit`, EMFILE).
import { Errno } from '../kernel/errno.js';
import { EBADF, EINVAL, EMFILE } from '../abi/linux/errno.js';
import type { OpenFile } from './file.js';

interface Slot {
  file: OpenFile;
  cloexec: boolean;
}

/** The default soft RLIMIT_NOFILE. */
export const DEFAULT_NOFILE = 1024;

export class FdTable {
  private slots: Array<Slot | undefined> = [];
  /** The soft RLIMIT_NOFILE: descriptors are below it. The kernel's setrlimit updates it. */
  limit = DEFAULT_NOFILE;

  /** The open file behind `fd`; EBADF when there is none. */
  get(fd: number): OpenFile {
    const s = fd >= 0 ? this.slots[fd] : undefined;
    if (!s) throw new Errno(EBADF);
    return s.file;
  }

  has(fd: number): boolean {
    return fd >= 0 && this.slots[fd] !== undefined;
  }

  /**
   * Install `file` (taking over the caller's reference) at the lowest free
   * number >= `min`; EMFILE when none is below the limit.
   */
  install(file: OpenFile, cloexec = false, min = 0): number {
    let fd = min;
    while (fd < this.slots.length && this.slots[fd]) fd++;
    if (fd >= this.limit) throw new Errno(EMFILE);
    this.slots[fd] = { file, cloexec };
    return fd;
  }

  /** Install at exactly `fd` (dup2/dup3), closing what was there. Takes over the caller's reference. */
  installAt(fd: number, file: OpenFile, cloexec: boolean): void {
    if (fd < 0 || fd >= this.limit) throw new Errno(EBADF);
    const old = this.slots[fd];
    this.slots[fd] = { file, cloexec };
    if (old) this.drop(old.file);
  }

  /** Closing any descriptor of a file releases the POSIX record locks this table (the process) holds on it. */
  private drop(file: OpenFile): void {
    file.locks?.releaseOwner(file.inode.key, this);
    file.release();
  }

  close(fd: number): void {
    const s = fd >= 0 ? this.slots[fd] : undefined;
    if (!s) throw new Errno(EBADF);
    this.slots[fd] = undefined;
    this.trim();
    this.drop(s.file);
  }

  /** dup(2)/fcntl(F_DUPFD): a new number for the same description, at or above `min`. */
  dup(fd: number, min = 0, cloexec = false): number {
    const file = this.get(fd);
    if (min < 0 || min >= this.limit) throw new Errno(EINVAL);
    file.retain();
    try {
      return this.install(file, cloexec, min);
    } catch (e) {
      file.release();
      throw e;
    }
  }

  /** dup3(2): `newfd` becomes a copy of `oldfd`. */
  dup3(oldfd: number, newfd: number, cloexec: boolean): number {
    const file = this.get(oldfd);
    if (oldfd === newfd) throw new Errno(EINVAL);
    this.installAt(newfd, file.retain(), cloexec);
    return newfd;
  }

  getCloexec(fd: number): boolean {
    this.get(fd);
    return this.slots[fd]!.cloexec;
  }

  setCloexec(fd: number, on: boolean): void {
    this.get(fd);
    this.slots[fd]!.cloexec = on;
  }

  /** close_range(2): close (or mark close-on-exec) every open fd in [first, last]. */
  closeRange(first: number, last: number, cloexecOnly: boolean): void {
    const end = Math.min(last, this.slots.length - 1);
    for (let fd = first; fd <= end; fd++) {
      const s = this.slots[fd];
      if (!s) continue;
      if (cloexecOnly) s.cloexec = true;
      else {
        this.slots[fd] = undefined;
        this.drop(s.file);
      }
    }
    this.trim();
  }

  /** execve(2): close every close-on-exec descriptor. */
  closeOnExec(): void {
    this.slots.forEach((s, fd) => {
      if (s?.cloexec) {
        this.slots[fd] = undefined;
        this.drop(s.file);
      }
    });
    this.trim();
  }

  /** exit: close everything. */
  closeAll(): void {
    for (const s of this.slots) s?.file.locks?.forget(this);
    this.closeRange(0, this.slots.length - 1, false);
  }

  /** fork(2): a copy of the table sharing every open file description. */
  clone(): FdTable {
    const t = new FdTable();
    t.limit = this.limit;
    t.slots = this.slots.map((s) => (s ? { file: s.file.retain(), cloexec: s.cloexec } : undefined));
    return t;
  }

  /** The open descriptors in increasing order (for /proc/pid/fd and poll). */
  openFds(): number[] {
    const out: number[] = [];
    this.slots.forEach((s, fd) => {
      if (s) out.push(fd);
    });
    return out;
  }

  private trim(): void {
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
  }
}
