// clone(2) and clone3(2). clone's AArch64 argument order is (flags, newsp,
// parent_tid, tls, child_tid). CLONE_VFORK puts the parent to sleep until
// the child execs or ends; the syscall then restarts and returns the pid.
import { CLONE_VFORK } from '../../abi/linux/sched.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import type { Kernel } from '../kernel.js';
import { cloneTask } from '../task/clone.js';
import type { Task } from '../task/task.js';
import { BLOCKED, type SyscallArgs, type SyscallDef, type SyscallResult } from './types.js';

interface VforkWait {
  kind: 'vfork';
  child: Task;
}

function isVforkWait(x: unknown): x is VforkWait {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'vfork';
}

function clone(k: Kernel, t: Task, a: SyscallArgs): SyscallResult {
  const st = t.restart;
  if (isVforkWait(st)) {
    // Woken: the child has exec'd or ended (else it is still borrowing our memory).
    if (st.child.vforkDone === null) return st.child.pid;
    k.block(t, [st.child.vforkDone]);
    return BLOCKED;
  }
  const flags = a.u32(0);
  const child = cloneTask(k, t, { flags, stack: a.ptr(1), parentTid: a.ptr(2), tls: a.u64(3), childTid: a.ptr(4) });
  if ((flags & CLONE_VFORK) !== 0 && child.vforkDone !== null) {
    t.restart = { kind: 'vfork', child } satisfies VforkWait;
    k.block(t, [child.vforkDone]);
    return BLOCKED;
  }
  return child.pid;
}


export const syscalls: SyscallDef[] = [
  {
    nr: nr('clone'), name: 'clone', support: 'partial', handler: clone, args: ['hex', 'ptr', 'ptr', 'hex', 'ptr'],
    note: 'the flag sets of fork, vfork, posix_spawn and pthread_create (VM, FS, FILES, SIGHAND, THREAD, SYSVSEM, SETTLS, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID, VFORK, PARENT); namespaces, ptrace and pidfds are EINVAL',
  },
  { nr: nr('clone3'), name: 'clone3', support: 'enosys', quiet: true, args: ['ptr', 'udec'], note: 'ENOSYS so glibc falls back to clone' },
];
