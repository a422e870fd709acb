// statfs(2), fstatfs(2), sync(2), syncfs(2), fsync(2), fdatasync(2),
// mount(2) and umount2(2) of the built-in file system types.
import { Errno } from '../errno.js';
import { EBADF, EINVAL, ENODEV, EPERM } from '../../abi/linux/errno.js';
import { encodeStatFs } from '../../abi/linux/stat.js';
import { bytesToName } from '../../fs/byte_string.js';
import { readPath } from '../../fs/lookup_at.js';
import { createProcFs } from '../../fs/procfs.js';
import { MS_NOSUID, MS_RDONLY, ST_VALID } from '../../fs/vfs.js';
import { createTmpFs } from '../../fs/tmpfs.js';
import type { TmpFsOptions } from '../../fs/tmpfs.js';
import type { OpenFile } from '../../fs/file.js';
import type { Inode } from '../../fs/inode.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** mount(2) flags Flint accepts and ignores (nodev, noexec, access-time and silent flags, MS_REC). */
const MS_IGNORED = 0x4 | 0x8 | 0x400 | 0x800 | 0x4000 | 0x8000 | 0x200000 | 0x1000000;
const MS_REMOUNT = 0x20;
const MS_BIND = 0x1000;
/** The old magic number in the top 16 bits of the flags (MS_MGC_VAL), dropped as Linux does. */
const MS_MGC_MSK = 0xffff0000;
const MS_MGC_VAL = 0xc0ed0000;
const MNT_FORCE = 1;
const MNT_DETACH = 2;
const MNT_EXPIRE = 4;
const UMOUNT_NOFOLLOW = 8;

/** tmpfs options: size=N[kmg%], nr_inodes=N, mode=octal, uid=N, gid=N. */
export function tmpfsOptions(text: string, now: () => bigint, ramBytes: number): TmpFsOptions {
  const o: TmpFsOptions = { now };
  for (const opt of text.split(',').filter((s) => s !== '')) {
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const v = eq < 0 ? '' : opt.slice(eq + 1);
    const m = /^(\d+)([kmgKMG%]?)$/.exec(v);
    switch (key) {
      case 'size': {
        if (!m) throw new Errno(EINVAL);
        const n = Number(m[1]);
        const unit = m[2].toLowerCase();
        o.sizeBytes = unit === '%' ? Math.floor((ramBytes * n) / 100) : n * (unit === 'k' ? 1024 : unit === 'm' ? 1 << 20 : unit === 'g' ? 1 << 30 : 1);
        break;
      }
      case 'nr_inodes':
        if (!m || m[2] !== '') throw new Errno(EINVAL);
        o.maxInodes = Number(m[1]);
        break;
      case 'mode':
        if (!/^[0-7]+$/.test(v)) throw new Errno(EINVAL);
        o.rootMode = parseInt(v, 8) & 0o7777;
        break;
      case 'uid':
      case 'gid':
        if (!m || m[2] !== '') throw new Errno(EINVAL);
        if (key === 'uid') o.rootUid = Number(m[1]);
        else o.rootGid = Number(m[1]);
        break;
      default:
        break;
    }
  }
  return o;
}

function mount(k: Kernel, t: Task, a: SyscallArgs): number {
  if (t.creds.euid !== 0) throw new Errno(EPERM);
  let flags = a.u32(3);
  if (((flags & MS_MGC_MSK) >>> 0) === MS_MGC_VAL) flags &= ~MS_MGC_MSK;
  if (flags & ~(MS_IGNORED | MS_RDONLY | MS_NOSUID | MS_REMOUNT | MS_BIND)) throw new Errno(EINVAL);
  const vfs = t.fs.vfs;
  const target = vfs.resolve(t.fs.root, t.fs.cwd, readPath(t.mm, a.ptr(1)), true, t.creds);
  const kept = flags & (MS_RDONLY | MS_NOSUID);
  // MS_REMOUNT: new flags for an existing mount (with MS_BIND, for that mount only, not its file system).
  if (flags & MS_REMOUNT) {
    vfs.remount(target, kept, (flags & MS_BIND) !== 0);
    return 0;
  }
  // MS_BIND: the source directory appears at the target too, with the source mount's flags.
  if (flags & MS_BIND) {
    const source = vfs.resolve(t.fs.root, t.fs.cwd, readPath(t.mm, a.ptr(0)), true, t.creds);
    if (!source.inode.isDir) throw new Errno(EINVAL);
    vfs.mountOn(target, source.inode, vfs.mountFlags(source));
    return 0;
  }
  const type = a.isNull(2) ? '' : bytesToName(t.mm.readCString(a.ptr(2), 256));
  const data = a.isNull(4) ? '' : bytesToName(t.mm.readCString(a.ptr(4), 4096));
  let root: Inode;
  if (type === 'tmpfs') root = createTmpFs({ ...tmpfsOptions(data, () => k.clock.realtimeNs(), k.frames.total * 4096), frames: k.frames });
  else if (type === 'proc') root = createProcFs({ slot: vfs.procSlot, mounts: () => vfs.mountTable(), timeNs: k.clock.realtimeNs() });
  else throw new Errno(ENODEV);
  vfs.mountOn(target, root, kept);
  return 0;
}

function umount2(_k: Kernel, t: Task, a: SyscallArgs): number {
  const flags = a.u32(1);
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) throw new Errno(EINVAL);
  if (t.creds.euid !== 0) throw new Errno(EPERM);
  const d = t.fs.vfs.resolve(t.fs.root, t.fs.cwd, readPath(t.mm, a.ptr(0)), !(flags & UMOUNT_NOFOLLOW), t.creds);
  t.fs.vfs.unmount(d);
  return 0;
}

function fsync(f: OpenFile): number {
  if (f.isPath) throw new Errno(EBADF);
  f.ops.fsync?.();
  return 0;
}

export const syscalls: SyscallDef[] = [
  {
    nr: 40,
    name: 'mount',
    support: 'partial',
    note: 'root only; new tmpfs (size=, nr_inodes=, mode=, uid=, gid=) and proc mounts, MS_RDONLY and MS_NOSUID (EROFS, set-id bits ignored); MS_REMOUNT changes them (no EBUSY for files open for writing; new options ignored); MS_BIND of a directory; no move, no propagation changes',
    args: ['str', 'str', 'str', 'hex', 'ptr'],
    handler: mount,
  },
  {
    nr: 39,
    name: 'umount2',
    support: 'partial',
    note: 'root only; detaches at once (open files keep working), no busy check',
    args: ['str', 'hex'],
    handler: umount2,
  },
  {
    nr: 43,
    name: 'statfs',
    support: 'full',
    args: ['str', 'ptr'],
    handler: (_k, t, a) => {
      const path = readPath(t.mm, a.ptr(0));
      const d = t.fs.vfs.resolve(t.fs.root, t.fs.cwd, path, true, t.creds);
      t.mm.write(a.ptr(1), encodeStatFs({ ...d.inode.fs.statfs(), flags: t.fs.vfs.statfsFlags(d) }));
      return 0;
    },
  },
  {
    nr: 44,
    name: 'fstatfs',
    support: 'full',
    args: ['fd', 'ptr'],
    handler: (_k, t, a) => {
      const f = t.files.get(a.int(0));
      const flags = f.dentry ? t.fs.vfs.statfsFlags(f.dentry) : ST_VALID;
      t.mm.write(a.ptr(1), encodeStatFs({ ...f.inode.fs.statfs(), flags }));
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
