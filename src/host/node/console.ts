// The guest's stdio on the host process's stdin/stdout/stderr. Output is
// written synchronously (fs.writeSync) so ordering with Flint's own messages
// is exact. Input is read through a 'data' listener, started on the guest's
// first read so a guest that never reads leaves stdin untouched.
import { fstatSync, readlinkSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { StdioConsole } from '../../fs/console_file.js';
import { hostErrno } from './errno_map.js';
import { toStat } from './host_fs.js';
import type { Stat } from '../../abi/linux/stat.js';

export class NodeConsole implements StdioConsole {
  private chunks: Uint8Array[] = [];
  private ended = false;
  private listening = false;
  private readonly wakers: Array<() => void> = [];

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
    if (this.chunks.length === 0) return this.ended ? null : new Uint8Array(0);
    const first = this.chunks[0];
    if (first.length <= max) {
      this.chunks.shift();
      return first;
    }
    this.chunks[0] = first.subarray(max);
    return first.subarray(0, max);
  }

  onInput(wake: () => void): void {
    this.wakers.push(wake);
  }

  inputEnded(): boolean {
    return this.ended;
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

  /** Stop reading stdin so the host process can exit. */
  close(): void {
    if (this.listening) process.stdin.pause();
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    process.stdin.on('data', (chunk: Buffer) => {
      this.chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      this.wake();
    });
    process.stdin.on('end', () => {
      this.ended = true;
      this.wake();
    });
    process.stdin.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.wakers) w();
  }
}
