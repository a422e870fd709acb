// execve(2) and execveat(2): replace the calling task's image. The new image
// is built completely first (task/exec.ts); only then is the old address
// space released, close-on-exec descriptors closed, caught signals reset to
// their default and the registers set for the new entry point.
import { E2BIG, EINVAL, ENOENT } from '../../abi/linux/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../../abi/linux/fcntl.js';
import { SIG_DFL, SIG_IGN } from '../../abi/linux/signal.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { bytesToName } from '../../fs/byte_string.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { buildImage, initialContext } from '../task/exec.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** Linux's MAX_ARG_STRINGS. */
const MAX_ARG_STRINGS = 0x7fffffff;
const PATH_MAX = 4096;
const MAX_ARG_STRLEN = 32 * 4096;

/** A NULL-terminated array of string pointers from guest memory (NULL itself means empty). */
function readStringArray(t: Task, addr: number, isNull: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (isNull) return out;
  let total = 0;
  for (let p = addr; ; p += 8) {
    const ptr = t.mm.readU64(p);
    if (ptr === 0n) break;
    const s = t.mm.readCString(Number(ptr & 0xffffffffffffn), MAX_ARG_STRLEN);
    total += s.length + 1;
    if (out.length >= MAX_ARG_STRINGS || total > (8 << 20)) throw new Errno(E2BIG);
    out.push(s);
  }
  return out;
}

/** Replace t's image; on failure t is unchanged and the error is thrown. */
export function execTask(k: Kernel, t: Task, path: string, argv: Uint8Array[], envp: Uint8Array[]): void {
  const image = buildImage(k, t.fs, t.creds, t.rlimits, { path, argv, envp });
  const old = t.mm;
  t.mm = image.mm;
  t.exePath = image.exePath;
  t.comm = image.comm;
  t.argv = image.argv.map((a) => new TextDecoder().decode(a));
  t.args = image.args;
  t.clearChildTid = 0;
  t.robustList = 0;
  t.robustListLen = 0;
  t.signals.altStack = { sp: 0n, flags: 2, size: 0n };
  for (const act of t.signals.actions) {
    if (act.handler !== BigInt(SIG_IGN)) act.handler = BigInt(SIG_DFL);
    act.flags = 0n;
    act.mask = 0n;
    act.restorer = 0n;
  }
  t.files.closeOnExec();
  initialContext(t.context, image.entry, image.sp);
  if (k.current === t) {
    k.cpu.loadContext(t.context);
    k.cpu.mmu = t.mm;
    k.cpu.tlbFlush();
    k.cpu.clearExclusive();
  }
  old.destroy();
}

function execve(k: Kernel, t: Task, a: SyscallArgs): number {
  const path = bytesToName(t.mm.readCString(a.ptr(0), PATH_MAX));
  if (path.length === 0) throw new Errno(ENOENT);
  execTask(k, t, path, readStringArray(t, a.ptr(1), a.isNull(1)), readStringArray(t, a.ptr(2), a.isNull(2)));
  return 0;
}

function execveat(k: Kernel, t: Task, a: SyscallArgs): number {
  const dirfd = a.int(0);
  const flags = a.u32(4);
  if ((flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) !== 0) throw new Errno(EINVAL);
  const path = bytesToName(t.mm.readCString(a.ptr(1), PATH_MAX));
  if (dirfd !== AT_FDCWD && !path.startsWith('/')) throw new Errno(EINVAL, 'execveat relative to a directory fd is not supported yet');
  if (path.length === 0) throw new Errno(ENOENT);
  execTask(k, t, path, readStringArray(t, a.ptr(2), a.isNull(2)), readStringArray(t, a.ptr(3), a.isNull(3)));
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('execve'), name: 'execve', support: 'partial', handler: execve, args: ['str', 'ptr', 'ptr'],
    note: 'static ELF and #! scripts; one thread per process; no setuid bits applied',
  },
  {
    nr: nr('execveat'), name: 'execveat', support: 'partial', handler: execveat, args: ['dirfd', 'str', 'ptr', 'ptr', 'atflags'],
    note: 'AT_FDCWD or absolute paths only',
  },
];
