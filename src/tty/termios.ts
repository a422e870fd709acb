// struct termios as a value: decode from and encode to the guest's 36-byte
// struct termios (or the 44-byte struct termios2 with explicit speeds). A
// fresh tty has the settings of a newly allocated Linux pty slave
// (tty_std_termios): ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD,
// ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN and INIT_C_CC. Linux sets
// no IUTF8 on a new pty (checked on a host: c_iflag is 02400).
import {
  B38400, BOTHER, CBAUD, CREAD, CS8, ECHO, ECHOCTL, ECHOE, ECHOK, ECHOKE, IBSHIFT, ICANON, ICRNL, IEXTEN,
  INIT_C_CC, ISIG, IXON, NCCS, ONLCR, OPOST, TERMIOS2_ISPEED_OFF, TERMIOS2_OSPEED_OFF, TERMIOS2_SIZE,
  TERMIOS_CC_OFF, TERMIOS_CFLAG_OFF, TERMIOS_IFLAG_OFF, TERMIOS_LFLAG_OFF, TERMIOS_LINE_OFF, TERMIOS_OFLAG_OFF,
  TERMIOS_SIZE, baudRate,
} from '../abi/linux/termios.js';

export class Termios {
  iflag = ICRNL | IXON;
  oflag = OPOST | ONLCR;
  cflag = B38400 | CS8 | CREAD;
  lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
  line = 0;
  readonly cc = Uint8Array.from(INIT_C_CC);
  ispeed = 38400;
  ospeed = 38400;

  /** A fresh tty's settings. */
  static defaults(): Termios {
    return new Termios();
  }

  /** The settings of a pty master (Linux's ptm init_termios: no processing at all). */
  static raw(): Termios {
    const t = new Termios();
    t.iflag = 0;
    t.oflag = 0;
    t.lflag = 0;
    return t;
  }

  /** Decode a struct termios (36 bytes) or struct termios2 (44 bytes). */
  static decode(bytes: Uint8Array): Termios {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const t = new Termios();
    t.iflag = v.getUint32(TERMIOS_IFLAG_OFF, true);
    t.oflag = v.getUint32(TERMIOS_OFLAG_OFF, true);
    t.cflag = v.getUint32(TERMIOS_CFLAG_OFF, true);
    t.lflag = v.getUint32(TERMIOS_LFLAG_OFF, true);
    t.line = bytes[TERMIOS_LINE_OFF];
    t.cc.set(bytes.subarray(TERMIOS_CC_OFF, TERMIOS_CC_OFF + NCCS));
    if (bytes.length >= TERMIOS2_SIZE) {
      t.ispeed = v.getUint32(TERMIOS2_ISPEED_OFF, true);
      t.ospeed = v.getUint32(TERMIOS2_OSPEED_OFF, true);
    }
    // The speed codes in c_cflag win unless they say BOTHER (as tty_termios_baud_rate).
    if ((t.cflag & CBAUD) !== BOTHER) t.ospeed = baudRate(t.cflag & CBAUD);
    const icode = (t.cflag >>> IBSHIFT) & CBAUD;
    if (icode !== 0 && icode !== BOTHER) t.ispeed = baudRate(icode);
    else if (icode === 0 && bytes.length < TERMIOS2_SIZE) t.ispeed = t.ospeed;
    return t;
  }

  /** The 36-byte struct termios, or with `termios2` the 44-byte struct termios2. */
  encode(termios2 = false): Uint8Array {
    const out = new Uint8Array(termios2 ? TERMIOS2_SIZE : TERMIOS_SIZE);
    const v = new DataView(out.buffer);
    v.setUint32(TERMIOS_IFLAG_OFF, this.iflag >>> 0, true);
    v.setUint32(TERMIOS_OFLAG_OFF, this.oflag >>> 0, true);
    v.setUint32(TERMIOS_CFLAG_OFF, this.cflag >>> 0, true);
    v.setUint32(TERMIOS_LFLAG_OFF, this.lflag >>> 0, true);
    out[TERMIOS_LINE_OFF] = this.line;
    out.set(this.cc, TERMIOS_CC_OFF);
    if (termios2) {
      v.setUint32(TERMIOS2_ISPEED_OFF, this.ispeed >>> 0, true);
      v.setUint32(TERMIOS2_OSPEED_OFF, this.ospeed >>> 0, true);
    }
    return out;
  }

  clone(): Termios {
    const t = new Termios();
    t.iflag = this.iflag;
    t.oflag = this.oflag;
    t.cflag = this.cflag;
    t.lflag = this.lflag;
    t.line = this.line;
    t.cc.set(this.cc);
    t.ispeed = this.ispeed;
    t.ospeed = this.ospeed;
    return t;
  }
}
