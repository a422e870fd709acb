// Signal numbers and sigaction constants (include/uapi/asm-generic/signal.h).
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGSTKFLT = 16;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGIO = 29;
export const SIGPWR = 30;
export const SIGSYS = 31;
export const SIGRTMIN = 32;
export const NSIG = 64;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SA_RESTORER = 0x04000000;

/** MINSIGSTKSZ for arm64 (arch/arm64/include/uapi/asm/signal.h). */
export const MINSIGSTKSZ = 5120;

const NAMES = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP',
  'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR',
  'SIGSYS',
];

/** "SIGSEGV", or "SIGRT<n>" / the number for signals without a name. */
export function signalName(sig: number): string {
  if (sig > 0 && sig < NAMES.length) return NAMES[sig];
  if (sig >= SIGRTMIN && sig <= NSIG) return `SIGRT${sig - SIGRTMIN}`;
  return String(sig);
}

/** Signals whose default action is to ignore (signal(7)); the rest of 1..31 terminate or stop. */
export function defaultIgnored(sig: number): boolean {
  return sig === SIGCHLD || sig === SIGURG || sig === SIGWINCH || sig === SIGCONT;
}

/** Signals whose default action is to stop the process. */
export function defaultStops(sig: number): boolean {
  return sig === SIGSTOP || sig === SIGTSTP || sig === SIGTTIN || sig === SIGTTOU;
}
