// Building a program image (fs/exec.c, do_execveat_common): resolve the
// file, follow "#!" interpreters, parse and map the ELF into a NEW address
// space and write the initial stack, with the credentials a set-user-ID or
// set-group-ID file gives. Nothing of the caller changes until the image is
// complete: on any failure the new address space is released and the
// free-page count is back where it was.
import { EACCES, ELOOP, ENOEXEC } from '../../abi/linux/errno.js';
import { O_RDONLY } from '../../abi/linux/fcntl.js';
import { RLIMIT_STACK } from '../../abi/linux/resource.js';
import { PC_OFF, SP, X_OFF } from '../../cpu/state.js';
import { S_ISGID, S_ISUID } from '../../abi/linux/stat.js';
import type { Stat } from '../../abi/linux/stat.js';
import { bytesToName, nameToBytes } from '../../fs/byte_string.js';
import { mayExec } from '../../fs/permission.js';
import { MS_NOSUID } from '../../fs/vfs.js';
import type { FsContext } from '../../fs/fs_context.js';
import { readAt, isElf, parseElf, type ExecSource } from '../../loader/elf.js';
import { loadSegments } from '../../loader/load.js';
import { isShebang, MAX_INTERP_DEPTH, parseShebang, scriptArgv, BINPRM_BUF_SIZE } from '../../loader/shebang.js';
import { buildInitialStack } from '../../loader/stack.js';
import type { AddressSpace } from '../../mm/address_space.js';
import { mappedOpenFile, vmLimits } from '../syscalls/memory.js';
import { Errno } from '../errno.js';
import { mapSigtramp } from '../signal/sigtramp.js';
import type { Kernel } from '../kernel.js';
import type { Rlimit } from './rlimits.js';
import type { ArgArea, Credentials } from './task.js';

export interface ExecRequest {
  /** The path as given (a byte string: one char per byte). */
  path: string;
  argv: Uint8Array[];
  envp: Uint8Array[];
}

export interface ExecImage {
  mm: AddressSpace;
  entry: number;
  sp: number;
  /** Path of the ELF actually loaded, from the process root (/proc/self/exe). */
  exePath: string;
  /** Basename of the path executed (the script, for a script), at most 15 bytes. */
  comm: string;
  argv: Uint8Array[];
  args: ArgArea;
  /** The credentials the task runs the image with (set-user-ID and set-group-ID applied). */
  creds: Credentials;
}

/** Group execute permission. */
const S_IXGRP = 0o010;

/** Open `path` for execution as a loader source. The caller releases it. */
function openExec(k: Kernel, fs: FsContext, creds: Credentials, path: string): { src: ExecSource; exePath: string; st: Stat } {
  const d = k.vfs.resolve(fs.root, fs.cwd, path, true, creds);
  if (!d.inode.isRegular) throw new Errno(EACCES);
  mayExec(d.inode, creds);
  const raw = d.inode.stat();
  // On a nosuid mount the set-id bits give nothing (mnt_may_suid).
  const st = k.vfs.mountFlags(d) & MS_NOSUID ? { ...raw, mode: raw.mode & ~(S_ISUID | S_ISGID) } : raw;
  const f = k.vfs.openDentry(d, O_RDONLY);
  const exePath = d.path(fs.root);
  const m = mappedOpenFile(f, d.path(null));
  return { src: { ...m, size: st.size }, exePath, st };
}

/**
 * The credentials after exec of a file with attributes `st` (bprm_fill_uid,
 * cap_bprm_creds_from_file): S_ISUID makes the owner the effective uid,
 * S_ISGID with group execute the group the effective gid; the saved and
 * file-system ids become the effective ones.
 */
export function execCredentials(old: Credentials, st: Stat): Credentials {
  const c: Credentials = { ...old, groups: [...old.groups] };
  if (st.mode & S_ISUID) c.euid = st.uid;
  if ((st.mode & (S_ISGID | S_IXGRP)) === (S_ISGID | S_IXGRP)) c.egid = st.gid;
  c.suid = c.fsuid = c.euid;
  c.sgid = c.fsgid = c.egid;
  return c;
}

/**
 * AT_SECURE (cap_bprm_creds_from_file's secureexec): the new effective ids
 * differ from the real ones, or the exec changed the effective uid, or gave
 * an effective gid outside the caller's groups.
 */
export function secureExec(old: Credentials, next: Credentials): boolean {
  const gidChanged = next.egid !== old.fsgid && !old.groups.includes(next.egid);
  return next.euid !== old.uid || next.egid !== old.gid || next.euid !== old.euid || gidChanged;
}

function basename(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  const b = parts.length === 0 ? path : parts[parts.length - 1];
  return b.slice(0, 15);
}

/** Build the image for `req`. Throws Errno (ENOENT, EACCES, ENOEXEC, E2BIG, ELOOP, ENOMEM). */
export function buildImage(k: Kernel, fs: FsContext, creds: Credentials, rlimits: Rlimit[], req: ExecRequest): ExecImage {
  const execfn = nameToBytes(req.path);
  let path = req.path;
  let argv = req.argv;
  for (let depth = 0; ; depth++) {
    if (depth > MAX_INTERP_DEPTH) throw new Errno(ELOOP, 'too many levels of #! interpreters');
    const { src, exePath, st } = openExec(k, fs, creds, path);
    try {
      const head = readAt(src, 0, BINPRM_BUF_SIZE);
      if (isShebang(head)) {
        const sb = parseShebang(head);
        argv = scriptArgv(sb, nameToBytes(path), argv);
        path = bytesToName(sb.interp);
        continue;
      }
      if (!isElf(head)) throw new Errno(ENOEXEC, `${exePath}: not an executable format`);
      const img = parseElf(src);
      const next = execCredentials(creds, st);
      const stackLimit = Number(rlimits[RLIMIT_STACK].cur > 1n << 30n ? 1n << 30n : rlimits[RLIMIT_STACK].cur);
      const mm = k.newAddressSpace(Math.max(stackLimit, 128 * 1024));
      mm.limits = vmLimits(rlimits);
      try {
        const loaded = loadSegments(mm, img, src);
        mm.setupStack();
        mapSigtramp(mm);
        const random = new Uint8Array(16);
        k.random.fill(random);
        const layout = buildInitialStack(mm, {
          argv,
          envp: req.envp,
          execfn,
          random,
          entry: loaded.entry,
          phdr: loaded.phdr,
          phent: loaded.phent,
          phnum: loaded.phnum,
          base: 0,
          uid: next.uid,
          euid: next.euid,
          gid: next.gid,
          egid: next.egid,
          secure: secureExec(creds, next),
          top: mm.stackTop,
          stackLimit: mm.stackLimit,
        });
        return {
          mm,
          entry: loaded.entry,
          sp: layout.sp,
          exePath,
          comm: basename(req.path),
          argv,
          args: { argStart: layout.argStart, argEnd: layout.argEnd, envStart: layout.envStart, envEnd: layout.envEnd },
          creds: next,
        };
      } catch (e) {
        mm.destroy();
        throw e;
      }
    } finally {
      src.release?.();
    }
  }
}

/** A fresh register context for an image: everything zero but PC and SP (start_thread). */
export function initialContext(ctx: Uint8Array, entry: number, sp: number): void {
  ctx.fill(0);
  const dv = new DataView(ctx.buffer, ctx.byteOffset, ctx.byteLength);
  const put = (off: number, v: number): void => {
    dv.setUint32(off, v % 4294967296, true);
    dv.setUint32(off + 4, Math.floor(v / 4294967296), true);
  };
  put(PC_OFF, entry);
  put(X_OFF + 8 * SP, sp);
}
