// Per-task file-system context (Linux's fs_struct): the namespace, the root
// and working directory, and the umask. fork(2) copies it (clone()).
import type { Dentry } from './dentry.js';
import type { Vfs } from './vfs.js';

export class FsContext {
  constructor(
    readonly vfs: Vfs,
    public root: Dentry,
    public cwd: Dentry,
    public umask = 0o022,
  ) {}

  clone(): FsContext {
    return new FsContext(this.vfs, this.root, this.cwd, this.umask);
  }

  /** getcwd(2)'s answer (a byte string). */
  cwdPath(): string {
    return this.cwd.path(this.root);
  }
}
