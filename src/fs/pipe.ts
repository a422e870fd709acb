// Pipes and FIFOs (pipe(7), fs/pipe.c). The buffer is Linux's: a ring of
// page-sized slots (16 by default, 64 KiB), where a write first tops up the
// last slot with its sub-page remainder and then fills whole fresh slots.
// Hence PIPE_BUF atomicity (a write of at most 4096 bytes lands in one slot
// or waits) and Linux's exact counts for non-blocking writes.
//
// Reads take what is there, return 0 once every writer has gone, and wait
// (or EAGAIN) when empty. A blocking write larger than the free space stores
// what fits and throws PartialWrite: the syscall layer records the progress
// in the task's restart state and continues with the rest when woken, so
// write(2) returns only when everything is written (or a signal or EPIPE
// intervenes). A write with no reader left fails with EPIPE; the syscall
// layer raises SIGPIPE.
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EBUSY, EINVAL, ENXIO, EPERM, EPIPE } from '../abi/linux/errno.js';
import { O_ACCMODE, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY } from '../abi/linux/fcntl.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../abi/linux/poll.js';
import { S_IFIFO, makeDev } from '../abi/linux/stat.js';
import { OpenFile } from './file.js';
import { Inode, pseudoStatFs } from './inode.js';
import { WaitQueue, WouldBlock } from './wait_queue.js';
import type { FileOps, FileSystem, Stat } from './inode.js';

export const PIPE_BUF = 4096;
const PAGE = 4096;
export const PIPE_CAPACITY = 65536;
/** /proc/sys/fs/pipe-max-size: the most an unprivileged F_SETPIPE_SZ may ask for. */
export const PIPE_MAX_SIZE = 1048576;

const PIPEFS_MAGIC = 0x50495045;

const pipeFs: FileSystem = {
  name: 'pipefs',
  statfs: () => pseudoStatFs(PIPEFS_MAGIC),
};

/**
 * Thrown by a blocking write that stored `written` bytes and must wait for
 * room for the rest. The caller continues with the remaining bytes.
 */
export class PartialWrite extends WouldBlock {
  constructor(
    readonly written: number,
    queue: WaitQueue,
  ) {
    super(queue);
  }
}

/**
 * How a stream write that stored `done` of its `len` bytes ends: the count when
 * all went; without blocking, EAGAIN when nothing went, else the short count;
 * blocking, a wait on `queue` (PartialWrite once part has gone).
 */
export function endStreamWrite(done: number, len: number, nonblock: boolean, queue: WaitQueue): number {
  if (done === len) return done;
  if (nonblock) {
    if (done === 0) throw new Errno(EAGAIN);
    return done;
  }
  if (done === 0) throw new WouldBlock(queue);
  throw new PartialWrite(done, queue);
}

interface Slot {
  data: Uint8Array;
  off: number;
  len: number;
}

/** A pipe buffer with its reader/writer counts and wait queues (pipe_inode_info). */
export class Pipe {
  private slots: Slot[] = [];
  private maxSlots = PIPE_CAPACITY / PAGE;
  private bytes = 0;
  readers = 0;
  writers = 0;
  /** Counts writer opens, so a FIFO reader can tell whether it has ever had a writer (POLLHUP). */
  writerOpens = 0;
  readonly readWait = new WaitQueue();
  readonly writeWait = new WaitQueue();
  /** FIFO opens waiting for the other side (their number counts as present partners). */
  readonly openReaders = new WaitQueue();
  readonly openWriters = new WaitQueue();
  /**
   * Waiting openers the other side has let through: a woken opener passes
   * even if its partner has closed again meanwhile (Linux's r_counter/w_counter).
   */
  private readerTickets = 0;
  private writerTickets = 0;

  /**
   * Readers and writers as the other side sees them: open ends plus openers
   * waiting or let through (Linux counts a FIFO opener before it waits).
   */
  private get liveReaders(): number {
    return this.readers + this.openReaders.size + this.readerTickets;
  }
  private get liveWriters(): number {
    return this.writers + this.openWriters.size + this.writerTickets;
  }

