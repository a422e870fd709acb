// getdents64(2). The entries are snapshotted when a read starts at offset 0
// (opendir/rewinddir); the file offset is the index of the next entry, and
// each record's d_off names the one after it, so telldir/seekdir work.
import { Errno } from '../errno.js';
import { EBADF, EINVAL, ENOTDIR } from '../../abi/linux/errno.js';
import { dirent64Size, encodeDirent64 } from '../../abi/linux/stat.js';
import { nameToBytes } from '../../fs/byte_string.js';
import type { SyscallDef } from './types.js';

export const syscalls: SyscallDef[] = [
  {
    nr: 61,
    name: 'getdents64',
    support: 'full',
    args: ['fd', 'ptr', 'udec'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      if (f.isPath) throw new Errno(EBADF);
      if (!f.inode.isDir || !f.dentry) throw new Errno(ENOTDIR);
      if (f.dirEntries === null || f.offset === 0) f.dirEntries = t.fs.vfs.listDir(t.fs.root, f.dentry);
      const entries = f.dirEntries;
      const cap = Math.min(a.num(2), 1 << 20);
      const out = new Uint8Array(cap);
      let used = 0;
      let i = f.offset;
      for (; i < entries.length; i++) {
        const e = entries[i];
        const name = nameToBytes(e.name);
        if (used + dirent64Size(name.length) > cap) break;
        used += encodeDirent64(out, used, e.ino, i + 1, e.type, name);
      }
      if (used === 0 && i < entries.length) throw new Errno(EINVAL);
      f.offset = i;
      if (used > 0) t.mm.write(a.ptr(1), out.subarray(0, used));
      return used;
    },
  },
];
