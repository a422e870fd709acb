// The *at(2) conventions shared by every path syscall: reading a path from
// guest memory and choosing where a relative path starts (AT_FDCWD or a
// directory fd).
import { Errno } from '../kernel/errno.js';
import { ENOENT, ENOTDIR } from '../abi/linux/errno.js';
import { AT_FDCWD, PATH_MAX } from '../abi/linux/fcntl.js';
import { bytesToName } from './byte_string.js';
import type { UserMemory } from '../mm/user_memory.js';
import type { Dentry } from './dentry.js';
import type { FdTable } from './fd_table.js';
import type { FsContext } from './fs_context.js';
import type { OpenFile } from './file.js';

/** A path argument (ENAMETOOLONG at PATH_MAX, EFAULT for a bad pointer) as a byte string. */
export function readPath(mem: UserMemory, addr: number): string {
  return bytesToName(mem.readCString(addr, PATH_MAX));
}

/** Where `path` starts: the root when absolute, else the cwd (AT_FDCWD) or the directory `dirfd` names. */
export function startAt(files: FdTable, fsc: FsContext, dirfd: number, path: string): Dentry {
  if (path === '') throw new Errno(ENOENT);
  if (path.charCodeAt(0) === 47) return fsc.root;
  if (dirfd === AT_FDCWD) return fsc.cwd;
  return dirDentry(files.get(dirfd));
}

/** The directory an fd refers to (fchdir, *at with a dirfd). */
export function dirDentry(f: OpenFile): Dentry {
  if (!f.dentry || !f.inode.isDir) throw new Errno(ENOTDIR);
  return f.dentry;
}

/** The dentry an AT_EMPTY_PATH call operates on: the cwd for AT_FDCWD, else the fd's own file. */
export function emptyPathTarget(files: FdTable, fsc: FsContext, dirfd: number): Dentry {
  if (dirfd === AT_FDCWD) return fsc.cwd;
  const f = files.get(dirfd);
  if (!f.dentry) throw new Errno(ENOENT);
  return f.dentry;
}