  private admitReaders(): void {
    this.readerTickets += this.openReaders.size;
    this.openReaders.wakeAll();
  }
  private admitWriters(): void {
    this.writerTickets += this.openWriters.size;
    this.openWriters.wakeAll();
  }

  get capacity(): number {
    return this.maxSlots * PAGE;
  }
  get buffered(): number {
    return this.bytes;
  }
  get full(): boolean {
    return this.slots.length >= this.maxSlots;
  }

  /** F_SETPIPE_SZ: round up to a power-of-two number of pages; EBUSY when the data would not fit. */
  resize(size: number, privileged: boolean): number {
    if (size > 2 ** 31) throw new Errno(EINVAL);
    if (size > PIPE_MAX_SIZE && !privileged) throw new Errno(EPERM);
    let pages = 1;
    while (pages * PAGE < size) pages *= 2;
    if (pages < this.slots.length) throw new Errno(EBUSY);
    this.maxSlots = pages;
    this.writeWait.wakeAll();
    return pages * PAGE;
  }

  read(len: number, nonblock: boolean): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    if (this.bytes === 0) {
      if (this.liveWriters === 0) return new Uint8Array(0);
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.readWait);
    }
    const n = Math.min(len, this.bytes);
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const s = this.slots[0];
      const take = Math.min(s.len, n - got);
      out.set(s.data.subarray(s.off, s.off + take), got);
      got += take;
      s.off += take;
      s.len -= take;
      if (s.len === 0) this.slots.shift();
    }
    this.bytes -= n;
    this.writeWait.wakeAll();
    return out;
  }

  write(data: Uint8Array, nonblock: boolean): number {
    if (data.length === 0) return 0;
    if (this.liveReaders === 0) throw new Errno(EPIPE);
    let done = 0;
    // A sub-page remainder first tops up the last slot when it fits there whole.
    const chars = data.length & (PAGE - 1);
    const last = this.slots[this.slots.length - 1];
    if (chars > 0 && last && last.off + last.len + chars <= PAGE) {
      last.data.set(data.subarray(0, chars), last.off + last.len);
      last.len += chars;
      done = chars;
    }
    while (done < data.length && !this.full) {
      const n = Math.min(PAGE, data.length - done);
      const page = new Uint8Array(PAGE);
      page.set(data.subarray(done, done + n));
      this.slots.push({ data: page, off: 0, len: n });
      done += n;
    }
    this.bytes += done;
    if (done > 0) this.readWait.wakeAll();
    return endStreamWrite(done, data.length, nonblock, this.writeWait);
  }

  /** poll(2) readiness of the read end (`reader`) or the write end. */
  pollMask(reader: boolean, writer: boolean, writerOpensAtOpen: number): number {
    let m = 0;
    if (reader) {
      if (this.bytes > 0) m |= POLLIN | POLLRDNORM;
      if (this.liveWriters === 0 && this.writerOpens !== writerOpensAtOpen) m |= POLLHUP;
    }
    if (writer) {
      if (!this.full) m |= POLLOUT | POLLWRNORM;
      if (this.liveReaders === 0) m |= POLLERR;
    }
    return m;
  }

  /** FileOps of one open end; `onIdle` runs when the last end closes. */
  ops(reader: boolean, writer: boolean, onIdle: () => void = () => {}): FileOps {
    if (reader) this.readers++;
    if (writer) {
      this.writers++;
      this.writerOpens++;
    }
    const opensAtOpen = reader && !writer ? this.writerOpens : -1;
    let open = true;
    const queues = [...(reader ? [this.readWait] : []), ...(writer ? [this.writeWait] : [])];
    return {
      seekable: false,
      read: (len, _pos, nonblock) => this.read(len, nonblock),
      write: (data, _pos, nonblock) => this.write(data, nonblock),
      poll: () => ({ events: this.pollMask(reader, writer, opensAtOpen), queues }),
      available: () => this.bytes,
      release: () => {
        if (!open) return;
        open = false;
        if (reader) {
          this.readers--;
          this.writeWait.wakeAll();
        }
        if (writer) {
          this.writers--;
          this.readWait.wakeAll();
        }
        if (this.idle) onIdle();
      },
    };
  }

  /**
   * open(2) of a FIFO (fifo_open): a reader waits for a writer unless
   * O_NONBLOCK; a writer waits for a reader, or with O_NONBLOCK fails with
   * ENXIO when there is none; O_RDWR never waits. Waiting openers count as
   * partners for the other side.
   */
  openFifo(flags: number, onIdle: () => void): FileOps {
    const acc = flags & O_ACCMODE;
    const nonblock = (flags & O_NONBLOCK) !== 0;
    if (acc === O_RDONLY) {
      // A blocking opener takes a ticket if one is there (it may be the opener that was let through).
      const ticket = !nonblock && this.readerTickets > 0;
      if (ticket) this.readerTickets--;
      if (!ticket && !nonblock && this.writers === 0 && this.openWriters.size === 0) {
        this.admitWriters();
        throw new WouldBlock(this.openReaders);
      }
      const ops = this.ops(true, false, onIdle);
      this.admitWriters();
      return ops;
    }
    if (acc === O_WRONLY) {
      const ticket = !nonblock && this.writerTickets > 0;
      if (ticket) this.writerTickets--;
      if (!ticket && this.readers === 0 && this.openReaders.size === 0) {
        if (nonblock) throw new Errno(ENXIO);
        this.admitReaders();
        throw new WouldBlock(this.openWriters);
      }
      const ops = this.ops(false, true, onIdle);
      this.admitReaders();
      return ops;
    }
    if (acc === O_RDWR) {
      const ops = this.ops(true, true, onIdle);
      this.admitReaders();
      this.admitWriters();
      return ops;
    }
    throw new Errno(EINVAL);
  }

  /** Nobody has it open or is waiting to: a FIFO may drop it. */
  get idle(): boolean {
    return this.liveReaders === 0 && this.liveWriters === 0;
  }
}

