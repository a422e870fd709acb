// The N_TTY line discipline (drivers/tty/n_tty.c): input processing (ISTRIP,
// IUCLC, IGNCR/ICRNL/INLCR), canonical editing (erase, kill, word erase,
// reprint, literal next, EOF/EOL/EOL2 and a 4096-byte buffer), echo (ECHO,
// ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL as ^X, ECHOPRT), signal characters
// (ISIG), XON/XOFF output flow control (IXON, IXANY) and output processing
// (OPOST, ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS) with the column tracking
// that echo uses to erase tabs.
//
// Echoes are queued as Linux's echo buffer is and emitted at once unless
// output is stopped (^S), in which case they wait for ^Q.
//
// The input buffer holds N_TTY_BUF_SIZE slots. In canonical mode the first
// `canonHead` slots are completed lines (each ending at a marked slot; an
// EOF character is a marked slot that read(2) does not return); the rest is
// the line being edited. In non-canonical mode every slot is readable.
import { SIGINT, SIGQUIT, SIGTSTP } from '../abi/linux/signal.js';
import {
  ECHO, ECHOCTL, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOPRT, EXTPROC, ICANON, ICRNL, IEXTEN, IGNCR, INLCR, ISIG,
  ISTRIP, IUCLC, IUTF8, IXANY, IXON, NOFLSH, OCRNL, OLCUC, ONLCR, ONLRET, ONOCR, OPOST, TABDLY, VEOF, VEOL,
  VEOL2, VERASE, VINTR, VKILL, VLNEXT, VQUIT, VREPRINT, VSTART, VSTOP, VSUSP, VWERASE, XTABS, PARMRK,
} from '../abi/linux/termios.js';
import { Termios } from './termios.js';

export const N_TTY_BUF_SIZE = 4096;

/** An EOF character in the buffer: ends a line, never returned by read(2). */
const EOF_SLOT = -1;

// Echo operations (Linux's ECHO_OP_*), queued alongside plain bytes (0..255).
const OP_CTRL = 0x100; // | c: echo c as ^X
const OP_SET_CANON_COL = 0x200;
const OP_MOVE_BACK_COL = 0x201;
const OP_ERASE_TAB = 0x400; // | columns & 7 | 0x80 when counted from a tab

/** What the line discipline needs from its tty. */
export interface LdiscPort {
  /** Bytes towards the terminal (echoes, processed output). */
  emit(bytes: Uint8Array): void;
  /** ISIG: signal the foreground process group. */
  signal(sig: number): void;
  /** Discard output not yet taken by the terminal side (ISIG without NOFLSH). */
  flushOutput(): void;
  /** Input became readable (or the buffer changed): wake readers and pollers. */
  inputChanged(): void;
  /** All input was discarded (TCIFLUSH, a signal character without NOFLSH). */
  inputFlushed(): void;
  /** Output was stopped or started (^S/^Q, TCXONC): wake writers, tell a packet-mode master. */
  flowChanged(stopped: boolean): void;
}

/** Linux's iscntrl (lib/ctype.c: 0-31 and 127 only). */
function isCntrl(c: number): boolean {
  return c < 32 || c === 127;
}

/** Linux's isalnum over Latin-1 (lib/ctype.c). */
function isAlnum(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7;
}

function toLower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}
function toUpper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 32 : c;
}

export class LineDiscipline {
  termios: Termios;
  /** Input slots: bytes, or EOF_SLOT. */
  private buf: number[] = [];
  /** Marked (line-ending) slots, parallel to buf. */
  private marks: boolean[] = [];
  /** Slots [0, canonHead) are complete lines (canonical mode). */
  private canonHead = 0;
  private lnext = false;
  private erasing = false;
  column = 0;
  private canonColumn = 0;
  private echoes: number[] = [];
  /** Output stopped by ^S (or TCOOFF when `tcoStopped`). */
  stopped = false;
  tcoStopped = false;

