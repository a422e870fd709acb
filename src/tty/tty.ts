// A terminal: the N_TTY line discipline plus what tty_io.c and tty_jobctrl.c
// add around it: the session and foreground process group, job control
// (SIGTTIN for a background reader, SIGTTOU for a background writer with
// TOSTOP and for background termios changes), the termios and window-size
// ioctls, controlling-terminal acquisition (open, TIOCSCTTY, TIOCNOTTY) and
// hangup.
//
// Reads and writes follow the kernel's restart model: a call that cannot
// proceed throws WouldBlock (optionally with a deadline, for VTIME) having
// consumed nothing, and runs again from the top when woken. "The signal was
// sent; restart the call" (Linux's -ERESTARTSYS) is Errno(ERESTARTSYS).
import { Errno } from '../kernel/errno.js';
import { EAGAIN, EBUSY, EINVAL, EIO, ENOTTY, EPERM, ERESTARTSYS, ESRCH } from '../abi/linux/errno.js';
import { O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY } from '../abi/linux/fcntl.js';
import {
  FIONREAD, TCFLSH, TCGETS, TCGETS2, TCSBRK, TCSBRKP, TCSETS, TCSETS2, TCSETSF, TCSETSF2, TCSETSW, TCSETSW2,
  TCXONC, TIOCCBRK, TIOCEXCL, TIOCGDEV, TIOCGETD, TIOCGEXCL, TIOCGLCKTRMIOS, TIOCGPGRP, TIOCGSID, TIOCGSOFTCAR,
  TIOCGWINSZ, TIOCNOTTY, TIOCNXCL, TIOCOUTQ, TIOCSBRK, TIOCSCTTY, TIOCSETD, TIOCSLCKTRMIOS, TIOCSPGRP,
  TIOCSSOFTCAR, TIOCSTI, TIOCSWINSZ, TIOCVHANGUP,
} from '../abi/linux/ioctls.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../abi/linux/poll.js';
import { SIGCONT, SIGHUP, SIGTTIN, SIGTTOU, SIGWINCH } from '../abi/linux/signal.js';
import {
  CLOCAL, CREAD, CS8, CSIZE, N_TTY, PARENB, TCIFLUSH, TCIOFF, TCIOFLUSH, TCION, TCOFLUSH, TCOOFF, TCOON,
  TERMIOS2_SIZE, TERMIOS_SIZE, TOSTOP, VMIN, VSTART, VSTOP, VTIME, WINSIZE_SIZE,
} from '../abi/linux/termios.js';
import { endStreamWrite } from '../fs/pipe.js';
import { WaitQueue, WouldBlock } from '../fs/wait_queue.js';
import type { FileOps } from '../fs/inode.js';
import type { UserMemory } from '../mm/user_memory.js';
import { LineDiscipline } from './ldisc.js';
import { Termios } from './termios.js';

/** Who is making the current read/write/ioctl/open on a tty (supplied by the kernel). */
export interface TtyCaller {
  /** tgid. */
  pid: number;
  pgid: number;
  sid: number;
  isSessionLeader: boolean;
  /** The caller's controlling terminal. */
  ctty: Tty | null;
  /** The calling thread blocks or ignores `sig`. */
  blocksOrIgnores(sig: number): boolean;
  /** The caller's process group is orphaned (POSIX: no member has a parent in another pgrp of the same session). */
  pgrpOrphaned: boolean;
  /** euid 0 (CAP_SYS_ADMIN / CAP_SYS_TTY_CONFIG). */
  privileged: boolean;
  /**
   * Optional: true when this call re-runs a syscall that blocked (woken by a
   * queue or its deadline), false on a fresh syscall. It lets a VTIME read
   * keep its start time across restarts exactly; without it the tty keeps
   * the start per caller pid until the read completes.
   */
  restarted?: boolean;
}

/** What a tty needs from the kernel (implemented by tty-kernel in src/kernel/). */
export interface JobControl {
  caller(): TtyCaller;
  /** Send `sig` to every process of group `pgid` (kernel-generated siginfo). */
  signalPgrp(pgid: number, sig: number): void;
  /** Whether some process of group `pgid` is in session `sid`. */
  pgrpInSession(pgid: number, sid: number): boolean;
  /** Set the controlling tty of every process of session `sid` (null: they lose it). */
  setSessionTty(sid: number, tty: Tty | null): void;
  /** Optional: set the calling process's controlling tty only (Linux's __proc_set_tty / proc_clear_tty). */
  setCallerTty?(tty: Tty | null): void;
  /** Optional: send `sig` to process `pid` alone (hangup signals the session leader only). */
  signalProcess?(pid: number, sig: number): void;
  /** Optional: whether any process group `pgid` exists (TIOCSPGRP: ESRCH rather than EPERM). */
  pgrpExists?(pgid: number): boolean;
}

