// wait4(2) and waitid(2): report a child that exited, was killed, stopped or
// continued; block on the caller's child-event queue until one does.
import { ECHILD, EINVAL, ESRCH } from '../../abi/linux/errno.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import * as w from '../../abi/linux/wait.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import { childRusage, consumeWaitable, findWaitable, waitSiginfo, waitStatus, type WaitFound, type WaitWhich } from '../task/wait.js';
import { BLOCKED, type SyscallArgs, type SyscallDef, type SyscallResult } from './types.js';

const WAIT4_OPTIONS = w.WNOHANG | w.WUNTRACED | w.WCONTINUED | w.__WNOTHREAD | w.__WCLONE | w.__WALL;
const WAITID_OPTIONS = w.WNOHANG | w.WEXITED | w.WSTOPPED | w.WCONTINUED | w.WNOWAIT | w.__WNOTHREAD | w.__WCLONE | w.__WALL;

/** Find a waitable child, or block (BLOCKED), or 'none' with WNOHANG; ECHILD when there is no such child. */
function waitFor(k: Kernel, t: Task, which: WaitWhich, options: number): WaitFound | 'none' | typeof BLOCKED {
  const found = findWaitable(t.proc, which, options);
  if (found === 'nochild') throw new Errno(ECHILD);
  if (found !== 'none') return found;
  if ((options & w.WNOHANG) !== 0) return 'none';
  k.block(t, [t.proc.childEvents]);
  return BLOCKED;
}

function wait4(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const pid = a.int(0);
  const options = a.u32(2);
  if ((options & ~WAIT4_OPTIONS) >>> 0 !== 0) throw new Errno(EINVAL);
  if (pid === -2147483648) throw new Errno(ESRCH);
  let which: WaitWhich;
  if (pid > 0) which = { kind: 'pid', pid };
  else if (pid === -1) which = { kind: 'all' };
  else if (pid === 0) which = { kind: 'pgid', pgid: t.proc.pgid };
  else which = { kind: 'pgid', pgid: -pid };
  const r = waitFor(k, t, which, options | w.WEXITED);
  if (r === BLOCKED) return BLOCKED;
  if (r === 'none') return 0;
  if (!a.isNull(1)) t.mm.writeU32(a.ptr(1), waitStatus(r));
  if (!a.isNull(3)) t.mm.write(a.ptr(3), childRusage(r.child));
  const pidOut = r.child.tgid;
  consumeWaitable(k, r);
  return pidOut;
}

function waitid(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const idtype = a.int(0);
  const id = a.int(1);
  const options = a.u32(3);
  if ((options & ~WAITID_OPTIONS) >>> 0 !== 0) throw new Errno(EINVAL);
  if ((options & (w.WEXITED | w.WSTOPPED | w.WCONTINUED)) === 0) throw new Errno(EINVAL);
  let which: WaitWhich;
  switch (idtype) {
    case w.P_ALL:
      which = { kind: 'all' };
      break;
    case w.P_PID:
      if (id <= 0) throw new Errno(EINVAL);
      which = { kind: 'pid', pid: id };
      break;
    case w.P_PGID:
      if (id < 0) throw new Errno(EINVAL);
      which = { kind: 'pgid', pgid: id === 0 ? t.proc.pgid : id };
      break;
    default:
      throw new Errno(EINVAL);
  }
  const r = waitFor(k, t, which, options);
  if (r === BLOCKED) return BLOCKED;
  const found = r === 'none' ? null : r;
  if (!a.isNull(2)) t.mm.write(a.ptr(2), waitSiginfo(found));
  if (found !== null && !a.isNull(4)) t.mm.write(a.ptr(4), childRusage(found.child));
  if (found !== null && (options & w.WNOWAIT) === 0) consumeWaitable(k, found);
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('wait4'), name: 'wait4', support: 'full', handler: wait4, args: ['dec', 'ptr', 'hex', 'ptr'],
    note: 'WNOHANG, WUNTRACED, WCONTINUED, __WALL, __WCLONE; Linux status encoding; rusage of the child',
  },
  {
    nr: nr('waitid'), name: 'waitid', support: 'partial', handler: waitid, args: ['dec', 'dec', 'ptr', 'hex', 'ptr'],
    note: 'P_PID, P_PGID, P_ALL (no P_PIDFD); WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, WNOHANG',
  },
];
