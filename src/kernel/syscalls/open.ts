// openat(2), close(2), close_range(2), pipe2(2).
import { Errno } from '../errno.js';
import { EINVAL } from '../../abi/linux/errno.js';
import { CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, O_CLOEXEC, O_DIRECT, O_NONBLOCK, O_TMPFILE } from '../../abi/linux/fcntl.js';
import { createPipe } from '../../fs/pipe.js';
import { readPath, startAt } from '../../fs/lookup_at.js';
import type { SyscallDef } from './types.js';

export const syscalls: SyscallDef[] = [
  {
    nr: 56,
    name: 'openat',
    support: 'partial',
    note: 'O_TMPFILE on tmpfs (EOPNOTSUPP elsewhere); mode checks with fsuid/fsgid and groups (the host\'s own on hostfs under a non-root host user); FIFO open semantics',
    args: ['dirfd', 'str', 'oflags', 'mode'],
    handler: (_k, t, a) => {
      const flags = a.u32(2);
      const path = readPath(t.mm, a.ptr(1));
      const start = startAt(t.files, t.fs, a.int(0), path);
      const file = (flags & O_TMPFILE) === O_TMPFILE
        ? t.fs.vfs.openUnnamed(t.fs.root, start, path, flags, a.u32(3), t.fs.umask, t.creds)
        : t.fs.vfs.open(t.fs.root, start, path, flags, a.u32(3), t.fs.umask, t.creds);
      try {
        return t.files.install(file, (flags & O_CLOEXEC) !== 0);
      } catch (e) {
        file.release();
        throw e;
      }
    },
  },
  {
    nr: 57,
    name: 'close',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => {
      t.files.close(a.int(0));
      return 0;
    },
  },
  {
    nr: 59,
    name: 'pipe2',
    support: 'full',
    note: 'O_CLOEXEC, O_NONBLOCK; 64 KiB in 16 page slots as Linux; PIPE_BUF atomicity; blocking writes complete',
    args: ['ptr', 'oflags'],
    handler: (k, t, a) => {
      const flags = a.u32(1);
      if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) throw new Errno(EINVAL);
      const [r, w] = createPipe(flags, k.clock.realtimeNs());
      const cloexec = (flags & O_CLOEXEC) !== 0;
      let rfd: number;
      try {
        rfd = t.files.install(r, cloexec);
      } catch (e) {
        r.release();
        w.release();
        throw e;
      }
      let wfd: number;
      try {
        wfd = t.files.install(w, cloexec);
      } catch (e) {
        t.files.close(rfd);
        w.release();
        throw e;
      }
      const out = new Uint8Array(8);
      new DataView(out.buffer).setInt32(0, rfd, true);
      new DataView(out.buffer).setInt32(4, wfd, true);
      try {
        t.mm.write(a.ptr(0), out);
      } catch (e) {
        t.files.close(rfd);
        t.files.close(wfd);
        throw e;
      }
      return 0;
    },
  },
  {
    nr: 436,
    name: 'close_range',
    support: 'full',
    note: 'CLOSE_RANGE_UNSHARE is a no-op (fd tables are not shared yet)',
    args: ['udec', 'udec', 'hex'],
    handler: (_k, t, a) => {
      const first = a.u32(0);
      const last = a.u32(1);
      const flags = a.u32(2);
      if (flags & ~(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE) || first > last) throw new Errno(EINVAL);
      t.files.closeRange(first, last, (flags & CLOSE_RANGE_CLOEXEC) !== 0);
      return 0;
    },
  },
];