/** The terminal side of a tty: where output goes (host console, pty master). */
export interface TtyDriver {
  /** Bytes towards the terminal: output after OPOST processing, and echoes. */
  output(bytes: Uint8Array): void;
  /** Optional: how many more bytes the terminal side takes now (a pty master's buffer); unlimited without it. Call Tty.wakeWriters() when it grows. */
  room?(): number;
  /** Optional: discard output the terminal side has not consumed (TCOFLUSH, ISIG flush). */
  flushOutput?(): void;
}

export interface TtyOptions {
  /** 'console', 'pts/3'. */
  name: string;
  rdev: number;
  driver: TtyDriver;
  jobs: JobControl;
  /** CLOCK_MONOTONIC in ns (the WouldBlock.until time base), for VTIME; without it VTIME timers never fire. */
  now?: () => bigint;
  /** Initial window size. */
  winsize?: { rows: number; cols: number };
}

export interface Winsize {
  rows: number;
  cols: number;
  xpixel: number;
  ypixel: number;
}

/** Bytes of input a tty buffers beyond what the line discipline holds (Linux's flip buffer limit). */
export const TTY_BACKLOG_LIMIT = 65536;

const DECISECOND_NS = 100_000_000n;

/** One open file description of a tty. */
class TtyFile {
  hungUp = false;
  /** Start of a read waiting for VTIME, per caller pid. */
  readStarts = new Map<number, bigint>();
  /** Callers (pids) whose read is waiting. */
  blockedReaders = new Set<number>();
  /** Callers whose read was waiting when a pty master closed: it fails with EIO. */
  eioReaders = new Set<number>();
  constructor(readonly flags: number) {}
  get readable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return acc === O_RDONLY || acc === O_RDWR;
  }
  get writable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return acc === O_WRONLY || acc === O_RDWR;
  }
}

const TTY_OF = new WeakMap<FileOps, Tty>();

/** The tty behind an open file's FileOps (a tty slave, a console), or null. */
export function ttyOf(ops: FileOps): Tty | null {
  return TTY_OF.get(ops) ?? null;
}

export class Tty {
  /** Session whose controlling terminal this is; 0 = none. */
  session = 0;
  /** Foreground process group; 0 = none. */
  pgrp = 0;
  readonly name: string;
  readonly rdev: number;
  readonly ldisc: LineDiscipline;
  /** Woken when input changes (readers, pollers). */
  readonly readWait = new WaitQueue();
  /** Woken when output may proceed (flow restarted, driver room). */
  readonly writeWait = new WaitQueue();
  winsize: Winsize;
  /** TIOCEXCL. */
  exclusive = false;
  protected readonly driver: TtyDriver;
  protected readonly jobs: JobControl;
  private readonly now: () => bigint;
  /** Input the line discipline had no room for yet. */
  private backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  private readonly files = new Set<TtyFile>();
  /** Monotonic time of the last input that reached the buffer (VMIN/VTIME inter-byte timer). */
  private lastInputNs = 0n;

  constructor(opts: TtyOptions) {
    this.name = opts.name;
    this.rdev = opts.rdev;
    this.driver = opts.driver;
    this.jobs = opts.jobs;
    this.now = opts.now ?? (() => 0n);
    const ws = opts.winsize ?? { rows: 0, cols: 0 };
    this.winsize = { rows: ws.rows, cols: ws.cols, xpixel: 0, ypixel: 0 };
    this.ldisc = new LineDiscipline({
      emit: (bytes) => this.driver.output(bytes),
      signal: (sig) => {
        if (this.pgrp !== 0) this.jobs.signalPgrp(this.pgrp, sig);
      },
      flushOutput: () => this.driver.flushOutput?.(),
      inputChanged: () => this.readWait.wakeAll(),
      inputFlushed: () => this.inputFlushed(),
      flowChanged: (stopped) => {
        this.flowChanged(stopped);
        if (!stopped) this.writeWait.wakeAll();
      },
    });
  }