let nextPipeIno = 1;

/** The inode of an anonymous pipe (pipe2). */
export class PipeInode extends Inode {
  readonly fs = pipeFs;
  readonly type = S_IFIFO;
  readonly ino = nextPipeIno++;
  readonly pipe = new Pipe();

  constructor(private readonly timeNs: bigint) {
    super();
  }

  get capacity(): number {
    return this.pipe.capacity;
  }
  get buffered(): number {
    return this.pipe.buffered;
  }

  stat(): Stat {
    const t = this.timeNs;
    return {
      dev: makeDev(0, 12), ino: this.ino, mode: S_IFIFO | 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0,
      blksize: 4096, blocks: 0, atimeNs: t, mtimeNs: t, ctimeNs: t,
    };
  }

  /** Reopening a pipe (through /proc/self/fd/N) behaves like opening a FIFO. */
  override open(flags: number): FileOps {
    return this.pipe.openFifo(flags, () => {});
  }

  /** FileOps of the read end (`reader`) or the write end. */
  ops(reader: boolean): FileOps {
    return this.pipe.ops(reader, !reader);
  }
}

/** pipe2(2): the read end and the write end; `flags` may carry O_NONBLOCK. */
export function createPipe(flags: number, timeNs = 0n): [OpenFile, OpenFile] {
  const inode = new PipeInode(timeNs);
  const name = `pipe:[${inode.ino}]`;
  const nb = flags & O_NONBLOCK;
  return [
    new OpenFile(inode, O_RDONLY | nb, inode.ops(true), null, name),
    new OpenFile(inode, O_WRONLY | nb, inode.ops(false), null, name),
  ];
}

/** The pipe buffer behind an open file, when it is a pipe or a FIFO. */
export function pipeOf(f: OpenFile): Pipe | null {
  if (f.inode instanceof PipeInode) return f.inode.pipe;
  return f.fifo;
}
