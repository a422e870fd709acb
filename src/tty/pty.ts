// Unix98 pseudo-terminals (pty(7), drivers/tty/pty.c, fs/devpts): a master
// opened through /dev/ptmx and a slave tty /dev/pts/N with the full line
// discipline. What the slave's programs write (after OPOST) is read from the
// master; what is written to the master is the slave's terminal input.
//
// As on Linux: the slave is locked until unlockpt (TIOCSPTLCK 0) and opening
// it meanwhile fails with EIO; a master read before any slave open waits
// (EAGAIN when non-blocking); once every slave file has closed the master
// reads what is left and then EIO (poll: POLLHUP) until a slave opens again;
// closing the master hangs the slave up (SIGHUP and SIGCONT to its session
// leader; slave reads give 0, writes EIO, poll everything) and removes
// /dev/pts/N; the number is reused once both sides have closed.
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EINVAL, EIO, ENOSPC, ENOTTY, EPERM } from '../abi/linux/errno.js';
import { O_NOCTTY } from '../abi/linux/fcntl.js';
import {
  FIONREAD, TCFLSH, TCSBRK, TCSBRKP, TCXONC, TIOCCBRK, TIOCGPKT, TIOCGPTLCK, TIOCGPTN, TIOCGPTPEER, TIOCNOTTY,
  TIOCOUTQ, TIOCPKT, TIOCSBRK, TIOCSIG, TIOCSPTLCK, TIOCSTI,
} from '../abi/linux/ioctls.js';
import { POLLHUP, POLLIN, POLLOUT, POLLPRI, POLLRDNORM, POLLWRNORM } from '../abi/linux/poll.js';
import { SIGINT, SIGQUIT, SIGTSTP } from '../abi/linux/signal.js';
import { makeDev } from '../abi/linux/stat.js';
import {
  EXTPROC, IXON, TCIFLUSH, TCIOFLUSH, TCOFLUSH, TIOCPKT_DATA, TIOCPKT_DOSTOP, TIOCPKT_FLUSHREAD, TIOCPKT_FLUSHWRITE,
  TIOCPKT_IOCTL, TIOCPKT_NOSTOP, TIOCPKT_START, TIOCPKT_STOP, VSTART, VSTOP,
} from '../abi/linux/termios.js';
import { endStreamWrite } from '../fs/pipe.js';
import { CharDevice, SynthDir, SynthFs } from '../fs/synthetic.js';
import { WaitQueue, WouldBlock } from '../fs/wait_queue.js';
import type { FileOps, Inode } from '../fs/inode.js';
import type { UserMemory } from '../mm/user_memory.js';
import type { Termios } from './termios.js';
import { TTY_BACKLOG_LIMIT, Tty } from './tty.js';
import type { JobControl, TtyOptions } from './tty.js';

/** Major number of Unix98 pty slaves (/dev/pts/N is 136:N). */
export const PTS_MAJOR = 136;
/** /dev/ptmx is 5:2. */
export const PTMX_RDEV = makeDev(5, 2);
/** The tty group owns /dev/pts/N. */
export const TTY_GID = 5;
/** Most ptys at once (/proc/sys/kernel/pty/max is 4096). */
export const PTY_MAX = 4096;
/** Bytes of slave output a master buffers before slave writers wait. */
export const PTY_MASTER_BUFFER = 65536;

const DEVPTS_SUPER_MAGIC = 0x1cd1;

/** The slave side: a Tty whose open is refused while locked or after the master closed. */
export class PtySlave extends Tty {
  constructor(
    private readonly pair: PtyPair,
    opts: TtyOptions,
  ) {
    super(opts);
  }
  protected override get isPty(): boolean {
    return true;
  }
  protected override get hangupFailsWaitingReads(): boolean {
    return true;
  }
  protected override checkOpen(): void {
    if (this.pair.locked || this.pair.masterClosed) throw new Errno(EIO);
  }
  protected override firstOpen(): void {
    this.pair.slaveOpened();
  }
  protected override lastClose(): void {
    this.pair.slaveClosed();
  }
  protected override get writeClosed(): boolean {
    return this.pair.masterClosed;
  }
  protected override inputTaken(): void {
    this.pair.masterWriteWait.wakeAll();
  }
  protected override flowChanged(stopped: boolean): void {
    this.pair.flowChanged(stopped);
  }
  protected override inputFlushed(): void {
    this.pair.packetStatus(TIOCPKT_FLUSHREAD);
  }
  protected override termiosChanged(old: Termios, next: Termios): void {
    this.pair.termiosChanged(old, next);
  }
}

