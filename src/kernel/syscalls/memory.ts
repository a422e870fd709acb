// Memory syscalls: brk, mmap, munmap, mprotect, mremap, madvise, and the
// advisory calls (msync, mlock family) a single-process machine can accept.
import { EACCES, EBADF, EINVAL, ENODEV } from '../../abi/linux/errno.js';
import { O_ACCMODE, O_WRONLY } from '../../abi/linux/fcntl.js';
import * as mman from '../../abi/linux/mman.js';
import { RLIMIT_AS, RLIMIT_DATA } from '../../abi/linux/resource.js';
import { makeDev, S_IFCHR, S_IFMT } from '../../abi/linux/stat.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import type { OpenFile } from '../../fs/file.js';
import type { AddressSpace, VmLimits } from '../../mm/address_space.js';
import type { MappedFile } from '../../mm/vma.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Rlimit } from '../task/rlimits.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

const DEV_ZERO = makeDev(1, 5);

/** An open file as a mapping's backing: positioned reads, one open-file reference per VMA. */
export function mappedOpenFile(f: OpenFile, name: string): MappedFile {
  return {
    name,
    read(pos: number, dst: Uint8Array): number {
      const data = f.ops.read(dst.length, pos, false);
      dst.set(data.subarray(0, dst.length));
      return Math.min(data.length, dst.length);
    },
    retain(): void {
      f.retain();
    },
    release(): void {
      f.release();
    },
  };
}

/** A limit in bytes as a number (RLIM_INFINITY and anything past 2^53 are no limit). */
function limitBytes(v: bigint): number {
  return v >= 1n << 53n ? Infinity : Number(v);
}

/** The RLIMIT_AS and RLIMIT_DATA of a process as an address space checks them. */
export function vmLimits(rlimits: readonly Rlimit[]): VmLimits {
  return { as: limitBytes(rlimits[RLIMIT_AS].cur), data: limitBytes(rlimits[RLIMIT_DATA].cur) };
}

/** The caller's address space with its RLIMIT_AS and RLIMIT_DATA in force. */
function limited(t: Task): AddressSpace {
  t.mm.limits = vmLimits(t.rlimits);
  return t.mm;
}

function brk(_k: Kernel, t: Task, a: SyscallArgs): number {
  return limited(t).setBrk(a.ptr(0));
}

function mmap(_k: Kernel, t: Task, a: SyscallArgs): number {
  const addr = a.ptr(0);
  const len = a.num(1);
  const prot = a.u32(2);
  const flags = a.u32(3);
  const fd = a.int(4);
  const offset = a.snum(5);
  const type = flags & mman.MAP_TYPE;
  if (type !== mman.MAP_PRIVATE && type !== mman.MAP_SHARED && type !== mman.MAP_SHARED_VALIDATE) {
    throw new Errno(EINVAL, 'mmap needs MAP_PRIVATE or MAP_SHARED');
  }
  if (len === 0) throw new Errno(EINVAL);
  if (offset < 0) throw new Errno(EINVAL);
  if ((flags & mman.MAP_ANONYMOUS) !== 0) {
    // Shared anonymous memory equals private memory while there is one process.
    return limited(t).mmap(addr, len, prot, flags, null, 0);
  }
  let f: OpenFile;
  try {
    f = t.files.get(fd);
  } catch {
    throw new Errno(EBADF);
  }
  if (!f.readable) throw new Errno(EACCES);
  if (!f.inode.isRegular) {
    // /dev/zero maps as anonymous memory (drivers/char/mem.c mmap_zero).
    const st = f.stat();
    if ((st.mode & S_IFMT) === S_IFCHR && st.rdev === DEV_ZERO) return limited(t).mmap(addr, len, prot, flags, null, 0);
    throw new Errno(ENODEV, 'only regular files and /dev/zero can be mapped');
  }
  if (type !== mman.MAP_PRIVATE && (prot & mman.PROT_WRITE) !== 0) {
    if ((f.flags & O_ACCMODE) === O_WRONLY || !f.writable) throw new Errno(EACCES);
    throw new Errno(ENODEV, 'writable shared file mappings are not supported yet');
  }
  const name = f.dentry?.path(null) ?? f.anonName;
  const file = mappedOpenFile(f, name);
  return limited(t).mmap(addr, len, prot, flags, file, offset);
}

