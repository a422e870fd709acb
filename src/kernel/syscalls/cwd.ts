// getcwd(2), chdir(2), fchdir(2), chroot(2). (umask(2) is in process.ts.)
import { Errno } from '../errno.js';
import { ENOTDIR, EPERM, ERANGE } from '../../abi/linux/errno.js';
import { nameToBytes } from '../../fs/byte_string.js';
import { dirDentry, readPath } from '../../fs/lookup_at.js';
import { MAY_EXEC, accessCheck } from '../../fs/permission.js';
import type { Dentry } from '../../fs/dentry.js';
import type { Task } from '../task/task.js';
import type { SyscallDef } from './types.js';

function directoryAt(t: Task, pathAddr: number): Dentry {
  const path = readPath(t.mm, pathAddr);
  const d = t.fs.vfs.resolve(t.fs.root, t.fs.cwd, path, true, t.creds);
  if (!d.inode.isDir) throw new Errno(ENOTDIR);
  accessCheck(d.inode, t.creds, MAY_EXEC);
  return d;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 17,
    name: 'getcwd',
    support: 'full',
    args: ['ptr', 'udec'],
    handler: (_k, t, a) => {
      const path = nameToBytes(t.fs.cwdPath() + '\0');
      if (a.num(1) < path.length) throw new Errno(ERANGE);
      t.mm.write(a.ptr(0), path);
      return path.length;
    },
  },
  {
    nr: 49,
    name: 'chdir',
    support: 'full',
    args: ['str'],
    handler: (_k, t, a) => {
      t.fs.cwd = directoryAt(t, a.ptr(0));
      return 0;
    },
  },
  {
    nr: 50,
    name: 'fchdir',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => {
      const d = dirDentry(t.files.get(a.int(0)));
      accessCheck(d.inode, t.creds, MAY_EXEC);
      t.fs.cwd = d;
      return 0;
    },
  },
  {
    nr: 51,
    name: 'chroot',
    support: 'partial',
    note: 'root only (EPERM otherwise)',
    args: ['str'],
    handler: (_k, t, a) => {
      const d = directoryAt(t, a.ptr(0));
      if (t.creds.euid !== 0) throw new Errno(EPERM);
      t.fs.root = d;
      return 0;
    },
  },
];