  get termios(): Termios {
    return this.ldisc.termios;
  }

  /** Open file descriptions of this tty. */
  get openCount(): number {
    return this.files.size;
  }

  // ---- the terminal side ------------------------------------------------------------

  /** Input from the terminal side (a key press, a pty master write): ldisc (echo, ISIG signals, editing), wakes readers. */
  receive(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.backlog.push(bytes.slice());
    this.backlogBytes += bytes.length;
    this.drainBacklog();
  }

  /** Bytes received but not yet taken by the line discipline (a full buffer). */
  get backlogSize(): number {
    return this.backlogBytes;
  }

  /** Feed held input to the line discipline while it has room. */
  private drainBacklog(): void {
    let took = false;
    while (this.backlog.length > 0) {
      const chunk = this.backlog[0];
      const n = this.ldisc.receive(chunk);
      if (n > 0) took = true;
      this.backlogBytes -= n;
      if (n < chunk.length) {
        this.backlog[0] = chunk.subarray(n);
        break;
      }
      this.backlog.shift();
    }
    if (took) {
      this.lastInputNs = this.now();
      this.inputTaken();
    }
  }

  /** The line discipline took held input (a pty master may write more). */
  protected inputTaken(): void {}

  /** Output was stopped or started (a packet-mode pty master reports it). */
  protected flowChanged(_stopped: boolean): void {}

  /** The line discipline discarded its input (a packet-mode pty master reports it). */
  protected inputFlushed(): void {}

  /** The settings changed (a packet-mode pty master reports IXON changes). */
  protected termiosChanged(_old: Termios, _next: Termios): void {}

  /** Wake writers waiting for room (the driver calls it when its buffer drains). */
  wakeWriters(): void {
    this.writeWait.wakeAll();
  }

  /** The terminal side is gone (pty master closed / host hung up): SIGHUP+SIGCONT to the session, reads give 0, writes EIO. */
  hangup(): void {
    for (const f of this.files) {
      f.hungUp = true;
      // A pty slave's reader waiting when its master closes sees TTY_OTHER_CLOSED: EIO (n_tty_read).
      if (this.hangupFailsWaitingReads) f.eioReaders = new Set(f.blockedReaders);
      f.blockedReaders.clear();
    }
    const sid = this.session;
    if (sid !== 0) {
      // tty_signal_session_leader: the session leader gets SIGHUP and SIGCONT; the session loses its tty.
      if (this.jobs.signalProcess) {
        this.jobs.signalProcess(sid, SIGHUP);
        this.jobs.signalProcess(sid, SIGCONT);
      } else {
        this.jobs.signalPgrp(sid, SIGHUP);
        this.jobs.signalPgrp(sid, SIGCONT);
      }
      this.jobs.setSessionTty(sid, null);
    }
    this.session = 0;
    this.pgrp = 0;
    this.ldisc.start();
    this.readWait.wakeAll();
    this.writeWait.wakeAll();
  }

  /**
   * The caller, a session leader, gives up its controlling terminal
   * (disassociate_ctty): TIOCNOTTY (`onExit` false: SIGHUP and SIGCONT to
   * the foreground group) or its exit (`onExit` true: SIGHUP to the
   * foreground group; a tty that is not a pty is hung up instead). The
   * session loses the terminal.
   */
  disassociate(onExit: boolean): void {
    const sid = this.session;
    if (onExit && !this.isPty) {
      this.hangup();
      return;
    }
    if (this.pgrp !== 0) {
      this.jobs.signalPgrp(this.pgrp, SIGHUP);
      if (!onExit) this.jobs.signalPgrp(this.pgrp, SIGCONT);
    }
    this.session = 0;
    this.pgrp = 0;
    if (sid !== 0) this.jobs.setSessionTty(sid, null);
  }

  /** Reads waiting at hangup fail with EIO (a pty slave whose master closed) instead of returning 0. */
  protected get hangupFailsWaitingReads(): boolean {
    return false;
  }

  /** Whether this is a pty slave (exit of a session leader does not hang it up). */
  protected get isPty(): boolean {
    return false;
  }

