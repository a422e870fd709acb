// --strace: one line per syscall, as strace(1) prints them:
//   openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3
//   openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
// Input arguments are decoded before the call, output buffers after it.
import { errnoName } from '../../abi/linux/errno.js';
import { errnoText } from '../../abi/linux/errno_text.js';
import * as mman from '../../abi/linux/mman.js';
import { signalName } from '../../abi/linux/signal.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task/task.js';
import { BLOCKED, type ArgFormat, type SyscallArgs, type SyscallDef, type SyscallResult } from './types.js';

const STR_MAX = 32;
/** A part left out of the line. */
const OMIT = '';
const O_CREAT = 0o100;
const O_TMPFILE_BIT = 0o20000000;

export interface StraceCall {
  name: string;
  /** Formatted arguments; null where the value is known only after the call (rbuf). */
  parts: Array<string | null>;
  formats: readonly ArgFormat[];
}

/** A C-style quoted, escaped and truncated rendering of bytes. */
export function quote(b: Uint8Array, max = STR_MAX): string {
  let s = '"';
  const n = Math.min(b.length, max);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += '\\\\';
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x09) s += '\\t';
    else if (c === 0x0d) s += '\\r';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + c.toString(8);
  }
  s += '"';
  if (b.length > max) s += '...';
  return s;
}

/** As C's %#x: "0" for zero, "0x..." otherwise. */
function hex(n: number): string {
  return n === 0 ? '0' : '0x' + n.toString(16);
}

function flagNames(v: number, table: ReadonlyArray<readonly [number, string]>, zero: string): string {
  const out: string[] = [];
  let rest = v >>> 0;
  for (const [bit, name] of table) {
    if (bit !== 0 && (rest & bit) === bit) {
      out.push(name);
      rest &= ~bit >>> 0;
    }
  }
  if (rest !== 0) out.push(hex(rest));
  return out.length === 0 ? zero : out.join('|');
}

const O_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'], [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'], [0o4010000, 'O_SYNC'], [0o10000, 'O_DSYNC'], [0o40000, 'O_DIRECTORY'],
  [0o100000, 'O_NOFOLLOW'], [0o200000, 'O_DIRECT'], [0o400000, 'O_LARGEFILE'], [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'], [0o10000000, 'O_PATH'],
];
const PROT: ReadonlyArray<readonly [number, string]> = [
  [mman.PROT_READ, 'PROT_READ'], [mman.PROT_WRITE, 'PROT_WRITE'], [mman.PROT_EXEC, 'PROT_EXEC'],
];
const MAP: ReadonlyArray<readonly [number, string]> = [
  [mman.MAP_SHARED, 'MAP_SHARED'], [mman.MAP_PRIVATE, 'MAP_PRIVATE'], [mman.MAP_FIXED, 'MAP_FIXED'],
  [mman.MAP_ANONYMOUS, 'MAP_ANONYMOUS'], [mman.MAP_GROWSDOWN, 'MAP_GROWSDOWN'], [mman.MAP_DENYWRITE, 'MAP_DENYWRITE'],
  [mman.MAP_NORESERVE, 'MAP_NORESERVE'], [mman.MAP_POPULATE, 'MAP_POPULATE'], [mman.MAP_STACK, 'MAP_STACK'],
  [mman.MAP_FIXED_NOREPLACE, 'MAP_FIXED_NOREPLACE'],
];
const AT_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_REMOVEDIR'], [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x800, 'AT_NO_AUTOMOUNT'], [0x1000, 'AT_EMPTY_PATH'],
];
const CLOCKS = [
  'CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID',
  'CLOCK_MONOTONIC_RAW', 'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME',
  'CLOCK_REALTIME_ALARM', 'CLOCK_BOOTTIME_ALARM', '10', 'CLOCK_TAI',
];

function oflags(v: number): string {
  const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', '0x3'][v & 3];
  const rest = flagNames(v & ~3, O_FLAGS, '');
  return rest ? `${acc}|${rest}` : acc;
}

