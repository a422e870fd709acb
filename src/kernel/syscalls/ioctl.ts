// ioctl(2): the generic file requests here, device requests (termios,
// window size, the job-control requests TIOCSCTTY/TIOCNOTTY/TIOCGSID/
// TIOCSPGRP, which a tty answers through the kernel's JobControl) through
// the file's own ops; ENOTTY when it has none.
import { Errno } from '../errno.js';
import { EBADF, ENOTTY } from '../../abi/linux/errno.js';
import { O_ACCMODE, O_CLOEXEC, O_NOCTTY, O_NONBLOCK } from '../../abi/linux/fcntl.js';
import { FIOCLEX, FIONBIO, FIONCLEX, FIONREAD, TIOCGPTPEER } from '../../abi/linux/ioctls.js';
import { ptyOf, type PtyPair } from '../../tty/pty.js';
import type { Task } from '../task/task.js';
import type { SyscallDef } from './types.js';

/**
 * TIOCGPTPEER on a pty master: open its slave as /dev/pts/N of the caller's
 * namespace (without a permission check, as Linux opens the devpts dentry)
 * and return the new fd.
 */
function openPeer(t: Task, pair: PtyPair, flags: number): number {
  const oflags = flags & (O_ACCMODE | O_NOCTTY | O_NONBLOCK);
  const vfs = t.fs.vfs;
  const file = vfs.openDentry(vfs.resolve(t.fs.root, t.fs.root, `/dev/pts/${pair.index}`, true), oflags, null);
  try {
    return t.files.install(file, (flags & O_CLOEXEC) !== 0);
  } catch (e) {
    file.release();
    throw e;
  }
}

export const syscalls: SyscallDef[] = [
  {
    nr: 29,
    name: 'ioctl',
    support: 'partial',
    note: 'FIOCLEX, FIONCLEX, FIONBIO, FIONREAD; on a tty (console, ptys) termios (TCGETS, TCSETS*, TCFLSH, TCXONC, TCSBRK), window size, job control (TIOCGPGRP/TIOCSPGRP, TIOCSCTTY, TIOCNOTTY, TIOCGSID) and the pty requests; when stdin is not a terminal, TCGETS/TCSETS* on the pass-through console are stored only',
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
        case TIOCGPTPEER: {
          const pair = ptyOf(f.ops);
          if (pair !== null) return openPeer(t, pair, a.u32(2));
          break;
        }
      }
      if (!f.ops.ioctl) throw new Errno(ENOTTY);
      return f.ops.ioctl(cmd, a.ptr(2), t.mm);
    },
  },
];