  constructor(
    private readonly port: LdiscPort,
    termios: Termios = Termios.defaults(),
  ) {
    this.termios = termios;
  }

  private L(flag: number): boolean {
    return (this.termios.lflag & flag) !== 0;
  }
  private I(flag: number): boolean {
    return (this.termios.iflag & flag) !== 0;
  }
  private O(flag: number): boolean {
    return (this.termios.oflag & flag) !== 0;
  }
  private cc(i: number): number {
    return this.termios.cc[i];
  }

  get icanon(): boolean {
    return this.L(ICANON) && !this.L(EXTPROC);
  }

  // ---- settings ------------------------------------------------------------------

  /** New settings (n_tty_set_termios): switching ICANON turns pending input into raw data or one line. */
  setTermios(next: Termios): void {
    const old = this.termios;
    this.termios = next;
    if ((old.lflag ^ next.lflag) & (ICANON | EXTPROC)) {
      this.marks.fill(false);
      if (!this.icanon || this.buf.length === 0) {
        this.canonHead = 0;
      } else {
        // The pending input becomes one line, readable at once (Linux's push).
        this.marks[this.buf.length - 1] = true;
        this.canonHead = this.buf.length;
      }
      this.erasing = false;
      this.lnext = false;
    }
    // Output no longer under IXON control restarts (n_tty_set_termios: "if (!I_IXON) start_tty").
    if (!this.I(IXON) && this.stopped && !this.tcoStopped) this.start();
    this.port.inputChanged();
  }

  // ---- input ---------------------------------------------------------------------

  /** Room for more input now: raw mode holds at most 4095 bytes; canonical mode always takes input while no line is complete. */
  get canReceive(): boolean {
    return this.buf.length < N_TTY_BUF_SIZE - 1 || (this.icanon && this.canonHead === 0);
  }

  /** Process input bytes from the terminal side; returns how many were taken (the rest waits for room). */
  receive(bytes: Uint8Array): number {
    if (this.realRaw) return this.receiveRaw(bytes);
    let n = 0;
    for (; n < bytes.length; n++) {
      if (!this.canReceive) break;
      this.receiveByte(bytes[n]);
    }
    this.processEchoes();
    if (n > 0) this.port.inputChanged();
    return n;
  }

  /** No input processing at all applies (Linux's real_raw): bytes go straight into the buffer. */
  private get realRaw(): boolean {
    const t = this.termios;
    return (
      !this.lnext &&
      (t.lflag & (ICANON | ECHO | ISIG | EXTPROC)) === 0 &&
      (t.iflag & (ISTRIP | IUCLC | IGNCR | ICRNL | INLCR | IXON | PARMRK)) === 0
    );
  }

  private receiveRaw(bytes: Uint8Array): number {
    const n = Math.min(bytes.length, Math.max(0, N_TTY_BUF_SIZE - 1 - this.buf.length));
    for (let i = 0; i < n; i++) {
      this.buf.push(bytes[i]);
      this.marks.push(false);
    }
    if (n > 0) this.port.inputChanged();
    return n;
  }

  private put(c: number, mark = false): void {
    // A full canonical buffer keeps its last slot for whatever comes last (Linux overwrites it).
    if (this.buf.length >= N_TTY_BUF_SIZE) {
      this.buf[this.buf.length - 1] = c;
      this.marks[this.marks.length - 1] = mark;
      return;
    }
    this.buf.push(c);
    this.marks.push(mark);
  }

