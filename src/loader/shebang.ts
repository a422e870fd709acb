// "#!" scripts (fs/binfmt_script.c): `#!interp [arg]`. Everything after the
// interpreter name, with surrounding blanks removed, is ONE optional argument.
// The new argv is [interp, arg?, path, argv[1..]]. The first line must fit in
// BINPRM_BUF_SIZE (256 bytes) unless the interpreter name itself is complete.
import { ENOEXEC } from '../abi/linux/errno.js';
import { Errno } from '../kernel/errno.js';

export const BINPRM_BUF_SIZE = 256;
/** Interpreters may themselves be scripts this many levels deep (fs/exec.c: depth > 5 gives ELOOP). */
export const MAX_INTERP_DEPTH = 5;

export interface Shebang {
  interp: Uint8Array;
  arg: Uint8Array | null;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Whether the file starts with "#!". */
export function isShebang(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x23 && head[1] === 0x21;
}

/** Parse the "#!" line in `head` (the first BINPRM_BUF_SIZE bytes of the file). */
export function parseShebang(head: Uint8Array): Shebang {
  const buf = head.subarray(0, BINPRM_BUF_SIZE);
  let nl = buf.indexOf(0x0a);
  const truncated = nl < 0;
  if (nl < 0) nl = buf.length;
  let i = 2;
  while (i < nl && isBlank(buf[i])) i++;
  let j = i;
  while (j < nl && !isBlank(buf[j]) && buf[j] !== 0) j++;
  if (j === i) throw new Errno(ENOEXEC, 'script has no interpreter after #!');
  // A line cut off inside the interpreter name cannot be trusted.
  if (truncated && j === nl) throw new Errno(ENOEXEC, 'interpreter name in #! line is too long');
  const interp = buf.slice(i, j);
  let a = j;
  while (a < nl && isBlank(buf[a])) a++;
  let b = nl;
  while (b > a && (isBlank(buf[b - 1]) || buf[b - 1] === 0)) b--;
  const z = buf.subarray(a, b).indexOf(0);
  if (z >= 0) b = a + z;
  return { interp, arg: b > a ? buf.slice(a, b) : null };
}

/** The argv an interpreter receives for script `path` run with `argv`. */
export function scriptArgv(sb: Shebang, path: Uint8Array, argv: Uint8Array[]): Uint8Array[] {
  const out = [sb.interp];
  if (sb.arg !== null) out.push(sb.arg);
  out.push(path);
  return out.concat(argv.slice(1));
}
