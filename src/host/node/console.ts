// The guest's stdio on the host process's stdin/stdout/stderr. Output is
// written synchronously (fs.writeSync) so ordering with Flint's own messages
// is exact. Input is read through a 'data' listener, started on the guest's
// first read so a guest that never reads leaves stdin untouched. When the
// guest's console is a tty (stdin is a terminal), the host terminal is put in
// raw mode so ^C, ^Z and ^D reach the guest's line discipline as bytes, and
// the mode is restored on every way out: a normal exit, an uncaught
// exception (both emit 'exit'), and SIGTERM, SIGHUP, SIGINT or SIGQUIT sent
// to the host process (restored, then the signal is raised again).
import { fstatSync, readlinkSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { isatty } from 'node:tty';
import type { StdioConsole } from '../../fs/console_file.js';
import { hostErrno } from './errno_map.js';
import { toStat } from './host_fs.js';
import type { Stat } from '../../abi/linux/stat.js';
import { hostTool } from './host_tool.js';
import { InputQueue } from './input_queue.js';

/** Signals that end the host process by default: the terminal mode is restored first. */
const RESTORE_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'];

export class NodeConsole implements StdioConsole {
  private readonly queue = new InputQueue();
  private listening = false;
  private readonly wakers: Array<() => void> = [];
  private raw = false;
  private restoreHooked = false;

  write(fd: number, data: Uint8Array): void {
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(fd, data, off, data.length - off);
      } catch (e) {
        // A non-blocking pipe that is full: try again (the guest expects a blocking write).
        if (e !== null && typeof e === 'object' && 'code' in e && e.code === 'EAGAIN') continue;
        // EPIPE (the reader is gone) and the rest reach the guest as errno values.
        throw hostErrno(e);
      }
    }
  }

  readAvailable(max: number): Uint8Array | null {
    this.listen();
    return this.queue.take(max);
  }

  onInput(wake: () => void): void {
    this.wakers.push(wake);
  }

  inputEnded(): boolean {
    return this.queue.ended;
  }

  /** The host's own description of stream `fd`: fstat and the /proc/self/fd link (Linux hosts). */
  streamInfo(fd: number): { stat: Stat; path: string } | null {
    try {
      return { stat: toStat(fstatSync(fd, { bigint: true })), path: readlinkSync(`/proc/self/fd/${fd}`) };
    } catch {
      return null;
    }
  }

  isTty(): boolean {
    return isatty(0);
  }

  isTtyFd(fd: number): boolean {
    return isatty(fd);
  }

  windowSize(): { rows: number; cols: number } | null {
    const out = process.stdout;
    return out.isTTY ? { rows: out.rows, cols: out.columns } : null;
  }

  setRaw(raw: boolean): void {
    const stdin = process.stdin;
    if (!stdin.isTTY || raw === this.raw) return;
    if (raw) this.hookRestore();
    try {
      stdin.setRawMode(raw);
      this.raw = raw;
    } catch {
      // The terminal is gone (hung up): there is nothing left to restore.
      this.raw = false;
      return;
    }
    // Node's raw mode keeps output processing (OPOST|ONLCR): the guest's line discipline
    // already did that, and a bare \n from a full-screen program must stay a line feed.
    // Leaving raw mode restores the settings saved before it, OPOST included.
    if (raw) {
      try {
        execFileSync(hostTool('stty'), ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
      } catch {
        // No stty on the host: output gets a second CR before each LF, which terminals ignore.
      }
    }
  }

  onResize(resized: (rows: number, cols: number) => void): void {
    const out = process.stdout;
    if (!out.isTTY) return;
    out.on('resize', () => resized(out.rows, out.columns));
  }

  /** Restore the host terminal however the process ends. */
  private hookRestore(): void {
    if (this.restoreHooked) return;
    this.restoreHooked = true;
    process.on('exit', () => this.setRaw(false));
    for (const signal of RESTORE_SIGNALS) {
      const onSignal = (): void => {
        this.setRaw(false);
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      };
      process.on(signal, onSignal);
    }
  }

  /** Stop reading stdin and restore the terminal so the host process can exit. */
  close(): void {
    this.setRaw(false);
    if (this.listening) process.stdin.pause();
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    process.stdin.on('data', (chunk: Buffer) => {
      this.queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      this.wake();
    });
    process.stdin.on('end', () => {
      this.queue.ended = true;
      this.wake();
    });
    process.stdin.on('error', () => {
      this.queue.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.wakers) w();
  }
}