  /** Whether `c` needs the slow path (Linux's char_map). */
  private special(c: number): boolean {
    if (c === 0) return false;
    if (c === 13 && (this.I(IGNCR) || this.I(ICRNL))) return true;
    if (c === 10 && this.I(INLCR)) return true;
    if (this.icanon) {
      if (c === this.cc(VERASE) || c === this.cc(VKILL) || c === this.cc(VEOF) || c === 10 || c === this.cc(VEOL)) {
        return true;
      }
      if (this.L(IEXTEN)) {
        if (c === this.cc(VWERASE) || c === this.cc(VLNEXT) || c === this.cc(VEOL2)) return true;
        if (this.L(ECHO) && c === this.cc(VREPRINT)) return true;
      }
    }
    if (this.I(IXON) && (c === this.cc(VSTART) || c === this.cc(VSTOP))) return true;
    if (this.L(ISIG) && (c === this.cc(VINTR) || c === this.cc(VQUIT) || c === this.cc(VSUSP))) return true;
    return false;
  }

  private receiveByte(byte: number): void {
    let c = byte;
    if (this.I(ISTRIP)) c &= 0x7f;
    if (this.I(IUCLC) && this.L(IEXTEN)) c = toLower(c);
    if (this.lnext) {
      this.lnext = false;
      this.receiveChar(c);
      return;
    }
    if (this.L(EXTPROC)) {
      this.put(c);
      return;
    }
    if (!this.special(c)) {
      this.receiveChar(c);
      return;
    }
    this.receiveSpecial(c);
  }

  /** An ordinary character (n_tty_receive_char). */
  private receiveChar(c: number): void {
    this.anyRestarts();
    if (this.L(ECHO)) {
      this.finishErasing();
      if (this.canonHead === this.buf.length) this.echoes.push(OP_SET_CANON_COL);
      this.echoChar(c);
    }
    if (c === 0xff && this.I(PARMRK)) this.put(c);
    this.put(c);
  }

  /** IXANY: any character restarts output stopped by ^S. */
  private anyRestarts(): void {
    if (this.stopped && !this.tcoStopped && this.I(IXON) && this.I(IXANY)) this.start();
  }

  private receiveSpecial(input: number): void {
    let c = input;
    if (this.I(IXON)) {
      if (c === this.cc(VSTART)) {
        this.start();
        return;
      }
      if (c === this.cc(VSTOP)) {
        this.stop(false);
        return;
      }
    }
    if (this.L(ISIG)) {
      const sig = c === this.cc(VINTR) ? SIGINT : c === this.cc(VQUIT) ? SIGQUIT : c === this.cc(VSUSP) ? SIGTSTP : 0;
      if (sig !== 0) {
        this.signalChar(sig, c);
        return;
      }
    }
    this.anyRestarts();
    if (c === 13) {
      if (this.I(IGNCR)) return;
      if (this.I(ICRNL)) c = 10;
    } else if (c === 10 && this.I(INLCR)) {
      c = 13;
    }
    if (this.icanon) {
      if (c === this.cc(VERASE) || c === this.cc(VKILL) || (c === this.cc(VWERASE) && this.L(IEXTEN))) {
        this.eraser(c);
        return;
      }
      if (c === this.cc(VLNEXT) && this.L(IEXTEN)) {
        this.lnext = true;
        if (this.L(ECHO)) {
          this.finishErasing();
          if (this.L(ECHOCTL)) this.echoes.push(0x5e, 8);
        }
        return;
      }
      if (c === this.cc(VREPRINT) && this.L(ECHO) && this.L(IEXTEN)) {
        this.finishErasing();
        this.echoChar(c);
        this.echoes.push(10);
        for (let i = this.canonHead; i < this.buf.length; i++) {
          const b = this.buf[i];
          if (b !== EOF_SLOT) this.echoChar(b);
        }
        return;
      }
      if (c === 10) {
        if (this.L(ECHO) || this.L(ECHONL)) this.echoes.push(10);
        this.endLine(10);
        return;
      }
      if (c === this.cc(VEOF)) {
        this.endLine(EOF_SLOT);
        return;
      }
      if (c === this.cc(VEOL) || (c === this.cc(VEOL2) && this.L(IEXTEN))) {
        if (this.L(ECHO)) {
          if (this.canonHead === this.buf.length) this.echoes.push(OP_SET_CANON_COL);
          this.echoChar(c);
        }
        if (c === 0xff && this.I(PARMRK)) this.put(c);
        this.endLine(c);
        return;
      }
    }
    if (this.L(ECHO)) {
      this.finishErasing();
      if (c === 10) this.echoes.push(10);
      else {
        if (this.canonHead === this.buf.length) this.echoes.push(OP_SET_CANON_COL);
        this.echoChar(c);
      }
    }
    if (c === 0xff && this.I(PARMRK)) this.put(c);
    this.put(c);
  }

