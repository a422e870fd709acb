// `flint boot`: bring up a whole system the way a Linux kernel does. The
// root is an initramfs (cpio newc) unpacked into tmpfs, or a host directory
// (--root, confined, persistent). The kernel mounts devfs on /dev, procfs
// on /proc and tmpfs on /tmp and /run, prints its boot log on the console
// (keeping it for dmesg), opens /dev/console as PID 1's stdin, stdout and
// stderr (init acquires a controlling terminal itself) and starts init
// with Linux's init environment. reboot(2) ends the machine (flint exits
// 0, or boots again for a restart); PID 1 ending is a kernel panic.
//
// The console is the host terminal in raw mode (when it is one), so every
// key, ^C included, goes to the guest; Ctrl-A x stops the machine from the
// host (host_escape.ts).
import * as nfs from 'node:fs';
import * as E from '../abi/linux/errno.js';
import { O_RDWR } from '../abi/linux/fcntl.js';
import type { StdioConsole } from '../fs/console_file.js';
import { nameFromText } from '../fs/byte_string.js';
import { createDevFs, openDeviceNumber } from '../fs/devfs.js';
import { HostFs } from '../fs/hostfs.js';
import { CpioFormatError, unpackCpio } from '../fs/initramfs.js';
import type { Inode } from '../fs/inode.js';
import { createProcFs } from '../fs/procfs.js';
import { TmpDir, createTmpFs } from '../fs/tmpfs.js';
import { Vfs } from '../fs/vfs.js';
import { NodeClock } from '../host/node/clock.js';
import { NodeConsole } from '../host/node/console.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { NodeRandom } from '../host/node/random.js';
import { kmsgDevice, LOGLEVEL_EMERG, LOGLEVEL_NOTICE } from '../kernel/klog.js';
import { haltMachine } from '../kernel/syscalls/reboot.js';
import { Errno, KernelLog, createMachine } from '../mod.js';
import type { Machine, RunResult } from '../mod.js';
import type { Log } from '../kernel/ports.js';
import type { Stat } from '../abi/linux/stat.js';
import type { BootCommand } from './args.js';
import { ESCAPE_HELP, HostEscape } from './host_escape.js';
import { checkHostMounts, mountHostDirs } from './host_mounts.js';
import type { HostMount } from './host_mounts.js';
import { RootfsError, defaultRootfs } from './mkrootfs.js';
import { InputQueue } from '../host/node/input_queue.js';

const DEFAULT_MEMORY = 512 << 20;
/** Linux's `quiet`: only warnings and worse reach the console. */
const QUIET_CONSOLE_LEVEL = 4;

function say(line: string): void {
  nfs.writeSync(2, `flint: ${line}\n`);
}

/**
 * The host's terminal for the whole of `flint boot`: stdin read from the
 * start (so Ctrl-A x works even while the guest never reads) through the
 * escape filter; in raw mode without output processing when it is a
 * terminal (NodeConsole.setRaw, which also restores it however flint ends).
 * Each boot of a restart gets a fresh BootConsole over it.
 */
class HostInput {
  /** Output, the terminal's mode and size. */
  readonly term = new NodeConsole();
  private readonly queue = new InputQueue();
  private wake: (() => void) | null = null;
  private readonly escape: HostEscape;

  constructor(onStop: () => void, memory: () => string) {
    const say = (text: string): void => this.term.write(1, new TextEncoder().encode(text));
    this.escape = new HostEscape({ stop: onStop, help: () => say(ESCAPE_HELP), memory: () => say(`\r\nflint: ${memory()}\r\n`) });
  }

  /** Output to host fd `fd` needs "\r\n" for a new line: it is the terminal, in raw mode. */
  raw(fd: number): boolean {
    return process.stdin.isTTY === true && this.term.isTtyFd(fd);
  }

  start(): void {
    const stdin = process.stdin;
    this.term.setRaw(true);
    stdin.on('data', (chunk: Buffer) => {
      const data = this.escape.filter(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      this.queue.push(data);
      this.wake?.();
    });
    const end = (): void => {
      this.queue.ended = true;
      this.wake?.();
    };
    stdin.on('end', end);
    stdin.on('error', end);
  }

  /** Hand input to a new boot's console (the previous boot's waiters are gone). */
  attach(wake: () => void): void {
    this.wake = wake;
  }

  take(max: number): Uint8Array | null {
    return this.queue.take(max);
  }

  get ended(): boolean {
    return this.queue.ended;
  }

  close(): void {
    this.term.setRaw(false);
    process.stdin.pause();
  }
}

/**
 * The console of one boot: output to the host's stdout/stderr, input from
 * HostInput. It has no setRaw: the host terminal's mode belongs to the
 * whole `flint boot`, not to one machine of a restart sequence.
 */
class BootConsole implements StdioConsole {
  private readonly out: NodeConsole;
  private readonly wakers: Array<() => void> = [];

