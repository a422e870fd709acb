// A task: one thread of execution with its saved CPU context and the
// resources it holds. (Skeleton fixing the field names other layers use;
// the process issue extends it.)
import { CONTEXT_SIZE } from '../../cpu/state.js';
import type { AddressSpace } from '../../mm/address_space.js';
import type { FdTable } from '../../fs/fd_table.js';
import type { FsContext } from '../../fs/fs_context.js';

export interface Credentials {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  suid: number;
  sgid: number;
  fsuid: number;
  fsgid: number;
  groups: number[];
}

export type TaskState = 'runnable' | 'blocked' | 'stopped' | 'zombie';

export class Task {
  /** Saved CPU state block (registers, PC, flags, vector registers, TPIDR). */
  readonly context = new Uint8Array(CONTEXT_SIZE);
  state: TaskState = 'runnable';
  /** Short name, as prctl(PR_SET_NAME) and /proc/pid/comm show it. */
  comm = '';
  /** Absolute guest path of the executable (for /proc/self/exe). */
  exePath = '';
  /** Host path of the executable, when it came from the host file system. */
  exitCode = 0;

  constructor(
    readonly pid: number,
    public tgid: number,
    public ppid: number,
    public mm: AddressSpace,
    public files: FdTable,
    public fs: FsContext,
    public creds: Credentials,
  ) {}
}
