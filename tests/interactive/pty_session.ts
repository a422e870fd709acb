// A pseudo-terminal session for interactive tests: a command runs under a real pty made by
// util-linux `script` (script -qfec "/bin/stty rows R cols C; exec CMD" /dev/null), the test
// types keys into it and waits for text to appear on the screen. There are no timed
// assertions: every timeout is only a safety net against a hang, and a failure shows the
// last 2 KB of what the terminal printed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants } from 'node:os';

/** Keys as the terminal sends them. */
export const KEY = {
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlZ: '\x1a',
  ctrlBackslash: '\x1c',
  enter: '\r',
  tab: '\t',
  escape: '\x1b',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
} as const;

/** The default safety net for expect(): generous, never a measure of speed. */
export const DEFAULT_EXPECT_TIMEOUT_MS = 20_000;

/** How much of the screen a failure message shows. */
const TAIL_BYTES = 2048;

export interface PtySessionOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly rows?: number;
  readonly cols?: number;
  /** The safety net of expect() and waitExit() when the call gives none (default 20 s). */
  readonly timeoutMs?: number;
}

export interface PtyExit {
  /** As a shell reports it: the exit code, or 128+N when the command was killed by signal N. */
  readonly status: number;
}

/** Quotes one word for /bin/sh. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// Cursor positioning (ESC [ row ; col H) starts a new line of text: full-screen programs
// (vi, less, top) draw their lines that way.
const CURSOR_POSITION = /\x1b\[[0-9;]*[Hf]/g;
// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), charset designations (ESC ( B) and
// two-byte escapes (ESC 7, ESC =, ESC M ...).
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()*+][0-9A-Za-z]|\x1b[0-9=>@-Z\\^_`a-z~]/g;
// Control characters other than newline and tab (carriage returns, backspaces, BEL...).
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * Text with terminal escape sequences and control characters (except \n and \t) removed;
 * a cursor positioning sequence becomes a newline.
 */
export function stripAnsi(raw: string): string {
  return raw.replace(CURSOR_POSITION, '\n').replace(ANSI_ESCAPE, '').replace(CONTROL, '');
}

function signalNumber(signal: NodeJS.Signals): number {
  return (constants.signals as Record<string, number | undefined>)[signal] ?? 0;
}

function describe(pattern: RegExp | string): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
}

interface Waiter {
  check(): boolean;
}

export class PtySession {
  private rawText = '';
  /** Where the next expect() starts looking, as an offset into the stripped text. */
  private cursor = 0;
  private exitResult: PtyExit | null = null;
  private readonly waiters = new Set<Waiter>();
  readonly exited: Promise<PtyExit>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly commandLine: string,
    private readonly defaultTimeoutMs: number,
  ) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const onData = (text: string): void => {
      this.rawText += text;
      this.poke();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.stdin.on('error', () => {
      // The session may end while keys are still being sent; expect() reports that.
    });
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exitResult = { status: signal ? 128 + signalNumber(signal) : (code ?? 0) };
        this.poke();
        resolve(this.exitResult);
      });
    });
  }

  /**
   * Starts argv[0] with argv[1..] under a new pty of the given size (default 24x80). The
   * command's controlling terminal is the pty; `script -e` exits with its status.
   */
  static spawn(argv: readonly string[], opts: PtySessionOptions): PtySession {
    const rows = opts.rows ?? 24;
    const cols = opts.cols ?? 80;
    const commandLine = argv.map(shellQuote).join(' ');
    const inner = `/bin/stty rows ${rows} cols ${cols}; exec ${commandLine}`;
    const child = spawn('/usr/bin/script', ['-qfec', inner, '/dev/null'], {
      cwd: opts.cwd,
      env: { ...opts.env, SHELL: '/bin/sh' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new PtySession(child, commandLine, opts.timeoutMs ?? DEFAULT_EXPECT_TIMEOUT_MS);
  }

  /** Everything the terminal printed so far, escapes included. */
  raw(): string {
    return this.rawText;
  }

  /** Everything the terminal printed so far, with escapes and control characters removed. */
  screen(): string {
    return stripAnsi(this.rawText);
  }

  /** The stripped text not yet consumed by expect(). */
  pending(): string {
    return this.screen().slice(this.cursor);
  }

  /** Types keys (see KEY) into the terminal. */
  write(keys: string): void {
    if (this.exitResult === null) this.child.stdin.write(keys);
  }

  /** Types a line and Enter. */
  line(text: string): void {
    this.write(`${text}${KEY.enter}`);
  }

  /**
   * Waits until the stripped screen text after the previous match holds pattern, and moves
   * past the match. Fails (with the last 2 KB of the screen) when the command exits first
   * or when the safety-net timeout passes.
   */
  expect(pattern: RegExp | string, timeoutMs = this.defaultTimeoutMs): Promise<RegExpExecArray> {
    const regex = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const flags = regex.flags.replace('g', '').replace('y', '');
    const search = new RegExp(regex.source, flags);
    return new Promise((resolve, reject) => {
      const finish = (waiter: Waiter): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          const text = this.screen();
          const m = search.exec(text.slice(this.cursor));
          if (m !== null) {
            this.cursor += m.index + m[0].length;
            finish(waiter);
            resolve(m);
            return true;
          }
          if (this.exitResult !== null) {
            finish(waiter);
            reject(new Error(this.failure(`expect(${describe(pattern)}): the command exited with status ${this.exitResult.status} first`)));
            return true;
          }
          return false;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(this.failure(`expect(${describe(pattern)}): not seen within the ${timeoutMs} ms safety net`)));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Waits for the command to exit (safety net: timeoutMs) and gives its status. */
  async waitExit(timeoutMs = this.defaultTimeoutMs): Promise<PtyExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(this.failure(`the command did not exit within the ${timeoutMs} ms safety net`))), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the session: kills script and the command if they are still running. */
  async close(): Promise<PtyExit> {
    if (this.exitResult === null) {
      this.child.stdin.end();
      this.child.kill('SIGHUP');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exitResult;
  }

  /** A failure message: what went wrong, then the end of the screen, stripped and raw. */
  failure(what: string): string {
    const screen = this.screen();
    const shown = screen.slice(Math.max(0, screen.length - TAIL_BYTES));
    const raw = this.rawText.slice(Math.max(0, this.rawText.length - TAIL_BYTES));
    return [
      `${what}`,
      `command: ${this.commandLine}`,
      `not yet matched: ${JSON.stringify(screen.slice(this.cursor).slice(-300))}`,
      `--- last ${shown.length} characters of the screen (escapes stripped) ---`,
      shown,
      `--- the same, raw ---`,
      JSON.stringify(raw),
    ].join('\n');
  }

  private poke(): void {
    for (const w of [...this.waiters]) w.check();
  }
}
