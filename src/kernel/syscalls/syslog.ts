// syslog(2) (klogctl in glibc): the kernel log buffer (klog.ts) as
// kernel/printk/printk.c's do_syslog serves it. With dmesg_restrict=0 (the
// default) anyone may READ_ALL and ask SIZE_BUFFER; every other action
// needs CAP_SYSLOG (euid 0), and a non-root caller gets EPERM for it before
// the action is even checked.
import { EINVAL, EPERM } from '../../abi/linux/errno.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { CONSOLE_LOGLEVEL_DEFAULT, CONSOLE_LOGLEVEL_MIN, type LogRecord, syslogLine } from '../klog.js';
import type { Task } from '../task/task.js';
import { WouldBlock } from '../../fs/wait_queue.js';
import type { SyscallArgs, SyscallDef } from './types.js';

export const SYSLOG_ACTION_CLOSE = 0;
export const SYSLOG_ACTION_OPEN = 1;
export const SYSLOG_ACTION_READ = 2;
export const SYSLOG_ACTION_READ_ALL = 3;
export const SYSLOG_ACTION_READ_CLEAR = 4;
export const SYSLOG_ACTION_CLEAR = 5;
export const SYSLOG_ACTION_CONSOLE_OFF = 6;
export const SYSLOG_ACTION_CONSOLE_ON = 7;
export const SYSLOG_ACTION_CONSOLE_LEVEL = 8;
export const SYSLOG_ACTION_SIZE_UNREAD = 9;
export const SYSLOG_ACTION_SIZE_BUFFER = 10;

function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** The newest records from `recs` whose syslog text fits in `len` bytes, as one text. */
function newestThatFit(recs: readonly LogRecord[], len: number): string {
  const lines = recs.map(syslogLine);
  let total = 0;
  let first = lines.length;
  while (first > 0 && total + lines[first - 1].length <= len) total += lines[--first].length;
  return lines.slice(first).join('');
}

function syslog(k: Kernel, t: Task, a: SyscallArgs): number {
  const type = a.int(0);
  const len = a.int(2);
  const log = k.klog;
  const unrestricted = type === SYSLOG_ACTION_READ_ALL || type === SYSLOG_ACTION_SIZE_BUFFER;
  if (!unrestricted && t.creds.euid !== 0) throw new Errno(EPERM);
  switch (type) {
    case SYSLOG_ACTION_CLOSE:
    case SYSLOG_ACTION_OPEN:
      return 0;
    case SYSLOG_ACTION_READ: {
      if (a.isNull(1) || len < 0) throw new Errno(EINVAL);
      if (len === 0) return 0;
      const recs = log.since(log.syslogSeq);
      if (recs.length === 0) throw new WouldBlock(log.waiters);
      let out = '';
      let taken = 0;
      for (const r of recs) {
        const line = syslogLine(r);
        if (out.length + line.length > len) {
          if (taken === 0) {
            out = line.slice(0, len);
            taken = 1;
          }
          break;
        }
        out += line;
        taken++;
      }
      t.mm.write(a.ptr(1), bytesOf(out));
      log.syslogSeq = recs[taken - 1].seq + 1;
      return out.length;
    }
    case SYSLOG_ACTION_READ_ALL:
    case SYSLOG_ACTION_READ_CLEAR: {
      if (a.isNull(1) || len < 0) throw new Errno(EINVAL);
      if (len === 0) return 0;
      const text = newestThatFit(log.since(log.clearSeq), len);
      t.mm.write(a.ptr(1), bytesOf(text));
      if (type === SYSLOG_ACTION_READ_CLEAR) log.clearSeq = log.nextSeq;
      return text.length;
    }
    case SYSLOG_ACTION_CLEAR:
      log.clearSeq = log.nextSeq;
      return 0;
    case SYSLOG_ACTION_CONSOLE_OFF:
      if (log.savedConsoleLevel === -1) log.savedConsoleLevel = log.consoleLevel;
      log.consoleLevel = CONSOLE_LOGLEVEL_MIN;
      return 0;
    case SYSLOG_ACTION_CONSOLE_ON:
      if (log.savedConsoleLevel !== -1) {
        log.consoleLevel = log.savedConsoleLevel;
        log.savedConsoleLevel = -1;
      }
      return 0;
    case SYSLOG_ACTION_CONSOLE_LEVEL:
      if (len < 1 || len > 8) throw new Errno(EINVAL);
      log.consoleLevel = Math.max(len, CONSOLE_LOGLEVEL_MIN);
      log.savedConsoleLevel = -1;
      return 0;
    case SYSLOG_ACTION_SIZE_UNREAD:
      return log.since(log.syslogSeq).reduce((n, r) => n + syslogLine(r).length, 0);
    case SYSLOG_ACTION_SIZE_BUFFER:
      return log.capacity;
    default:
      throw new Errno(EINVAL);
  }
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('syslog'),
    name: 'syslog',
    support: 'full',
    handler: syslog,
    args: ['dec', 'ptr', 'dec'],
    note: `the kernel log (boot messages, /dev/kmsg writes); dmesg_restrict=0; console level ${CONSOLE_LOGLEVEL_DEFAULT} by default`,
  },
];
