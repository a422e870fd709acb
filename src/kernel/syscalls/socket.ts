// Sockets. Flint has no address family yet (no AF_UNIX, no AF_INET), so
// socket(2) and socketpair(2) answer what Linux answers for a family it was
// built without: EAFNOSUPPORT. glibc's syslog(3), which busybox init, getty
// and login call, then falls back to nothing quietly, as on such a kernel.
import { EAFNOSUPPORT } from '../../abi/linux/errno.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { SyscallDef } from './types.js';

const noFamily = (): number => {
  throw new Errno(EAFNOSUPPORT);
};

const NOTE = 'no address family is built in: EAFNOSUPPORT for every domain';

export const syscalls: SyscallDef[] = [
  { nr: nr('socket'), name: 'socket', support: 'partial', note: NOTE, handler: noFamily, args: ['dec', 'hex', 'dec'] },
  { nr: nr('socketpair'), name: 'socketpair', support: 'partial', note: NOTE, handler: noFamily, args: ['dec', 'hex', 'dec', 'ptr'] },
];