function munmap(_k: Kernel, t: Task, a: SyscallArgs): number {
  t.mm.munmap(a.ptr(0), a.num(1));
  return 0;
}

function mprotect(_k: Kernel, t: Task, a: SyscallArgs): number {
  const prot = a.u32(2);
  if ((prot & ~(mman.PROT_READ | mman.PROT_WRITE | mman.PROT_EXEC | mman.PROT_GROWSDOWN | mman.PROT_GROWSUP)) !== 0) {
    throw new Errno(EINVAL);
  }
  t.mm.mprotect(a.ptr(0), a.num(1), prot);
  return 0;
}

function mremap(_k: Kernel, t: Task, a: SyscallArgs): number {
  return limited(t).mremap(a.ptr(0), a.num(1), a.num(2), a.u32(3), a.ptr(4));
}

function madvise(_k: Kernel, t: Task, a: SyscallArgs): number {
  t.mm.madvise(a.ptr(0), a.num(1), a.int(2));
  return 0;
}

function accept(): number {
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('brk'), name: 'brk', support: 'full', handler: brk, args: ['ptr'], ret: 'hex',
    note: 'growth past RLIMIT_DATA, RLIMIT_AS or the machine memory leaves the break unchanged',
  },
  {
    nr: nr('mmap'), name: 'mmap', support: 'partial', handler: mmap, ret: 'hex',
    args: ['ptr', 'udec', 'prot', 'mapflags', 'fd', 'hex'],
    note: 'anonymous, private file and /dev/zero mappings; MAP_FIXED, MAP_POPULATE (prefaults; running out of frames leaves the rest on demand), MAP_FIXED_NOREPLACE, hints, top-down placement; shared anonymous as private; writable shared file mappings ENODEV; ENOMEM past RLIMIT_AS, RLIMIT_DATA (private writable) or a writable mapping larger than the machine memory (not with MAP_NORESERVE)',
  },
  { nr: nr('munmap'), name: 'munmap', support: 'full', handler: munmap, args: ['ptr', 'udec'] },
  {
    nr: nr('mprotect'), name: 'mprotect', support: 'full', handler: mprotect, args: ['ptr', 'udec', 'prot'],
    note: 'making more private memory writable than the machine has is ENOMEM',
  },
  {
    nr: nr('mremap'), name: 'mremap', support: 'partial', handler: mremap, ret: 'hex',
    args: ['ptr', 'udec', 'udec', 'hex', 'ptr'], note: 'within one mapping; MREMAP_MAYMOVE and MREMAP_FIXED; no MREMAP_DONTUNMAP; growth ENOMEM past RLIMIT_AS/RLIMIT_DATA',
  },
  {
    nr: nr('madvise'), name: 'madvise', support: 'partial', handler: madvise, args: ['ptr', 'udec', 'dec'],
    note: 'MADV_DONTNEED/MADV_FREE drop pages (zero or file contents on next touch); other advice accepted',
  },
  { nr: nr('msync'), name: 'msync', support: 'partial', note: 'no shared file mappings: nothing to write back', handler: accept, args: ['ptr', 'udec', 'hex'] },
  { nr: nr('mlock'), name: 'mlock', support: 'partial', note: 'accepted; nothing is ever swapped', handler: accept, args: ['ptr', 'udec'] },
  { nr: nr('munlock'), name: 'munlock', support: 'partial', note: 'accepted', handler: accept, args: ['ptr', 'udec'] },
  { nr: nr('mlockall'), name: 'mlockall', support: 'partial', note: 'accepted', handler: accept, args: ['hex'] },
  { nr: nr('munlockall'), name: 'munlockall', support: 'partial', note: 'accepted', handler: accept, args: [] },
];
