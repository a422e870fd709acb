// Command-line parsing for `flint`. Pure: no I/O, so it is tested directly.

/** --mount HOST:GUEST[:ro]: a host directory mounted (confined) on an absolute guest directory. */
export interface MountSpec {
  host: string;
  guest: string;
  readOnly: boolean;
}

export interface RunCommand {
  kind: 'run';
  /** Host directory that becomes the guest's /, or null for the host's whole tree. */
  root: string | null;
  strace: boolean;
  /** --env K=V overrides, in order. */
  env: string[];
  /** --tmpfs DIR: absolute guest directories to mount a fresh tmpfs on, in order. */
  tmpfs: string[];
  /** --mount HOST:GUEST[:ro], in order (after the --tmpfs mounts). */
  mounts: MountSpec[];
  cpu: 'interp' | 'jit';
  memoryBytes: number | null;
  /** --max-tasks: task table size (null: the default, 64). */
  maxTasks: number | null;
  /** --verbose-fork: log every task creation. */
  verboseFork: boolean;
  program: string;
  args: string[];
}

export interface BootCommand {
  kind: 'boot';
  /** cpio newc image to unpack as the root; null: the default image (built when missing or stale). */
  initramfs: string | null;
  /** Host directory to boot as / instead (confined, persistent); null: an initramfs in tmpfs. */
  root: string | null;
  /** PID 1's program. */
  init: string;
  /** Arguments for init after its name (after `--`). */
  initArgs: string[];
  memoryBytes: number | null;
  maxTasks: number | null;
  strace: boolean;
  cpu: 'interp' | 'jit';
  /** Keep the boot messages out of the console (they stay in dmesg), like Linux's `quiet`. */
  quiet: boolean;
  /** --mount HOST:GUEST[:ro], in order (after /dev, /proc, /tmp and /run). */
  mounts: MountSpec[];
}

export interface MkrootfsCommand {
  kind: 'mkrootfs';
  /** Where to write the image; null: the cache (.cache/rootfs/flint.cpio), rebuilt only when stale. */
  output: string | null;
  /** Unpack the image into this host directory (new or empty), for flint boot --root. */
  dir: string | null;
}

export type HelpTopic = 'main' | 'run' | 'boot' | 'mkrootfs';

export type Command =
  | RunCommand
  | BootCommand
  | MkrootfsCommand
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'version' }
  | { kind: 'error'; message: string; topic: HelpTopic };

export const MAIN_HELP = `Usage: flint <command> [options]

Flint runs static AArch64 Linux programs on a kernel written in TypeScript:
it emulates the CPU and implements the Linux system calls itself.

Commands:
  run PROGRAM [ARGS...]   run a static AArch64 Linux ELF program (see flint run --help)
  boot [options]          boot the Flint system: init, login, a busybox shell
                          (see flint boot --help)
  mkrootfs [-o FILE]      build the default root image from busybox (see
                          flint mkrootfs --help)

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
  --mount HOST:GUEST[:ro]
                  mount host directory HOST on the absolute guest directory
                  GUEST (confined to HOST like --root; GUEST need not exist,
                  its parent must); with :ro it is read-only and changes
                  fail with EROFS (repeatable; mounted after --tmpfs)
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

export const BOOT_HELP = `Usage: flint boot [options] [-- INIT_ARGS...]

Boot a whole system, the way a Linux kernel does: unpack the root image into
an in-memory file system (tmpfs), mount devfs on /dev, procfs on /proc and
tmpfs on /tmp and /run, print a short boot log (kept for dmesg), and start
PID 1 -- by default busybox init, which reads /etc/inittab and runs a login
prompt on the console. Log in as root (password root) or flint (password
flint). 'poweroff', 'halt' and 'reboot' end the machine cleanly: flint exits
0 (reboot boots again). If PID 1 exits, the kernel panics and flint exits 1.

Options:
  --initramfs FILE  the root image: a cpio archive in the newc format (the
                    default is Flint's own image, built from busybox by
                    flint mkrootfs when missing or out of date)
  --root DIR        boot host directory DIR as / instead (confined to DIR;
                    changes persist in DIR). DIR must hold the init program.
  --init PATH       the program to run as PID 1 (default /sbin/init); e.g.
                    --init /bin/sh for a root shell without login
  --memory SIZE     guest memory, e.g. 256M or 2G (default 512M; at most 4G)
  --max-tasks N     size of the task table (default 64)
  --strace          print every system call on stderr, strace-style
  --cpu interp|jit  CPU implementation (default interp)
  --quiet           do not print the boot log on the console (dmesg has it)
  --mount HOST:GUEST[:ro]
                    mount host directory HOST on the absolute guest directory
                    GUEST (confined; read-only with :ro; repeatable)
  -h, --help        show this help

