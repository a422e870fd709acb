// What a terminal needs from the kernel (tty/tty.ts JobControl): who is
// calling (from the task in the CPU), signals to a process group, session
// membership, and the controlling terminal of a whole session. One instance
// per machine; every Tty (the console, each pty) is built with it.
import { SIG_IGN } from '../abi/linux/signal.js';
import type { JobControl, Tty, TtyCaller } from '../tty/tty.js';
import type { Kernel } from './kernel.js';
import { willBeOrphanedPgrp } from './task/pgrp.js';
import { kernelSigInfo } from './signal/siginfo.js';
import { postSignal, signalPgrp } from './task/signal_post.js';
import { sigBit } from './task/signal_state.js';
import type { Task } from './task/task.js';

/** The caller when no task is in the CPU (input from the host side): nobody, who may not be stopped. */
const NOBODY: TtyCaller = {
  pid: 0,
  pgid: 0,
  sid: 0,
  isSessionLeader: false,
  ctty: null,
  blocksOrIgnores: () => true,
  pgrpOrphaned: true,
  privileged: true,
};

/** The TtyCaller view of thread `t` (its process's ids and terminal, its own signal mask). */
export function ttyCaller(k: Kernel, t: Task): TtyCaller {
  const p = t.proc;
  return {
    pid: p.tgid,
    pgid: p.pgid,
    sid: p.sid,
    isSessionLeader: p.sid === p.tgid,
    ctty: p.ctty,
    // is_ignored(): blocked by the thread, or SIG_IGN (a default-ignore action does not count).
    blocksOrIgnores: (sig) => (t.signals.blocked & sigBit(sig)) !== 0n || t.signals.actions[sig].handler === BigInt(SIG_IGN),
    get pgrpOrphaned(): boolean {
      return willBeOrphanedPgrp(k, p.pgid);
    },
    privileged: t.creds.euid === 0,
    // The syscall ran before and blocked (woken by a queue or its deadline): a VTIME read keeps its start.
    restarted: t.signals.parkedSyscall >= 0,
  };
}

export function kernelJobControl(k: Kernel): JobControl {
  return {
    caller: () => (k.current !== null ? ttyCaller(k, k.current) : NOBODY),
    signalPgrp: (pgid, sig) => signalPgrp(k, pgid, sig),
    pgrpInSession: (pgid, sid) => k.processes().some((p) => p.pgid === pgid && p.sid === sid && p.exit === null),
    setSessionTty: (sid: number, tty: Tty | null) => {
      for (const p of k.processes()) if (p.sid === sid && p.exit === null) p.ctty = tty;
    },
    setCallerTty: (tty) => {
      if (k.current !== null) k.current.proc.ctty = tty;
    },
    signalProcess: (pid, sig) => {
      const th = k.findProcess(pid)?.threads[0];
      if (th !== undefined) postSignal(k, th, sig, true, kernelSigInfo(sig));
    },
    pgrpExists: (pgid) => k.processes().some((p) => p.pgid === pgid && p.exit === null),
  };
}
