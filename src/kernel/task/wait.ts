// wait(2) (kernel/exit.c do_wait): find a child process in a state the
// caller asked about, encode its status as Linux does, and reap it.
import { SIGCHLD, SIGCONT } from '../../abi/linux/signal.js';
import * as w from '../../abi/linux/wait.js';
import { StructBuf } from '../syscalls/struct_buf.js';
import type { Kernel } from '../kernel.js';
import type { Process } from './process.js';
import { reap } from './exit.js';

export type WaitWhich = { kind: 'all' } | { kind: 'pid'; pid: number } | { kind: 'pgid'; pgid: number };

export interface WaitFound {
  child: Process;
  kind: 'exited' | 'stopped' | 'continued';
}

const NS_PER_SEC = 1_000_000_000n;

function selected(c: Process, which: WaitWhich, options: number): boolean {
  if (which.kind === 'pid' && c.tgid !== which.pid) return false;
  if (which.kind === 'pgid' && c.pgid !== which.pgid) return false;
  if ((options & w.__WALL) !== 0) return true;
  // A "clone" child reports with a signal other than SIGCHLD; __WCLONE selects only those.
  const isClone = c.exitSignal !== SIGCHLD;
  return isClone === ((options & w.__WCLONE) !== 0);
}

/** A waitable child of `p`, or 'none' (children exist, none ready) or 'nochild' (ECHILD). */
export function findWaitable(p: Process, which: WaitWhich, options: number): WaitFound | 'none' | 'nochild' {
  let any = false;
  for (const c of p.children) {
    if (!selected(c, which, options)) continue;
    any = true;
    if (c.exit !== null) {
      if ((options & w.WEXITED) !== 0) return { child: c, kind: 'exited' };
      continue;
    }
    const n = c.notice;
    if (n?.kind === 'stopped' && (options & w.WSTOPPED) !== 0) return { child: c, kind: 'stopped' };
    if (n?.kind === 'continued' && (options & w.WCONTINUED) !== 0) return { child: c, kind: 'continued' };
  }
  return any ? 'none' : 'nochild';
}

/** The wait(2) status word: exited (code << 8), killed (sig | 0x80 core), stopped (sig << 8 | 0x7f), continued (0xffff). */
export function waitStatus(f: WaitFound): number {
  if (f.kind === 'continued') return 0xffff;
  if (f.kind === 'stopped') return f.child.notice?.kind === 'stopped' ? ((f.child.notice.signal << 8) | 0x7f) : 0x7f;
  const e = f.child.exit!;
  if (e.kind === 'exited') return (e.code & 0xff) << 8;
  return e.signal | (e.core === true ? 0x80 : 0);
}

/** The siginfo_t waitid(2) fills: SIGCHLD, the CLD_* code, pid, uid, status. */
export function waitSiginfo(f: WaitFound | null): Uint8Array {
  const b = new StructBuf(128);
  if (f === null) return b.bytes;
  let code: number;
  let status: number;
  if (f.kind === 'continued') {
    code = w.CLD_CONTINUED;
    status = SIGCONT;
  } else if (f.kind === 'stopped') {
    code = w.CLD_STOPPED;
    status = f.child.notice?.kind === 'stopped' ? f.child.notice.signal : 0;
  } else {
    const e = f.child.exit!;
    if (e.kind === 'exited') {
      code = w.CLD_EXITED;
      status = e.code & 0xff;
    } else {
      code = e.core === true ? w.CLD_DUMPED : w.CLD_KILLED;
      status = e.signal;
    }
  }
  const ticks = (ns: bigint): bigint => ns / 10_000_000n;
  b.u32(0, SIGCHLD).u32(8, code).u32(16, f.child.tgid).u32(20, f.child.leader.creds.uid).u32(24, status);
  b.i64(32, ticks(f.child.cpuNs())).i64(40, 0n);
  return b.bytes;
}

/** struct rusage of a child as wait4 reports it: its own usage plus its reaped children's. */
export function childRusage(c: Process): Uint8Array {
  const ns = c.cpuNs() + c.childCpuNs;
  let nvcsw = c.deadNvcsw;
  let nivcsw = c.deadNivcsw;
  for (const t of c.threads) {
    nvcsw += t.nvcsw;
    nivcsw += t.nivcsw;
  }
  const b = new StructBuf(144);
  b.i64(0, ns / NS_PER_SEC).i64(8, (ns % NS_PER_SEC) / 1000n);
  b.i64(32, BigInt(Math.max(c.maxRssKb, c.childMaxRssKb)));
  b.i64(128, BigInt(nvcsw)).i64(136, BigInt(nivcsw));
  return b.bytes;
}

/** Consume what was reported: reap a zombie, clear a stop/continue notice. */
export function consumeWaitable(k: Kernel, f: WaitFound): void {
  if (f.kind === 'exited') reap(k, f.child);
  else f.child.notice = null;
}
