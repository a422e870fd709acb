// Command-line parsing for `flint`. Pure: no I/O, so it is tested directly.

export interface RunCommand {
  kind: 'run';
  /** Host directory that becomes the guest's /, or null for the host's whole tree. */
  root: string | null;
  strace: boolean;
  /** --env K=V overrides, in order. */
  env: string[];
  /** --tmpfs DIR: absolute guest directories to mount a fresh tmpfs on, in order. */
  tmpfs: string[];
  cpu: 'interp' | 'jit';
  memoryBytes: number | null;
  /** --max-tasks: task table size (null: the default, 64). */
  maxTasks: number | null;
  /** --verbose-fork: log every task creation. */
  verboseFork: boolean;
  program: string;
  args: string[];
}

export type Command =
  | RunCommand
  | { kind: 'help'; topic: 'main' | 'run' }
  | { kind: 'version' }
  | { kind: 'error'; message: string; topic: 'main' | 'run' };

export const MAIN_HELP = `Usage: flint <command> [options]

Flint runs static AArch64 Linux programs on a kernel written in TypeScript:
it emulates the CPU and implements the Linux system calls itself.

Commands:
  run PROGRAM [ARGS...]   run a static AArch64 Linux ELF program (see flint run --help)

Options:
  -h, --help              show this help
  --version               print Flint's version
`;

export const RUN_HELP = `Usage: flint run [options] PROGRAM [ARGS...]

Run the static AArch64 Linux program PROGRAM with ARGS, the way
qemu-aarch64 PROGRAM ARGS... does. Standard input, output and error are
passed through, and flint exits with the program's exit status. When the
program is killed by signal N, flint prints one line naming the signal and
the faulting pc on stderr and exits with status 128+N.

Options:
  --root DIR      make host directory DIR the program's / (confined: '..',
                  absolute paths and symlinks cannot leave it); the working
                  directory starts at /, and PROGRAM is looked up inside DIR.
                  Without --root the program sees the host's file system and
                  working directory, like qemu-aarch64.
                  In both modes /proc and /dev are Flint's own
                  (/proc/self/exe names the program; /dev has null, zero,
                  full, random, urandom, tty, console).
  --env K=V       set environment variable K to V for the program (repeatable).
                  The program's environment is flint's own plus these.
  --tmpfs DIR     mount an empty in-memory file system (tmpfs, 64M) on the
                  absolute guest directory DIR, which need not exist
                  (repeatable)
  --strace        print every system call with its arguments and result on
                  stderr, strace-style
  --cpu interp    CPU implementation: interp (default) or jit (interpreter plus
                  a WebAssembly JIT for hot code)
  --memory SIZE   guest memory, e.g. 256M or 2G (default 512M; at most 4G)
  --max-tasks N   size of the task table (default 64): fork/clone fail with
                  EAGAIN when it is full
  --verbose-fork  print 'created pid N (slot S) by pid P' for every new task
  -h, --help      show this help

Options must come before PROGRAM; everything after it goes to the program.
Examples:
  flint run ./hello
  flint run --env LANG=C --strace /bin/busybox-static ls -la
  flint run --root ./rootfs /bin/sh -c 'echo hi'
`;

const MAX_MEMORY = 4 * 1024 ** 3;

/** "512M", "2G", "65536", "1.5G" as bytes; null when malformed. */
export function parseSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([KMGkmg]?)(i?[Bb])?$/.exec(s);
  if (!m) return null;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * mult);
}

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) return { kind: 'error', message: 'missing command', topic: 'main' };
  const [cmd, ...rest] = argv;
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') return { kind: 'help', topic: 'main' };
  if (cmd === '--version') return { kind: 'version' };
  if (cmd !== 'run') return { kind: 'error', message: `unknown command '${cmd}'`, topic: 'main' };
  const run: RunCommand = { kind: 'run', root: null, strace: false, env: [], tmpfs: [], cpu: 'interp', memoryBytes: null, maxTasks: null, verboseFork: false, program: '', args: [] };
  const fail = (message: string): Command => ({ kind: 'error', message, topic: 'run' });
  let i = 0;
  for (; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--') {
      i++;
      break;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : null;
    const value = (): string | null => {
      if (inline !== null) return inline;
      i++;
      return i < rest.length ? rest[i] : null;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help', topic: 'run' };
      case '--strace':
        run.strace = true;
        break;
      case '--root': {
        const v = value();
        if (v === null || v === '') return fail('--root needs a directory');
        run.root = v;
        break;
      }
      case '--env': {
        const v = value();
        if (v === null || v.indexOf('=') <= 0) return fail('--env needs K=V');
        run.env.push(v);
        break;
      }
      case '--tmpfs': {
        const v = value();
        if (v === null || !v.startsWith('/')) return fail('--tmpfs needs an absolute guest directory');
        run.tmpfs.push(v);
        break;
      }
      case '--cpu': {
        const v = value();
        if (v !== 'interp' && v !== 'jit') return fail(`--cpu ${v ?? ''}: give interp or jit`);
        run.cpu = v;
        break;
      }
      case '--max-tasks': {
        const v = value();
        const n = v === null || !/^\d+$/.test(v) ? NaN : Number(v);
        if (!(n >= 1 && n <= 4096)) return fail(`--max-tasks ${v ?? ''}: give a number between 1 and 4096`);
        run.maxTasks = n;
        break;
      }
      case '--verbose-fork':
        run.verboseFork = true;
        break;
      case '--memory': {
        const v = value();
        const n = v === null ? null : parseSize(v);
        if (n === null || n < 1 << 20 || n > MAX_MEMORY) return fail(`--memory ${v ?? ''}: give a size between 1M and 4G, e.g. 512M`);
        run.memoryBytes = n;
        break;
      }
      default:
        return fail(`unknown option '${a}'`);
    }
  }
  if (i >= rest.length) return fail('missing PROGRAM');
  run.program = rest[i];
  run.args = rest.slice(i + 1);
  return run;
}

/** The host environment ("K=V" strings) with `overrides` applied: replaced in place, new ones appended. */
export function guestEnvironment(host: Record<string, string | undefined>, overrides: readonly string[]): string[] {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(host)) if (v !== undefined) env.set(k, v);
  for (const o of overrides) {
    const eq = o.indexOf('=');
    env.set(o.slice(0, eq), o.slice(eq + 1));
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}
