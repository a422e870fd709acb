// Changing credentials (kernel/sys.c, kernel/groups.c, kernel/capability.c):
// setuid, setgid, setreuid, setregid, setresuid, setresgid, setfsuid,
// setfsgid, setgroups and capget. Capabilities are modelled as Linux has them
// for a process without file capabilities or securebits: the effective set
// is full exactly when the euid is 0, the permitted set is full while any of
// the real, effective or saved uids is 0. So CAP_SETUID/CAP_SETGID ("may set
// any id") is euid 0, and the file-system capabilities (CAP_DAC_OVERRIDE,
// CAP_CHOWN, CAP_FOWNER) follow the fsuid, as fs/permission.ts checks them.
// Every change sets the fsuid/fsgid to the new effective id, as Linux does.
// The credentials are the calling thread's (glibc broadcasts to the others).
import { EINVAL, EPERM, ESRCH } from '../../abi/linux/errno.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { Credentials, Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

/** (uid_t)-1: "leave unchanged" for the set*id calls, and never a valid id. */
const NO_ID = 0xffffffff;
/** NGROUPS_MAX. */
export const NGROUPS_MAX = 65536;

/** _LINUX_CAPABILITY_VERSION_1 (one 32-bit word per set), _2 and _3 (two words). */
const CAP_V1 = 0x19980330;
const CAP_V2 = 0x20071026;
const CAP_V3 = 0x20080522;
/** CAP_LAST_CAP of the kernels Flint follows (CAP_CHECKPOINT_RESTORE). */
const CAP_LAST_CAP = 40;

/** The four ids of one kind: real, effective, saved, file system. */
interface IdFields {
  r: 'uid' | 'gid';
  e: 'euid' | 'egid';
  s: 'suid' | 'sgid';
  fs: 'fsuid' | 'fsgid';
}

const UID: IdFields = { r: 'uid', e: 'euid', s: 'suid', fs: 'fsuid' };
const GID: IdFields = { r: 'gid', e: 'egid', s: 'sgid', fs: 'fsgid' };

/** CAP_SETUID / CAP_SETGID in the effective set. */
function capable(c: Credentials): boolean {
  return c.euid === 0;
}

/** setuid(2)/setgid(2): privileged, all of real, effective and saved; otherwise the effective id to the real or saved one. */
function setOne(t: Task, f: IdFields, id: number): number {
  const c = t.creds;
  if (id === NO_ID) throw new Errno(EINVAL);
  if (capable(c)) {
    c[f.r] = id;
    c[f.s] = id;
  } else if (id !== c[f.r] && id !== c[f.s]) {
    throw new Errno(EPERM);
  }
  c[f.e] = id;
  c[f.fs] = id;
  return 0;
}

/**
 * setreuid(2)/setregid(2): the real id may become the real or effective one,
 * the effective id any of the three; the saved id follows the new effective
 * id when the real id is set or the effective id moves away from the real one.
 */
function setRe(t: Task, f: IdFields, r: number, e: number): number {
  const c = t.creds;
  const cap = capable(c);
  if (r !== NO_ID && !cap && r !== c[f.r] && r !== c[f.e]) throw new Errno(EPERM);
  if (e !== NO_ID && !cap && e !== c[f.r] && e !== c[f.e] && e !== c[f.s]) throw new Errno(EPERM);
  const oldReal = c[f.r];
  if (r !== NO_ID) c[f.r] = r;
  if (e !== NO_ID) c[f.e] = e;
  if (r !== NO_ID || (e !== NO_ID && e !== oldReal)) c[f.s] = c[f.e];
  c[f.fs] = c[f.e];
  return 0;
}

/** setresuid(2)/setresgid(2): unprivileged, each new id must be one of the current three. */
function setRes(t: Task, f: IdFields, r: number, e: number, s: number): number {
  const c = t.creds;
  if (!capable(c)) {
    const allowed = [c[f.r], c[f.e], c[f.s]];
    for (const id of [r, e, s]) if (id !== NO_ID && !allowed.includes(id)) throw new Errno(EPERM);
  }
  if (r !== NO_ID) c[f.r] = r;
  if (e !== NO_ID) c[f.e] = e;
  if (s !== NO_ID) c[f.s] = s;
  c[f.fs] = c[f.e];
  return 0;
}

/** setfsuid(2)/setfsgid(2): returns the old id whether or not the change is allowed. */
function setFs(t: Task, f: IdFields, id: number): number {
  const c = t.creds;
  const old = c[f.fs];
  if (id === NO_ID) return old;
  if (capable(c) || id === c[f.r] || id === c[f.e] || id === c[f.s] || id === old) c[f.fs] = id;
  return old;
}

