// The kernel's answers to procfs (fs/procfs.ts ProcProvider): which task is
// asking, and what each task looks like (fs/proc/array.c, task_mmu.c).
import { USER_HZ } from '../abi/linux/time.js';
import type { ProcProvider, ProcTask } from '../fs/procfs.js';
import type { AddressSpace } from '../mm/address_space.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task/task.js';

const NS_PER_TICK = 1_000_000_000n / BigInt(USER_HZ);

/** /proc/pid/maps text: "start-end perms offset dev inode   name" per VMA. */
export function mapsText(mm: AddressSpace): string {
  let out = '';
  for (const m of mm.maps()) {
    const head =
      `${m.start.toString(16).padStart(8, '0')}-${m.end.toString(16).padStart(8, '0')} ${m.perms} ` +
      `${m.offset.toString(16).padStart(8, '0')} 00:00 0`;
    out += m.name ? head.padEnd(73) + m.name + '\n' : head + ' \n';
  }
  return out;
}

function stateLetter(t: Task): string {
  switch (t.state) {
    case 'runnable':
      return 'R';
    case 'blocked':
      return 'S';
    case 'stopped':
      return 'T';
    case 'zombie':
      return 'Z';
  }
}

/** A NUL-separated copy of a string area of the task's initial stack. */
function stackArea(t: Task, start: number, end: number): Uint8Array {
  if (end <= start || t.state === 'zombie') return new Uint8Array(0);
  try {
    return t.mm.read(start, end - start);
  } catch {
    return new Uint8Array(0);
  }
}

export function procTask(k: Kernel, t: Task): ProcTask {
  const pages = t.mm.areas().reduce((n, m) => n + (m.kind === 'guard' ? 0 : m.length), 0) / 1024;
  return {
    pid: t.pid,
    ppid: t.ppid,
    pgrp: t.proc.pgid,
    session: t.proc.sid,
    ttyNr: t.proc.ctty?.rdev ?? 0,
    tpgid: t.proc.ctty !== null ? t.proc.ctty.pgrp : -1,
    comm: t.comm,
    state: stateLetter(t),
    uid: t.creds.uid,
    gid: t.creds.gid,
    ids: {
      uid: [t.creds.uid, t.creds.euid, t.creds.suid, t.creds.fsuid],
      gid: [t.creds.gid, t.creds.egid, t.creds.sgid, t.creds.fsgid],
      groups: t.creds.groups,
    },
    exePath: t.exePath,
    cwdPath: t.fs.cwdPath(),
    cmdline: stackArea(t, t.args.argStart, t.args.argEnd),
    environ: stackArea(t, t.args.envStart, t.args.envEnd),
    maps: () => mapsText(t.mm),
    vmSizeKb: pages,
    vmRssKb: t.mm.residentPages() * 4,
    threads: Math.max(1, t.proc.threads.length),
    startTimeTicks: Number((t.startNs - k.bootNs) / NS_PER_TICK),
    utimeTicks: Number(t.cpuNs / NS_PER_TICK),
    stimeTicks: 0,
    fds: () =>
      t.files.openFds().map((fd) => {
        const f = t.files.get(fd);
        return { fd, path: f.dentry ? f.dentry.path(t.fs.root) : f.anonName, file: f };
      }),
  };
}

export function procProvider(k: Kernel): ProcProvider {
  return {
    currentPid: () => k.current?.tgid ?? 0,
    // /proc lists processes (thread-group leaders); other threads are reachable by tid.
    pids: () => k.tasks.filter((t): t is Task => t !== null && t.pid === t.tgid).map((t) => t.pid),
    task: (pid) => {
      const t = k.tasks.find((x) => x !== null && x.pid === pid);
      return t ? procTask(k, t) : null;
    },
    meminfo: () => ({
      totalKb: (k.frames.total * 4096) / 1024,
      freeKb: (k.frames.freePages() * 4096) / 1024,
      availableKb: (k.frames.freePages() * 4096) / 1024,
    }),
    uptimeNs: () => k.clock.monotonicNs() - k.bootNs,
    uts: () => k.uts,
    setUts: (field, value) => {
      k.uts[field] = value;
    },
  };
}