  private endLine(c: number): void {
    this.put(c, true);
    this.canonHead = this.buf.length;
  }

  /** ^C, ^\, ^Z (n_tty_receive_signal_char): signal, flush unless NOFLSH, restart output, echo. */
  private signalChar(sig: number, c: number): void {
    this.port.signal(sig);
    if (!this.L(NOFLSH)) {
      this.echoes = [];
      this.port.flushOutput();
      this.flushInput();
    }
    if (this.I(IXON)) this.start();
    if (this.L(ECHO)) this.echoChar(c);
  }

  /** Queue c for echo: a control character other than tab as ^X under ECHOCTL. */
  private echoChar(c: number): void {
    if (this.L(ECHOCTL) && isCntrl(c) && c !== 9) this.echoes.push(OP_CTRL | c);
    else this.echoes.push(c);
  }

  private finishErasing(): void {
    if (this.erasing) {
      this.echoes.push(0x2f);
      this.erasing = false;
    }
  }

  private isContinuation(c: number): boolean {
    return this.I(IUTF8) && (c & 0xc0) === 0x80;
  }

  /** VERASE, VWERASE, VKILL (n_tty.c eraser()). */
  private eraser(c: number): void {
    if (this.buf.length === this.canonHead) return;
    let kind: 'erase' | 'werase' | 'kill';
    if (c === this.cc(VERASE)) kind = 'erase';
    else if (c === this.cc(VWERASE)) kind = 'werase';
    else {
      if (!this.L(ECHO)) {
        this.truncate(this.canonHead);
        return;
      }
      if (!this.L(ECHOK) || !this.L(ECHOKE) || !this.L(ECHOE)) {
        this.truncate(this.canonHead);
        this.finishErasing();
        this.echoChar(this.cc(VKILL));
        if (this.L(ECHOK)) this.echoes.push(10);
        return;
      }
      kind = 'kill';
    }
    let seenAlnums = 0;
    while (this.buf.length > this.canonHead) {
      let head = this.buf.length;
      let ch: number;
      do {
        head--;
        ch = this.buf[head];
      } while (this.isContinuation(ch) && head > this.canonHead);
      if (this.isContinuation(ch)) break;
      if (kind === 'werase') {
        if (isAlnum(ch) || ch === 0x5f) seenAlnums++;
        else if (seenAlnums) break;
      }
      const cnt = this.buf.length - head;
      const erased = this.buf.slice(head);
      this.truncate(head);
      if (this.L(ECHO)) {
        if (this.L(ECHOPRT)) {
          if (!this.erasing) {
            this.echoes.push(0x5c);
            this.erasing = true;
          }
          this.echoChar(ch);
          for (let i = 1; i < cnt; i++) {
            this.echoes.push(erased[i]);
            this.echoes.push(OP_MOVE_BACK_COL);
          }
        } else if (kind === 'erase' && !this.L(ECHOE)) {
          this.echoChar(this.cc(VERASE));
        } else if (ch === 9) {
          let numChars = 0;
          let afterTab = false;
          for (let tail = head - 1; tail >= this.canonHead; tail--) {
            const t = this.buf[tail];
            if (t === 9) {
              afterTab = true;
              break;
            } else if (isCntrl(t)) {
              if (this.L(ECHOCTL)) numChars += 2;
            } else if (!this.isContinuation(t)) {
              numChars++;
            }
          }
          this.echoes.push(OP_ERASE_TAB | (numChars & 7) | (afterTab ? 0x80 : 0));
        } else {
          // ^X takes two columns; a control character echoed raw takes none.
          if (isCntrl(ch) && this.L(ECHOCTL)) this.echoes.push(8, 0x20, 8);
          if (!isCntrl(ch) || this.L(ECHOCTL)) this.echoes.push(8, 0x20, 8);
        }
      }
      if (kind === 'erase') break;
    }
    if (this.buf.length === this.canonHead && this.L(ECHO)) this.finishErasing();
  }

