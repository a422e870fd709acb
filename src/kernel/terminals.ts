// A machine's terminals: the console tty (when the host's input is a
// terminal), the devpts pseudo-terminals, and their device nodes in devfs
// (/dev/tty, /dev/console, /dev/ptmx, /dev/pts), which devfs takes as
// injected open callbacks since fs/ does not know ttys.
//
// With a terminal on the host's stdin the first process's fds 0, 1 and 2 are
// one open of the console tty, which is its controlling terminal with its
// group in the foreground; the host terminal is put in raw mode so the
// console's line discipline sees every key. Otherwise the standard streams
// pass bytes through unchanged (fs/console_file.ts) and there is no
// controlling terminal until a program makes one of a pty.
import { ENXIO } from '../abi/linux/errno.js';
import { O_RDWR } from '../abi/linux/fcntl.js';
import { stdioFiles, type StdioConsole } from '../fs/console_file.js';
import type { Dentry } from '../fs/dentry.js';
import { builtinDevice, injectDevices, isDevFs } from '../fs/devfs.js';
import { OpenFile } from '../fs/file.js';
import type { FileOps, Inode } from '../fs/inode.js';
import { CharDevice } from '../fs/synthetic.js';
import type { Vfs } from '../fs/vfs.js';
import { CONSOLE_RDEV, ConsoleTty } from '../tty/console.js';
import { DevPts, TTY_GID } from '../tty/pty.js';
import type { JobControl } from '../tty/tty.js';
import { Errno } from './errno.js';
import type { Kernel } from './kernel.js';
import type { Console } from './ports.js';
import type { Process } from './task/process.js';
import { kernelJobControl } from './tty_glue.js';

/**
 * The console tty's view of the host: its output (and echo) goes to the
 * host's stdout, or to its stderr when only that one is the terminal
 * (`flint run prog > file` typed at a terminal).
 */
function terminalSide(port: StdioConsole): Console {
  const outFd = (port.isTtyFd?.(1) ?? true) ? 1 : (port.isTtyFd?.(2) ?? false) ? 2 : 1;
  return {
    write: (_fd, data) => port.write(outFd, data),
    readAvailable: (max) => port.readAvailable(max),
    onInput: (wake) => port.onInput(wake),
    isTty: () => port.isTty(),
    windowSize: () => port.windowSize(),
  };
}

/** Inode number of the stand-in console node (devpts numbers its own from 1 up). */
const CONSOLE_INO = 0x7fffffff;

export class Terminals {
  readonly jobs: JobControl;
  readonly devpts: DevPts;
  /** The console tty, when the host's input is a terminal; null for pass-through stdio. */
  readonly console: ConsoleTty | null;
  /** The open of the console that stdio() handed out (fds 0-2 of the first process). */
  private consoleFile: OpenFile | null = null;

  constructor(
    private readonly k: Kernel,
    private readonly vfs: Vfs,
    private readonly port: StdioConsole,
  ) {
    this.jobs = kernelJobControl(k);
    const now = (): bigint => k.clock.monotonicNs();
    this.devpts = new DevPts({ jobs: this.jobs, now, timeNs: k.clock.realtimeNs() });
    this.console = port.isTty() ? new ConsoleTty({ console: terminalSide(port), jobs: this.jobs, now }) : null;
    const tty = this.console;
    if (tty !== null) port.onResize?.((rows, cols) => tty.setWinsize(rows, cols));
    this.injectDevices();
  }

  /** Add the terminal nodes to the devfs mounted at /dev (nothing when /dev is not a devfs). */
  private injectDevices(): void {
    const dev = this.devRoot();
    if (dev === null) return;
    const k = this.k;
    const tty = this.console;
    const builtinTty = builtinDevice(dev, 'tty');
    const builtinConsole = builtinDevice(dev, 'console');
    const passThrough = (open: ((flags: number) => FileOps) | null, flags: number): FileOps => {
      if (open === null) throw new Errno(ENXIO);
      return open(flags);
    };
    injectDevices(
      dev,
      [
        {
          // The caller's controlling terminal (never acquired by this open); ENXIO without one.
          name: 'tty', perm: 0o666, major: 5, minor: 0, gid: TTY_GID,
          open: (flags) => {
            const ctty = k.current?.proc.ctty ?? null;
            if (ctty !== null) return ctty.open(flags, true);
            return passThrough(tty === null ? builtinTty : null, flags);
          },
        },
        {
          name: 'console', perm: 0o600, major: 5, minor: 1,
          open: (flags) => (tty !== null ? tty.open(flags, true) : passThrough(builtinConsole, flags)),
        },
        {
          name: 'ptmx', perm: 0o666, major: 5, minor: 2, gid: TTY_GID,
          open: (flags) => this.devpts.openPtmx(flags, { uid: k.current?.creds.fsuid ?? 0 }),
        },
      ],
      [{ name: 'pts', dir: this.devpts.root }],
    );
  }

  private devRoot(): Inode | null {
    try {
      const d = this.vfs.resolve(this.vfs.root, this.vfs.root, '/dev', true);
      return isDevFs(d.inode) ? d.inode : null;
    } catch (e) {
      if (e instanceof Errno) return null;
      throw e;
    }
  }

  /**
   * Open files for fds 0, 1 and 2 of a first process: the console tty opened
   * once (read-write, shared) for stdin and for each of stdout and stderr
   * that is the host's terminal too, when there is a console tty; the host's
   * streams passed through otherwise (a redirected stdout stays a file).
   */
  stdio(timeNs: bigint): OpenFile[] {
    const tty = this.console;
    const streams = stdioFiles(this.port, timeNs);
    if (tty === null) return streams;
    const ops = tty.open(O_RDWR, true);
    let dentry: Dentry | null = null;
    try {
      dentry = this.vfs.resolve(this.vfs.root, this.vfs.root, '/dev/console', true);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
    }
    // Without a devfs at /dev the files still need an inode: a console node of their own.
    const inode = dentry?.inode ?? new CharDevice(this.devpts.fs, CONSOLE_INO, 0o600, CONSOLE_RDEV, (flags) => tty.open(flags, true));
    const file = new OpenFile(inode, O_RDWR, ops, dentry, '/dev/console');
    this.consoleFile = file;
    this.port.setRaw?.(true);
    return streams.map((stream, fd) => {
      if (fd !== 0 && !(this.port.isTtyFd?.(fd) ?? true)) return stream;
      stream.release();
      return fd === 0 ? file : file.retain();
    });
  }

  /** Process `p` got `stdio`: when that holds the console, the console becomes p's controlling terminal, p's group in the foreground. */
  adopt(p: Process, stdio: readonly OpenFile[]): void {
    const tty = this.console;
    if (tty === null || this.consoleFile === null || !stdio.includes(this.consoleFile)) return;
    tty.session = p.sid;
    tty.pgrp = p.pgid;
    p.ctty = tty;
  }

  /** The machine has ended: give the host terminal back its modes. */
  release(): void {
    if (this.console !== null) this.port.setRaw?.(false);
  }
}