  constructor(private readonly input: HostInput) {
    this.out = input.term;
    input.attach(() => {
      for (const w of this.wakers) w();
    });
  }
  write(fd: number, data: Uint8Array): void {
    this.out.write(fd, data);
  }
  readAvailable(max: number): Uint8Array | null {
    return this.input.take(max);
  }
  onInput(wake: () => void): void {
    this.wakers.push(wake);
  }
  inputEnded(): boolean {
    return this.input.ended;
  }
  isTty(): boolean {
    return this.out.isTty();
  }
  isTtyFd(fd: number): boolean {
    return this.out.isTtyFd(fd);
  }
  windowSize(): { rows: number; cols: number } | null {
    return this.out.windowSize();
  }
  onResize(resized: (rows: number, cols: number) => void): void {
    this.out.onResize(resized);
  }
  streamInfo(fd: number): { stat: Stat; path: string } | null {
    return this.out.streamInfo(fd);
  }
}

/** Kernel diagnostics on stderr, with "\r\n" line ends while the host terminal is raw. */
class BootLog implements Log {
  constructor(private readonly input: HostInput) {}
  line(text: string): void {
    const t = text.endsWith('\n') ? text : text + '\n';
    nfs.writeSync(2, this.input.raw(2) ? t.replace(/\r?\n/g, '\r\n') : t);
  }
}

/** What the machine is booted from. */
type RootSource = { kind: 'initramfs'; path: string; image: Uint8Array } | { kind: 'dir'; path: string };

async function rootSource(cmd: BootCommand): Promise<RootSource | string> {
  if (cmd.root !== null) {
    try {
      const path = nfs.realpathSync(cmd.root);
      if (!nfs.statSync(path).isDirectory()) return `--root ${cmd.root}: Not a directory`;
      return { kind: 'dir', path };
    } catch {
      return `--root ${cmd.root}: No such file or directory`;
    }
  }
  let path = cmd.initramfs;
  if (path === null) {
    try {
      path = await defaultRootfs(say);
    } catch (e) {
      if (e instanceof RootfsError) return e.message;
      throw e;
    }
  }
  try {
    return { kind: 'initramfs', path, image: nfs.readFileSync(path) };
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    return `--initramfs ${path}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : String(e)}`;
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1 << 20)) * 10) / 10} MiB`;
}

/** Linux's wait status of PID 1 for the panic line: exit code << 8, or the signal number. */
function waitStatus(r: Exclude<RunResult, { kind: 'halted' }>): number {
  return r.kind === 'exited' ? (r.code & 0xff) << 8 : r.signal & 0x7f;
}

interface BootOnce {
  /** 0 powered off or halted, 1 panic or failure to start, 'restart' for reboot. */
  outcome: number | 'restart';
}

/** How Ctrl-A x reaches the running machine; a request made while none runs waits for the next. */
interface Stopper {
  stop: (() => void) | null;
  requested: boolean;
  /** The running machine (Ctrl-A m). */
  machine: Machine | null;
}

async function bootOnce(
  cmd: BootCommand, version: string, src: RootSource, mounts: readonly HostMount[], input: HostInput, stopper: Stopper,
): Promise<BootOnce> {
  const clock = new NodeClock();
  const random = new NodeRandom();
  const console = new BootConsole(input);
  const t0 = clock.monotonicNs();
  const memoryBytes = cmd.memoryBytes ?? DEFAULT_MEMORY;
  const klog = new KernelLog(
    () => clock.monotonicNs() - t0,
    (line) => console.write(1, new TextEncoder().encode(input.raw(1) ? line.replace(/\n/g, '\r\n') : line)),
  );
  if (cmd.quiet) klog.consoleLevel = QUIET_CONSOLE_LEVEL;
  const panic = (why: string): BootOnce => {
    klog.add(`Kernel panic - not syncing: ${why}`, LOGLEVEL_EMERG);
    klog.add(`---[ end Kernel panic - not syncing: ${why} ]---`, LOGLEVEL_EMERG);
    return { outcome: 1 };
  };

  klog.add(`Booting Flint ${version} (Linux 6.1.0-flint aarch64 system call ABI) on Node.js ${process.version}`, LOGLEVEL_NOTICE);
  klog.add(`Memory: ${mib(memoryBytes)} (${Math.floor(memoryBytes / 4096)} pages of 4 KiB), ${cmd.maxTasks ?? 64} task slots`);

  const now = (): bigint => clock.realtimeNs();
  let rootInode: Inode;
  if (src.kind === 'initramfs') {
    const tmp = createTmpFs({ now, rootMode: 0o755, sizeBytes: Math.floor(memoryBytes / 2) });
    try {
      const n = unpackCpio(src.image, tmp);
      klog.add(`Unpacking initramfs ${src.path}: ${n} entries, ${mib(src.image.length)}`);
    } catch (e) {
      if (e instanceof CpioFormatError || e instanceof Errno) return panic(`VFS: Unable to unpack initramfs ${src.path}: ${e.message}`);
      throw e;
    }
    rootInode = tmp;
    klog.add('VFS: Mounted root (tmpfs filesystem) from the initramfs');
  } else {
    rootInode = new HostFs(new NodeHostFs(), nameFromText(src.path)).root();
    klog.add(`VFS: Mounted root (hostfs filesystem) from host directory ${src.path}`);
  }
  const vfs = new Vfs(rootInode);
  const dev = createDevFs({
    random, console, timeNs: now(),
    devices: [{ name: 'kmsg', perm: 0o644, major: 1, minor: 11, open: kmsgDevice(klog) }],
  });
  vfs.mount('/dev', dev);
  vfs.devices = (rdev, flags) => openDeviceNumber(dev, rdev, flags);
  vfs.mount('/proc', createProcFs({ slot: vfs.procSlot, mounts: () => vfs.mountTable(), timeNs: now() }));
  const half = Math.floor(memoryBytes / 2);
  const tmpfsMounts = [createTmpFs({ now, rootMode: 0o1777, sizeBytes: half }), createTmpFs({ now, rootMode: 0o755, sizeBytes: half })];
  vfs.mount('/tmp', tmpfsMounts[0]);
  vfs.mount('/run', tmpfsMounts[1]);
  klog.add('Mounted devtmpfs on /dev, proc on /proc, tmpfs on /tmp and /run');
  const mountError = mountHostDirs(vfs, mounts);
  if (mountError !== null) {
    say(mountError);
    return panic('VFS: cannot mount a --mount directory');
  }
  for (const m of mounts) klog.add(`Mounted hostfs ${m.hostDir} on ${m.guest}${m.readOnly ? ' (read-only)' : ''}`);

  const machine: Machine = createMachine({
    vfs, console, clock, random, log: new BootLog(input), strace: cmd.strace, memoryBytes, klog,
    ...(cmd.maxTasks !== null ? { maxTasks: cmd.maxTasks } : {}),
  });
  if (cmd.cpu === 'jit') machine.kernel.cpu.useJit(true);
  // The tmpfs file systems were made before the machine: from now on their pages are its memory.
  for (const t of rootInode instanceof TmpDir ? [rootInode, ...tmpfsMounts] : tmpfsMounts) t.fs.chargeTo(machine.kernel.frames);

  let stoppedFromHost = false;
  stopper.stop = () => {
    stoppedFromHost = true;
    klog.add('flint: machine stopped from the host (Ctrl-A x)', LOGLEVEL_EMERG);
    haltMachine(machine.kernel, 'halt');
    machine.kernel.onWake?.();
  };

  let consoleFile;
  try {
    consoleFile = vfs.open(vfs.root, vfs.root, '/dev/console', O_RDWR, 0, 0);
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    klog.add('Warning: unable to open an initial console.', LOGLEVEL_EMERG);
    return { outcome: 1 };
  }
  klog.add(`Run ${cmd.init} as init process`);
  const term = process.env['TERM'] !== undefined && process.env['TERM'] !== '' ? process.env['TERM'] : 'linux';
  try {
    machine.spawn({
      path: cmd.init,
      argv: [cmd.init, ...cmd.initArgs],
      envp: ['HOME=/', `TERM=${term}`],
      cwd: '/',
      stdio: [consoleFile, consoleFile.retain(), consoleFile.retain()],
    });
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    consoleFile.release();
    const where = src.kind === 'dir' ? ` inside --root ${src.path}` : '';
    const why = e.code === E.ENOENT ? `no such file${where}` : (E.errnoName(e.code) ?? String(e.code));
    const r = panic(`Requested init ${cmd.init} failed (error -${e.code}).`);
    say(`cannot start ${cmd.init}: ${why}${cmd.init === '/sbin/init' && e.code === E.ENOENT ? ' (give --init PATH)' : ''}`);
    return r;
  }

  if (stopper.requested) stopper.stop();
  stopper.machine = machine;
  const result = await machine.run();
  stopper.stop = null;
  stopper.machine = null;
  if (result.kind === 'halted') {
    if (stoppedFromHost) return { outcome: 0 };
    return { outcome: result.action === 'restart' ? 'restart' : 0 };
  }
  return panic(`Attempted to kill init! exitcode=0x${waitStatus(result).toString(16).padStart(8, '0')}`);
}

export async function boot(cmd: BootCommand, version: string): Promise<number> {
  const src = await rootSource(cmd);
  if (typeof src === 'string') {
    say(src);
    return 2;
  }
  const mounts = checkHostMounts(cmd.mounts);
  if (typeof mounts === 'string') {
    say(mounts);
    return 2;
  }
  const stopper: Stopper = { stop: null, requested: false, machine: null };
  const memory = (): string => {
    const m = stopper.machine;
    return m === null ? 'no machine is running' : `${m.freePages()} of ${m.kernel.frames.total} memory pages free`;
  };
  const input = new HostInput(() => {
    stopper.requested = true;
    stopper.stop?.();
  }, memory);
  input.start();
  // Tasks waiting for each other with no timer pending leave Node's event loop empty: hold it open.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    for (;;) {
      const r = await bootOnce(cmd, version, src, mounts, input, stopper);
      if (r.outcome !== 'restart') return r.outcome;
    }
  } finally {
    clearInterval(keepAlive);
    input.close();
  }
}