  private truncate(len: number): void {
    this.buf.length = len;
    this.marks.length = len;
  }

  /** Discard all input (TCIFLUSH, ISIG without NOFLSH): Linux's reset_buffer_flags. */
  flushInput(): void {
    this.truncate(0);
    this.canonHead = 0;
    this.lnext = false;
    this.erasing = false;
    this.port.inputFlushed();
    this.port.inputChanged();
  }

  // ---- reading -------------------------------------------------------------------

  /** Slots held (FIONREAD in non-canonical mode counts them all). */
  get count(): number {
    return this.buf.length;
  }

  /**
   * Whether a read finds input (n_tty input_available_p): a complete line in
   * canonical mode; otherwise at least one byte, or for poll(2) with VTIME 0
   * at least VMIN bytes.
   */
  inputAvailable(forPoll: boolean, vmin: number, vtime: number): boolean {
    if (this.icanon) return this.canonHead > 0;
    const amt = forPoll && vtime === 0 && vmin > 0 ? vmin : 1;
    return this.buf.length >= amt;
  }

  /** FIONREAD: readable bytes (canonical: those of complete lines, without EOF characters). */
  inq(): number {
    if (!this.icanon) return this.buf.length;
    let n = 0;
    for (let i = 0; i < this.canonHead; i++) if (this.buf[i] !== EOF_SLOT) n++;
    return n;
  }

  /**
   * Canonical read (canon_copy_from_read_buf): up to `nr` bytes of the first
   * line, its terminator included unless it is an EOF character (which is
   * consumed and returns nothing when it is alone).
   */
  readCanon(nr: number): Uint8Array {
    const limit = Math.min(nr, this.canonHead);
    let end = 0;
    let found = false;
    for (; end < limit; end++) {
      if (this.marks[end]) {
        found = true;
        break;
      }
    }
    const consumed = found ? end + 1 : end;
    const copy = found && this.buf[end] === EOF_SLOT ? end : consumed;
    const out = Uint8Array.from(this.buf.slice(0, copy));
    this.buf.splice(0, consumed);
    this.marks.splice(0, consumed);
    this.canonHead -= consumed;
    return out;
  }

  /** Non-canonical read: up to `nr` bytes. */
  readRaw(nr: number): Uint8Array {
    const n = Math.min(nr, this.buf.length);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[i] & 0xff;
    this.buf.splice(0, n);
    this.marks.splice(0, n);
    this.canonHead = Math.max(0, this.canonHead - n);
    return out;
  }

  // ---- flow control --------------------------------------------------------------

  /** Stop output (^S; TCOOFF with `tco`, which only TCOON undoes). */
  stop(tco: boolean): void {
    if (tco) {
      if (this.tcoStopped) return;
      this.tcoStopped = true;
    }
    if (this.stopped) return;
    this.stopped = true;
    this.port.flowChanged(true);
  }

  /** Restart output (^Q, IXANY, a signal character): not while TCOOFF holds it. Held echoes go out. */
  start(): void {
    if (!this.stopped || this.tcoStopped) return;
    this.stopped = false;
    this.port.flowChanged(false);
    this.processEchoes();
  }

  /** TCOON: undo TCOOFF. */
  tcoStart(): void {
    if (!this.tcoStopped) return;
    this.tcoStopped = false;
    this.start();
  }

