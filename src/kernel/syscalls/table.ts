// The syscall table: AArch64 syscall number -> definition (handler, support
// level, note, strace format). Each family file exports `syscalls`; this file
// only concatenates them. docs/syscalls.md is generated from allSyscalls().
import { SYSCALL_NAMES } from '../../abi/linux/syscall_nr.js';
import type { SyscallDef } from './types.js';
import { syscalls as clone } from './clone.js';
import { syscalls as creds } from './creds.js';
import { syscalls as cwd } from './cwd.js';
import { syscalls as dir } from './dir.js';
import { syscalls as exec } from './exec.js';
import { syscalls as fcntl } from './fcntl.js';
import { syscalls as fsInfo } from './fs_info.js';
import { syscalls as futex } from './futex.js';
import { syscalls as info } from './info.js';
import { syscalls as ioctl } from './ioctl.js';
import { syscalls as itimer } from './itimer.js';
import { syscalls as memory } from './memory.js';
import { syscalls as open } from './open.js';
import { syscalls as pathOps } from './path_ops.js';
import { syscalls as poll } from './poll.js';
import { syscalls as processFamily } from './process.js';
import { syscalls as readWrite } from './read_write.js';
import { syscalls as reboot } from './reboot.js';
import { syscalls as signal } from './signal.js';
import { syscalls as socket } from './socket.js';
import { syscalls as stat } from './stat.js';
import { syscalls as syslog } from './syslog.js';
import { syscalls as time } from './time.js';
import { syscalls as wait } from './wait.js';

const FAMILIES: readonly SyscallDef[][] = [
  open, readWrite, stat, dir, fcntl, ioctl, poll, pathOps, fsInfo, cwd,
  processFamily, creds, clone, wait, exec, memory, signal, itimer, time, info, futex,
  syslog, reboot, socket,
];

const TABLE = new Map<number, SyscallDef>();
for (const family of FAMILIES) {
  for (const def of family) {
    const prev = TABLE.get(def.nr);
    if (prev !== undefined) throw new Error(`syscall ${def.nr} defined twice (${prev.name}, ${def.name})`);
    TABLE.set(def.nr, def);
  }
}

/** The definition for syscall `nr`, or undefined (then it is ENOSYS). */
export function lookupSyscall(nr: number): SyscallDef | undefined {
  return TABLE.get(nr);
}

/** Every syscall AArch64 Linux defines, plus any extra table entries, by number; unimplemented ones as 'enosys'. */
export function allSyscalls(): SyscallDef[] {
  const nrs = new Set<number>([...Object.keys(SYSCALL_NAMES).map(Number), ...TABLE.keys()]);
  return [...nrs]
    .sort((a, b) => a - b)
    .map((nr) => TABLE.get(nr) ?? { nr, name: SYSCALL_NAMES[nr], support: 'enosys' as const });
}
