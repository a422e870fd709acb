// statfs(2), fstatfs(2), sync(2), syncfs(2), fsync(2), fdatasync(2).
import { Errno } from '../errno.js';
import { EBADF } from '../../abi/linux/errno.js';
import { encodeStatFs } from '../../abi/linux/stat.js';
import { readPath } from '../../fs/lookup_at.js';
import type { OpenFile } from '../../fs/file.js';
import type { SyscallDef } from './types.js';

function fsync(f: OpenFile): number {
  if (f.isPath) throw new Errno(EBADF);
  f.ops.fsync?.();
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 43,
    name: 'statfs',
    support: 'full',
    args: ['str', 'ptr'],
    handler: (_k, t, a) => {
      const path = readPath(t.mm, a.ptr(0));
      const d = t.fs.vfs.resolve(t.fs.root, t.fs.cwd, path, true, t.creds);
      t.mm.write(a.ptr(1), encodeStatFs(d.inode.fs.statfs()));
      return 0;
    },
  },
  {
    nr: 44,
    name: 'fstatfs',
    support: 'full',
    args: ['fd', 'ptr'],
    handler: (_k, t, a) => {
      t.mm.write(a.ptr(1), encodeStatFs(t.files.get(a.int(0)).inode.fs.statfs()));
      return 0;
    },
  },
  {
    nr: 81,
    name: 'sync',
    support: 'full',
    handler: () => 0,
  },
  {
    nr: 267,
    name: 'syncfs',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => {
      t.files.get(a.int(0));
      return 0;
    },
  },
  {
    nr: 82,
    name: 'fsync',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => fsync(t.files.get(a.int(0))),
  },
  {
    nr: 83,
    name: 'fdatasync',
    support: 'full',
    args: ['fd'],
    handler: (_k, t, a) => fsync(t.files.get(a.int(0))),
  },
];
