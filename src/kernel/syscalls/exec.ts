// execve(2) and execveat(2): replace the calling task's image. The new image
// is built completely first (task/exec.ts); only then is the old address
// space released, close-on-exec descriptors closed, caught signals reset to
// their default and the registers set for the new entry point. Other
// threads of the process end (de_thread), a shared fd table or signal-action
// table is unshared, and a vfork parent is woken.
import { E2BIG, EINVAL, ENAMETOOLONG, ENOENT } from '../../abi/linux/errno.js';
import { RLIMIT_STACK } from '../../abi/linux/resource.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../../abi/linux/fcntl.js';
import { SIG_DFL, SIG_IGN } from '../../abi/linux/signal.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { bytesToName } from '../../fs/byte_string.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { buildImage, initialContext } from '../task/exec.js';
import { exitThread, releaseRobustList, wakeVforkParent } from '../task/exit.js';
import { releaseResource, resourceUsers } from '../task/shared.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** Linux's MAX_ARG_STRINGS. */
const MAX_ARG_STRINGS = 0x7fffffff;
const PATH_MAX = 4096;
/** Linux's MAX_ARG_STRLEN: one argument or environment string, NUL included. */
const MAX_ARG_STRLEN = 32 * 4096;
/** _STK_LIM / 4 * 3: the cap on the argument area whatever RLIMIT_STACK says. */
const ARG_AREA_CAP = ((8 << 20) / 4) * 3;

/** A NULL-terminated array of string pointers from guest memory (NULL itself means empty). */
function readStringArray(t: Task, addr: number, isNull: boolean, budget: { left: number }): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (isNull) return out;
  for (let p = addr; ; p += 8) {
    const ptr = t.mm.readU64(p);
    if (ptr === 0n) break;
    let s: Uint8Array;
    try {
      s = t.mm.readCString(Number(ptr & 0xffffffffffffn), MAX_ARG_STRLEN - 1);
    } catch (e) {
      if (e instanceof Errno && e.code === ENAMETOOLONG) throw new Errno(E2BIG, 'argument longer than MAX_ARG_STRLEN');
      throw e;
    }
    // Each string costs its bytes and its pointer (fs/exec.c prepare_arg_pages, copy_strings).
    budget.left -= s.length + 1 + 8;
    if (out.length >= MAX_ARG_STRINGS || budget.left < 0) throw new Errno(E2BIG);
    out.push(s);
  }
  return out;
}

/** The argv/envp byte budget: a quarter of RLIMIT_STACK, at most 6 MiB (fs/exec.c). */
function argBudget(t: Task): { left: number } {
  const stack = t.rlimits[RLIMIT_STACK].cur;
  const quarter = stack / 4n > BigInt(ARG_AREA_CAP) ? ARG_AREA_CAP : Number(stack / 4n);
  return { left: Math.max(quarter, 32 * 4096) };
}

/** Replace t's image; on failure t is unchanged and the error is thrown. */
export function execTask(k: Kernel, t: Task, path: string, argv: Uint8Array[], envp: Uint8Array[]): void {
  const image = buildImage(k, t.fs, t.creds, t.rlimits, { path, argv, envp });
  // Point of no return: the other threads end and t takes over as the leader (de_thread).
  const p = t.proc;
  for (const th of [...p.threads]) if (th !== t) exitThread(k, th, { kind: 'signaled', signal: 9, description: 'killed by execve' });
  if (p.leader !== t) {
    const leader = p.leader;
    k.releaseSlot(leader);
    p.leader = t;
    t.pid = p.tgid;
  }
  // exec_mm_release: the robust list is walked in the old address space.
  releaseRobustList(k, t);
  const old = t.mm;
  t.mm = image.mm;
  if (resourceUsers(t.files) > 1) {
    const own = t.files.clone();
    releaseResource(t.files);
    t.files = own;
  }
  if (resourceUsers(t.signals.actions) > 1) {
    const own = t.signals.actions.map((act) => ({ ...act }));
    releaseResource(t.signals.actions);
    t.signals.actions = own;
  }
  t.creds = image.creds;
  t.exePath = image.exePath;
  t.comm = image.comm;
  t.argv = image.argv.map((a) => new TextDecoder().decode(a));
  t.args = image.args;
  t.clearChildTid = 0;
  t.signals.altStack = { sp: 0n, flags: 2, size: 0n };
  for (const act of t.signals.actions) {
    if (act.handler !== BigInt(SIG_IGN)) act.handler = BigInt(SIG_DFL);
    act.flags = 0n;
    act.mask = 0n;
    act.restorer = 0n;
  }
  t.files.closeOnExec();
  p.didExec = true;
  initialContext(t.context, image.entry, image.sp);
  if (k.current === t) {
    k.cpu.loadContext(t.context);
    k.cpu.mmu = t.mm;
    k.cpu.tlbFlush();
    k.cpu.clearExclusive();
  }
  if (--old.users === 0) old.destroy();
  wakeVforkParent(t);
}

function execve(k: Kernel, t: Task, a: SyscallArgs): number {
  const path = bytesToName(t.mm.readCString(a.ptr(0), PATH_MAX));
  if (path.length === 0) throw new Errno(ENOENT);
  const budget = argBudget(t);
  const argv = readStringArray(t, a.ptr(1), a.isNull(1), budget);
  execTask(k, t, path, argv, readStringArray(t, a.ptr(2), a.isNull(2), budget));
  return 0;
}

function execveat(k: Kernel, t: Task, a: SyscallArgs): number {
  const dirfd = a.int(0);
  const flags = a.u32(4);
  if ((flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) !== 0) throw new Errno(EINVAL);
  const path = bytesToName(t.mm.readCString(a.ptr(1), PATH_MAX));
  if (dirfd !== AT_FDCWD && !path.startsWith('/')) throw new Errno(EINVAL, 'execveat relative to a directory fd is not supported yet');
  if (path.length === 0) throw new Errno(ENOENT);
  const budget = argBudget(t);
  const argv = readStringArray(t, a.ptr(2), a.isNull(2), budget);
  execTask(k, t, path, argv, readStringArray(t, a.ptr(3), a.isNull(3), budget));
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('execve'), name: 'execve', support: 'partial', handler: execve, args: ['str', 'ptr', 'ptr'],
    note: 'static ELF and #! scripts; ends the other threads; closes O_CLOEXEC fds; resets caught signals; E2BIG as Linux; set-user-ID/set-group-ID files set the effective (and saved) ids, AT_SECURE then 1',
  },
  {
    nr: nr('execveat'), name: 'execveat', support: 'partial', handler: execveat, args: ['dirfd', 'str', 'ptr', 'ptr', 'atflags'],
    note: 'AT_FDCWD or absolute paths only',
  },
];
