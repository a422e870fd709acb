// ppoll(2) and pselect6(2). Readiness comes from each file's ops.poll()
// (regular files and devices without it are always ready). When nothing is
// ready the task blocks on every file's queues and, for a finite timeout, a
// kernel timer; the deadline is kept in task.restart across the restarts.
// The temporary signal mask argument is accepted and not applied yet.
import { Errno } from '../errno.js';
import { EBADF, EINVAL } from '../../abi/linux/errno.js';
import { FD_SETSIZE, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI } from '../../abi/linux/poll.js';
import type { OpenFile } from '../../fs/file.js';
import type { WaitQueue } from '../../fs/wait_queue.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import { BLOCKED } from './types.js';
import type { SyscallArgs, SyscallDef, SyscallResult } from './types.js';

const NS = 1_000_000_000n;

interface PollState {
  kind: 'poll';
  /** Monotonic deadline (ns), or null for no timeout. */
  deadline: bigint | null;
}

function isPollState(x: unknown): x is PollState {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'poll';
}

/** The deadline of this call: remembered from an earlier run, or computed from the timespec at `ptr`. */
function deadlineOf(k: Kernel, t: Task, a: SyscallArgs, i: number): PollState {
  if (isPollState(t.restart)) return t.restart;
  let deadline: bigint | null = null;
  if (!a.isNull(i)) {
    const v = new DataView(t.mm.read(a.ptr(i), 16).buffer);
    const sec = v.getBigInt64(0, true);
    const nsec = v.getBigInt64(8, true);
    if (sec < 0n || nsec < 0n || nsec >= NS) throw new Errno(EINVAL);
    deadline = k.clock.monotonicNs() + sec * NS + nsec;
  }
  const st: PollState = { kind: 'poll', deadline };
  t.restart = st;
  return st;
}

function readiness(f: OpenFile): { events: number; queues: WaitQueue[] } {
  return f.ops.poll?.() ?? { events: POLLIN | POLLOUT, queues: [] };
}

/** Nothing ready: 0 once the deadline has passed, else sleep on the queues (and the deadline). */
function waitOrTimeout(k: Kernel, t: Task, st: PollState, queues: WaitQueue[]): SyscallResult | null {
  if (st.deadline !== null && k.clock.monotonicNs() >= st.deadline) return null;
  k.block(t, queues, st.deadline ?? undefined);
  return BLOCKED;
}

function ppoll(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const nfds = a.num(1);
  if (nfds > t.files.limit) throw new Errno(EINVAL);
  const st = deadlineOf(k, t, a, 2);
  const raw = nfds > 0 ? t.mm.read(a.ptr(0), 8 * nfds) : new Uint8Array(0);
  const v = new DataView(raw.buffer);
  const queues: WaitQueue[] = [];
  let ready = 0;
  for (let i = 0; i < nfds; i++) {
    const fd = v.getInt32(8 * i, true);
    const want = v.getUint16(8 * i + 4, true) | POLLERR | POLLHUP;
    let got = 0;
    if (fd >= 0) {
      if (!t.files.has(fd)) got = POLLNVAL;
      else {
        const r = readiness(t.files.get(fd));
        got = r.events & want;
        queues.push(...r.queues);
      }
    }
    v.setUint16(8 * i + 6, got, true);
    if (got) ready++;
  }
  if (ready === 0) {
    const r = waitOrTimeout(k, t, st, queues);
    if (r !== null) return r;
  }
  if (nfds > 0) t.mm.write(a.ptr(0), raw);
  return ready;
}

const READ_SET = POLLIN | POLLHUP | POLLERR;
const WRITE_SET = POLLOUT | POLLERR;
const EXCEPT_SET = POLLPRI;

function pselect6(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const nfds = a.int(0);
  if (nfds < 0 || nfds > Math.max(FD_SETSIZE, t.files.limit)) throw new Errno(EINVAL);
  const st = deadlineOf(k, t, a, 4);
  const bytes = 8 * Math.ceil(nfds / 64);
  const sets = [1, 2, 3].map((i) => (a.isNull(i) || bytes === 0 ? null : t.mm.read(a.ptr(i), bytes)));
  const masks = [READ_SET, WRITE_SET, EXCEPT_SET];
  const out = sets.map((s) => (s ? new Uint8Array(s.length) : null));
  const queues: WaitQueue[] = [];
  let ready = 0;
  for (let fd = 0; fd < nfds; fd++) {
    const bit = 1 << (fd & 7);
    const byte = fd >> 3;
    if (!sets.some((s) => s && s[byte] & bit)) continue;
    if (!t.files.has(fd)) throw new Errno(EBADF);
    const r = readiness(t.files.get(fd));
    queues.push(...r.queues);
    sets.forEach((s, j) => {
      if (s && s[byte] & bit && r.events & masks[j]) {
        out[j]![byte] |= bit;
        ready++;
      }
    });
  }
  if (ready === 0) {
    const r = waitOrTimeout(k, t, st, queues);
    if (r !== null) return r;
  }
  out.forEach((o, j) => {
    if (o) t.mm.write(a.ptr(j + 1), o);
  });
  return ready;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 73,
    name: 'ppoll',
    support: 'partial',
    note: 'files, the console, devices; the signal mask argument is not applied yet',
    args: ['ptr', 'udec', 'ptr', 'ptr', 'udec'],
    handler: ppoll,
  },
  {
    nr: 72,
    name: 'pselect6',
    support: 'partial',
    note: 'as ppoll; the timeout is not updated',
    args: ['dec', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'],
    handler: pselect6,
  },
];
