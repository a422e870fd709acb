// procfs: the process information pseudo-file system (proc(5)). The kernel
// answers through ProcProvider; this file only lays the answers out as Linux
// prints them (fs/proc/array.c, fs/proc/meminfo.c, ...). All text here is a
// byte string (guest paths and names pass through unchanged).
import { PROC_SUPER_MAGIC, makeDev } from '../abi/linux/stat.js';
import { bytesToName, nameToBytes } from './byte_string.js';
import { SynthDir, SynthFile, SynthFs, SynthLink } from './synthetic.js';
import { Dentry } from './dentry.js';
import type { OpenFile } from './file.js';
import type { Inode } from './inode.js';
import type { DirSource } from './synthetic.js';
import type { MountInfo, ProcSlot } from './vfs.js';
import { MS_NOSUID, MS_RDONLY } from './vfs.js';

/** What /proc shows about one process. */
export interface ProcTask {
  pid: number;
  ppid: number;
  pgrp?: number;
  session?: number;
  /** Short name (prctl PR_SET_NAME, at most 15 bytes). */
  comm: string;
  /** One-letter state as in /proc/pid/stat: R, S, D, T, Z. */
  state: string;
  uid: number;
  gid: number;
  /** Real, effective, saved and file-system ids, and the supplementary groups (status, ownership). */
  ids?: { uid: readonly number[]; gid: readonly number[]; groups: readonly number[] };
  /** Absolute guest path of the executable. */
  exePath: string;
  /** Absolute guest path of the working directory. */
  cwdPath?: string;
  /** argv, each NUL-terminated, as the guest stack holds it. */
  cmdline: Uint8Array;
  environ?: Uint8Array;
  /** The /proc/pid/maps text, one line per VMA. */
  maps(): string;
  vmSizeKb?: number;
  vmRssKb?: number;
  threads?: number;
  /** Ticks (USER_HZ) since boot when the process started, and CPU time used. */
  startTimeTicks?: number;
  utimeTicks?: number;
  stimeTicks?: number;
  /** The controlling terminal's device number (0: none) and its foreground group (-1: no terminal). */
  ttyNr?: number;
  tpgid?: number;
  /** Open descriptors, the path each shows in /proc/pid/fd, and the open file (what opening the link reopens). */
  fds?(): Array<{ fd: number; path: string; file?: OpenFile }>;
}

/** Implemented by the kernel; installed with vfs.setProcProvider(). */
export interface ProcProvider {
  /** The pid of the task doing the lookup (what /proc/self names). */
  currentPid(): number;
  pids(): number[];
  task(pid: number): ProcTask | null;
  /** Memory in KiB from the frame accounting. */
  meminfo(): { totalKb: number; freeKb: number; availableKb?: number };
  uptimeNs(): bigint;
  /** /proc/cpuinfo text, when the kernel wants to name CPU features itself. */
  cpuinfo?(): string;
  /** The writable uname names behind /proc/sys/kernel/{hostname,domainname}. */
  uts?(): { nodename: string; domainname: string };
  setUts?(field: 'nodename' | 'domainname', value: string): void;
}

/** /proc/sys/kernel/osrelease and ostype (uname -r, uname -s). */
const OSRELEASE = '6.1.0-flint';
/** PID_MAX_LIMIT on a 64-bit kernel: Flint's pids grow without reuse within a run. */
const PID_MAX = 4194304;

const DEFAULT_CPUINFO =
  'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm atomics cpuid\nCPU implementer\t: 0x41\n' +
  'CPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n';

const VERSION = 'Linux version 6.1.0-flint (flint@flint) (TypeScript) #1 SMP PREEMPT_DYNAMIC\n';

export interface ProcFsOptions {
  slot: ProcSlot;
  mounts: () => readonly MountInfo[];
  timeNs: bigint;
}

function kbLine(label: string, kb: number): string {
  return (label + ':').padEnd(16) + String(kb).padStart(8) + ' kB\n';
}

