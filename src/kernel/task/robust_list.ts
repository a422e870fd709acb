// The robust futex list walked when a thread ends (kernel/futex/core.c
// exit_robust_list, handle_futex_death). set_robust_list(2) registered a
// struct robust_list_head in user memory:
//   +0  list.next        first entry (bit 0: the entry is a PI futex)
//   +8  futex_offset     from an entry to its futex word
//   +16 list_op_pending  an entry being locked or unlocked right now
// Every futex word on the list (and the pending one) still owned by the dying
// thread gets FUTEX_OWNER_DIED with FUTEX_WAITERS kept, and one waiter is
// woken, so the next locker sees EOWNERDEAD. A bad pointer ends the walk.
import { Errno } from '../errno.js';
import type { UserMemory } from '../../mm/user_memory.js';

export const FUTEX_WAITERS = 0x80000000;
export const FUTEX_OWNER_DIED = 0x40000000;
export const FUTEX_TID_MASK = 0x3fffffff;
/** Entries walked at most, so a cyclic list cannot hang the exit. */
export const ROBUST_LIST_LIMIT = 2048;

/** What the walk needs: user memory and a way to wake one waiter on a futex address. */
export interface RobustExitHooks {
  mem: UserMemory;
  wakeOne(addr: number): void;
}

/** A user pointer as a number; 64-bit values beyond 2^53 cannot be valid user addresses. */
function ptr(v: bigint): number {
  return v >= 1n << 53n ? -1 : Number(v);
}

/** Read a robust list pointer: the entry address and its PI bit, or null when unreadable. */
function fetchEntry(mem: UserMemory, addr: number): { entry: number; pi: boolean } | null {
  if (addr < 0) return null;
  try {
    const raw = mem.readU64(addr);
    return { entry: ptr(raw & ~1n), pi: (raw & 1n) !== 0n };
  } catch (e) {
    if (e instanceof Errno) return null;
    throw e;
  }
}

/** handle_futex_death for one futex word; false when the word could not be accessed. */
function futexDeath(h: RobustExitHooks, addr: number, tid: number, pi: boolean, pending: boolean): boolean {
  if (addr < 0 || addr % 4 !== 0) return false;
  try {
    const uval = h.mem.readU32(addr);
    // A pending lock that never got the futex: wake a waiter that may be stuck behind it.
    if (pending && !pi && uval === 0) {
      h.wakeOne(addr);
      return true;
    }
    if ((uval & FUTEX_TID_MASK) !== tid) return true;
    h.mem.writeU32(addr, ((uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED) >>> 0);
    if (!pi && (uval & FUTEX_WAITERS) !== 0) h.wakeOne(addr);
    return true;
  } catch (e) {
    if (e instanceof Errno) return false;
    throw e;
  }
}

/** exit_robust_list: walk the list at `head` for thread `tid`. */
export function exitRobustList(h: RobustExitHooks, head: number, tid: number): void {
  if (head === 0) return;
  const first = fetchEntry(h.mem, head);
  if (first === null) return;
  let futexOffset: number;
  try {
    futexOffset = Number(BigInt.asIntN(64, h.mem.readU64(head + 8)));
  } catch (e) {
    if (e instanceof Errno) return;
    throw e;
  }
  const pending = fetchEntry(h.mem, head + 16);
  if (pending === null) return;
  let { entry, pi } = first;
  let limit = ROBUST_LIST_LIMIT;
  while (entry !== head) {
    const next = fetchEntry(h.mem, entry);
    if (entry !== pending.entry) futexDeath(h, entry + futexOffset, tid, pi, false);
    if (next === null) return;
    entry = next.entry;
    pi = next.pi;
    if (--limit === 0) break;
  }
  if (pending.entry !== 0) futexDeath(h, pending.entry + futexOffset, tid, pending.pi, true);
}
