// The guest's stdio and /dev/tty, backed by the Console port. Reads return
// the bytes available now, block (WouldBlock on a queue woken by
// console.onInput) when there are none, and return 0 at end of input.
// Input fetched to answer poll(2) or FIONREAD is kept until read.
// Until the tty layer exists, termios ioctls store and return the settings
// without applying a line discipline.
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EINVAL, ENOTTY } from '../abi/linux/errno.js';
import { FIONREAD, TCGETS, TCSETS, TCSETSF, TCSETSW, TIOCGPGRP, TIOCGWINSZ, TIOCSPGRP, TIOCSWINSZ } from '../abi/linux/ioctls.js';
import { POLLHUP, POLLIN, POLLOUT } from '../abi/linux/poll.js';
import { O_RDONLY, O_RDWR, O_WRONLY } from '../abi/linux/fcntl.js';
import { S_IFCHR, S_IFIFO, S_IFMT, S_IFREG, makeDev } from '../abi/linux/stat.js';
import { OpenFile } from './file.js';
import { Inode, pseudoStatFs } from './inode.js';
import { WaitQueue, WouldBlock } from './wait_queue.js';
import type { Console } from '../kernel/ports.js';
import type { UserMemory } from '../mm/user_memory.js';
import type { FileOps, FileSystem, Stat } from './inode.js';

/** A Console that can also tell, per output stream, whether it is a terminal (host stdout may be a pipe while stdin is a tty). */
export interface StdioConsole extends Console {
  isTtyFd?(fd: number): boolean;
  /** True once the input has ended, even while unread input remains (poll's POLLHUP). */
  inputEnded?(): boolean;
  /** What the host's stream `fd` (0, 1, 2) really is, for fstat and /proc/self/fd; null when unknown. */
  streamInfo?(fd: number): { stat: Stat; path: string } | null;
}

/** struct termios (asm-generic/termbits.h, 36 bytes) of a freshly opened Linux tty: cooked mode, echo, 38400 8N1. */
function defaultTermios(): Uint8Array {
  const t = new Uint8Array(36);
  const v = new DataView(t.buffer);
  v.setUint32(0, 0x0500, true); // c_iflag: ICRNL | IXON
  v.setUint32(4, 0x0005, true); // c_oflag: OPOST | ONLCR
  v.setUint32(8, 0x00bf, true); // c_cflag: B38400 | CS8 | CREAD
  v.setUint32(12, 0x8a3b, true); // c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  const cc = [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0];
  t.set(cc, 17);
  return t;
}

export class ConsoleDevice {
  private readonly readers = new WaitQueue();
  private pending: Uint8Array = new Uint8Array(0);
  private eof = false;
  private termios: Uint8Array = defaultTermios();
  private foregroundPgrp = 1;

  constructor(readonly console: StdioConsole) {
    console.onInput(() => this.readers.wakeAll());
  }

  /** Move what the host has into `pending`; true when something is there. */
  private fill(): boolean {
    if (this.pending.length === 0 && !this.eof) {
      const got = this.console.readAvailable(65536);
      if (got === null) this.eof = true;
      else this.pending = got;
    }
    return this.pending.length > 0;
  }

