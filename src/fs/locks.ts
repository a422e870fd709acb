// fcntl(2) record locks (fs/locks.c). A lock belongs to an owner: for
// traditional POSIX locks the fd table of the process (Linux's fl_owner is
// the files_struct), released when the process closes any descriptor of the
// file; for open-file-description locks (F_OFD_*) the OpenFile, released
// with its last reference. Locks of one owner never conflict with each
// other: a new lock replaces the owner's overlapping ranges, merging with
// adjacent or overlapping ones of the same type. A blocking request
// (F_SETLKW) waits on the table's queue; a request that would wait on a
// chain of owners leading back to itself fails with EDEADLK.
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EDEADLK } from '../abi/linux/errno.js';
import { F_UNLCK, F_WRLCK } from '../abi/linux/fcntl.js';
import { WaitQueue, WouldBlock } from './wait_queue.js';

/** The key flock(2) locks of a file live under: a namespace of their own, apart from fcntl locks. */
export function flockKey(inodeKey: string): string {
  return 'flock:' + inodeKey;
}

/** Offsets are inclusive; `end` is Infinity for "to the end of the file and beyond". */
export interface LockRange {
  type: number;
  start: number;
  end: number;
}

export interface Lock extends LockRange {
  owner: object;
  /** l_pid for F_GETLK: the locking process, or -1 for OFD locks. */
  pid: number;
}

function overlaps(a: LockRange, b: LockRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function conflicts(held: Lock, want: LockRange, owner: object): boolean {
  return held.owner !== owner && overlaps(held, want) && (held.type === F_WRLCK || want.type === F_WRLCK);
}

export class LockTable {
  private readonly byFile = new Map<string, Lock[]>();
  /** Woken whenever locks are released. */
  readonly released = new WaitQueue();
  /** Which owner a blocked F_SETLKW owner waits for (deadlock detection). */
  private readonly waitsFor = new Map<object, object>();

  /** The locks held on file `key` (for tests and /proc/locks). */
  locksOf(key: string): readonly Lock[] {
    return this.byFile.get(key) ?? [];
  }

  /** F_GETLK: the first lock that would block `want` for `owner`, or null. */
  test(key: string, owner: object, want: LockRange): Lock | null {
    for (const l of this.byFile.get(key) ?? []) if (conflicts(l, want, owner)) return l;
    return null;
  }

  /**
   * F_SETLK (`wait` false: EAGAIN on conflict) and F_SETLKW (WouldBlock on the
   * table's queue); F_UNLCK removes the owner's locks in the range.
   */
  set(key: string, owner: object, pid: number, want: LockRange, wait: boolean): void {
    if (want.type !== F_UNLCK) {
      const blocker = this.test(key, owner, want);
      if (blocker !== null) {
        if (!wait) throw new Errno(EAGAIN);
        for (let o: object | undefined = blocker.owner; o !== undefined; o = this.waitsFor.get(o)) {
          if (o === owner) {
            this.waitsFor.delete(owner);
            throw new Errno(EDEADLK);
          }
        }
        this.waitsFor.set(owner, blocker.owner);
        throw new WouldBlock(this.released);
      }
    }
    this.waitsFor.delete(owner);
    const all = this.byFile.get(key) ?? [];
    const others = all.filter((l) => l.owner !== owner);
    let mine = all.filter((l) => l.owner === owner);
    // Cut the requested range out of the owner's locks.
    const cut: Lock[] = [];
    let changed = false;
    for (const l of mine) {
      if (!overlaps(l, want)) {
        cut.push(l);
        continue;
      }
      changed = true;
      if (l.start < want.start) cut.push({ ...l, end: want.start - 1 });
      if (l.end > want.end) cut.push({ ...l, start: want.end + 1 });
    }
    mine = cut;
    if (want.type !== F_UNLCK) {
      let merged: Lock = { ...want, owner, pid };
      const rest: Lock[] = [];
      for (const l of mine) {
        const touching = l.type === merged.type && l.start <= merged.end + 1 && merged.start <= l.end + 1;
        if (touching) merged = { ...merged, start: Math.min(l.start, merged.start), end: Math.max(l.end, merged.end) };
        else rest.push(l);
      }
      mine = [...rest, merged];
    }
    const next = [...others, ...mine].sort((a, b) => a.start - b.start);
    if (next.length === 0) this.byFile.delete(key);
    else this.byFile.set(key, next);
    if (changed) this.released.wakeAll();
  }

  /** Drop every lock `owner` holds on file `key` (close of a descriptor, last close of an OFD owner). */
  releaseOwner(key: string, owner: object): void {
    const all = this.byFile.get(key);
    if (!all) return;
    const kept = all.filter((l) => l.owner !== owner);
    if (kept.length === all.length) return;
    if (kept.length === 0) this.byFile.delete(key);
    else this.byFile.set(key, kept);
    this.released.wakeAll();
  }

  /** An owner that is gone (its process exited) waits for nobody. */
  forget(owner: object): void {
    this.waitsFor.delete(owner);
  }
}