  // ---- output --------------------------------------------------------------------

  /** Emit queued echoes unless output is stopped (n_tty process_echoes). */
  processEchoes(): void {
    if (this.stopped || this.echoes.length === 0) return;
    const ops = this.echoes;
    this.echoes = [];
    const out = new ByteSink(ops.length * 2);
    const opost = this.O(OPOST);
    for (const op of ops) {
      if (op < 0x100) {
        if (opost) this.outputChar(op, out);
        else out.push(op);
      } else if (op === OP_SET_CANON_COL) {
        this.canonColumn = this.column;
      } else if (op === OP_MOVE_BACK_COL) {
        if (this.column > 0) this.column--;
      } else if (op & OP_ERASE_TAB) {
        let numChars = op & 0xff;
        if (!(numChars & 0x80)) numChars += this.canonColumn;
        let numBs = 8 - (numChars & 7);
        while (numBs--) {
          out.push(8);
          if (this.column > 0) this.column--;
        }
      } else {
        out.push(0x5e);
        out.push((op & 0xff) ^ 0o100);
        this.column += 2;
      }
    }
    if (out.length > 0) this.port.emit(out.bytes());
  }

  /** One character through OPOST (n_tty do_output_char), appended to `out`. */
  private outputChar(input: number, out: ByteSink): void {
    let c = input;
    const oflag = this.termios.oflag;
    switch (c) {
      case 10:
        if (oflag & ONLRET) this.column = 0;
        if (oflag & ONLCR) {
          this.canonColumn = this.column = 0;
          out.push(13);
          out.push(10);
          return;
        }
        this.canonColumn = this.column;
        break;
      case 13:
        if (oflag & ONOCR && this.column === 0) return;
        if (oflag & OCRNL) {
          c = 10;
          if (oflag & ONLRET) this.canonColumn = this.column = 0;
          break;
        }
        this.canonColumn = this.column = 0;
        break;
      case 9: {
        const spaces = 8 - (this.column & 7);
        this.column += spaces;
        if ((oflag & TABDLY) === XTABS) {
          for (let i = 0; i < spaces; i++) out.push(0x20);
          return;
        }
        break;
      }
      case 8:
        if (this.column > 0) this.column--;
        break;
      default:
        if (!isCntrl(c)) {
          if (oflag & OLCUC) c = toUpper(c);
          if (!this.isContinuation(c)) this.column++;
        }
        break;
    }
    out.push(c);
  }

  /**
   * Output processing of write(2) data: as much of `data` as fits in `room`
   * bytes of terminal output. Returns the bytes of `data` consumed and the
   * output. Without OPOST the data passes unchanged.
   */
  processOutput(data: Uint8Array, room: number): { consumed: number; out: Uint8Array } {
    this.processEchoes();
    const oflag = this.termios.oflag;
    if (!(oflag & OPOST)) {
      const n = Math.min(room, data.length);
      return { consumed: n, out: data.slice(0, n) };
    }
    const out = new ByteSink(Math.min(room, data.length + (data.length >> 3) + 16));
    // Printable characters (the common case) only move the column.
    const plain = !(oflag & OLCUC);
    const utf8 = this.I(IUTF8);
    let i = 0;
    for (; i < data.length; i++) {
      if (out.length >= room) break;
      const c = data[i];
      if (plain && c >= 0x20 && c !== 0x7f) {
        out.push(c);
        if (!utf8 || (c & 0xc0) !== 0x80) this.column++;
        continue;
      }
      const before = out.length;
      const col = this.column;
      const canonCol = this.canonColumn;
      this.outputChar(c, out);
      if (out.length > room && before > 0) {
        out.length = before;
        this.column = col;
        this.canonColumn = canonCol;
        break;
      }
    }
    return { consumed: i, out: out.bytes() };
  }
}

/** A growable byte buffer. */
class ByteSink {
  private buf: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }
  push(b: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = b;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