  /** Window size from the terminal side (TIOCSWINSZ does the same): SIGWINCH to the foreground pgrp when it changes. */
  setWinsize(rows: number, cols: number): void {
    this.setWinsizeFull({ rows, cols, xpixel: this.winsize.xpixel, ypixel: this.winsize.ypixel });
  }

  private setWinsizeFull(ws: Winsize): void {
    const w = this.winsize;
    if (w.rows === ws.rows && w.cols === ws.cols && w.xpixel === ws.xpixel && w.ypixel === ws.ypixel) return;
    this.winsize = { ...ws };
    if (this.pgrp !== 0) this.jobs.signalPgrp(this.pgrp, SIGWINCH);
  }

  /** New settings (TCSETS*): a pty keeps CS8|CREAD and no parity (pty_set_termios); c_line stays. */
  setTermios(next: Termios): void {
    const old = this.termios;
    const t = next.clone();
    t.line = old.line;
    if (this.isPty) {
      t.cflag &= ~(CSIZE | PARENB);
      t.cflag |= CS8 | CREAD;
    }
    this.ldisc.setTermios(t);
    this.termiosChanged(old, t);
    this.drainBacklog();
  }

  // ---- opening ----------------------------------------------------------------------

  /** Refuse an open (a locked or orphaned pty slave). */
  protected checkOpen(_flags: number): void {}

  /** The first open file of this tty appeared. */
  protected firstOpen(): void {}

  /** The last open file of this tty went away. */
  protected lastClose(): void {}

  /**
   * Open the slave side: FileOps with read (ICANON/raw, VMIN/VTIME, SIGTTIN/EIO for
   * background readers), write (OPOST, SIGTTOU with TOSTOP), poll, available (FIONREAD),
   * ioctl and release.
   * `noctty`: O_NOCTTY or a device that never becomes a ctty on open (/dev/console, /dev/tty).
   * A session leader without ctty opening a tty with no session acquires it (as Linux's tty_open).
   */
  open(flags: number, noctty: boolean): FileOps {
    this.checkOpen(flags);
    const caller = this.jobs.caller();
    if (this.exclusive && this.files.size > 0 && !caller.privileged) throw new Errno(EBUSY);
    const file = new TtyFile(flags);
    this.files.add(file);
    if (this.files.size === 1) this.firstOpen();
    if (!noctty && caller.isSessionLeader && caller.ctty === null && this.session === 0 && file.readable) {
      this.becomeCtty(caller);
    }
    let open = true;
    const ops: FileOps = {
      seekable: false,
      read: (len, _pos, nonblock) => this.read(file, len, nonblock),
      write: (data, _pos, nonblock) => this.write(file, data, nonblock),
      poll: () => ({ events: this.pollMask(file), queues: [this.readWait, this.writeWait] }),
      available: () => this.ldisc.inq(),
      ioctl: (cmd, arg, mem) => this.ioctl(file, cmd, arg, mem, false),
      release: () => {
        if (!open) return;
        open = false;
        this.files.delete(file);
        if (this.files.size === 0) {
          // tty_release: when a tty's last file closes, no process keeps it as controlling tty.
          if (this.session !== 0) this.jobs.setSessionTty(this.session, null);
          this.session = 0;
          this.pgrp = 0;
          this.lastClose();
        }
      },
    };
    TTY_OF.set(ops, this);
    return ops;
  }

  /** __proc_set_tty: the caller's session and group take this tty. */
  private becomeCtty(caller: TtyCaller): void {
    this.session = caller.sid;
    this.pgrp = caller.pgid;
    if (this.jobs.setCallerTty) this.jobs.setCallerTty(this);
    else this.jobs.setSessionTty(caller.sid, this);
  }

  // ---- job control ------------------------------------------------------------------

  /**
   * __tty_check_change: a member of a background group of this tty's
   * session gets `sig` sent to its group and the call restarts; EIO when
   * the group is orphaned or (for SIGTTIN) the signal is blocked or
   * ignored; a blocked or ignored SIGTTOU lets the call through.
   */
  checkChange(sig: number): void {
    const c = this.jobs.caller();
    if (c.ctty !== this) return;
    if (this.pgrp === 0 || c.pgid === this.pgrp) return;
    if (c.blocksOrIgnores(sig)) {
      if (sig === SIGTTIN) throw new Errno(EIO, 'background read with SIGTTIN blocked or ignored');
      return;
    }
    if (c.pgrpOrphaned) throw new Errno(EIO, 'background access from an orphaned process group');
    this.jobs.signalPgrp(c.pgid, sig);
    throw new Errno(ERESTARTSYS);
  }

