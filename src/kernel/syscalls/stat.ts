// newfstatat(2), fstat(2), statx(2).
import { Errno } from '../errno.js';
import { EINVAL } from '../../abi/linux/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_STATX_SYNC_TYPE, AT_SYMLINK_NOFOLLOW } from '../../abi/linux/fcntl.js';
import { STATX_BASIC_STATS, STATX_BTIME, STATX__RESERVED, encodeStat, encodeStatx } from '../../abi/linux/stat.js';
import { readPath, startAt } from '../../fs/lookup_at.js';
import type { Stat } from '../../abi/linux/stat.js';
import type { Task } from '../task/task.js';
import type { SyscallDef } from './types.js';

/** The attributes an *at stat call names: the dirfd itself for AT_EMPTY_PATH with "", else the path. */
function statAt(t: Task, dirfd: number, pathAddr: number, flags: number, allowed: number): Stat {
  if (flags & ~allowed) throw new Errno(EINVAL);
  const path = readPath(t.mm, pathAddr);
  if (path === '' && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) return t.fs.cwd.inode.stat();
    return t.files.get(dirfd).stat();
  }
  const start = startAt(t.files, t.fs, dirfd, path);
  return t.fs.vfs.resolve(t.fs.root, start, path, !(flags & AT_SYMLINK_NOFOLLOW), t.creds).inode.stat();
}

export const syscalls: SyscallDef[] = [
  {
    nr: 79,
    name: 'newfstatat',
    support: 'full',
    args: ['dirfd', 'str', 'ptr', 'atflags'],
    handler: (_k, t, a) => {
      const st = statAt(t, a.int(0), a.ptr(1), a.u32(3), AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT);
      t.mm.write(a.ptr(2), encodeStat(st));
      return 0;
    },
  },
  {
    nr: 80,
    name: 'fstat',
    support: 'full',
    args: ['fd', 'ptr'],
    handler: (_k, t, a) => {
      t.mm.write(a.ptr(1), encodeStat(t.files.get(a.int(0)).stat()));
      return 0;
    },
  },
  {
    nr: 291,
    name: 'statx',
    support: 'full',
    note: 'basic stats and btime when the file system knows it',
    args: ['dirfd', 'str', 'atflags', 'hex', 'ptr'],
    handler: (_k, t, a) => {
      if (a.u32(3) & STATX__RESERVED) throw new Errno(EINVAL);
      const flags = a.u32(2);
      if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) throw new Errno(EINVAL);
      const allowed = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE;
      const st = statAt(t, a.int(0), a.ptr(1), flags, allowed);
      const mask = STATX_BASIC_STATS | (st.btimeNs !== undefined ? STATX_BTIME : 0);
      t.mm.write(a.ptr(4), encodeStatx(st, mask));
      return 0;
    },
  },
];
