// epoll(7) (fs/eventpoll.c). An epoll file holds an interest list of
// (open file, fd) items. Each item listens on its file's wait queues: a
// wake-up marks it "signalled" and wakes whoever waits on the epoll file.
// Level-triggered items are reported whenever the file is ready;
// EPOLLET items only once per signal (and when ready at EPOLL_CTL_ADD/MOD);
// EPOLLONESHOT items are disarmed after one report until EPOLL_CTL_MOD.
// An item goes away with its open file description (the last close), not
// with the fd number.
import { Errno } from '../kernel/errno.js';
import { EEXIST, EINVAL, ELOOP, ENOENT, EPERM } from '../abi/linux/errno.js';
import { O_RDWR } from '../abi/linux/fcntl.js';
import { POLLIN, POLLRDNORM } from '../abi/linux/poll.js';
import { AnonInode } from './eventfd.js';
import { OpenFile } from './file.js';
import { WaitQueue } from './wait_queue.js';
import type { FileOps } from './inode.js';

export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLLIN = 0x1;
export const EPOLLOUT = 0x4;
export const EPOLLERR = 0x8;
export const EPOLLHUP = 0x10;
export const EPOLLRDHUP = 0x2000;
export const EPOLLEXCLUSIVE = 1 << 28;
export const EPOLLWAKEUP = 1 << 29;
export const EPOLLONESHOT = 1 << 30;
export const EPOLLET = 1 << 31;
/** Event bits that select what is reported (the rest are modes). */
const EVENT_BITS = 0x0fffffff;
/** Linux's EP_MAX_NESTS. */
const MAX_NESTS = 4;

export interface EpollEvent {
  events: number;
  data: bigint;
}

interface Item {
  fd: number;
  file: OpenFile;
  events: number;
  data: bigint;
  /** Woken since last reported (edge-triggered items report only then). */
  signalled: boolean;
  /** EPOLLONESHOT fired: nothing is reported until EPOLL_CTL_MOD. */
  disarmed: boolean;
  /** Cancels the current wait-queue registrations. */
  unlisten: Array<() => void>;
}

export class Epoll {
  private readonly items: Item[] = [];
  /** Woken when an item signals (epoll_wait sleepers, poll of the epoll file). */
  readonly wait = new WaitQueue();

  private find(file: OpenFile, fd: number): Item | undefined {
    return this.items.find((i) => i.file === file && i.fd === fd);
  }

  /** epoll_ctl(2). `self` is the epoll file (adding it to itself is EINVAL). */
  ctl(op: number, fd: number, file: OpenFile, ev: EpollEvent | null, self: OpenFile): void {
    if (file === self) throw new Errno(EINVAL);
    const existing = this.find(file, fd);
    switch (op) {
      case EPOLL_CTL_ADD: {
        if (!ev) throw new Errno(EINVAL);
        if (!file.ops.poll) throw new Errno(EPERM);
        if (existing) throw new Errno(EEXIST);
        const inner = epollOf(file);
        if (inner && (inner === this || inner.reaches(this, MAX_NESTS))) throw new Errno(ELOOP);
        const item: Item = { fd, file, events: ev.events, data: ev.data, signalled: true, disarmed: false, unlisten: [] };
        this.items.push(item);
        this.listen(item);
        return;
      }
      case EPOLL_CTL_MOD:
        if (!ev) throw new Errno(EINVAL);
        if (!existing) throw new Errno(ENOENT);
        if (ev.events & EPOLLEXCLUSIVE || existing.events & EPOLLEXCLUSIVE) throw new Errno(EINVAL);
        existing.events = ev.events;
        existing.data = ev.data;
        existing.disarmed = false;
        existing.signalled = true;
        this.listen(existing);
        this.wait.wakeAll();
        return;
      case EPOLL_CTL_DEL:
        if (!existing) throw new Errno(ENOENT);
        this.drop(existing);
        return;
      default:
        throw new Errno(EINVAL);
    }
  }

  /** Whether this epoll watches `target` within `depth` levels of nesting. */
  reaches(target: Epoll, depth: number): boolean {
    if (depth <= 0) return true;
    for (const i of this.items) {
      const inner = epollOf(i.file);
      if (inner && (inner === target || inner.reaches(target, depth - 1))) return true;
    }
    return false;
  }

  private drop(item: Item): void {
    for (const u of item.unlisten) u();
    item.unlisten = [];
    const k = this.items.indexOf(item);
    if (k >= 0) this.items.splice(k, 1);
  }

  /** (Re)register on the item's file queues; a wake-up signals the item once. */
  private listen(item: Item): void {
    for (const u of item.unlisten) u();
    item.unlisten = [];
    const queues = item.file.ops.poll?.().queues ?? [];
    const fire = (): void => {
      for (const u of item.unlisten) u();
      item.unlisten = [];
      item.signalled = true;
      this.wait.wakeAll();
    };
    for (const q of queues) item.unlisten.push(q.add(fire));
  }

  /** Drop items whose file has been closed for good; listen again where a wake-up used the registration. */
  private refresh(): void {
    for (const item of [...this.items]) {
      if (item.file.refCount <= 0) this.drop(item);
      else if (item.unlisten.length === 0) this.listen(item);
    }
  }

  /** Collect up to `max` ready events (epoll_wait's scan); empty when nothing is ready. */
  collect(max: number): EpollEvent[] {
    this.refresh();
    const out: EpollEvent[] = [];
    for (const item of this.items) {
      if (out.length >= max) break;
      if (item.disarmed) continue;
      const edge = (item.events & EPOLLET) !== 0;
      if (edge && !item.signalled) continue;
      const want = (item.events & EVENT_BITS) | EPOLLERR | EPOLLHUP;
      const got = (item.file.ops.poll?.().events ?? 0) & want;
      item.signalled = false;
      if (got === 0) continue;
      out.push({ events: got, data: item.data });
      if (item.events & EPOLLONESHOT) item.disarmed = true;
    }
    return out;
  }

  /** Readiness of the epoll file itself (POLLIN when an event is waiting), without consuming edges. */
  readiness(): number {
    this.refresh();
    for (const item of this.items) {
      if (item.disarmed) continue;
      if (item.events & EPOLLET && !item.signalled) continue;
      const want = (item.events & EVENT_BITS) | EPOLLERR | EPOLLHUP;
      if ((item.file.ops.poll?.().events ?? 0) & want) return POLLIN | POLLRDNORM;
    }
    return 0;
  }

  /** Release every registration (the epoll file's last close). */
  close(): void {
    for (const item of [...this.items]) this.drop(item);
  }

  get size(): number {
    return this.items.length;
  }
}

const instances = new WeakMap<FileOps, Epoll>();

/** The Epoll behind an open file, or null when it is not an epoll file. */
export function epollOf(f: OpenFile): Epoll | null {
  return instances.get(f.ops) ?? null;
}

/** epoll_create1(2): a new epoll file. */
export function createEpoll(timeNs = 0n): OpenFile {
  const ep = new Epoll();
  const ops: FileOps = {
    seekable: false,
    read(): Uint8Array {
      throw new Errno(EINVAL);
    },
    write(): number {
      throw new Errno(EINVAL);
    },
    poll: () => ({ events: ep.readiness(), queues: [ep.wait] }),
    release: () => ep.close(),
  };
  instances.set(ops, ep);
  return new OpenFile(new AnonInode(timeNs), O_RDWR, ops, null, 'anon_inode:[eventpoll]');
}