  // ---- read, write, poll ------------------------------------------------------------

  /** No input will ever come again (the console's host input ended): a read finding nothing returns 0. */
  protected get inputEof(): boolean {
    return false;
  }

  private read(file: TtyFile, nr: number, nonblock: boolean): Uint8Array {
    const caller = this.jobs.caller();
    if (file.hungUp) {
      if (file.eioReaders.delete(caller.pid)) throw new Errno(EIO);
      return new Uint8Array(0);
    }
    try {
      this.checkChange(SIGTTIN);
      const data = this.readNow(file, caller, nr, nonblock);
      file.readStarts.delete(caller.pid);
      file.blockedReaders.delete(caller.pid);
      if (data.length > 0) this.drainBacklog();
      return data;
    } catch (e) {
      if (e instanceof WouldBlock) file.blockedReaders.add(caller.pid);
      else {
        file.readStarts.delete(caller.pid);
        file.blockedReaders.delete(caller.pid);
      }
      throw e;
    }
  }

  private readNow(file: TtyFile, caller: TtyCaller, nr: number, nonblock: boolean): Uint8Array {
    const ld = this.ldisc;
    if (nr === 0) return new Uint8Array(0);
    this.drainBacklog();
    if (ld.icanon) {
      if (ld.inputAvailable(false, 0, 0)) return ld.readCanon(nr);
      if (this.inputEof) return new Uint8Array(0);
      if (nonblock) throw new Errno(EAGAIN);
      throw new WouldBlock(this.readWait);
    }
    const vmin = this.termios.cc[VMIN];
    const vtime = this.termios.cc[VTIME];
    const avail = ld.count;
    if (vmin === 0 && vtime === 0) return ld.readRaw(nr);
    const minimum = vmin === 0 ? 1 : Math.min(vmin, nr);
    if (avail >= minimum) return ld.readRaw(nr);
    if (this.inputEof || nonblock) {
      if (avail > 0 || this.inputEof) return ld.readRaw(nr);
      throw new Errno(EAGAIN);
    }
    if (vtime === 0 || (vmin > 0 && avail === 0)) throw new WouldBlock(this.readWait);
    // A timed read: VMIN 0 waits VTIME from its start; VMIN > 0 VTIME from the latest byte.
    const now = this.now();
    let start = file.readStarts.get(caller.pid);
    if (start === undefined || caller.restarted === false) {
      start = now;
      file.readStarts.set(caller.pid, start);
    }
    const from = vmin === 0 || this.lastInputNs < start ? start : this.lastInputNs;
    const deadline = from + BigInt(vtime) * DECISECOND_NS;
    if (now >= deadline) return ld.readRaw(nr);
    throw new WouldBlock(this.readWait).until(deadline);
  }

  private write(file: TtyFile, data: Uint8Array, nonblock: boolean): number {
    if (file.hungUp) throw new Errno(EIO);
    if (this.termios.lflag & TOSTOP) this.checkChange(SIGTTOU);
    if (data.length === 0) return 0;
    if (this.writeClosed) throw new Errno(EIO);
    const room = this.ldisc.stopped ? 0 : (this.driver.room?.() ?? Number.MAX_SAFE_INTEGER);
    let done = 0;
    if (room > 0) {
      const { consumed, out } = this.ldisc.processOutput(data, room);
      if (out.length > 0) this.driver.output(out);
      done = consumed;
    }
    return endStreamWrite(done, data.length, nonblock, this.writeWait);
  }

  /** Writes fail with EIO (a pty slave whose master has closed). */
  protected get writeClosed(): boolean {
    return false;
  }

  private pollMask(file: TtyFile): number {
    if (file.hungUp) return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
    this.drainBacklog();
    let m = 0;
    const cc = this.termios.cc;
    if (this.ldisc.inputAvailable(true, cc[VMIN], cc[VTIME]) || this.inputEof) m |= POLLIN | POLLRDNORM;
    if (!this.ldisc.stopped && (this.driver.room?.() ?? 1) > 0) m |= POLLOUT | POLLWRNORM;
    return m | this.extraPoll();
  }

  /** More poll bits (a packet-mode master's pending status). */
  protected extraPoll(): number {
    return 0;
  }

