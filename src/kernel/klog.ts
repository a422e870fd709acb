// The kernel log (kernel/printk/printk.c): a ring of records, each with a
// sequence number, a timestamp since boot, a syslog facility and level and
// one line of text. syslog(2) (syscalls/syslog.ts) reads it as text lines
// "<6>[    0.000000] text"; /dev/kmsg (kmsgDevice) reads one record per
// read as "prio,seq,usec,-;text" and turns each write into a record.
// Records below the console level are also shown on the console.
import { EAGAIN, EINVAL, EPIPE } from '../abi/linux/errno.js';
import { POLLERR, POLLIN, POLLOUT, POLLPRI, POLLRDNORM } from '../abi/linux/poll.js';
import type { FileOps } from '../fs/inode.js';
import { WaitQueue, WouldBlock } from '../fs/wait_queue.js';
import { Errno } from './errno.js';

/** Log levels (linux/kern_levels.h). */
export const LOGLEVEL_EMERG = 0;
export const LOGLEVEL_WARNING = 4;
export const LOGLEVEL_NOTICE = 5;
export const LOGLEVEL_INFO = 6;
export const LOGLEVEL_DEBUG = 7;
/** Facility of messages written to /dev/kmsg (LOG_USER). */
const LOG_USER = 1;
/** CONFIG_LOG_BUF_SHIFT=17: 128 KiB of log (SYSLOG_ACTION_SIZE_BUFFER). */
export const LOG_BUF_LEN = 1 << 17;
/** Linux's CONSOLE_LOGLEVEL_DEFAULT, and the floor syslog(2) enforces. */
export const CONSOLE_LOGLEVEL_DEFAULT = 7;
export const CONSOLE_LOGLEVEL_MIN = 1;
/** default_message_loglevel: the level of a /dev/kmsg write without a <N> prefix. */
const DEFAULT_MESSAGE_LOGLEVEL = 4;
/** Longest record text (PRINTKRB_RECORD_MAX minus the prefix room). */
const MAX_TEXT = 1024 - 32;

export interface LogRecord {
  seq: number;
  /** Nanoseconds since boot. */
  tsNs: bigint;
  facility: number;
  level: number;
  text: string;
}

/** "[    1.234567] " as printk prints the time. */
export function timePrefix(tsNs: bigint): string {
  const sec = tsNs / 1_000_000_000n;
  const usec = (tsNs % 1_000_000_000n) / 1000n;
  return `[${sec.toString().padStart(5, ' ')}.${usec.toString().padStart(6, '0')}] `;
}

export class KernelLog {
  private records: LogRecord[] = [];
  private bytes = 0;
  /** Sequence number of the next record. */
  nextSeq = 0;
  /** SYSLOG_ACTION_CLEAR moves this: READ_ALL starts here. */
  clearSeq = 0;
  /** SYSLOG_ACTION_READ consumes from here. */
  syslogSeq = 0;
  /** Records with a level below this are shown on the console. */
  consoleLevel = CONSOLE_LOGLEVEL_DEFAULT;
  /** Saved by SYSLOG_ACTION_CONSOLE_OFF, restored by CONSOLE_ON; -1 when none is saved. */
  savedConsoleLevel = -1;
  /** Woken when a record is added (blocked SYSLOG_ACTION_READ and /dev/kmsg readers). */
  readonly waiters = new WaitQueue();

  constructor(
    /** Nanoseconds since boot. */
    private readonly now: () => bigint,
    /** Where console-level records are printed (one line, with its newline). */
    public console: ((line: string) => void) | null = null,
    readonly capacity = LOG_BUF_LEN,
  ) {}

  /** printk: add one record per line of `text` (a trailing newline is dropped). */
  add(text: string, level = LOGLEVEL_INFO, facility = 0): void {
    const lines = text.replace(/\n$/, '').split('\n');
    const ts = this.now();
    for (const line of lines) {
      const rec: LogRecord = { seq: this.nextSeq++, tsNs: ts, facility, level, text: line.slice(0, MAX_TEXT) };
      this.records.push(rec);
      this.bytes += rec.text.length + 16;
      while (this.bytes > this.capacity && this.records.length > 1) {
        const old = this.records.shift();
        if (old !== undefined) this.bytes -= old.text.length + 16;
      }
      if (this.console !== null && level < this.consoleLevel) this.console(timePrefix(rec.tsNs) + rec.text + '\n');
    }
    this.waiters.wakeAll();
  }

  /** Sequence number of the oldest record still held. */
  get firstSeq(): number {
    return this.records.length > 0 ? this.records[0].seq : this.nextSeq;
  }

  /** Records with seq >= `from` (clamped to what is held). */
  since(from: number): LogRecord[] {
    const first = this.firstSeq;
    return this.records.slice(Math.max(0, from - first));
  }

  /** The record with sequence number `seq`, or null when it is gone or not yet written. */
  record(seq: number): LogRecord | null {
    const i = seq - this.firstSeq;
    return i >= 0 && i < this.records.length ? this.records[i] : null;
  }

  /** The whole log as dmesg prints it: one "[    0.000000] text" line per record. */
  text(): string {
    return this.records.map((r) => timePrefix(r.tsNs) + r.text + '\n').join('');
  }
}

/** A record as syslog(2) returns it: "<prio>[time] text\n". */
export function syslogLine(r: LogRecord): string {
  return `<${(r.facility << 3) | r.level}>${timePrefix(r.tsNs)}${r.text}\n`;
}

/** A record as a /dev/kmsg read returns it: "prio,seq,usec,-;text\n" (non-printable bytes as \xNN). */
export function kmsgLine(r: LogRecord): string {
  const text = r.text.replace(/[\x00-\x1f\x7f-\xff\\]/g, (c) => (c === '\n' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return `${(r.facility << 3) | r.level},${r.seq},${r.tsNs / 1000n},-;${text}\n`;
}

function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/**
 * The driver of /dev/kmsg (char 1:11): each open starts at the oldest record;
 * a read returns exactly one record (EINVAL when it does not fit, EPIPE once
 * when records were lost before it could read them); a write adds a record,
 * "<N>" at its start giving the facility and level.
 */
export function kmsgDevice(log: KernelLog): () => FileOps {
  return () => {
    let seq = log.firstSeq;
    return {
      seekable: false,
      read: (len, _pos, nonblock) => {
        if (seq < log.firstSeq) {
          seq = log.firstSeq;
          throw new Errno(EPIPE);
        }
        const r = log.record(seq);
        if (r === null) {
          if (nonblock) throw new Errno(EAGAIN);
          throw new WouldBlock(log.waiters);
        }
        const line = latin1(kmsgLine(r));
        if (line.length > len) throw new Errno(EINVAL);
        seq++;
        return line;
      },
      write: (data) => {
        let text = '';
        for (let i = 0; i < data.length; i++) text += String.fromCharCode(data[i]);
        let level = DEFAULT_MESSAGE_LOGLEVEL;
        let facility = LOG_USER;
        const m = /^<(\d+)>/.exec(text);
        if (m) {
          const u = Number(m[1]) >>> 0;
          level = u & 7;
          if (u >> 3 !== 0) facility = (u >> 3) & 0xff;
          text = text.slice(m[0].length);
        }
        log.add(text, level, facility);
        return data.length;
      },
      poll: () => {
        const ready = log.record(seq) !== null || seq < log.firstSeq;
        return { events: POLLOUT | (ready ? POLLIN | POLLRDNORM : 0) | (seq < log.firstSeq ? POLLPRI | POLLERR : 0), queues: [log.waiters] };
      },
    };
  };
}