Console keys (as QEMU's -nographic has them): Ctrl-C, Ctrl-Z and the rest
go to the guest. Ctrl-A starts a host command:
  Ctrl-A x          stop the machine at once (flint exits 0)
  Ctrl-A h          show these keys
  Ctrl-A m          show the machine's free memory pages
  Ctrl-A Ctrl-A     send a literal Ctrl-A to the guest

Examples:
  flint boot
  flint boot --init /bin/sh -- -c 'dmesg; poweroff -f'
  flint boot --root ./mysystem
`;

export const MKROOTFS_HELP = `Usage: flint mkrootfs [-o FILE] [--dir DIR]

Build Flint's default root image: a cpio archive (newc, like an initramfs)
holding Debian's busybox-static with a link for each of its applets, and the
files under rootfs/ in the repository (/etc/passwd, /etc/shadow, /etc/inittab,
/etc/profile, ...) plus /root, /home/flint, /tmp, /dev, /proc, /run.
Busybox comes from .cache/busybox (npm run setup fetches it).

Without -o the image is kept in .cache/rootfs/ and rebuilt only when busybox
or the rootfs/ files change; flint boot uses it.

Options:
  -o FILE     write the image to FILE
  --dir DIR   unpack the image into host directory DIR (new or empty), to
              boot it with flint boot --root DIR and keep what the system
              writes
  -h, --help  show this help
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
  if (cmd === 'boot') return parseBoot(rest);
  if (cmd === 'mkrootfs') return parseMkrootfs(rest);
  if (cmd !== 'run') return { kind: 'error', message: `unknown command '${cmd}'`, topic: 'main' };
  const run: RunCommand = { kind: 'run', root: null, strace: false, env: [], tmpfs: [], mounts: [], cpu: 'interp', memoryBytes: null, maxTasks: null, verboseFork: false, program: '', args: [] };
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
      case '--mount': {
        const m = parseMountSpec(value());
        if (typeof m === 'string') return fail(m);
        run.mounts.push(m);
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

/** Options as "--name value", "--name=value" or a bare flag; returns each in order, or an error text. */
function optionList(args: readonly string[], withValue: ReadonlySet<string>): Array<{ name: string; value: string | null }> | string {
  const out: Array<{ name: string; value: string | null }> = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') return `unexpected argument '${a}'`;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (!withValue.has(name)) {
      if (eq > 0 && a.startsWith('--')) return `option '${name}' takes no value`;
      out.push({ name, value: null });
      continue;
    }
    if (a.startsWith('--') && eq > 0) out.push({ name, value: a.slice(eq + 1) });
    else if (i + 1 < args.length) out.push({ name, value: args[++i] });
    else return `${name} needs a value`;
  }
  return out;
}

function parseBoot(rest: readonly string[]): Command {
  const fail = (message: string): Command => ({ kind: 'error', message, topic: 'boot' });
  const dash = rest.indexOf('--');
  const opts = optionList(dash < 0 ? rest : rest.slice(0, dash), new Set(['--initramfs', '--root', '--init', '--memory', '--max-tasks', '--cpu', '--mount']));
  if (typeof opts === 'string') return fail(opts);
  const boot: BootCommand = {
    kind: 'boot', initramfs: null, root: null, init: '/sbin/init', initArgs: dash < 0 ? [] : rest.slice(dash + 1),
    memoryBytes: null, maxTasks: null, strace: false, cpu: 'interp', quiet: false, mounts: [],
  };
  for (const { name, value } of opts) {
    const v = value ?? '';
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help', topic: 'boot' };
      case '--initramfs':
        if (v === '') return fail('--initramfs needs a file');
        boot.initramfs = v;
        break;
      case '--root':
        if (v === '') return fail('--root needs a directory');
        boot.root = v;
        break;
      case '--init':
        if (!v.startsWith('/')) return fail('--init needs an absolute guest path, e.g. /sbin/init');
        boot.init = v;
        break;
      case '--memory': {
        const n = parseSize(v);
        if (n === null || n < 1 << 20 || n > MAX_MEMORY) return fail(`--memory ${v}: give a size between 1M and 4G, e.g. 512M`);
        boot.memoryBytes = n;
        break;
      }
      case '--max-tasks': {
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= 4096)) return fail(`--max-tasks ${v}: give a number between 1 and 4096`);
        boot.maxTasks = n;
        break;
      }
      case '--cpu':
        if (v !== 'interp' && v !== 'jit') return fail(`--cpu ${v}: give interp or jit`);
        boot.cpu = v;
        break;
      case '--strace':
        boot.strace = true;
        break;
      case '--quiet':
        boot.quiet = true;
        break;
      case '--mount': {
        const m = parseMountSpec(value);
        if (typeof m === 'string') return fail(m);
        boot.mounts.push(m);
        break;
      }
      default:
        return fail(`unknown option '${name}'`);
    }
  }
  if (boot.initramfs !== null && boot.root !== null) return fail('give either --initramfs or --root, not both');
  return boot;
}

/** "HOST:GUEST" or "HOST:GUEST:ro" as a MountSpec, or an error text. */
export function parseMountSpec(v: string | null): MountSpec | string {
  const parts = (v ?? '').split(':');
  const shape = `--mount ${v ?? ''}: give HOST:GUEST or HOST:GUEST:ro`;
  if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && parts[2] !== 'ro')) return shape;
  const [host, guest] = parts;
  if (host === '' || guest === '') return shape;
  if (!guest.startsWith('/')) return `--mount ${v ?? ''}: GUEST must be an absolute guest directory, e.g. /mnt/data`;
  return { host, guest, readOnly: parts.length === 3 };
}

function parseMkrootfs(rest: readonly string[]): Command {
  const fail = (message: string): Command => ({ kind: 'error', message, topic: 'mkrootfs' });
  const opts = optionList(rest, new Set(['-o', '--output', '--dir']));
  if (typeof opts === 'string') return fail(opts);
  const cmd: MkrootfsCommand = { kind: 'mkrootfs', output: null, dir: null };
  for (const { name, value } of opts) {
    if (name === '-h' || name === '--help') return { kind: 'help', topic: 'mkrootfs' };
    if (name === '--dir') {
      if (value === null || value === '') return fail('--dir needs a directory');
      cmd.dir = value;
      continue;
    }
    if (name !== '-o' && name !== '--output') return fail(`unknown option '${name}'`);
    if (value === null || value === '') return fail('-o needs a file');
    cmd.output = value;
  }
  return cmd;
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
