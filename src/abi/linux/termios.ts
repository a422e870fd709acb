// Terminal settings (asm-generic/termbits.h, termbits-common.h): the bits of
// struct termios's four flag words, the c_cc indices, and the struct layout
// (36 bytes: c_iflag, c_oflag, c_cflag, c_lflag as u32, c_line u8, c_cc[19]).
// struct termios2 (TCGETS2/TCSETS2) appends c_ispeed and c_ospeed (44 bytes).

// c_cc indices.
export const VINTR = 0;
export const VQUIT = 1;
export const VERASE = 2;
export const VKILL = 3;
export const VEOF = 4;
export const VTIME = 5;
export const VMIN = 6;
export const VSWTC = 7;
export const VSTART = 8;
export const VSTOP = 9;
export const VSUSP = 10;
export const VEOL = 11;
export const VREPRINT = 12;
export const VDISCARD = 13;
export const VWERASE = 14;
export const VLNEXT = 15;
export const VEOL2 = 16;
export const NCCS = 19;

// c_iflag.
export const IGNBRK = 0o1;
export const BRKINT = 0o2;
export const IGNPAR = 0o4;
export const PARMRK = 0o10;
export const INPCK = 0o20;
export const ISTRIP = 0o40;
export const INLCR = 0o100;
export const IGNCR = 0o200;
export const ICRNL = 0o400;
export const IUCLC = 0o1000;
export const IXON = 0o2000;
export const IXANY = 0o4000;
export const IXOFF = 0o10000;
export const IMAXBEL = 0o20000;
export const IUTF8 = 0o40000;

// c_oflag.
export const OPOST = 0o1;
export const OLCUC = 0o2;
export const ONLCR = 0o4;
export const OCRNL = 0o10;
export const ONOCR = 0o20;
export const ONLRET = 0o40;
export const OFILL = 0o100;
export const OFDEL = 0o200;
export const NLDLY = 0o400;
export const NL0 = 0;
export const NL1 = 0o400;
export const CRDLY = 0o3000;
export const CR0 = 0;
export const CR1 = 0o1000;
export const CR2 = 0o2000;
export const CR3 = 0o3000;
export const TABDLY = 0o14000;
export const TAB0 = 0;
export const TAB1 = 0o4000;
export const TAB2 = 0o10000;
export const TAB3 = 0o14000;
export const XTABS = 0o14000;
export const BSDLY = 0o20000;
export const BS0 = 0;
export const BS1 = 0o20000;
export const VTDLY = 0o40000;
export const VT0 = 0;
export const VT1 = 0o40000;
export const FFDLY = 0o100000;
export const FF0 = 0;
export const FF1 = 0o100000;

// c_cflag.
export const CBAUD = 0o10017;
export const B0 = 0;
export const B50 = 0o1;
export const B75 = 0o2;
export const B110 = 0o3;
export const B134 = 0o4;
export const B150 = 0o5;
export const B200 = 0o6;
export const B300 = 0o7;
export const B600 = 0o10;
export const B1200 = 0o11;
export const B1800 = 0o12;
export const B2400 = 0o13;
export const B4800 = 0o14;
export const B9600 = 0o15;
export const B19200 = 0o16;
export const B38400 = 0o17;
export const EXTA = B19200;
export const EXTB = B38400;
export const CSIZE = 0o60;
export const CS5 = 0;
export const CS6 = 0o20;
export const CS7 = 0o40;
export const CS8 = 0o60;
export const CSTOPB = 0o100;
export const CREAD = 0o200;
export const PARENB = 0o400;
export const PARODD = 0o1000;
export const HUPCL = 0o2000;
export const CLOCAL = 0o4000;
export const CBAUDEX = 0o10000;
export const BOTHER = 0o10000;
export const B57600 = 0o10001;
export const B115200 = 0o10002;
export const B230400 = 0o10003;
export const B460800 = 0o10004;
export const B500000 = 0o10005;
export const B576000 = 0o10006;
export const B921600 = 0o10007;
export const B1000000 = 0o10010;
export const B1152000 = 0o10011;
export const B1500000 = 0o10012;
export const B2000000 = 0o10013;
export const B2500000 = 0o10014;
export const B3000000 = 0o10015;
export const B3500000 = 0o10016;
export const B4000000 = 0o10017;
export const CIBAUD = 0o2003600000;
/** c_cflag >> IBSHIFT is the input speed field. */
export const IBSHIFT = 16;
export const CMSPAR = 0o10000000000;
export const CRTSCTS = 0o20000000000;

// c_lflag.
export const ISIG = 0o1;
export const ICANON = 0o2;
export const XCASE = 0o4;
export const ECHO = 0o10;
export const ECHOE = 0o20;
export const ECHOK = 0o40;
export const ECHONL = 0o100;
export const NOFLSH = 0o200;
export const TOSTOP = 0o400;
export const ECHOCTL = 0o1000;
export const ECHOPRT = 0o2000;
export const ECHOKE = 0o4000;
export const FLUSHO = 0o10000;
export const PENDIN = 0o40000;
export const IEXTEN = 0o100000;
export const EXTPROC = 0o200000;

// tcflow(3) (TCXONC), tcflush(3) (TCFLSH), tcsetattr(3) actions.
export const TCOOFF = 0;
export const TCOON = 1;
export const TCIOFF = 2;
export const TCION = 3;
export const TCIFLUSH = 0;
export const TCOFLUSH = 1;
export const TCIOFLUSH = 2;
export const TCSANOW = 0;
export const TCSADRAIN = 1;
export const TCSAFLUSH = 2;

// TIOCPKT status bytes (the first byte of a packet-mode master read).
export const TIOCPKT_DATA = 0;
export const TIOCPKT_FLUSHREAD = 1;
export const TIOCPKT_FLUSHWRITE = 2;
export const TIOCPKT_STOP = 4;
export const TIOCPKT_START = 8;
export const TIOCPKT_NOSTOP = 16;
export const TIOCPKT_DOSTOP = 32;
export const TIOCPKT_IOCTL = 64;

// Line disciplines (TIOCGETD/TIOCSETD).
export const N_TTY = 0;

/** A c_cc entry with this value is disabled (_POSIX_VDISABLE). */
export const VDISABLE = 0;

// struct termios / termios2 layout.
export const TERMIOS_SIZE = 36;
export const TERMIOS2_SIZE = 44;
export const TERMIOS_IFLAG_OFF = 0;
export const TERMIOS_OFLAG_OFF = 4;
export const TERMIOS_CFLAG_OFF = 8;
export const TERMIOS_LFLAG_OFF = 12;
export const TERMIOS_LINE_OFF = 16;
export const TERMIOS_CC_OFF = 17;
export const TERMIOS2_ISPEED_OFF = 36;
export const TERMIOS2_OSPEED_OFF = 40;

/** struct winsize: ws_row, ws_col, ws_xpixel, ws_ypixel as u16. */
export const WINSIZE_SIZE = 8;

/** Linux's INIT_C_CC: ^C ^\ DEL ^U ^D time 0 min 1 swtc 0 ^Q ^S ^Z eol 0 ^R ^O ^W ^V eol2 0. */
export const INIT_C_CC: readonly number[] = [
  0x03, 0x1c, 0x7f, 0x15, 0x04, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0, 0, 0,
];

/** The baud rate a CBAUD code stands for (0 for B0 or an unknown code). */
export function baudRate(code: number): number {
  const low = [0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400];
  const high = [
    0, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000,
    3000000, 3500000, 4000000,
  ];
  if (code & CBAUDEX) return high[code & 0o17];
  return low[code & 0o17];
}
