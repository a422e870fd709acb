// eventfd(2): a 64-bit counter as a file. A write adds to it (waiting, or
// EAGAIN, while the sum would pass 2^64-2); a read returns the count and
// resets it, or with EFD_SEMAPHORE returns 1 and decrements; an empty
// counter makes reads wait (or EAGAIN).
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EINVAL } from '../abi/linux/errno.js';
import { O_NONBLOCK, O_RDWR } from '../abi/linux/fcntl.js';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../abi/linux/poll.js';
import { OpenFile } from './file.js';
import { Inode, pseudoStatFs } from './inode.js';
import { WaitQueue, WouldBlock } from './wait_queue.js';
import type { FileOps, FileSystem, Stat } from './inode.js';

export const EFD_SEMAPHORE = 1;
const MAX = 0xfffffffffffffffen;
const ANON_INODE_FS_MAGIC = 0x09041934;

/** The anonymous inode file system every eventfd, epoll and timerfd file shares (fs/anon_inodes.c). */
export const anonInodeFs: FileSystem = {
  name: 'anon_inodefs',
  statfs: () => pseudoStatFs(ANON_INODE_FS_MAGIC),
};

/** Linux gives all anonymous files the same inode; its stat shows mode 0600 and no file type. */
export class AnonInode extends Inode {
  readonly fs = anonInodeFs;
  readonly type = 0;
  readonly ino = 1;
  constructor(private readonly timeNs: bigint) {
    super();
  }
  stat(): Stat {
    const t = this.timeNs;
    return {
      dev: 13, ino: this.ino, mode: 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0, blksize: 4096, blocks: 0,
      atimeNs: t, mtimeNs: t, ctimeNs: t,
    };
  }
}

export class EventCounter {
  count: bigint;
  readonly wait = new WaitQueue();
  constructor(
    initial: number,
    readonly semaphore: boolean,
  ) {
    this.count = BigInt(initial >>> 0);
  }

  read(len: number, nonblock: boolean): Uint8Array {
    if (len < 8) throw new Errno(EINVAL);
    if (this.count === 0n) {
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.wait);
    }
    const v = this.semaphore ? 1n : this.count;
    this.count -= v;
    this.wait.wakeAll();
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, v, true);
    return out;
  }

  write(data: Uint8Array, nonblock: boolean): number {
    if (data.length < 8) throw new Errno(EINVAL);
    const v = new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, true);
    if (v === 0xffffffffffffffffn) throw new Errno(EINVAL);
    if (MAX - this.count < v) {
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.wait);
    }
    this.count += v;
    if (v > 0n) this.wait.wakeAll();
    return 8;
  }

  ops(): FileOps {
    return {
      seekable: false,
      read: (len, _pos, nonblock) => this.read(len, nonblock),
      write: (data, _pos, nonblock) => this.write(data, nonblock),
      poll: () => ({
        events: (this.count > 0n ? POLLIN | POLLRDNORM : 0) | (this.count < MAX ? POLLOUT | POLLWRNORM : 0),
        queues: [this.wait],
      }),
    };
  }
}

/** eventfd2(2): `flags` may hold EFD_SEMAPHORE and O_NONBLOCK (EFD_NONBLOCK). */
export function createEventFd(initial: number, flags: number, timeNs = 0n): OpenFile {
  const counter = new EventCounter(initial, (flags & EFD_SEMAPHORE) !== 0);
  return new OpenFile(new AnonInode(timeNs), O_RDWR | (flags & O_NONBLOCK), counter.ops(), null, 'anon_inode:[eventfd]');
}
