// Process identity and lifetime: exit, ids, credentials queries, prctl names,
// the thread-library hooks (set_tid_address, robust lists, rseq) and the
// scheduler calls a single-CPU machine answers trivially.
import { EINVAL, ESRCH } from '../../abi/linux/errno.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { bytesToName, nameToBytes } from '../../fs/byte_string.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

const PR_SET_PDEATHSIG = 1;
const PR_GET_PDEATHSIG = 2;
const PR_GET_DUMPABLE = 3;
const PR_SET_DUMPABLE = 4;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;
const PR_GET_TIMERSLACK = 30;
const PR_SET_TIMERSLACK = 29;
const PR_SET_NO_NEW_PRIVS = 38;
const PR_GET_NO_NEW_PRIVS = 39;
const PR_SET_VMA = 0x53564d41;
/** TASK_COMM_LEN: 16 bytes including the NUL. */
export const TASK_COMM_LEN = 16;

/** The sizeof(struct robust_list_head) glibc passes. */
const ROBUST_LIST_HEAD_SIZE = 24;

/** A task whose pid argument means "the caller" (0 or its own pid). */
function selfOrEsrch(t: Task, pid: number): Task {
  if (pid === 0 || pid === t.pid || pid === t.tgid) return t;
  throw new Errno(ESRCH);
}

function exit(k: Kernel, t: Task, a: SyscallArgs): number {
  k.exitTask(t, a.int(0));
  return 0;
}

function getgroups(_k: Kernel, t: Task, a: SyscallArgs): number {
  const size = a.int(0);
  const groups = t.creds.groups;
  if (size === 0) return groups.length;
  if (size < groups.length || size < 0) throw new Errno(EINVAL);
  const buf = new Uint8Array(4 * groups.length);
  const dv = new DataView(buf.buffer);
  groups.forEach((g, i) => dv.setUint32(4 * i, g, true));
  t.mm.write(a.ptr(1), buf);
  return groups.length;
}

function getres(t: Task, a: SyscallArgs, ids: number[]): number {
  for (let i = 0; i < 3; i++) t.mm.writeU32(a.ptr(i), ids[i]);
  return 0;
}

function umask(_k: Kernel, t: Task, a: SyscallArgs): number {
  const old = t.fs.umask;
  t.fs.umask = a.u32(0) & 0o777;
  return old;
}

function prctl(_k: Kernel, t: Task, a: SyscallArgs): number {
  switch (a.int(0)) {
    case PR_SET_NAME: {
      const raw = t.mm.read(a.ptr(1), TASK_COMM_LEN);
      const z = raw.indexOf(0);
      const name = raw.subarray(0, Math.min(z < 0 ? TASK_COMM_LEN - 1 : z, TASK_COMM_LEN - 1));
      t.comm = bytesToName(name);
      return 0;
    }
    case PR_GET_NAME: {
      const out = new Uint8Array(TASK_COMM_LEN);
      out.set(nameToBytes(t.comm).subarray(0, TASK_COMM_LEN - 1));
      t.mm.write(a.ptr(1), out);
      return 0;
    }
    case PR_GET_DUMPABLE:
      return 1;
    case PR_SET_DUMPABLE:
      if (a.num(1) > 1) throw new Errno(EINVAL);
      return 0;
    case PR_SET_PDEATHSIG:
      if (a.num(1) > 64) throw new Errno(EINVAL);
      return 0;
    case PR_GET_PDEATHSIG:
      t.mm.writeU32(a.ptr(1), 0);
      return 0;
    case PR_GET_TIMERSLACK:
      return 50000;
    case PR_SET_TIMERSLACK:
      return 0;
    case PR_SET_NO_NEW_PRIVS:
      return 0;
    case PR_GET_NO_NEW_PRIVS:
      return 0;
    case PR_SET_VMA:
      return 0;
    default:
      throw new Errno(EINVAL);
  }
}

function setTidAddress(_k: Kernel, t: Task, a: SyscallArgs): number {
  t.clearChildTid = a.ptr(0);
  return t.pid;
}

function setRobustList(_k: Kernel, t: Task, a: SyscallArgs): number {
  if (a.num(1) !== ROBUST_LIST_HEAD_SIZE) throw new Errno(EINVAL);
  t.robustList = a.ptr(0);
  t.robustListLen = a.num(1);
  return 0;
}

function getRobustList(_k: Kernel, t: Task, a: SyscallArgs): number {
  const target = selfOrEsrch(t, a.int(0));
  t.mm.writeU64(a.ptr(1), BigInt(target.robustList));
  t.mm.writeU64(a.ptr(2), BigInt(target.robustListLen));
  return 0;
}

