// The one place a syscall is entered and its result returned: read x8 and
// x0-x5, call the handler, and write x0. An Errno becomes -errno here and
// nowhere else. WouldBlock (or a handler's BLOCKED) parks the task and backs
// the PC up onto the SVC so the call restarts from the top when woken (by a
// queue, or at the WouldBlock's monotonic deadline when it has one).
// Errno(ERESTARTSYS) is Linux's -ERESTARTSYS: the call has sent a signal (a
// tty's SIGTTIN/SIGTTOU) and starts over once it is handled (EINTR when a
// handler without SA_RESTART runs). Any other exception is a kernel bug:
// panic with the task and its last syscalls.
import { ENOSYS, ERESTARTSYS } from '../../abi/linux/errno.js';
import { syscallName } from '../../abi/linux/syscall_nr.js';
import { WouldBlock } from '../../fs/wait_queue.js';
import { Errno } from '../errno.js';
import { parkSyscall, restartAfterSignal } from '../signal/deliver.js';
import type { Kernel } from '../kernel.js';
import { KernelPanic } from '../kernel.js';
import type { Task } from '../task/task.js';
import { straceEnter, straceExit, straceNoReturn } from './strace.js';
import { lookupSyscall } from './table.js';
import { BLOCKED, type SyscallResult, SyscallArgs } from './types.js';

const RECENT = 16;

export function dispatchSyscall(k: Kernel, t: Task): void {
  const cpu = k.cpu;
  const nr = cpu.i32[16] >>> 0;
  const args = new SyscallArgs(cpu.i32.slice(0, 12));
  const def = lookupSyscall(nr);
  const name = def?.name ?? syscallName(nr);

  t.recentSyscalls.push({ nr, name, args: [0, 1, 2, 3, 4, 5].map((i) => args.num(i)) });
  if (t.recentSyscalls.length > RECENT) t.recentSyscalls.shift();

  const trace = k.strace ? straceEnter(k, t, def, nr, args) : null;
  let result: SyscallResult;
  let restart = false;
  if (def === undefined || def.handler === undefined || def.support === 'enosys') {
    if (!k.reportedEnosys.has(name) && def?.quiet !== true) {
      k.reportedEnosys.add(name);
      k.log.line(`flint: unimplemented syscall ${name} (nr ${nr})`);
    }
    result = -ENOSYS;
  } else {
    try {
      result = def.handler(k, t, args);
    } catch (e) {
      if (e instanceof Errno) {
        result = -e.code;
        restart = e.code === ERESTARTSYS;
      } else if (e instanceof WouldBlock) {
        k.block(t, e.queues, e.untilNs);
        result = BLOCKED;
      } else {
        throw panic(k, t, name, e);
      }
    }
  }

  if (result === BLOCKED) {
    if (t.state === 'runnable') throw panic(k, t, name, new Error('handler returned BLOCKED without blocking'));
    // Re-execute the SVC when woken: x0-x8 are untouched. A caught signal interrupts it (signal/deliver.ts).
    if (k.current === t) cpu.pc = cpu.pc - 4;
    parkSyscall(k, t, nr);
    return;
  }
  if (restart && t.state !== 'zombie' && k.current === t) {
    // Back onto the SVC with x0-x8 untouched; signal delivery decides between restart and EINTR.
    if (trace !== null) k.log.line(`${straceTag(k, t)}${straceNoReturn(trace)} ERESTARTSYS (To be restarted if SA_RESTART is set)`);
    cpu.pc = cpu.pc - 4;
    t.restart = null;
    restartAfterSignal(t, nr);
    return;
  }
  t.restart = null;
  t.signals.parkedSyscall = -1;
  // exit, exit_group, a fatal signal: nothing to return to. execve: the new image's registers are already set.
  if (t.state === 'zombie' || k.current !== t) {
    if (trace !== null && t.state === 'zombie') k.log.line(straceTag(k, t) + straceNoReturn(trace));
    return;
  }
  if (typeof result === 'bigint') cpu.setXBig(0, result);
  else if (result < 0) cpu.setX(0, result | 0, -1);
  else cpu.setXNum(0, result);
  if (trace !== null) k.log.line(straceTag(k, t) + straceExit(k, t, def, args, trace, result));
}

/** strace -f's line prefix once the machine has more than one task: "[pid N] ". */
function straceTag(k: Kernel, t: Task): string {
  return k.manyTasks ? `[pid ${t.pid}] ` : '';
}

function panic(k: Kernel, t: Task, name: string, e: unknown): KernelPanic {
  return k.panic(t, `exception in syscall ${name} at pc 0x${k.cpu.pc.toString(16)}`, e);
}