function readString(t: Task, addr: number): string {
  try {
    const b = t.mm.readCString(addr, 4096);
    return quote(b);
  } catch {
    return hex(addr);
  }
}

function readBuf(t: Task, addr: number, len: number): string {
  try {
    return quote(t.mm.read(addr, Math.min(Math.max(len, 0), STR_MAX + 1)), STR_MAX);
  } catch {
    return hex(addr);
  }
}

function formatArg(t: Task, f: ArgFormat, a: SyscallArgs, i: number): string | null {
  switch (f) {
    case 'dec':
      return String(a.snum(i));
    case 'udec':
      return String(a.num(i));
    case 'hex':
      return hex(a.num(i));
    case 'ptr':
      return a.isNull(i) ? 'NULL' : hex(a.ptr(i));
    case 'str':
      return a.isNull(i) ? 'NULL' : readString(t, a.ptr(i));
    case 'wbuf':
      return readBuf(t, a.ptr(i), a.num(i + 1));
    case 'rbuf':
      return null;
    case 'fd':
      return String(a.int(i));
    case 'dirfd':
      return a.int(i) === -100 ? 'AT_FDCWD' : String(a.int(i));
    case 'oflags':
      return oflags(a.u32(i));
    case 'mode':
      return '0' + a.u32(i).toString(8);
    case 'prot':
      return flagNames(a.u32(i), PROT, 'PROT_NONE');
    case 'mapflags':
      return flagNames(a.u32(i), MAP, '0');
    case 'signal':
      return a.int(i) === 0 ? '0' : signalName(a.int(i));
    case 'clock':
      return CLOCKS[a.int(i)] ?? String(a.int(i));
    case 'atflags':
      return flagNames(a.u32(i), AT_FLAGS, '0');
  }
}

/** Decode the arguments before the call. */
export function straceEnter(_k: Kernel, t: Task, def: SyscallDef | undefined, nr: number, a: SyscallArgs): StraceCall {
  const name = def?.name ?? `syscall_${nr}`;
  const formats: readonly ArgFormat[] = def?.args ?? ['hex', 'hex', 'hex', 'hex', 'hex', 'hex'];
  const parts = formats.map((f, i) => formatArg(t, f, a, i));
  // As strace: open's mode is shown only when the flags can create a file.
  const o = formats.indexOf('oflags');
  if (o >= 0 && formats[o + 1] === 'mode' && (a.u32(o) & (O_CREAT | O_TMPFILE_BIT)) === 0) parts[o + 1] = OMIT;
  return { name, formats, parts };
}

/** The whole line once the result is known. */
export function straceExit(
  _k: Kernel,
  t: Task,
  def: SyscallDef | undefined,
  a: SyscallArgs,
  call: StraceCall,
  result: SyscallResult,
): string {
  const ok = result !== BLOCKED && (typeof result === 'bigint' || result >= 0);
  const parts = call.parts.map((p, i) =>
    p !== null ? p : ok ? readBuf(t, a.ptr(i), Number(result)) : hex(a.ptr(i)),
  );
  const head = `${call.name}(${parts.filter((p) => p !== OMIT).join(', ')})`;
  if (result === BLOCKED) return `${head} = ? <blocked>`;
  if (typeof result === 'number' && result < 0) {
    const code = -result;
    return `${head} = -1 ${errnoName(code)} (${errnoText(code)})`;
  }
  const r = typeof result === 'bigint' ? result : BigInt(result);
  return `${head} = ${def?.ret === 'hex' ? '0x' + r.toString(16) : r.toString()}`;
}

/** The line for a call that did not return (exit, exit_group, a fatal signal). */
export function straceNoReturn(call: StraceCall): string {
  return `${call.name}(${call.parts.filter((p) => p !== OMIT).map((p) => p ?? '?').join(', ')}) = ?`;
}
