// Building a program image (fs/exec.c, do_execveat_common): resolve the
// file, follow "#!" interpreters, parse and map the ELF into a NEW address
// space and write the initial stack. Nothing of the caller changes until the
// image is complete: on any failure the new address space is released and
// the free-page count is back where it was.
import { EACCES, ELOOP, ENOEXEC } from '../../abi/linux/errno.js';
import { O_RDONLY } from '../../abi/linux/fcntl.js';
import { RLIMIT_STACK } from '../../abi/linux/resource.js';
import { PC_OFF, SP, X_OFF } from '../../cpu/state.js';
import { bytesToName, nameToBytes } from '../../fs/byte_string.js';
import type { FsContext } from '../../fs/fs_context.js';
import { readAt, isElf, parseElf, type ExecSource } from '../../loader/elf.js';
import { loadSegments } from '../../loader/load.js';
import { isShebang, MAX_INTERP_DEPTH, parseShebang, scriptArgv, BINPRM_BUF_SIZE } from '../../loader/shebang.js';
import { buildInitialStack } from '../../loader/stack.js';
import type { AddressSpace } from '../../mm/address_space.js';
import { mappedOpenFile } from '../syscalls/memory.js';
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
}

/** exec permission as generic_permission() checks it, with root needing any x bit. */
function checkExec(mode: number, uid: number, gid: number, creds: Credentials): void {
  if ((mode & 0o111) === 0) throw new Errno(EACCES);
  if (creds.euid === 0) return;
  let bits: number;
  if (creds.euid === uid) bits = (mode >> 6) & 7;
  else if (creds.egid === gid || creds.groups.includes(gid)) bits = (mode >> 3) & 7;
  else bits = mode & 7;
  if ((bits & 1) === 0) throw new Errno(EACCES);
}

/** Open `path` for execution as a loader source. The caller releases it. */
function openExec(k: Kernel, fs: FsContext, creds: Credentials, path: string): { src: ExecSource; exePath: string } {
  const d = k.vfs.resolve(fs.root, fs.cwd, path, true);
  if (!d.inode.isRegular) throw new Errno(EACCES);
  const st = d.inode.stat();
  checkExec(st.mode, st.uid, st.gid, creds);
  const f = k.vfs.openDentry(d, O_RDONLY);
  const exePath = d.path(fs.root);
  const m = mappedOpenFile(f, d.path(null));
  return { src: { ...m, size: st.size }, exePath };
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
    const { src, exePath } = openExec(k, fs, creds, path);
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
      const stackLimit = Number(rlimits[RLIMIT_STACK].cur > 1n << 30n ? 1n << 30n : rlimits[RLIMIT_STACK].cur);
      const mm = k.newAddressSpace(Math.max(stackLimit, 128 * 1024));
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
          uid: creds.uid,
          euid: creds.euid,
          gid: creds.gid,
          egid: creds.egid,
          secure: creds.uid !== creds.euid || creds.gid !== creds.egid,
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