/** Build /proc; returns its root directory inode. */
export function createProcFs(opts: ProcFsOptions): Inode {
  const fs = new SynthFs('proc', PROC_SUPER_MAGIC, makeDev(0, 4), opts.timeNs);
  const provider = () => opts.slot.provider;
  const text = (id: string, make: () => string, perm = 0o444): Inode =>
    new SynthFile(fs, fs.inoFor(id), perm, () => nameToBytes(make()));
  const bytes = (id: string, make: () => Uint8Array, perm = 0o400): Inode => new SynthFile(fs, fs.inoFor(id), perm, make);
  const link = (id: string, target: () => string, magic: (() => Dentry | null) | null = null): Inode =>
    new SynthLink(fs, fs.inoFor(id), target, magic);

  const meminfo = (): string => {
    const m = provider()?.meminfo() ?? { totalKb: 0, freeKb: 0 };
    return (
      kbLine('MemTotal', m.totalKb) + kbLine('MemFree', m.freeKb) + kbLine('MemAvailable', m.availableKb ?? m.freeKb) +
      kbLine('Buffers', 0) + kbLine('Cached', 0) + kbLine('SwapCached', 0) + kbLine('SwapTotal', 0) + kbLine('SwapFree', 0) +
      kbLine('Shmem', 0)
    );
  };
  const uptime = (): string => {
    const ns = provider()?.uptimeNs() ?? 0n;
    const cs = Number(ns / 10_000_000n);
    const s = `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, '0')}`;
    return `${s} ${s}\n`;
  };
  const mounts = (): string =>
    opts.mounts().map((m) => `${m.fsName} ${m.path} ${m.fsName} ${mountOptions(m.flags)} 0 0\n`).join('');
  const liveTasks = (): ProcTask[] => {
    const p = provider();
    return (p?.pids() ?? []).map((pid) => p?.task(pid) ?? null).filter((t): t is ProcTask => t !== null);
  };
  // /proc/stat (fs/proc/stat.c) for one CPU: user and system time are what the live tasks
  // used, the rest of the uptime is idle.
  const stat = (): string => {
    const tasks = liveTasks();
    const user = tasks.reduce((n, t) => n + (t.utimeTicks ?? 0), 0);
    const system = tasks.reduce((n, t) => n + (t.stimeTicks ?? 0), 0);
    const up = Number((provider()?.uptimeNs() ?? 0n) / 10_000_000n);
    const cpu = `${user} 0 ${system} ${Math.max(0, up - user - system)} 0 0 0 0 0 0`;
    const running = tasks.filter((t) => t.state === 'R').length;
    return (
      `cpu  ${cpu}\ncpu0 ${cpu}\nintr 0\nctxt 0\nbtime ${opts.timeNs / 1_000_000_000n}\n` +
      `processes ${tasks.length}\nprocs_running ${running}\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n`
    );
  };
  // /proc/loadavg (fs/proc/loadavg.c): no load averages are kept, so they read 0.
  const loadavg = (): string => {
    const tasks = liveTasks();
    const running = tasks.filter((t) => t.state === 'R').length;
    const last = tasks.reduce((n, t) => Math.max(n, t.pid), 0);
    return `0.00 0.00 0.00 ${running}/${tasks.length} ${last}\n`;
  };

  const taskDir = (pid: number): Inode | null => {
    const p = provider();
    if (!p || !p.task(pid)) return null;
    const t = (): ReturnType<ProcProvider['task']> => p.task(pid);
    const id = (name: string): string => `${pid}/${name}`;
    const files = new Map<string, () => Inode>([
      ['exe', () => link(id('exe'), () => t()?.exePath ?? '')],
      ['cwd', () => link(id('cwd'), () => t()?.cwdPath ?? '/')],
      ['root', () => link(id('root'), () => '/')],
      ['cmdline', () => bytes(id('cmdline'), () => t()?.cmdline ?? new Uint8Array(0), 0o444)],
      ['environ', () => bytes(id('environ'), () => t()?.environ ?? new Uint8Array(0))],
      ['comm', () => text(id('comm'), () => (t()?.comm ?? '') + '\n', 0o644)],
      ['maps', () => text(id('maps'), () => t()?.maps() ?? '')],
      ['stat', () => text(id('stat'), () => statLine(t()))],
      ['statm', () => text(id('statm'), () => statmLine(t()))],
      ['status', () => text(id('status'), () => statusText(t()))],
      ['fd', () => fdDir(pid)],
    ]);
    // /proc/<pid> and what is in it belong to the task's effective ids (task_dump_owner).
    const owned = (i: Inode): Inode => {
      const task = t();
      if (task) i.setattr({ uid: task.ids?.uid[1] ?? task.uid, gid: task.ids?.gid[1] ?? task.gid });
      return i;
    };
    return owned(
      new SynthDir(fs, fs.inoFor(String(pid)), 0o555, {
        names: () => [...files.keys()],
        get: (n) => {
          const make = files.get(n);
          return make ? owned(make()) : null;
        },
      }),
    );
  };

  const fdDir = (pid: number): Inode => {
    const list = (): Array<{ fd: number; path: string; file?: OpenFile }> => provider()?.task(pid)?.fds?.() ?? [];
    return new SynthDir(fs, fs.inoFor(`${pid}/fd`), 0o500, {
      names: () => list().map((e) => String(e.fd)),
      get: (n) => {
        const e = list().find((x) => String(x.fd) === n);
        if (!e) return null;
        // Following the link reaches the open file itself, even a pipe or a deleted file.
        const file = e.file;
        return link(`${pid}/fd/${n}`, () => e.path, file ? () => file.dentry ?? new Dentry(n, null, file.inode) : null);
      },
    });
  };

  /** /proc/sys/kernel: a writable name (root only, by its mode) ends at its first newline, as proc_dostring does. */
  const utsFile = (field: 'nodename' | 'domainname', id: string): Inode =>
    new SynthFile(
      fs,
      fs.inoFor(id),
      0o644,
      () => nameToBytes((provider()?.uts?.()[field] ?? '') + '\n'),
      (d) => {
        const nl = d.indexOf(10);
        provider()?.setUts?.(field, bytesToName(nl >= 0 ? d.subarray(0, nl) : d).slice(0, 64));
      },
    );
  const sysKernel = new Map<string, () => Inode>([
    ['hostname', () => utsFile('nodename', 'sys/kernel/hostname')],
    ['domainname', () => utsFile('domainname', 'sys/kernel/domainname')],
    ['osrelease', () => text('sys/kernel/osrelease', () => OSRELEASE + '\n')],
    ['ostype', () => text('sys/kernel/ostype', () => 'Linux\n')],
    ['pid_max', () => text('sys/kernel/pid_max', () => `${PID_MAX}\n`)],
  ]);
  const lazyDir = (id: string, entries: Map<string, () => Inode>): Inode =>
    new SynthDir(fs, fs.inoFor(id), 0o555, { names: () => [...entries.keys()], get: (n) => entries.get(n)?.() ?? null });
  const sys = new Map<string, () => Inode>([['kernel', () => lazyDir('sys/kernel', sysKernel)]]);

  const fixed = new Map<string, () => Inode>([
    ['sys', () => lazyDir('sys', sys)],
    ['self', () => link('self', () => String(provider()?.currentPid() ?? ''))],
    ['cpuinfo', () => text('cpuinfo', () => provider()?.cpuinfo?.() ?? DEFAULT_CPUINFO)],
    ['meminfo', () => text('meminfo', meminfo)],
    ['uptime', () => text('uptime', uptime)],
    ['stat', () => text('stat', stat)],
    ['loadavg', () => text('loadavg', loadavg)],
    ['version', () => text('version', () => VERSION)],
    ['mounts', () => text('mounts', mounts)],
    ['filesystems', () => text('filesystems', () => 'nodev\tproc\nnodev\tdevtmpfs\nnodev\thostfs\n')],
  ]);
  const root: DirSource = {
    names: () => [...fixed.keys(), ...(provider()?.pids() ?? []).map(String)],
    get: (name) => {
      const f = fixed.get(name);
      if (f) return f();
      return /^[1-9][0-9]*$/.test(name) ? taskDir(Number(name)) : null;
    },
  };
  return new SynthDir(fs, fs.inoFor(''), 0o555, root);
}