export interface PtyPairOptions {
  index: number;
  jobs: JobControl;
  now?: () => bigint;
  /** Both sides have closed: the index may be reused. */
  onFree?: () => void;
}

export class PtyPair {
  readonly index: number;
  readonly slave: PtySlave;
  /** TIOCSPTLCK: the slave cannot be opened while set (as after posix_openpt). */
  locked = true;
  masterClosed = false;
  /** TIOCPKT. */
  packet = false;
  /** TIOCPKT_* status waiting for the master's next read. */
  private pktStatus = 0;
  /** Slave output waiting for the master to read it. */
  private out: Uint8Array[] = [];
  private outBytes = 0;
  readonly masterReadWait = new WaitQueue();
  readonly masterWriteWait = new WaitQueue();
  /** Every slave file has closed (after one was open): the master reads EIO once drained. */
  private slaveGone = false;
  private slaveOpens = 0;
  private freed = false;
  private readonly onFree: () => void;

  constructor(opts: PtyPairOptions) {
    this.index = opts.index;
    this.onFree = opts.onFree ?? (() => {});
    this.slave = new PtySlave(this, {
      name: `pts/${opts.index}`,
      rdev: makeDev(PTS_MAJOR, opts.index),
      jobs: opts.jobs,
      now: opts.now,
      driver: {
        output: (bytes) => this.slaveOutput(bytes),
        room: () => Math.max(0, PTY_MASTER_BUFFER - this.outBytes),
        flushOutput: () => this.flushMasterInput(TIOCPKT_FLUSHWRITE),
      },
    });
  }