/** setgroups(2): root only; the list is kept sorted, as groups_sort() does. */
function setgroups(_k: Kernel, t: Task, a: SyscallArgs): number {
  if (!capable(t.creds)) throw new Errno(EPERM);
  const size = a.u32(0);
  if (size > NGROUPS_MAX) throw new Errno(EINVAL);
  const groups: number[] = [];
  if (size > 0) {
    const raw = t.mm.read(a.ptr(1), 4 * size);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < size; i++) groups.push(dv.getUint32(4 * i, true));
  }
  groups.sort((x, y) => x - y);
  t.creds.groups = groups;
  return 0;
}

/** The capability sets of `c` (low word, high word), as capget reports them. */
export function capabilitySets(c: Credentials): { effective: [number, number]; permitted: [number, number] } {
  const full: [number, number] = [0xffffffff, (2 ** (CAP_LAST_CAP - 31) - 1) >>> 0];
  const none: [number, number] = [0, 0];
  const permitted = c.uid === 0 || c.euid === 0 || c.suid === 0;
  return { effective: c.euid === 0 ? full : none, permitted: permitted ? full : none };
}

/** capget(2): versions 1-3; an unknown version is answered with version 3 (EINVAL unless data is NULL). */
function capget(k: Kernel, t: Task, a: SyscallArgs): number {
  const hdr = a.ptr(0);
  const version = t.mm.readU32(hdr);
  const words = version === CAP_V1 ? 1 : version === CAP_V2 || version === CAP_V3 ? 2 : 0;
  if (words === 0) {
    t.mm.writeU32(hdr, CAP_V3);
    if (a.isNull(1)) return 0;
    throw new Errno(EINVAL);
  }
  const pid = t.mm.readU32(hdr + 4) | 0;
  if (pid < 0) throw new Errno(EINVAL);
  let target = t;
  if (pid !== 0 && pid !== t.pid) {
    const found = k.findTask(pid);
    if (found === null) throw new Errno(ESRCH);
    target = found;
  }
  if (a.isNull(1)) return 0;
  const sets = capabilitySets(target.creds);
  const out = new Uint8Array(12 * words);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < words; i++) {
    dv.setUint32(12 * i, sets.effective[i], true);
    dv.setUint32(12 * i + 4, sets.permitted[i], true);
    dv.setUint32(12 * i + 8, 0, true);
  }
  t.mm.write(a.ptr(1), out);
  return 0;
}

const CRED_NOTE = 'Linux rules: unprivileged callers may only pick among their real/effective/saved ids (EPERM); euid 0 may set any; fsuid/fsgid follow the effective id';

export const syscalls: SyscallDef[] = [
  { nr: nr('setuid'), name: 'setuid', support: 'full', note: CRED_NOTE, handler: (_k, t, a) => setOne(t, UID, a.u32(0)), args: ['dec'] },
  { nr: nr('setgid'), name: 'setgid', support: 'full', note: CRED_NOTE, handler: (_k, t, a) => setOne(t, GID, a.u32(0)), args: ['dec'] },
  {
    nr: nr('setreuid'), name: 'setreuid', support: 'full', note: 'the saved uid follows the effective uid as Linux sets it',
    handler: (_k, t, a) => setRe(t, UID, a.u32(0), a.u32(1)), args: ['dec', 'dec'],
  },
  {
    nr: nr('setregid'), name: 'setregid', support: 'full', note: 'the saved gid follows the effective gid as Linux sets it',
    handler: (_k, t, a) => setRe(t, GID, a.u32(0), a.u32(1)), args: ['dec', 'dec'],
  },
  {
    nr: nr('setresuid'), name: 'setresuid', support: 'full', note: CRED_NOTE,
    handler: (_k, t, a) => setRes(t, UID, a.u32(0), a.u32(1), a.u32(2)), args: ['dec', 'dec', 'dec'],
  },
  {
    nr: nr('setresgid'), name: 'setresgid', support: 'full', note: CRED_NOTE,
    handler: (_k, t, a) => setRes(t, GID, a.u32(0), a.u32(1), a.u32(2)), args: ['dec', 'dec', 'dec'],
  },
  {
    nr: nr('setfsuid'), name: 'setfsuid', support: 'full', note: 'returns the previous fsuid; changes it to one of the real/effective/saved/fs uids, any for euid 0',
    handler: (_k, t, a) => setFs(t, UID, a.u32(0)), args: ['dec'],
  },
  {
    nr: nr('setfsgid'), name: 'setfsgid', support: 'full', note: 'returns the previous fsgid; changes it to one of the real/effective/saved/fs gids, any for euid 0',
    handler: (_k, t, a) => setFs(t, GID, a.u32(0)), args: ['dec'],
  },
  {
    nr: nr('setgroups'), name: 'setgroups', support: 'full', note: 'euid 0 only (EPERM); EINVAL above NGROUPS_MAX (65536); kept sorted as Linux does',
    handler: setgroups, args: ['dec', 'ptr'],
  },
  {
    nr: nr('capget'), name: 'capget', support: 'partial', handler: capget, args: ['ptr', 'ptr'],
    note: 'no file capabilities: effective set full when euid is 0, permitted set full while any of ruid/euid/suid is 0, inheritable empty',
  },
];
