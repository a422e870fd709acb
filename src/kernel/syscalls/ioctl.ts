// ioctl(2): the generic file requests here, device requests (TCGETS,
// TIOCGWINSZ, ...) through the file's own ops; ENOTTY when it has none.
import { Errno } from '../errno.js';
import { EBADF, ENOTTY } from '../../abi/linux/errno.js';
import { O_NONBLOCK } from '../../abi/linux/fcntl.js';
import { FIOCLEX, FIONBIO, FIONCLEX, FIONREAD } from '../../abi/linux/ioctls.js';
import type { SyscallDef } from './types.js';

export const syscalls: SyscallDef[] = [
  {
    nr: 29,
    name: 'ioctl',
    support: 'partial',
    note: 'FIOCLEX, FIONCLEX, FIONBIO, FIONREAD; on the console TCGETS/TCSETS* (stored), TIOCGWINSZ, TIOCGPGRP/TIOCSPGRP',
    args: ['fd', 'hex', 'hex'],
    handler: (_k, t, a) => {
      const fd = a.int(0);
      const cmd = a.u32(1);
      const f = t.files.get(fd);
      if (f.isPath) throw new Errno(EBADF);
      switch (cmd) {
        case FIOCLEX:
          t.files.setCloexec(fd, true);
          return 0;
        case FIONCLEX:
          t.files.setCloexec(fd, false);
          return 0;
        case FIONBIO:
          if (t.mm.readU32(a.ptr(2)) !== 0) f.flags |= O_NONBLOCK;
          else f.flags &= ~O_NONBLOCK;
          return 0;
        case FIONREAD:
          if (f.inode.isRegular) {
            t.mm.writeU32(a.ptr(2), Math.max(0, Math.min(0x7fffffff, f.stat().size - f.offset)));
            return 0;
          }
          if (f.ops.available && !f.ops.ioctl) {
            t.mm.writeU32(a.ptr(2), f.ops.available());
            return 0;
          }
          break;
      }
      if (!f.ops.ioctl) throw new Errno(ENOTTY);
      return f.ops.ioctl(cmd, a.ptr(2), t.mm);
    },
  },
];