/** /proc/pid/stat: the 52 fields of fs/proc/array.c do_task_stat. */
function statLine(t: ProcTask | null): string {
  if (!t) return '';
  const f: Array<number | string> = [
    t.pid, `(${t.comm})`, t.state, t.ppid, t.pgrp ?? t.pid, t.session ?? t.pid, t.ttyNr ?? 0, t.tpgid ?? -1, 0x400000,
    0, 0, 0, 0, t.utimeTicks ?? 0, t.stimeTicks ?? 0, 0, 0, 20, 0, t.threads ?? 1, 0, t.startTimeTicks ?? 0,
    (t.vmSizeKb ?? 0) * 1024, Math.floor((t.vmRssKb ?? 0) / 4), '18446744073709551615',
  ];
  while (f.length < 52) f.push(0);
  f[37] = 17;
  return f.join(' ') + '\n';
}

function statmLine(t: ProcTask | null): string {
  if (!t) return '';
  const size = Math.floor((t.vmSizeKb ?? 0) / 4);
  const rss = Math.floor((t.vmRssKb ?? 0) / 4);
  return `${size} ${rss} 0 0 0 0 0\n`;
}

const STATE_NAMES: Record<string, string> = {
  R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', T: 'T (stopped)', Z: 'Z (zombie)',
};

function statusText(t: ProcTask | null): string {
  if (!t) return '';
  const ids = (all: readonly number[] | undefined, v: number): string => (all ?? [v, v, v, v]).join('\t');
  const kb = (label: string, v: number | undefined): string => `${label}:\t${String(v ?? 0).padStart(8)} kB\n`;
  return (
    `Name:\t${t.comm}\nUmask:\t0022\nState:\t${STATE_NAMES[t.state] ?? t.state}\nTgid:\t${t.pid}\nNgid:\t0\n` +
    `Pid:\t${t.pid}\nPPid:\t${t.ppid}\nTracerPid:\t0\nUid:\t${ids(t.ids?.uid, t.uid)}\nGid:\t${ids(t.ids?.gid, t.gid)}\nFDSize:\t64\n` +
    `Groups:\t${(t.ids?.groups ?? []).join(' ')} \n` + kb('VmPeak', t.vmSizeKb) + kb('VmSize', t.vmSizeKb) + kb('VmRSS', t.vmRssKb) +
    `Threads:\t${t.threads ?? 1}\nSigQ:\t0/0\n`
  );
}

/** The options column of /proc/mounts: ro or rw, then nosuid when set. */
function mountOptions(flags: number): string {
  return (flags & MS_RDONLY ? 'ro' : 'rw') + (flags & MS_NOSUID ? ',nosuid' : '');
}
