// System information: uname, sysinfo (from the frame accounting), getrandom
// (the Random port) and resource limits.
import { EFAULT, EINVAL, EPERM, ESRCH } from '../../abi/linux/errno.js';
import * as r from '../../abi/linux/resource.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { PAGE_SIZE } from '../../cpu/state.js';
import { bytesToName } from '../../fs/byte_string.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Rlimit } from '../task/rlimits.js';
import type { Task } from '../task/task.js';
import { vmLimits } from './memory.js';
import { StructBuf } from './struct_buf.js';
import { monotonicNs } from './time.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** What uname(2) reports besides the node and domain names (Kernel.uts). */
export const UTS = {
  sysname: 'Linux',
  release: '6.1.0-flint',
  version: '#1 SMP PREEMPT_DYNAMIC Flint',
  machine: 'aarch64',
};
const UTS_LEN = 65;
/** __NEW_UTS_LEN: the longest host or domain name. */
const NEW_UTS_LEN = 64;

const GRND_NONBLOCK = 1;
const GRND_RANDOM = 2;
const GRND_INSECURE = 4;
/** getrandom(2) returns at most this much per call (INT_MAX >> 6 = 32 MiB - 1). */
const GETRANDOM_MAX = 33554431;

function uname(k: Kernel, t: Task, a: SyscallArgs): number {
  const b = new StructBuf(6 * UTS_LEN);
  [UTS.sysname, k.uts.nodename, UTS.release, UTS.version, UTS.machine, k.uts.domainname].forEach((s, i) =>
    b.str(i * UTS_LEN, s, UTS_LEN),
  );
  t.mm.write(a.ptr(0), b.bytes);
  return 0;
}

/** sethostname(2) / setdomainname(2): root only (CAP_SYS_ADMIN), at most 64 bytes. */
function setUtsName(field: 'nodename' | 'domainname') {
  return (k: Kernel, t: Task, a: SyscallArgs): number => {
    if (t.creds.euid !== 0) throw new Errno(EPERM);
    const len = a.int(1);
    if (len < 0 || len > NEW_UTS_LEN) throw new Errno(EINVAL);
    k.uts[field] = bytesToName(t.mm.read(a.ptr(0), len));
    return 0;
  };
}

/** struct sysinfo on a 64-bit kernel (112 bytes). */
function sysinfo(k: Kernel, t: Task, a: SyscallArgs): number {
  const b = new StructBuf(112);
  b.i64(0, monotonicNs(k) / 1_000_000_000n);
  b.i64(32, k.frames.total * PAGE_SIZE);
  b.i64(40, k.frames.freePages() * PAGE_SIZE);
  b.u16(80, k.liveTasks().length);
  b.u32(104, 1);
  t.mm.write(a.ptr(0), b.bytes);
  return 0;
}

function getrandom(k: Kernel, t: Task, a: SyscallArgs): number {
  const flags = a.u32(2);
  if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) !== 0) throw new Errno(EINVAL);
  if ((flags & GRND_RANDOM) !== 0 && (flags & GRND_INSECURE) !== 0) throw new Errno(EINVAL);
  const len = Math.min(a.num(1), GETRANDOM_MAX);
  let done = 0;
  while (done < len) {
    const chunk = new Uint8Array(Math.min(len - done, 65536));
    k.random.fill(chunk);
    t.mm.write(a.ptr(0) + done, chunk);
    done += chunk.length;
  }
  return len;
}

function rlimitBytes(l: Rlimit): Uint8Array {
  return new StructBuf(16).i64(0, l.cur).i64(8, l.max).bytes;
}

/** The shared body of prlimit64, getrlimit and setrlimit. */
function prlimit(k: Kernel, t: Task, pid: number, resource: number, newAddr: number, oldAddr: number): number {
  const target = pid === 0 || pid === t.pid || pid === t.tgid ? t : k.findTask(pid);
  if (target === null) throw new Errno(ESRCH);
  if (resource < 0 || resource >= r.RLIM_NLIMITS) throw new Errno(EINVAL);
  let next: Rlimit | null = null;
  if (newAddr !== 0) {
    const b = new StructBuf(t.mm.read(newAddr, 16));
    next = { cur: b.getU64(0), max: b.getU64(8) };
    if (next.cur > next.max) throw new Errno(EINVAL);
    const cur = target.rlimits[resource];
    if (next.max > cur.max && t.creds.euid !== 0) throw new Errno(EPERM);
    if (resource === r.RLIMIT_NOFILE && next.max > 1048576n) throw new Errno(EPERM);
  }
  if (oldAddr !== 0) t.mm.write(oldAddr, rlimitBytes(target.rlimits[resource]));
  if (next !== null) {
    target.rlimits[resource] = next;
    if (resource === r.RLIMIT_NOFILE) target.files.limit = Number(next.cur > 1048576n ? 1048576n : next.cur);
    if (resource === r.RLIMIT_AS || resource === r.RLIMIT_DATA) target.mm.limits = vmLimits(target.rlimits);
  }
  return 0;
}

function prlimit64(k: Kernel, t: Task, a: SyscallArgs): number {
  return prlimit(k, t, a.int(0), a.int(1), a.isNull(2) ? 0 : a.ptr(2), a.isNull(3) ? 0 : a.ptr(3));
}

function getrlimit(k: Kernel, t: Task, a: SyscallArgs): number {
  if (a.isNull(1)) throw new Errno(EFAULT);
  return prlimit(k, t, 0, a.int(0), 0, a.ptr(1));
}

function setrlimit(k: Kernel, t: Task, a: SyscallArgs): number {
  if (a.isNull(1)) throw new Errno(EFAULT);
  return prlimit(k, t, 0, a.int(0), a.ptr(1), 0);
}

export const syscalls: SyscallDef[] = [
  { nr: nr('uname'), name: 'uname', support: 'full', handler: uname, args: ['ptr'], note: 'Linux 6.1.0-flint aarch64; node name flint until sethostname' },
  { nr: nr('sethostname'), name: 'sethostname', support: 'full', handler: setUtsName('nodename'), args: ['str', 'udec'] },
  { nr: nr('setdomainname'), name: 'setdomainname', support: 'full', handler: setUtsName('domainname'), args: ['str', 'udec'] },
  { nr: nr('sysinfo'), name: 'sysinfo', support: 'full', handler: sysinfo, args: ['ptr'], note: 'memory from the frame allocator; no swap, load 0' },
  { nr: nr('getrandom'), name: 'getrandom', support: 'full', handler: getrandom, args: ['ptr', 'udec', 'hex'] },
  {
    nr: nr('prlimit64'), name: 'prlimit64', support: 'partial', handler: prlimit64, args: ['dec', 'dec', 'ptr', 'ptr'],
    note: 'per process (threads share them, fork copies them); a tid names its process; RLIMIT_NOFILE bounds descriptors, RLIMIT_AS/RLIMIT_DATA bound mappings and stack growth, RLIMIT_STACK applies at exec, RLIMIT_SIGPENDING bounds queued signals; the others are stored only',
  },
  { nr: nr('getrlimit'), name: 'getrlimit', support: 'full', handler: getrlimit, args: ['dec', 'ptr'] },
  { nr: nr('setrlimit'), name: 'setrlimit', support: 'partial', handler: setrlimit, args: ['dec', 'ptr'], note: 'as prlimit64' },
];