  // ---- ioctl ------------------------------------------------------------------------

  /**
   * ioctl(2) on an open file of this tty; `viaMaster` when it arrives through
   * the pty master (tty_pair_get_tty: the master is not the caller's ctty, so
   * TIOCGPGRP/TIOCGSID skip that check and TIOCNOTTY fails).
   */
  ioctl(file: TtyFile | null, cmd: number, arg: number, mem: UserMemory, viaMaster: boolean): number {
    if (file?.hungUp) throw new Errno(cmd === TIOCSPGRP ? ENOTTY : EIO);
    switch (cmd) {
      case TCGETS:
        mem.write(arg, this.termios.encode());
        return 0;
      case TCGETS2:
        mem.write(arg, this.termios.encode(true));
        return 0;
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
      case TCSETS2:
      case TCSETSW2:
      case TCSETSF2: {
        this.checkChange(SIGTTOU);
        const two = cmd === TCSETS2 || cmd === TCSETSW2 || cmd === TCSETSF2;
        const t = Termios.decode(mem.read(arg, two ? TERMIOS2_SIZE : TERMIOS_SIZE));
        if (cmd === TCSETSF || cmd === TCSETSF2) this.flushInput();
        this.setTermios(t);
        return 0;
      }
      case TCFLSH:
        this.checkChange(SIGTTOU);
        this.flush(arg);
        return 0;
      case TCXONC:
        this.checkChange(SIGTTOU);
        this.flow(arg);
        return 0;
      case TCSBRK:
      case TCSBRKP:
      case TIOCSBRK:
      case TIOCCBRK:
        this.checkChange(SIGTTOU);
        return 0;
      case TIOCGWINSZ: {
        const b = new Uint8Array(WINSIZE_SIZE);
        const v = new DataView(b.buffer);
        v.setUint16(0, this.winsize.rows, true);
        v.setUint16(2, this.winsize.cols, true);
        v.setUint16(4, this.winsize.xpixel, true);
        v.setUint16(6, this.winsize.ypixel, true);
        mem.write(arg, b);
        return 0;
      }
      case TIOCSWINSZ: {
        const b = mem.read(arg, WINSIZE_SIZE);
        const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
        this.setWinsizeFull({ rows: v.getUint16(0, true), cols: v.getUint16(2, true), xpixel: v.getUint16(4, true), ypixel: v.getUint16(6, true) });
        return 0;
      }
      case TIOCGPGRP: {
        if (!viaMaster && this.jobs.caller().ctty !== this) throw new Errno(ENOTTY);
        mem.writeU32(arg, this.pgrp);
        return 0;
      }
      case TIOCSPGRP:
        return this.tiocspgrp(arg, mem);
      case TIOCGSID: {
        if (!viaMaster && this.jobs.caller().ctty !== this) throw new Errno(ENOTTY);
        if (this.session === 0) throw new Errno(ENOTTY);
        mem.writeU32(arg, this.session);
        return 0;
      }
      case TIOCSCTTY:
        return this.tiocsctty(file, arg);
      case TIOCNOTTY: {
        const c = this.jobs.caller();
        if (viaMaster || c.ctty !== this) throw new Errno(ENOTTY);
        if (c.isSessionLeader) this.disassociate(false);
        else if (this.jobs.setCallerTty) this.jobs.setCallerTty(null);
        return 0;
      }
      case FIONREAD:
        mem.writeU32(arg, this.ldisc.inq());
        return 0;
      case TIOCOUTQ:
        mem.writeU32(arg, 0);
        return 0;
      case TIOCSTI: {
        const c = this.jobs.caller();
        if (c.ctty !== this && !c.privileged) throw new Errno(EPERM);
        if (file !== null && !file.readable && !c.privileged) throw new Errno(EPERM);
        const ch = mem.read(arg, 1)[0];
        this.receive(Uint8Array.of(ch));
        return 0;
      }
      case TIOCEXCL:
        this.exclusive = true;
        return 0;
      case TIOCNXCL:
        this.exclusive = false;
        return 0;
      case TIOCGEXCL:
        mem.writeU32(arg, this.exclusive ? 1 : 0);
        return 0;
      case TIOCGETD:
        mem.writeU32(arg, this.termios.line);
        return 0;
      case TIOCSETD: {
        const disc = mem.readU32(arg);
        if (disc !== N_TTY) throw new Errno(EINVAL);
        return 0;
      }
      case TIOCGDEV:
        mem.writeU32(arg, this.rdev);
        return 0;
      case TIOCGSOFTCAR:
        mem.writeU32(arg, this.termios.cflag & CLOCAL ? 1 : 0);
        return 0;
      case TIOCSSOFTCAR: {
        const on = mem.readU32(arg) !== 0;
        const t = this.termios.clone();
        t.cflag = on ? t.cflag | CLOCAL : t.cflag & ~CLOCAL;
        this.setTermios(t);
        return 0;
      }
      case TIOCGLCKTRMIOS:
        mem.write(arg, new Uint8Array(TERMIOS_SIZE));
        return 0;
      case TIOCSLCKTRMIOS:
        if (!this.jobs.caller().privileged) throw new Errno(EPERM);
        mem.read(arg, TERMIOS_SIZE);
        return 0;
      case TIOCVHANGUP:
        if (!this.jobs.caller().privileged) throw new Errno(EPERM);
        this.hangup();
        return 0;
      default:
        throw new Errno(ENOTTY);
    }
  }

