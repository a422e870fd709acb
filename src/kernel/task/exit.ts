// The end of a task (kernel/exit.c do_exit): record how it ended, leave
// every wait it was on, and release what it holds (address space, open
// files). The task stays in the table as a zombie until it is reaped.
import type { Kernel } from '../kernel.js';
import type { Task, TaskExit } from './task.js';

export function releaseTask(k: Kernel, t: Task, how: TaskExit): void {
  for (const cancel of t.cancelWait) cancel();
  t.cancelWait = [];
  t.exit = how;
  t.exitCode = how.kind === 'exited' ? how.code : 128 + how.signal;
  t.state = 'zombie';
  for (const [addr, q] of k.futexQueues) {
    const i = q.indexOf(t);
    if (i >= 0) q.splice(i, 1);
    if (q.length === 0) k.futexQueues.delete(addr);
  }
  t.mm.destroy();
  t.files.closeAll();
}