  private slaveOutput(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.masterClosed) return;
    this.out.push(bytes);
    this.outBytes += bytes.length;
    this.masterReadWait.wakeAll();
  }

  /** Discard slave output the master has not read (the slave's TCOFLUSH, the master's TCIFLUSH). */
  private flushMasterInput(status: number): void {
    this.out = [];
    this.outBytes = 0;
    if (this.packet) {
      this.pktStatus |= status;
      this.masterReadWait.wakeAll();
    }
    this.slave.wakeWriters();
  }

  /** Add TIOCPKT_* bits for a packet-mode master's next read. */
  packetStatus(bits: number): void {
    if (!this.packet) return;
    this.pktStatus |= bits;
    this.masterReadWait.wakeAll();
  }

  /** pty_set_termios: a packet-mode master learns whether ^S/^Q flow control is on (DOSTOP/NOSTOP). */
  termiosChanged(old: Termios, next: Termios): void {
    if (!this.packet) return;
    const flow = (t: Termios): boolean => (t.iflag & IXON) !== 0 && t.cc[VSTOP] === 0x13 && t.cc[VSTART] === 0x11;
    const extproc = ((old.lflag | next.lflag) & EXTPROC) !== 0;
    if (flow(old) === flow(next) && !extproc) return;
    if (flow(old) !== flow(next)) {
      this.pktStatus &= ~(TIOCPKT_DOSTOP | TIOCPKT_NOSTOP);
      this.pktStatus |= flow(next) ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP;
    }
    if (extproc) this.pktStatus |= TIOCPKT_IOCTL;
    this.masterReadWait.wakeAll();
  }

  /** Slave output stopped/started: a packet-mode master sees TIOCPKT_STOP/START. */
  flowChanged(stopped: boolean): void {
    if (!this.packet) return;
    if (stopped) this.pktStatus = (this.pktStatus & ~TIOCPKT_START) | TIOCPKT_STOP;
    else this.pktStatus = (this.pktStatus & ~TIOCPKT_STOP) | TIOCPKT_START;
    this.masterReadWait.wakeAll();
  }

  slaveOpened(): void {
    this.slaveOpens++;
    this.slaveGone = false;
  }

  slaveClosed(): void {
    this.slaveGone = true;
    this.masterReadWait.wakeAll();
    this.masterWriteWait.wakeAll();
    this.maybeFree();
  }

  private maybeFree(): void {
    if (this.freed || !this.masterClosed || this.slave.openCount > 0) return;
    this.freed = true;
    this.onFree();
  }

  /** Open the slave (/dev/pts/N, TIOCGPTPEER): EIO while locked or after the master closed. */
  openSlave(flags: number): FileOps {
    return this.slave.open(flags, (flags & O_NOCTTY) !== 0);
  }

  /** TIOCGPTPEER: open the slave through the master (the kernel installs the file in a new fd). */
  openPeer(flags: number): FileOps {
    return this.openSlave(flags);
  }

  // ---- the master ---------------------------------------------------------------

  /** The master's FileOps (one per pair: the ptmx open that made it); `onClose` runs when it closes. */
  masterOps(onClose: () => void = () => {}): FileOps {
    const ops: FileOps = {
      seekable: false,
      read: (len, _pos, nonblock) => this.masterRead(len, nonblock),
      write: (data, _pos, nonblock) => this.masterWrite(data, nonblock),
      poll: () => ({ events: this.masterPoll(), queues: [this.masterReadWait, this.masterWriteWait] }),
      available: () => this.outBytes,
      ioctl: (cmd, arg, mem) => this.masterIoctl(cmd, arg, mem),
      release: () => {
        if (this.masterClosed) return;
        onClose();
        this.closeMaster();
      },
    };
    MASTER_OF.set(ops, this);
    return ops;
  }

  private closeMaster(): void {
    if (this.masterClosed) return;
    this.masterClosed = true;
    this.out = [];
    this.outBytes = 0;
    this.slave.hangup();
    this.maybeFree();
  }

  private masterRead(nr: number, nonblock: boolean): Uint8Array {
    if (nr === 0) return new Uint8Array(0);
    if (this.packet && this.pktStatus !== 0) {
      const st = this.pktStatus;
      this.pktStatus = 0;
      return Uint8Array.of(st);
    }
    if (this.outBytes === 0) {
      if (this.slaveGone) throw new Errno(EIO);
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.masterReadWait);
    }
    const header = this.packet ? 1 : 0;
    const n = Math.min(nr - header, this.outBytes);
    const data = new Uint8Array(n + header);
    if (header) data[0] = TIOCPKT_DATA;
    let got = 0;
    while (got < n) {
      const chunk = this.out[0];
      const take = Math.min(chunk.length, n - got);
      data.set(chunk.subarray(0, take), header + got);
      got += take;
      if (take === chunk.length) this.out.shift();
      else this.out[0] = chunk.subarray(take);
    }
    this.outBytes -= n;
    this.slave.wakeWriters();
    return data;
  }

  private masterWrite(data: Uint8Array, nonblock: boolean): number {
    if (data.length === 0) return 0;
    const room = TTY_BACKLOG_LIMIT - this.slave.backlogSize;
    const n = Math.min(room, data.length);
    if (n > 0) this.slave.receive(data.subarray(0, n));
    return endStreamWrite(n, data.length, nonblock, this.masterWriteWait);
  }

  private masterPoll(): number {
    let m = 0;
    if (this.outBytes > 0) m |= POLLIN | POLLRDNORM;
    if (this.packet && this.pktStatus !== 0) m |= POLLPRI | POLLIN | POLLRDNORM;
    if (this.slaveGone) m |= POLLHUP;
    if (this.slave.backlogSize < TTY_BACKLOG_LIMIT) m |= POLLOUT | POLLWRNORM;
    return m;
  }

  private masterIoctl(cmd: number, arg: number, mem: UserMemory): number {
    switch (cmd) {
      case TIOCGPTN:
        mem.writeU32(arg, this.index);
        return 0;
      case TIOCSPTLCK:
        this.locked = mem.readU32(arg) !== 0;
        return 0;
      case TIOCGPTLCK:
        mem.writeU32(arg, this.locked ? 1 : 0);
        return 0;
      case TIOCPKT: {
        const on = mem.readU32(arg) !== 0;
        if (on && !this.packet) this.pktStatus = 0;
        this.packet = on;
        return 0;
      }
      case TIOCGPKT:
        mem.writeU32(arg, this.packet ? 1 : 0);
        return 0;
      case TIOCSIG: {
        const sig = arg | 0;
        if (sig !== SIGINT && sig !== SIGQUIT && sig !== SIGTSTP) throw new Errno(EINVAL);
        this.slave.signalForeground(sig);
        return 0;
      }
      case TIOCGPTPEER:
        // The kernel opens the peer itself (ptyOf(ops).openPeer) and installs the fd.
        throw new Errno(ENOTTY, 'TIOCGPTPEER must be handled by the kernel');
      case FIONREAD:
        mem.writeU32(arg, this.outBytes);
        return 0;
      case TIOCOUTQ:
        mem.writeU32(arg, 0);
        return 0;
      case TCFLSH:
        switch (arg) {
          case TCIFLUSH:
            this.flushMasterInput(0);
            return 0;
          case TCOFLUSH:
            this.slave.dropBacklog();
            return 0;
          case TCIOFLUSH:
            this.flushMasterInput(0);
            this.slave.dropBacklog();
            return 0;
          default:
            throw new Errno(EINVAL);
        }
      case TCXONC:
        if (arg < 0 || arg > 3) throw new Errno(EINVAL);
        return 0;
      case TCSBRK:
      case TCSBRKP:
      case TIOCSBRK:
      case TIOCCBRK:
        return 0;
      case TIOCNOTTY:
        throw new Errno(ENOTTY);
      case TIOCSTI:
        throw new Errno(EPERM);
      default:
        // Termios, window size, process group and session requests act on the slave (tty_pair_get_tty).
        return this.slave.ioctl(null, cmd, arg, mem, true);
    }
  }
}