  /** TIOCSPGRP (tiocspgrp). */
  private tiocspgrp(arg: number, mem: UserMemory): number {
    try {
      this.checkChange(SIGTTOU);
    } catch (e) {
      if (e instanceof Errno && e.code === EIO) throw new Errno(ENOTTY);
      throw e;
    }
    const pgid = mem.readU32(arg) | 0;
    if (pgid < 0) throw new Errno(EINVAL);
    const c = this.jobs.caller();
    if (c.ctty !== this || this.session !== c.sid) throw new Errno(ENOTTY);
    if (this.jobs.pgrpExists && !this.jobs.pgrpExists(pgid)) throw new Errno(ESRCH);
    if (!this.jobs.pgrpInSession(pgid, c.sid)) throw new Errno(EPERM);
    this.pgrp = pgid;
    return 0;
  }

  /** TIOCSCTTY (tiocsctty): a session leader without a ctty takes this tty; arg 1 lets root steal it. */
  private tiocsctty(file: TtyFile | null, arg: number): number {
    const c = this.jobs.caller();
    if (c.isSessionLeader && this.session === c.sid && this.session !== 0) return 0;
    if (!c.isSessionLeader || c.ctty !== null) throw new Errno(EPERM);
    if (this.session !== 0) {
      if (arg === 1 && c.privileged) this.jobs.setSessionTty(this.session, null);
      else throw new Errno(EPERM);
    }
    if (file !== null && !file.readable && !c.privileged) throw new Errno(EPERM);
    this.becomeCtty(c);
    return 0;
  }

  /** Send `sig` to the foreground process group, if there is one (TIOCSIG on a pty master). */
  signalForeground(sig: number): void {
    if (this.pgrp !== 0) this.jobs.signalPgrp(this.pgrp, sig);
  }

  /** Discard input received but not yet taken by the line discipline (a pty master's TCOFLUSH). */
  dropBacklog(): void {
    this.backlog = [];
    this.backlogBytes = 0;
    this.inputTaken();
  }

  /** Discard input: the line discipline's buffer and held input. */
  flushInput(): void {
    this.backlog = [];
    this.backlogBytes = 0;
    this.ldisc.flushInput();
    this.inputTaken();
  }

  /** TCFLSH. */
  private flush(arg: number): void {
    switch (arg) {
      case TCIFLUSH:
        this.flushInput();
        return;
      case TCOFLUSH:
        this.driver.flushOutput?.();
        return;
      case TCIOFLUSH:
        this.flushInput();
        this.driver.flushOutput?.();
        return;
      default:
        throw new Errno(EINVAL);
    }
  }

  /** TCXONC. */
  private flow(arg: number): void {
    switch (arg) {
      case TCOOFF:
        this.ldisc.stop(true);
        return;
      case TCOON:
        this.ldisc.tcoStart();
        return;
      case TCIOFF:
        if (this.termios.cc[VSTOP] !== 0) this.driver.output(Uint8Array.of(this.termios.cc[VSTOP]));
        return;
      case TCION:
        if (this.termios.cc[VSTART] !== 0) this.driver.output(Uint8Array.of(this.termios.cc[VSTART]));
        return;
      default:
        throw new Errno(EINVAL);
    }
  }
}

export type { TtyFile };