function schedGetaffinity(_k: Kernel, t: Task, a: SyscallArgs): number {
  selfOrEsrch(t, a.int(0));
  const len = a.num(1);
  // The kernel's cpumask is one long here (nr_cpu_ids = 1); the user buffer must hold it.
  if (len < 8 || len % 8 !== 0) throw new Errno(EINVAL);
  const mask = new Uint8Array(8);
  mask[0] = 1;
  t.mm.write(a.ptr(2), mask);
  return 8;
}

function schedSetaffinity(_k: Kernel, t: Task, a: SyscallArgs): number {
  selfOrEsrch(t, a.int(0));
  const len = Math.min(a.num(1), 128);
  const mask = t.mm.read(a.ptr(2), len);
  if ((mask[0] & 1) === 0) throw new Errno(EINVAL);
  return 0;
}

function schedYield(_k: Kernel, t: Task): number {
  // End the slice: the next scheduling round picks someone else first.
  t.nvcsw++;
  t.sliceLeft = 0;
  return 0;
}

function getpgid(_k: Kernel, t: Task, a: SyscallArgs): number {
  return selfOrEsrch(t, a.int(0)).tgid;
}

export const syscalls: SyscallDef[] = [
  { nr: nr('exit'), name: 'exit', support: 'partial', note: 'ends the task (one thread per process for now)', handler: exit, args: ['dec'] },
  { nr: nr('exit_group'), name: 'exit_group', support: 'full', handler: exit, args: ['dec'] },
  { nr: nr('getpid'), name: 'getpid', support: 'full', handler: (_k, t) => t.tgid, args: [] },
  { nr: nr('gettid'), name: 'gettid', support: 'full', handler: (_k, t) => t.pid, args: [] },
  { nr: nr('getppid'), name: 'getppid', support: 'full', handler: (_k, t) => t.ppid, args: [] },
  { nr: nr('getuid'), name: 'getuid', support: 'full', handler: (_k, t) => t.creds.uid, args: [] },
  { nr: nr('geteuid'), name: 'geteuid', support: 'full', handler: (_k, t) => t.creds.euid, args: [] },
  { nr: nr('getgid'), name: 'getgid', support: 'full', handler: (_k, t) => t.creds.gid, args: [] },
  { nr: nr('getegid'), name: 'getegid', support: 'full', handler: (_k, t) => t.creds.egid, args: [] },
  {
    nr: nr('getresuid'), name: 'getresuid', support: 'full', args: ['ptr', 'ptr', 'ptr'],
    handler: (_k, t, a) => getres(t, a, [t.creds.uid, t.creds.euid, t.creds.suid]),
  },
  {
    nr: nr('getresgid'), name: 'getresgid', support: 'full', args: ['ptr', 'ptr', 'ptr'],
    handler: (_k, t, a) => getres(t, a, [t.creds.gid, t.creds.egid, t.creds.sgid]),
  },
  { nr: nr('getgroups'), name: 'getgroups', support: 'full', handler: getgroups, args: ['dec', 'ptr'] },
  { nr: nr('umask'), name: 'umask', support: 'full', handler: umask, args: ['mode'], ret: 'dec' },
  {
    nr: nr('prctl'), name: 'prctl', support: 'partial', handler: prctl, args: ['dec', 'hex', 'hex', 'hex', 'hex'],
    note: 'PR_SET_NAME, PR_GET_NAME, dumpable, pdeathsig (accepted, not acted on), timer slack, no_new_privs, PR_SET_VMA; others EINVAL',
  },
  { nr: nr('set_tid_address'), name: 'set_tid_address', support: 'partial', note: 'stored; cleared-and-woken at thread exit arrives with threads', handler: setTidAddress, args: ['ptr'] },
  { nr: nr('set_robust_list'), name: 'set_robust_list', support: 'partial', note: 'stored, not walked at exit', handler: setRobustList, args: ['ptr', 'udec'] },
  { nr: nr('get_robust_list'), name: 'get_robust_list', support: 'full', handler: getRobustList, args: ['dec', 'ptr', 'ptr'] },
  { nr: nr('rseq'), name: 'rseq', support: 'enosys', quiet: true, args: ['ptr', 'udec', 'hex', 'hex'], note: 'glibc runs without restartable sequences; not logged' },
  { nr: nr('sched_getaffinity'), name: 'sched_getaffinity', support: 'full', note: 'one CPU', handler: schedGetaffinity, args: ['dec', 'udec', 'ptr'] },
  { nr: nr('sched_setaffinity'), name: 'sched_setaffinity', support: 'partial', note: 'accepted when CPU 0 is in the mask', handler: schedSetaffinity, args: ['dec', 'udec', 'ptr'] },
  { nr: nr('sched_yield'), name: 'sched_yield', support: 'full', handler: schedYield, args: [] },
  { nr: nr('getpgid'), name: 'getpgid', support: 'partial', note: 'every process leads its own group for now', handler: getpgid, args: ['dec'] },
  { nr: nr('getsid'), name: 'getsid', support: 'partial', note: 'every process leads its own session for now', handler: getpgid, args: ['dec'] },
];
