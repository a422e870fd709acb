// fcntl(2), dup(2), dup3(2).
import { Errno } from '../errno.js';
import { EBADF, EINVAL } from '../../abi/linux/errno.js';
import {
  FD_CLOEXEC, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_GETLK, F_GETOWN, F_GETPIPE_SZ, F_SETFD, F_SETFL,
  F_SETLK, F_SETLKW, F_SETOWN, F_UNLCK, O_CLOEXEC, SETFL_MASK,
} from '../../abi/linux/fcntl.js';
import { PipeInode } from '../../fs/pipe.js';
import type { SyscallDef } from './types.js';

/** Commands an O_PATH descriptor allows (fs/fcntl.c check_fcntl_cmd). */
const PATH_OK = new Set([F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL]);

export const syscalls: SyscallDef[] = [
  {
    nr: 23,
    name: 'dup',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => t.files.dup(a.int(0)),
  },
  {
    nr: 24,
    name: 'dup3',
    support: 'full',
    args: ['fd', 'fd', 'oflags'],
    handler: (_k, t, a) => {
      const flags = a.u32(2);
      if (flags & ~O_CLOEXEC) throw new Errno(EINVAL);
      return t.files.dup3(a.int(0), a.int(1), flags !== 0);
    },
  },
  {
    nr: 25,
    name: 'fcntl',
    support: 'partial',
    note: 'record locks always succeed (one process) and F_GETLK reports F_UNLCK; no F_SETSIG/leases/seals',
    args: ['fd', 'dec', 'hex'],
    handler: (_k, t, a) => {
      const fd = a.int(0);
      const cmd = a.int(1);
      const f = t.files.get(fd);
      if (f.isPath && !PATH_OK.has(cmd)) throw new Errno(EBADF);
      switch (cmd) {
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
          return t.files.dup(fd, a.int(2), cmd === F_DUPFD_CLOEXEC);
        case F_GETFD:
          return t.files.getCloexec(fd) ? FD_CLOEXEC : 0;
        case F_SETFD:
          t.files.setCloexec(fd, (a.int(2) & FD_CLOEXEC) !== 0);
          return 0;
        case F_GETFL:
          return f.flags;
        case F_SETFL:
          f.flags = (f.flags & ~SETFL_MASK) | (a.u32(2) & SETFL_MASK);
          return 0;
        case F_GETLK: {
          // struct flock { short l_type; short l_whence; off_t l_start; off_t l_len; pid_t l_pid; }
          const b = new Uint8Array(2);
          new DataView(b.buffer).setInt16(0, F_UNLCK, true);
          t.mm.write(a.ptr(2), b);
          return 0;
        }
        case F_SETLK:
        case F_SETLKW:
          t.mm.read(a.ptr(2), 32);
          return 0;
        case F_GETOWN:
          return 0;
        case F_SETOWN:
          return 0;
        case F_GETPIPE_SZ:
          if (!(f.inode instanceof PipeInode)) throw new Errno(EBADF);
          return f.inode.capacity;
        default:
          throw new Errno(EINVAL);
      }
    },
  },
];