const MASTER_OF = new WeakMap<FileOps, PtyPair>();

/** The pty pair whose master `ops` are (for TIOCGPTPEER in the kernel), or null. */
export function ptyOf(ops: FileOps): PtyPair | null {
  return MASTER_OF.get(ops) ?? null;
}

export interface DevPtsOptions {
  jobs: JobControl;
  /** CLOCK_MONOTONIC in ns (VTIME timers). */
  now?: () => bigint;
  /** Mount time (ns since the epoch) for the inodes' timestamps. */
  timeNs?: bigint;
  /** st_dev of the devpts inodes. */
  dev?: number;
}

/** The devpts file system: /dev/pts with ptmx and one char device per live pty. */
export class DevPts {
  readonly fs: SynthFs;
  /** The /dev/pts directory. */
  readonly root: Inode;
  /** /dev/pts/ptmx (5:2, mode 0000 as Linux mounts devpts by default). */
  readonly ptmx: Inode;
  private readonly pairs = new Map<number, PtyPair>();
  private readonly nodes = new Map<number, CharDevice>();
  private readonly jobs: JobControl;
  private readonly now: (() => bigint) | undefined;

  constructor(opts: DevPtsOptions) {
    this.jobs = opts.jobs;
    this.now = opts.now;
    this.fs = new SynthFs('devpts', DEVPTS_SUPER_MAGIC, opts.dev ?? makeDev(0, 24), opts.timeNs ?? 0n);
    this.ptmx = new CharDevice(this.fs, 2, 0, PTMX_RDEV, (flags) => this.openPtmx(flags));
    this.root = new SynthDir(this.fs, 1, 0o755, {
      names: () => ['ptmx', ...[...this.nodes.keys()].sort((a, b) => a - b).map(String)],
      get: (name) => {
        if (name === 'ptmx') return this.ptmx;
        if (!/^(0|[1-9][0-9]*)$/.test(name)) return null;
        return this.nodes.get(Number(name)) ?? null;
      },
    });
  }

  /** The pty numbered `index` while its /dev/pts entry exists. */
  pair(index: number): PtyPair | null {
    return this.pairs.get(index) ?? null;
  }

  /** Live ptys (entries of /dev/pts). */
  get count(): number {
    return this.nodes.size;
  }

  /**
   * open(2) of /dev/ptmx: a new pair with the lowest free number, its slave
   * locked; /dev/pts/N belongs to `owner` (the opener's fsuid), group tty,
   * mode 0620. ENOSPC when PTY_MAX are in use.
   */
  openPtmx(_flags: number, owner: { uid: number; gid?: number } = { uid: 0 }): FileOps {
    let index = 0;
    while (this.pairs.has(index)) index++;
    if (index >= PTY_MAX) throw new Errno(ENOSPC);
    const pair = new PtyPair({
      index,
      jobs: this.jobs,
      now: this.now,
      onFree: () => this.pairs.delete(index),
    });
    this.pairs.set(index, pair);
    const node = new CharDevice(this.fs, index + 3, 0o620, makeDev(PTS_MAJOR, index), (flags) => pair.openSlave(flags));
    node.owner = { uid: owner.uid, gid: owner.gid ?? TTY_GID };
    this.nodes.set(index, node);
    // Closing the master removes /dev/pts/N at once (devpts_pty_kill).
    return pair.masterOps(() => this.nodes.delete(index));
  }
}
