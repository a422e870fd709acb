// siginfo_t on arm64 (include/uapi/asm-generic/siginfo.h): 128 bytes, the
// header si_signo/si_errno/si_code, then a union at 16 whose member depends on
// the signal and si_code. Offsets match the static_asserts at the end of
// arch/arm64/kernel/signal.c.

export const SI_SIGNO = 0x00;
export const SI_ERRNO = 0x04;
export const SI_CODE = 0x08;
/** kill, sigqueue, SIGCHLD: sender pid and real uid. */
export const SI_PID = 0x10;
export const SI_UID = 0x14;
/** POSIX timers: timer id and overrun count. */
export const SI_TID = 0x10;
export const SI_OVERRUN = 0x14;
/** sigqueue and timers: union sigval (int or pointer). */
export const SI_VALUE = 0x18;
/** SIGCHLD: exit status or signal, user and system time in clock ticks. */
export const SI_STATUS = 0x18;
export const SI_UTIME = 0x20;
export const SI_STIME = 0x28;
/** SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: the faulting address. */
export const SI_ADDR = 0x10;
export const SI_ADDR_LSB = 0x18;
/** SIGPOLL: band event and file descriptor. */
export const SI_BAND = 0x10;
export const SI_FD = 0x18;
/** SIGSYS (seccomp). */
export const SI_CALL_ADDR = 0x10;
export const SI_SYSCALL = 0x18;
export const SI_ARCH = 0x1c;

/** si_code values for signals sent by a process or the kernel. */
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TIMER = -2;
export const SI_MESGQ = -3;
export const SI_ASYNCIO = -4;
export const SI_SIGIO = -5;
export const SI_TKILL = -6;

export const ILL_ILLOPC = 1;
export const ILL_ILLOPN = 2;
export const ILL_ILLADR = 3;
export const ILL_ILLTRP = 4;
export const ILL_PRVOPC = 5;
export const FPE_INTDIV = 1;
export const FPE_FLTDIV = 3;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const BUS_ADRALN = 1;
export const BUS_ADRERR = 2;
export const BUS_OBJERR = 3;
export const TRAP_BRKPT = 1;
export const TRAP_TRACE = 2;
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_DUMPED = 3;
export const CLD_TRAPPED = 4;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;
export const POLL_IN = 1;
export const POLL_OUT = 2;
export const POLL_MSG = 3;
export const POLL_ERR = 4;
export const POLL_PRI = 5;
export const POLL_HUP = 6;
