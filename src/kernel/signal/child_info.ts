// The siginfo of SIGCHLD (do_notify_parent, do_notify_parent_cldstop): the
// child's pid and real uid, the CLD_* code, its exit code or signal, and its
// user and system time in clock ticks.
import * as si from '../../abi/linux/siginfo.js';
import { SIGCONT, SIGCHLD } from '../../abi/linux/signal.js';
import type { Process } from '../task/process.js';
import { childSigInfo, type SigInfo } from './siginfo.js';

/** Clock ticks (USER_HZ = 100) of `ns`. */
function ticks(ns: bigint): bigint {
  return ns / 10_000_000n;
}

/** SIGCHLD (or the child's exit signal) for a process that has ended. */
export function childExitInfo(child: Process, signo = SIGCHLD): SigInfo {
  const e = child.exit ?? child.groupExit;
  const uid = child.leader.creds.uid;
  const utime = ticks(child.cpuNs());
  let info: SigInfo;
  if (e === null || e.kind === 'exited') info = childSigInfo(si.CLD_EXITED, child.tgid, uid, e?.kind === 'exited' ? e.code : 0, utime);
  else info = childSigInfo(e.core === true ? si.CLD_DUMPED : si.CLD_KILLED, child.tgid, uid, e.signal, utime);
  return { ...info, signo };
}

/** SIGCHLD for a child that stopped (CLD_STOPPED, status the stop signal) or continued (CLD_CONTINUED). */
export function childJobInfo(child: Process): SigInfo {
  const n = child.notice;
  const uid = child.leader.creds.uid;
  const utime = ticks(child.cpuNs());
  if (n?.kind === 'stopped') return childSigInfo(si.CLD_STOPPED, child.tgid, uid, n.signal, utime);
  return childSigInfo(si.CLD_CONTINUED, child.tgid, uid, SIGCONT, utime);
}
