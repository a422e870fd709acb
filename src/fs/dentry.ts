// A directory entry as a path walk found it: a name, the parent it was found
// in, and its inode. Dentries are made fresh on each walk (host files change
// behind our back), so identity is compared through inode keys, never by
// object. The parent chain gives `..` and getcwd(2).
import type { Inode } from './inode.js';

export class Dentry {
  constructor(
    readonly name: string,
    readonly parent: Dentry | null,
    readonly inode: Inode,
  ) {}

  /** True when both name the same inode. */
  same(other: Dentry): boolean {
    return this.inode.key === other.inode.key;
  }

  /**
   * The absolute path of this entry as seen from `root` (a byte string). An
   * entry outside `root` is shown from the top of the namespace, as Linux's
   * d_path does for paths unreachable from the process root.
   */
  path(root: Dentry | null): string {
    const parts: string[] = [];
    let d: Dentry | null = this;
    while (d && d.parent && !(root && d.same(root))) {
      parts.push(d.name);
      d = d.parent;
    }
    return '/' + parts.reverse().join('/');
  }
}
