// Pipes (pipe(7)): a 64 KiB ring buffer with a wait queue for each side.
// Reads take what is there, return 0 once every writer has gone, and wait
// (or EAGAIN) when empty. Writes of at most PIPE_BUF bytes are atomic; a
// longer write stores what fits and returns the short count rather than
// waiting half done (a blocked syscall restarts from the top, so it must not
// have consumed anything). A write with no reader left fails with EPIPE; the
// syscall layer raises SIGPIPE.
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EPIPE } from '../abi/linux/errno.js';
import { O_ACCMODE, O_NONBLOCK, O_RDONLY, O_WRONLY } from '../abi/linux/fcntl.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from '../abi/linux/poll.js';
import { S_IFIFO, makeDev } from '../abi/linux/stat.js';
import { OpenFile } from './file.js';
import { Inode, pseudoStatFs } from './inode.js';
import { WaitQueue, WouldBlock } from './wait_queue.js';
import type { FileOps, FileSystem, Stat } from './inode.js';

export const PIPE_BUF = 4096;
export const PIPE_CAPACITY = 65536;

const PIPEFS_MAGIC = 0x50495045;

const pipeFs: FileSystem = {
  name: 'pipefs',
  statfs: () => pseudoStatFs(PIPEFS_MAGIC),
};

let nextPipeIno = 1;

export class PipeInode extends Inode {
  readonly fs = pipeFs;
  readonly type = S_IFIFO;
  readonly ino = nextPipeIno++;
  private buf = new Uint8Array(PIPE_CAPACITY);
  private head = 0;
  private len = 0;
  readers = 0;
  writers = 0;
  readonly readWait = new WaitQueue();
  readonly writeWait = new WaitQueue();

  constructor(private readonly timeNs: bigint) {
    super();
  }

  get capacity(): number {
    return this.buf.length;
  }
  get buffered(): number {
    return this.len;
  }

  stat(): Stat {
    const t = this.timeNs;
    return {
      dev: makeDev(0, 12), ino: this.ino, mode: S_IFIFO | 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0,
      blksize: 4096, blocks: 0, atimeNs: t, mtimeNs: t, ctimeNs: t,
    };
  }

  read(len: number, nonblock: boolean): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    if (this.len === 0) {
      if (this.writers === 0) return new Uint8Array(0);
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.readWait);
    }
    const n = Math.min(len, this.len);
    const out = new Uint8Array(n);
    const first = Math.min(n, this.buf.length - this.head);
    out.set(this.buf.subarray(this.head, this.head + first));
    if (first < n) out.set(this.buf.subarray(0, n - first), first);
    this.head = (this.head + n) % this.buf.length;
    this.len -= n;
    this.writeWait.wakeAll();
    return out;
  }

  write(data: Uint8Array, nonblock: boolean): number {
    if (this.readers === 0) throw new Errno(EPIPE);
    if (data.length === 0) return 0;
    const space = this.buf.length - this.len;
    const need = data.length <= PIPE_BUF ? data.length : 1;
    if (space < need) {
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.writeWait);
    }
    const n = Math.min(space, data.length);
    const tail = (this.head + this.len) % this.buf.length;
    const first = Math.min(n, this.buf.length - tail);
    this.buf.set(data.subarray(0, first), tail);
    if (first < n) this.buf.set(data.subarray(first, n), 0);
    this.len += n;
    this.readWait.wakeAll();
    return n;
  }

  /** Reopening a pipe (through /proc/self/fd/N) adds a reader or a writer by the access mode. */
  override open(flags: number): FileOps {
    return this.ops((flags & O_ACCMODE) === O_RDONLY);
  }

  /** FileOps of the read end (`reader`) or the write end. */
  ops(reader: boolean): FileOps {
    if (reader) this.readers++;
    else this.writers++;
    let open = true;
    return {
      seekable: false,
      read: (len, _pos, nonblock) => this.read(len, nonblock),
      write: (data, _pos, nonblock) => this.write(data, nonblock),
      poll: () => {
        const events = reader
          ? (this.len > 0 ? POLLIN : 0) | (this.writers === 0 ? POLLHUP : 0)
          : (this.len < this.buf.length ? POLLOUT : 0) | (this.readers === 0 ? POLLERR : 0);
        return { events, queues: [reader ? this.readWait : this.writeWait] };
      },
      available: () => this.len,
      release: () => {
        if (!open) return;
        open = false;
        if (reader) {
          this.readers--;
          this.writeWait.wakeAll();
        } else {
          this.writers--;
          this.readWait.wakeAll();
        }
      },
    };
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
