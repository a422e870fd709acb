// The console tty: a Tty whose terminal side is the host's Console port.
// Output (after OPOST) goes to console.write(1, ...); input is pulled from
// the port as soon as it announces some (onInput), so echo and the signal
// characters (^C, ^Z, ^\) act when the key arrives, whether or not a guest
// is reading, as on a real terminal.
//
// End of host input (readAvailable() === null) means the terminal has gone
// away (a host terminal in raw mode never reports ^D as the end): the
// console is hung up as a modem hangup would, once: SIGHUP and SIGCONT to the
// session leader, the session loses its controlling tty, files open at that
// moment read 0 and fail writes with EIO. Files opened afterwards work again
// (the tty can be reopened, as on Linux), reading 0 at once since no more
// input will come. Output the host refuses (EPIPE, EIO) is a hangup too;
// output after that is dropped.
import { makeDev } from '../abi/linux/stat.js';
import { Errno } from '../kernel/errno.js';
import type { Console } from '../kernel/ports.js';
import { Tty } from './tty.js';
import type { JobControl } from './tty.js';

/** /dev/console is 5:1. */
export const CONSOLE_RDEV = makeDev(5, 1);

/** Bytes pulled from the port per readAvailable call. */
const PULL_CHUNK = 4096;

export interface ConsoleTtyOptions {
  console: Console;
  jobs: JobControl;
  /** CLOCK_MONOTONIC in ns (VTIME timers). */
  now?: () => bigint;
  name?: string;
  rdev?: number;
}

export class ConsoleTty extends Tty {
  /** The host's input has ended for good. */
  inputEnded = false;
  /** The host's output failed: later output is dropped. */
  outputEnded = false;
  private readonly port: Console;

  constructor(opts: ConsoleTtyOptions) {
    const port = opts.console;
    super({
      name: opts.name ?? 'console',
      rdev: opts.rdev ?? CONSOLE_RDEV,
      jobs: opts.jobs,
      now: opts.now,
      winsize: port.windowSize() ?? { rows: 24, cols: 80 },
      driver: { output: (bytes) => this.output(bytes) },
    });
    this.port = port;
    port.onInput(() => this.pull());
    this.pull();
  }

  /** Output to the host; a host that can no longer take it (EPIPE, EIO) has hung up. */
  private output(bytes: Uint8Array): void {
    if (this.outputEnded) return;
    try {
      this.port.write(1, bytes);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      this.outputEnded = true;
      this.hangup();
    }
  }

  /** Move what the host has typed into the line discipline. */
  pull(): void {
    if (this.inputEnded) return;
    for (;;) {
      const got = this.port.readAvailable(PULL_CHUNK);
      if (got === null) {
        this.inputEnded = true;
        this.hangup();
        return;
      }
      if (got.length === 0) return;
      this.receive(got);
    }
  }

  /** After the end of host input no more will come: a read that finds nothing returns 0. */
  protected override get inputEof(): boolean {
    return this.inputEnded;
  }
}
