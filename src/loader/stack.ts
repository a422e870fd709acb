// The Linux initial process stack (fs/exec.c copy_strings, fs/binfmt_elf.c
// create_elf_tables), from the top down:
//   8 bytes of zero at the very top, the execfn string, the envp strings and
//   the argv strings (argv[0] lowest), 16-byte alignment, the platform string
//   "aarch64", 16 AT_RANDOM bytes; then, 16-byte aligned at SP: argc, argv[],
//   NULL, envp[], NULL, auxv pairs ending with AT_NULL.
import { E2BIG } from '../abi/linux/errno.js';
import * as at from '../abi/linux/auxv.js';
import { USER_HZ } from '../abi/linux/time.js';
import { HWCAP, HWCAP2 } from '../cpu/features.js';
import { PAGE_SIZE } from '../cpu/state.js';
import { Errno } from '../kernel/errno.js';
import type { UserMemory } from '../mm/user_memory.js';

/** Linux's MAX_ARG_STRLEN: the longest single argument or environment string. */
export const MAX_ARG_STRLEN = 32 * PAGE_SIZE;

/**
 * AT_MINSIGSTKSZ as arm64 Linux computes it without SVE: the rt_sigframe
 * (4688 bytes) plus a frame record, 16-byte aligned (arch/arm64/kernel/signal.c).
 */
export const ARM64_MINSIGSTKSZ = 4720;

export interface StackParams {
  argv: Uint8Array[];
  envp: Uint8Array[];
  /** The path given to execve (AT_EXECFN). */
  execfn: Uint8Array;
  /** 16 random bytes for AT_RANDOM. */
  random: Uint8Array;
  entry: number;
  phdr: number;
  phent: number;
  phnum: number;
  /** Interpreter base (AT_BASE); 0 for static programs. */
  base: number;
  uid: number;
  euid: number;
  gid: number;
  egid: number;
  secure: boolean;
  /** Top of the stack (exclusive). */
  top: number;
  /** RLIMIT_STACK: the strings may take at most a quarter of it. */
  stackLimit: number;
}

export interface StackLayout {
  sp: number;
  argc: number;
  /** Address of argv[0]'s pointer slot. */
  argvPtr: number;
  /** [argStart, argEnd) and [envStart, envEnd): the string areas (/proc/pid/cmdline, environ). */
  argStart: number;
  argEnd: number;
  envStart: number;
  envEnd: number;
  /** The auxiliary vector as written (tag, value) pairs, AT_NULL excluded. */
  auxv: Array<[number, number]>;
}

const PLATFORM = new TextEncoder().encode('aarch64\0');

function withNul(s: Uint8Array): Uint8Array {
  const b = new Uint8Array(s.length + 1);
  b.set(s);
  return b;
}

/** Write the initial stack into `mem` (an address space with the stack reserved). Returns SP and the layout. */
export function buildInitialStack(mem: UserMemory, p: StackParams): StackLayout {
  let strBytes = p.execfn.length + 1;
  for (const s of [...p.argv, ...p.envp]) {
    if (s.length + 1 > MAX_ARG_STRLEN) throw new Errno(E2BIG, 'argument or environment string too long');
    strBytes += s.length + 1;
  }
  const ptrBytes = (p.argv.length + p.envp.length + 2) * 8;
  if (strBytes + ptrBytes > p.stackLimit / 4) throw new Errno(E2BIG, 'argument list too long');

  let sp = p.top - 8;
  sp -= p.execfn.length + 1;
  const execfnAddr = sp;
  mem.write(execfnAddr, withNul(p.execfn));

  const envAddrs: number[] = [];
  const envEnd = sp;
  for (let i = p.envp.length - 1; i >= 0; i--) {
    sp -= p.envp[i].length + 1;
    envAddrs[i] = sp;
  }
  const envStart = sp;
  const argAddrs: number[] = [];
  const argEnd = sp;
  for (let i = p.argv.length - 1; i >= 0; i--) {
    sp -= p.argv[i].length + 1;
    argAddrs[i] = sp;
  }
  const argStart = sp;
  // The argument and environment strings are contiguous: write them in one go.
  const block = new Uint8Array(envEnd - argStart);
  p.argv.forEach((s, i) => block.set(s, argAddrs[i] - argStart));
  p.envp.forEach((s, i) => block.set(s, envAddrs[i] - argStart));
  mem.write(argStart, block);

  sp -= sp % 16;
  sp -= PLATFORM.length;
  const platformAddr = sp;
  mem.write(platformAddr, PLATFORM);
  sp -= 16;
  const randomAddr = sp;
  mem.write(randomAddr, p.random.subarray(0, 16));

  const auxv: Array<[number, number]> = [
    [at.AT_MINSIGSTKSZ, ARM64_MINSIGSTKSZ],
    [at.AT_HWCAP, HWCAP >>> 0],
    [at.AT_PAGESZ, PAGE_SIZE],
    [at.AT_CLKTCK, USER_HZ],
    [at.AT_PHDR, p.phdr],
    [at.AT_PHENT, p.phent],
    [at.AT_PHNUM, p.phnum],
    [at.AT_BASE, p.base],
    [at.AT_FLAGS, 0],
    [at.AT_ENTRY, p.entry],
    [at.AT_UID, p.uid],
    [at.AT_EUID, p.euid],
    [at.AT_GID, p.gid],
    [at.AT_EGID, p.egid],
    [at.AT_SECURE, p.secure ? 1 : 0],
    [at.AT_RANDOM, randomAddr],
    [at.AT_HWCAP2, HWCAP2 >>> 0],
    [at.AT_EXECFN, execfnAddr],
    [at.AT_PLATFORM, platformAddr],
  ];
  const words = 1 + p.argv.length + 1 + p.envp.length + 1 + 2 * (auxv.length + 1);
  sp -= words * 8;
  sp -= sp % 16;

  const table = new Uint8Array(words * 8);
  const dv = new DataView(table.buffer);
  let w = 0;
  const put = (v: number): void => {
    dv.setUint32(w * 8, v % 4294967296, true);
    dv.setUint32(w * 8 + 4, Math.floor(v / 4294967296), true);
    w++;
  };
  put(p.argv.length);
  for (const a of argAddrs) put(a);
  put(0);
  for (const e of envAddrs) put(e);
  put(0);
  for (const [tag, val] of auxv) {
    put(tag);
    put(val);
  }
  put(at.AT_NULL);
  put(0);
  mem.write(sp, table);
  return { sp, argc: p.argv.length, argvPtr: sp + 8, argStart, argEnd, envStart, envEnd, auxv };
}