  read(len: number, nonblock: boolean): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    if (!this.fill()) {
      if (this.eof) {
        // ^D at a terminal is one EOF, not the end forever: let later reads ask again.
        if (this.console.isTty()) this.eof = false;
        return new Uint8Array(0);
      }
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.readers);
    }
    const n = Math.min(len, this.pending.length);
    const out = this.pending.slice(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  isTty(fd: number): boolean {
    return this.console.isTtyFd ? this.console.isTtyFd(fd) : this.console.isTty();
  }

  /** FileOps for one of the guest's standard streams; `fd` (0, 1, 2) picks the host stream. */
  ops(fd: number): FileOps {
    const outFd = fd === 2 ? 2 : 1;
    return {
      seekable: false,
      read: (len, _pos, nonblock) => this.read(len, nonblock),
      write: (data) => {
        if (data.length > 0) this.console.write(outFd, data);
        return data.length;
      },
      poll: () => {
        const ready = this.fill();
        // Input that has ended: a host pipe reports POLLHUP alone once drained (as a Linux pipe
        // does), a closed socket POLLIN | POLLHUP, a file or device POLLIN, a terminal's ^D POLLIN.
        const ended = this.eof || (this.console.inputEnded?.() ?? false);
        const kind = (this.console.streamInfo?.(0)?.stat.mode ?? 0) & S_IFMT;
        let hup = 0;
        if (ended) {
          if (this.console.isTty()) hup = this.eof ? POLLIN : 0;
          else if (kind === S_IFIFO) hup = POLLHUP;
          else if (kind === S_IFREG || kind === S_IFCHR) hup = POLLIN;
          else hup = POLLIN | POLLHUP;
        }
        return { events: POLLOUT | (ready ? POLLIN : 0) | hup, queues: [this.readers] };
      },
      available: () => (this.fill() ? this.pending.length : 0),
      ioctl: (cmd, arg, mem) => this.ioctl(fd, cmd, arg, mem),
    };
  }

  private ioctl(fd: number, cmd: number, arg: number, mem: UserMemory): number {
    if (cmd === FIONREAD) {
      mem.writeU32(arg, this.fill() ? this.pending.length : 0);
      return 0;
    }
    if (!this.isTty(fd)) throw new Errno(ENOTTY);
    switch (cmd) {
      case TCGETS:
        mem.write(arg, this.termios);
        return 0;
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
        this.termios = mem.read(arg, 36);
        return 0;
      case TIOCGWINSZ: {
        const ws = this.console.windowSize() ?? { rows: 24, cols: 80 };
        const b = new Uint8Array(8);
        const v = new DataView(b.buffer);
        v.setUint16(0, ws.rows, true);
        v.setUint16(2, ws.cols, true);
        mem.write(arg, b);
        return 0;
      }
      case TIOCSWINSZ:
        return 0;
      case TIOCGPGRP:
        mem.writeU32(arg, this.foregroundPgrp);
        return 0;
      case TIOCSPGRP:
        this.foregroundPgrp = mem.readU32(arg);
        return 0;
      default:
        throw new Errno(cmd === 0 ? EINVAL : ENOTTY);
    }
  }
}

const DEVICES = new WeakMap<Console, ConsoleDevice>();

/** The one ConsoleDevice of a Console (devfs's /dev/tty and the stdio fds share its input buffer). */
export function consoleDevice(console: StdioConsole): ConsoleDevice {
  let d = DEVICES.get(console);
  if (!d) {
    d = new ConsoleDevice(console);
    DEVICES.set(console, d);
  }
  return d;
}

const DEVPTS_SUPER_MAGIC = 0x1cd1;

const stdioFs: FileSystem = {
  name: 'stdio',
  statfs: () => pseudoStatFs(DEVPTS_SUPER_MAGIC),
};

/** The inode behind a standard stream: what the host says it is, else a terminal (136:0, like /dev/pts/0) or a pipe. */
class StdioInode extends Inode {
  readonly fs = stdioFs;
  readonly type: number;
  constructor(
    readonly ino: number,
    private readonly tty: boolean,
    private readonly timeNs: bigint,
    private readonly host: Stat | null,
    /** Opening it again (through /proc/self/fd/N, /dev/stdin) gives the same stream. */
    private readonly reopen: () => FileOps,
  ) {
    super();
    this.type = host ? host.mode & S_IFMT : tty ? S_IFCHR : S_IFIFO;
  }
  override open(): FileOps {
    return this.reopen();
  }
  stat(): Stat {
    if (this.host) return this.host;
    const tty = this.tty;
    return {
      dev: makeDev(0, tty ? 24 : 13), ino: this.ino, mode: this.type | (tty ? 0o620 : 0o600), nlink: 1,
      uid: 0, gid: 0, rdev: tty ? makeDev(136, 0) : 0, size: 0, blksize: tty ? 1024 : 4096, blocks: 0,
      atimeNs: this.timeNs, mtimeNs: this.timeNs, ctimeNs: this.timeNs,
    };
  }
}

/** Open files for the guest's stdin (0), stdout (1) and stderr (2) on the console (SpawnOptions.stdio). */
export function stdioFiles(console: StdioConsole, timeNs = 0n): OpenFile[] {
  const dev = consoleDevice(console);
  const modes = [O_RDONLY, O_WRONLY, O_WRONLY];
  return modes.map((mode, fd) => {
    const tty = dev.isTty(fd);
    const info = console.streamInfo?.(fd) ?? null;
    const inode = new StdioInode(fd + 1, tty, timeNs, info?.stat ?? null, () => dev.ops(fd));
    const name = info?.path ?? (tty ? '/dev/pts/0' : `pipe:[${fd}]`);
    return new OpenFile(inode, tty ? O_RDWR : mode, dev.ops(fd), null, name);
  });
}
