// Process identity and lifetime: exit, ids, credentials queries, prctl names,
// the thread-library hooks (set_tid_address, robust lists, rseq) and the
// scheduler calls a single-CPU machine answers trivially.
import { EACCES, EINVAL, EPERM, ESRCH } from '../../abi/linux/errno.js';
import * as sc from '../../abi/linux/sched.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { bytesToName, nameToBytes } from '../../fs/byte_string.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../task/process.js';
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
  k.exitThread(t, a.int(0));
  return 0;
}

function exitGroup(k: Kernel, t: Task, a: SyscallArgs): number {
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
    case sc.PR_SET_CHILD_SUBREAPER:
      t.proc.subreaper = a.num(1) !== 0;
      return 0;
    case sc.PR_GET_CHILD_SUBREAPER:
      t.mm.writeU32(a.ptr(1), t.proc.subreaper ? 1 : 0);
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

/** A thread named by a pid argument: 0 is the caller. */
function threadArg(k: Kernel, t: Task, pid: number): Task {
  if (pid < 0) throw new Errno(EINVAL);
  if (pid === 0 || pid === t.pid) return t;
  const found = k.findTask(pid);
  if (found === null) throw new Errno(ESRCH);
  return found;
}

function schedGetaffinity(k: Kernel, t: Task, a: SyscallArgs): number {
  threadArg(k, t, a.int(0));
  const len = a.num(1);
  // The kernel's cpumask is one long here (nr_cpu_ids = 1); the user buffer must hold it.
  if (len < 8 || len % 8 !== 0) throw new Errno(EINVAL);
  const mask = new Uint8Array(8);
  mask[0] = 1;
  t.mm.write(a.ptr(2), mask);
  return 8;
}

function schedSetaffinity(k: Kernel, t: Task, a: SyscallArgs): number {
  threadArg(k, t, a.int(0));
  const len = Math.min(a.num(1), 128);
  const mask = t.mm.read(a.ptr(2), len);
  if ((mask[0] & 1) === 0) throw new Errno(EINVAL);
  return 0;
}

function schedYield(k: Kernel, t: Task): number {
  // End the slice: the next scheduling round picks someone else first.
  t.nvcsw++;
  t.sliceLeft = 0;
  k.preempt = true;
  return 0;
}

/** The process a pid argument names (0: the caller's). */
function processArg(k: Kernel, t: Task, pid: number): Process {
  if (pid < 0) throw new Errno(EINVAL);
  if (pid === 0) return t.proc;
  const p = k.findProcess(pid);
  if (p === null) throw new Errno(ESRCH);
  return p;
}

function getpgid(k: Kernel, t: Task, a: SyscallArgs): number {
  return processArg(k, t, a.int(0)).pgid;
}

function getsid(k: Kernel, t: Task, a: SyscallArgs): number {
  return processArg(k, t, a.int(0)).sid;
}

/** setpgid(2): the caller or one of its children, within the caller's session. */
function setpgid(k: Kernel, t: Task, a: SyscallArgs): number {
  const pid = a.int(0);
  const pgid = a.int(1);
  if (pgid < 0) throw new Errno(EINVAL);
  const p = processArg(k, t, pid);
  if (p !== t.proc && p.parent !== t.proc) throw new Errno(ESRCH);
  if (p !== t.proc && p.didExec) throw new Errno(EACCES);
  if (p.sid !== t.proc.sid) throw new Errno(EPERM);
  if (p.sid === p.tgid) throw new Errno(EPERM);
  const target = pgid === 0 ? p.tgid : pgid;
  if (target !== p.tgid && !k.processes().some((x) => x.pgid === target && x.sid === t.proc.sid && x.exit === null)) {
    throw new Errno(EPERM);
  }
  p.pgid = target;
  return 0;
}

/** setsid(2): a new session and group led by the caller, unless it already leads a group; it has no controlling terminal. */
function setsid(k: Kernel, t: Task): number {
  const p = t.proc;
  if (k.processes().some((x) => x.pgid === p.tgid)) throw new Errno(EPERM);
  p.pgid = p.tgid;
  p.sid = p.tgid;
  p.ctty = null;
  return p.tgid;
}

/** The tasks a getpriority/setpriority (which, who) pair names. */
function priorityTargets(k: Kernel, t: Task, which: number, who: number): Task[] {
  let out: Task[];
  switch (which) {
    case sc.PRIO_PROCESS:
      out = who === 0 ? [t] : k.liveTasks().filter((x) => x.pid === who);
      break;
    case sc.PRIO_PGRP: {
      const g = who === 0 ? t.proc.pgid : who;
      out = k.liveTasks().filter((x) => x.proc.pgid === g);
      break;
    }
    case sc.PRIO_USER: {
      const u = who === 0 ? t.creds.uid : who;
      out = k.liveTasks().filter((x) => x.creds.uid === u);
      break;
    }
    default:
      throw new Errno(EINVAL);
  }
  if (out.length === 0) throw new Errno(ESRCH);
  return out;
}

/** getpriority(2) returns 20 - nice (1..40), the best of the targets. */
function getpriority(k: Kernel, t: Task, a: SyscallArgs): number {
  return Math.max(...priorityTargets(k, t, a.int(0), a.int(1)).map((x) => x.priority));
}

function setpriority(k: Kernel, t: Task, a: SyscallArgs): number {
  const targets = priorityTargets(k, t, a.int(0), a.int(1));
  const nice = Math.min(19, Math.max(-20, a.int(2)));
  for (const x of targets) {
    if (t.creds.euid !== 0 && x.creds.uid !== t.creds.euid && x.creds.euid !== t.creds.euid) throw new Errno(EPERM);
    if (nice < x.nice && t.creds.euid !== 0) throw new Errno(EACCES);
  }
  for (const x of targets) x.nice = nice;
  return 0;
}

export const syscalls: SyscallDef[] = [
  { nr: nr('exit'), name: 'exit', support: 'full', note: 'ends the calling thread; the process ends with its last thread', handler: exit, args: ['dec'] },
  { nr: nr('exit_group'), name: 'exit_group', support: 'full', handler: exitGroup, args: ['dec'] },
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
    note: 'PR_SET_NAME, PR_GET_NAME, PR_SET/GET_CHILD_SUBREAPER, dumpable, pdeathsig (accepted, not acted on), timer slack, no_new_privs, PR_SET_VMA; others EINVAL',
  },
  { nr: nr('set_tid_address'), name: 'set_tid_address', support: 'full', note: 'cleared and futex-woken at thread exit when the memory is shared', handler: setTidAddress, args: ['ptr'] },
  { nr: nr('set_robust_list'), name: 'set_robust_list', support: 'full', note: 'walked at thread exit and at execve: held robust futexes get FUTEX_OWNER_DIED and wake a waiter', handler: setRobustList, args: ['ptr', 'udec'] },
  { nr: nr('get_robust_list'), name: 'get_robust_list', support: 'full', handler: getRobustList, args: ['dec', 'ptr', 'ptr'] },
  { nr: nr('rseq'), name: 'rseq', support: 'enosys', quiet: true, args: ['ptr', 'udec', 'hex', 'hex'], note: 'glibc runs without restartable sequences; not logged' },
  { nr: nr('sched_getaffinity'), name: 'sched_getaffinity', support: 'full', note: 'one CPU', handler: schedGetaffinity, args: ['dec', 'udec', 'ptr'] },
  { nr: nr('sched_setaffinity'), name: 'sched_setaffinity', support: 'partial', note: 'accepted when CPU 0 is in the mask', handler: schedSetaffinity, args: ['dec', 'udec', 'ptr'] },
  { nr: nr('sched_yield'), name: 'sched_yield', support: 'full', handler: schedYield, args: [] },
  { nr: nr('getpgid'), name: 'getpgid', support: 'full', handler: getpgid, args: ['dec'] },
  { nr: nr('getsid'), name: 'getsid', support: 'full', handler: getsid, args: ['dec'] },
  { nr: nr('setpgid'), name: 'setpgid', support: 'full', handler: setpgid, args: ['dec', 'dec'] },
  { nr: nr('setsid'), name: 'setsid', support: 'full', note: 'the new session has no controlling terminal', handler: setsid, args: [] },
  { nr: nr('getpriority'), name: 'getpriority', support: 'full', note: 'returns 20 - nice', handler: getpriority, args: ['dec', 'dec'] },
  {
    nr: nr('setpriority'), name: 'setpriority', support: 'full', handler: setpriority, args: ['dec', 'dec', 'dec'],
    note: 'nice scales the time slice; raising priority needs root',
  },
];
