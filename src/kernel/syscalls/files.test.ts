// The file syscall families (open, read_write, stat, dir, fcntl, ioctl, poll,
// path_ops, fs_info, cwd) called through the syscall table on a real kernel
// task over a temporary host directory (--root style).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nfs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from '../../abi/linux/errno.js';
import {
  AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_SETFL, O_APPEND, O_CLOEXEC, O_CREAT,
  O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY, RENAME_EXCHANGE, RENAME_NOREPLACE,
} from '../../abi/linux/fcntl.js';
import { FIONREAD, TCGETS } from '../../abi/linux/ioctls.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../abi/linux/mman.js';
import { POLLIN, POLLNVAL, POLLOUT } from '../../abi/linux/poll.js';
import { S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG } from '../../abi/linux/stat.js';
import { stdioFiles, type StdioConsole } from '../../fs/console_file.js';
import { FdTable } from '../../fs/fd_table.js';
import { FsContext } from '../../fs/fs_context.js';
import { createHostVfs } from '../../fs/host_root.js';
import { NodeHostFs } from '../../host/node/host_fs.js';
import { createMachine } from '../../mod.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { rootCredentials, type Task } from '../task/task.js';
import { lookupSyscall } from './table.js';
import { BLOCKED, SyscallArgs, type SyscallResult } from './types.js';
import { WouldBlock } from '../../fs/wait_queue.js';

/** A console whose input the test feeds. */
class TestConsole implements StdioConsole {
  input: Uint8Array[] = [];
  ended = false;
  out: number[] = [];
  private wakers: Array<() => void> = [];
  write(_fd: number, data: Uint8Array): void {
    this.out.push(...data);
  }
  readAvailable(max: number): Uint8Array | null {
    const c = this.input.shift();
    if (!c) return this.ended ? null : new Uint8Array(0);
    if (c.length > max) this.input.unshift(c.subarray(max));
    return c.subarray(0, max);
  }
  onInput(wake: () => void): void {
    this.wakers.push(wake);
  }
  feed(s: string): void {
    this.input.push(new TextEncoder().encode(s));
    for (const w of this.wakers) w();
  }
  isTty(): boolean {
    return false;
  }
  windowSize(): null {
    return null;
  }
}

const clock = { realtimeNs: () => 1_700_000_000_000_000_000n, monotonicNs: () => BigInt(Math.round(performance.now() * 1e6)) };
const random = { fill: (b: Uint8Array) => b.fill(7) };

interface Env {
  k: Kernel;
  t: Task;
  dir: string;
  con: TestConsole;
  /** Guest scratch memory. */
  mem: number;
  /** Put a NUL-terminated string in guest memory at mem + off; returns its address. */
  str(s: string, off?: number): number;
  call(name: string, ...args: Array<number | bigint>): SyscallResult;
  /** The errno a call fails with (asserts it fails). */
  fails(name: string, ...args: Array<number | bigint>): number;
}

const NRS: Record<string, number> = {
  openat: 56, close: 57, close_range: 436, read: 63, write: 64, readv: 65, writev: 66, pread64: 67, pwrite64: 68,
  lseek: 62, sendfile: 71, newfstatat: 79, fstat: 80, statx: 291, getdents64: 61, readlinkat: 78, faccessat: 48,
  mkdirat: 34, unlinkat: 35, symlinkat: 36, linkat: 37, renameat2: 276, fchmodat: 53, utimensat: 88, truncate: 45,
  ftruncate: 46, fcntl: 25, dup: 23, dup3: 24, ioctl: 29, ppoll: 73, pselect6: 72, getcwd: 17, chdir: 49,
  fchdir: 50, statfs: 43, fstatfs: 44, fsync: 82, pipe2: 59,
};

function setup(): Env {
  const dir = nfs.realpathSync(nfs.mkdtempSync(path.join(os.tmpdir(), 'flint-sys-')));
  nfs.writeFileSync(path.join(dir, 'file'), '0123456789');
  nfs.mkdirSync(path.join(dir, 'sub'));
  const con = new TestConsole();
  const vfs = createHostVfs({ port: new NodeHostFs(), root: dir, console: con, random, clock });
  const log = { line: () => undefined };
  const m = createMachine({ vfs, console: con, clock, random, log, memoryBytes: 16 << 20 });
  const k = m.kernel;
  const mm = k.newAddressSpace();
  const mem = mm.mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
  const files = new FdTable();
  stdioFiles(con).forEach((f) => files.install(f));
  const t = k.createTask(mm, files, new FsContext(vfs, vfs.root, vfs.root), rootCredentials());
  t.exePath = '/bin/prog';
  k.switchTo(t);
  const call = (name: string, ...args: Array<number | bigint>): SyscallResult => {
    const halves = new Int32Array(12);
    args.forEach((v, i) => {
      const b = BigInt.asUintN(64, BigInt(v));
      halves[2 * i] = Number(b & 0xffffffffn) | 0;
      halves[2 * i + 1] = Number(b >> 32n) | 0;
    });
    const def = lookupSyscall(NRS[name]);
    assert.ok(def?.handler, name);
    try {
      return def.handler(k, t, new SyscallArgs(halves));
    } finally {
      t.restart = null;
    }
  };
  return {
    k, t, dir, con, mem, call,
    str(s: string, off = 0): number {
      mm.write(mem + off, new TextEncoder().encode(s + '\0'));
      return mem + off;
    },
    fails(name: string, ...args: Array<number | bigint>): number {
      try {
        call(name, ...args);
      } catch (e) {
        if (e instanceof Errno) return e.code;
        throw e;
      }
      assert.fail(`${name} succeeded`);
    },
  };
}

function text(t: Task, addr: number, len: number): string {
  return new TextDecoder().decode(t.mm.read(addr, len));
}

test('openat reports ENOENT, EEXIST, ENOTDIR, EISDIR, ELOOP and EFAULT', () => {
  const e = setup();
  nfs.symlinkSync('file', path.join(e.dir, 'lnk'));
  assert.equal(e.fails('openat', AT_FDCWD, e.str('nope'), O_RDONLY), E.ENOENT);
  assert.equal(e.fails('openat', AT_FDCWD, e.str('file'), O_CREAT | O_EXCL | O_WRONLY, 0o644), E.EEXIST);
  assert.equal(e.fails('openat', AT_FDCWD, e.str('file/'), O_RDONLY), E.ENOTDIR);
  assert.equal(e.fails('openat', AT_FDCWD, e.str('file'), O_RDONLY | O_DIRECTORY), E.ENOTDIR);
  assert.equal(e.fails('openat', AT_FDCWD, e.str('sub'), O_RDWR), E.EISDIR);
  assert.equal(e.fails('openat', AT_FDCWD, e.str('lnk'), O_RDONLY | O_NOFOLLOW), E.ELOOP);
  assert.equal(e.fails('openat', AT_FDCWD, 0x10, O_RDONLY), E.EFAULT);
});

test('openat takes the lowest fd, honours O_CLOEXEC and resolves relative to a dirfd', () => {
  const e = setup();
  const d = e.call('openat', AT_FDCWD, e.str('/sub'), O_RDONLY | O_DIRECTORY);
  assert.equal(d, 3);
  const f = e.call('openat', d, e.str('new'), O_CREAT | O_WRONLY | O_CLOEXEC, 0o600);
  assert.equal(f, 4);
  assert.equal(e.t.files.getCloexec(4), true);
  assert.ok(nfs.existsSync(path.join(e.dir, 'sub', 'new')));
  assert.equal(e.fails('openat', 99, e.str('new'), O_RDONLY), E.EBADF);
  assert.equal(e.call('openat', 99, e.str('/file'), O_RDONLY), 5);
  assert.equal(e.fails('openat', 5, e.str('x'), O_RDONLY), E.ENOTDIR);
});

test('read, write, pread64 and pwrite64 move data and the offset as Linux does', () => {
  const e = setup();
  const fd = e.call('openat', AT_FDCWD, e.str('file'), O_RDWR) as number;
  assert.equal(e.call('read', fd, e.mem, 4), 4);
  assert.equal(text(e.t, e.mem, 4), '0123');
  assert.equal(e.call('pread64', fd, e.mem, 3, 7), 3);
  assert.equal(text(e.t, e.mem, 3), '789');
  assert.equal(e.call('lseek', fd, 0, 1), 4);
  e.str('AB', 100);
  assert.equal(e.call('write', fd, e.mem + 100, 2), 2);
  assert.equal(e.call('pwrite64', fd, e.mem + 100, 1, 0), 1);
  assert.equal(nfs.readFileSync(path.join(e.dir, 'file'), 'utf8'), 'A123AB6789');
  assert.equal(e.call('read', fd, e.mem, 100), 4);
  assert.equal(e.call('read', fd, e.mem, 100), 0);
  assert.equal(e.fails('pread64', fd, e.mem, 1, -1n), E.EINVAL);
  e.call('lseek', fd, 0, 0);
  assert.equal(e.fails('read', fd, 0x10, 1), E.EFAULT);
  assert.equal(e.call('lseek', fd, 0, 1), 0);
});

test('read and write check the access mode and the file type', () => {
  const e = setup();
  const ro = e.call('openat', AT_FDCWD, e.str('file'), O_RDONLY) as number;
  const d = e.call('openat', AT_FDCWD, e.str('sub'), O_RDONLY) as number;
  assert.equal(e.fails('write', ro, e.mem, 1), E.EBADF);
  assert.equal(e.fails('read', d, e.mem, 1), E.EISDIR);
  assert.equal(e.fails('read', 42, e.mem, 1), E.EBADF);
  assert.equal(e.fails('pread64', 0, e.mem, 1, 0), E.ESPIPE);
  assert.equal(e.fails('lseek', 1, 0, 0), E.ESPIPE);
  assert.equal(e.fails('lseek', ro, 0, 17), E.EINVAL);
});

test('O_APPEND writes at the end whatever the offset', () => {
  const e = setup();
  const fd = e.call('openat', AT_FDCWD, e.str('file'), O_WRONLY | O_APPEND) as number;
  e.str('xy', 200);
  assert.equal(e.call('write', fd, e.mem + 200, 2), 2);
  assert.equal(e.call('lseek', fd, 0, 1), 12);
  assert.equal(nfs.readFileSync(path.join(e.dir, 'file'), 'utf8'), '0123456789xy');
});

test('readv and writev scatter and gather in one operation', () => {
  const e = setup();
  const fd = e.call('openat', AT_FDCWD, e.str('file'), O_RDWR) as number;
  const iov = new DataView(new ArrayBuffer(32));
  iov.setBigUint64(0, BigInt(e.mem + 1000), true);
  iov.setBigUint64(8, 3n, true);
  iov.setBigUint64(16, BigInt(e.mem + 2000), true);
  iov.setBigUint64(24, 4n, true);
  e.t.mm.write(e.mem + 3000, new Uint8Array(iov.buffer));
  assert.equal(e.call('readv', fd, e.mem + 3000, 2), 7);
  assert.equal(text(e.t, e.mem + 1000, 3) + text(e.t, e.mem + 2000, 4), '0123456');
  assert.equal(e.call('writev', 1, e.mem + 3000, 2), 7);
  assert.equal(new TextDecoder().decode(new Uint8Array(e.con.out)), '0123456');
  assert.equal(e.fails('readv', fd, e.mem + 3000, 1025), E.EINVAL);
});

test('stdin reads what is available, blocks when empty and returns 0 at end of input', () => {
  const e = setup();
  e.con.feed('hi');
  assert.equal(e.call('read', 0, e.mem, 10), 2);
  assert.throws(() => e.call('read', 0, e.mem, 10), WouldBlock);
  e.t.files.get(0).flags |= O_NONBLOCK;
  assert.equal(e.fails('read', 0, e.mem, 10), E.EAGAIN);
  e.con.ended = true;
  assert.equal(e.call('read', 0, e.mem, 10), 0);
});

test('a blocked stdin read is woken by console input', () => {
  const e = setup();
  let err: unknown = null;
  try {
    e.call('read', 0, e.mem, 10);
  } catch (x) {
    err = x;
  }
  assert.ok(err instanceof WouldBlock);
  e.k.block(e.t, err.queues);
  assert.equal(e.t.state, 'blocked');
  e.con.feed('x');
  assert.equal(e.t.state, 'runnable');
  assert.equal(e.call('read', 0, e.mem, 10), 1);
});

test('close, close_range and dup3 report EBADF and EINVAL', () => {
  const e = setup();
  assert.equal(e.fails('close', 7), E.EBADF);
  assert.equal(e.fails('close_range', 5, 4, 0), E.EINVAL);
  assert.equal(e.fails('dup3', 1, 1, 0), E.EINVAL);
  assert.equal(e.fails('dup3', 1, 5, O_RDWR), E.EINVAL);
  assert.equal(e.fails('dup3', 9, 5, 0), E.EBADF);
  assert.equal(e.call('dup3', 1, 9, O_CLOEXEC), 9);
  assert.equal(e.call('fcntl', 9, F_GETFD), 1);
  assert.equal(e.call('close_range', 3, 0xffffffff, 0), 0);
  assert.deepEqual(e.t.files.openFds(), [0, 1, 2]);
});

test('fcntl duplicates, reports and changes flags and rejects unknown commands', () => {
  const e = setup();
  const fd = e.call('openat', AT_FDCWD, e.str('file'), O_RDWR) as number;
  assert.equal(e.call('fcntl', fd, F_DUPFD_CLOEXEC, 10), 10);
  assert.equal(e.call('fcntl', 10, F_GETFD), 1);
  assert.equal(e.call('fcntl', fd, F_GETFL), O_RDWR);
  assert.equal(e.call('fcntl', fd, F_SETFL, O_APPEND | O_NONBLOCK | O_CREAT | O_RDONLY), 0);
  assert.equal(e.call('fcntl', fd, F_GETFL), O_RDWR | O_APPEND | O_NONBLOCK);
  assert.equal(e.call('fcntl', 10, F_GETFL), O_RDWR | O_APPEND | O_NONBLOCK);
  assert.equal(e.fails('fcntl', fd, 9999), E.EINVAL);
  assert.equal(e.fails('fcntl', 77, F_GETFD), E.EBADF);
  assert.equal(e.call('dup', fd), 4);
});

test('newfstatat and statx describe files, AT_EMPTY_PATH describes the fd itself', () => {
  const e = setup();
  nfs.symlinkSync('file', path.join(e.dir, 'lnk'));
  const buf = e.mem + 4096;
  assert.equal(e.call('newfstatat', AT_FDCWD, e.str('lnk'), buf, 0), 0);
  let v = new DataView(e.t.mm.read(buf, 128).buffer);
  assert.equal(v.getUint32(16, true) & S_IFMT, S_IFREG);
  assert.equal(v.getBigInt64(48, true), 10n);
  assert.equal(e.call('newfstatat', AT_FDCWD, e.str('lnk'), buf, 0x100), 0);
  v = new DataView(e.t.mm.read(buf, 128).buffer);
  assert.equal(v.getBigInt64(48, true), 4n);
  assert.equal(e.call('newfstatat', 1, e.str(''), buf, AT_EMPTY_PATH), 0);
  v = new DataView(e.t.mm.read(buf, 128).buffer);
  assert.equal(v.getUint32(16, true) & S_IFMT, S_IFIFO);
  assert.equal(e.fails('newfstatat', 1, e.str(''), buf, 0), E.ENOENT);
  assert.equal(e.fails('newfstatat', AT_FDCWD, e.str('file'), buf, 0x8000), E.EINVAL);
  assert.equal(e.call('statx', AT_FDCWD, e.str('/dev/null'), 0, 0x7ff, buf), 0);
  v = new DataView(e.t.mm.read(buf, 256).buffer);
  assert.equal(v.getUint16(28, true) & S_IFMT, S_IFCHR);
  assert.equal(v.getUint32(128, true), 1);
  assert.equal(v.getUint32(132, true), 3);
  assert.equal(e.fails('statx', AT_FDCWD, e.str('file'), 0, 0x80000000, buf), E.EINVAL);
  assert.equal(e.call('fstat', 0, buf), 0);
});

test('getdents64 lists a directory once, resumes after a short buffer and refuses a tiny one', () => {
  const e = setup();
  for (const n of ['a', 'b', 'c']) nfs.writeFileSync(path.join(e.dir, 'sub', n), '');
  const fd = e.call('openat', AT_FDCWD, e.str('sub'), O_RDONLY | O_DIRECTORY) as number;
  const names: string[] = [];
  const collect = (len: number): number => {
    const n = e.call('getdents64', fd, e.mem, len) as number;
    const b = e.t.mm.read(e.mem, n);
    const v = new DataView(b.buffer);
    for (let off = 0; off < n; off += v.getUint16(off + 16, true)) {
      let end = off + 19;
      while (b[end] !== 0) end++;
      names.push(new TextDecoder().decode(b.subarray(off + 19, end)));
    }
    return n;
  };
  assert.equal(e.fails('getdents64', fd, e.mem, 10), E.EINVAL);
  assert.ok(collect(48) > 0);
  while (collect(4096) > 0);
  assert.deepEqual(names.sort(), ['.', '..', 'a', 'b', 'c']);
  const file = e.call('openat', AT_FDCWD, e.str('file'), O_RDONLY) as number;
  assert.equal(e.fails('getdents64', file, e.mem, 4096), E.ENOTDIR);
});

test('readlinkat truncates without a NUL and rejects non-links and bad sizes; /proc/self/exe names the program', () => {
  const e = setup();
  nfs.symlinkSync('a-long-target', path.join(e.dir, 'lnk'));
  assert.equal(e.call('readlinkat', AT_FDCWD, e.str('lnk'), e.mem + 100, 6), 6);
  assert.equal(text(e.t, e.mem + 100, 6), 'a-long');
  assert.equal(e.fails('readlinkat', AT_FDCWD, e.str('file'), e.mem + 100, 64), E.EINVAL);
  assert.equal(e.fails('readlinkat', AT_FDCWD, e.str('lnk'), e.mem + 100, 0), E.EINVAL);
  const n = e.call('readlinkat', AT_FDCWD, e.str('/proc/self/exe'), e.mem + 100, 64) as number;
  assert.equal(text(e.t, e.mem + 100, n), '/bin/prog');
});

test('mkdirat, unlinkat, symlinkat, linkat and renameat2 report Linux errors', () => {
  const e = setup();
  assert.equal(e.fails('mkdirat', AT_FDCWD, e.str('sub'), 0o755), E.EEXIST);
  assert.equal(e.call('mkdirat', AT_FDCWD, e.str('sub/d'), 0o755), 0);
  assert.equal(e.fails('unlinkat', AT_FDCWD, e.str('sub'), 0), E.EISDIR);
  assert.equal(e.fails('unlinkat', AT_FDCWD, e.str('sub'), AT_REMOVEDIR), E.ENOTEMPTY);
  assert.equal(e.fails('unlinkat', AT_FDCWD, e.str('sub'), 0x1), E.EINVAL);
  assert.equal(e.call('unlinkat', AT_FDCWD, e.str('sub/d'), AT_REMOVEDIR), 0);
  e.str('file', 500);
  assert.equal(e.call('symlinkat', e.mem + 500, AT_FDCWD, e.str('lnk')), 0);
  assert.equal(e.fails('symlinkat', e.mem + 500, AT_FDCWD, e.str('lnk')), E.EEXIST);
  e.str('hard', 600);
  assert.equal(e.call('linkat', AT_FDCWD, e.str('file'), AT_FDCWD, e.mem + 600, 0), 0);
  assert.equal(nfs.statSync(path.join(e.dir, 'file')).nlink, 2);
  e.str('sub/x', 700);
  assert.equal(e.fails('linkat', AT_FDCWD, e.str('sub'), AT_FDCWD, e.mem + 700, 0), E.EPERM);
  assert.equal(e.fails('renameat2', AT_FDCWD, e.str('file'), AT_FDCWD, e.mem + 600, RENAME_NOREPLACE), E.EEXIST);
  assert.equal(e.fails('renameat2', AT_FDCWD, e.str('file'), AT_FDCWD, e.mem + 600, RENAME_NOREPLACE | RENAME_EXCHANGE), E.EINVAL);
  assert.equal(e.call('renameat2', AT_FDCWD, e.str('file'), AT_FDCWD, e.mem + 700, 0), 0);
  assert.ok(nfs.existsSync(path.join(e.dir, 'sub', 'x')));
});

test('truncate, ftruncate and utimensat validate their arguments', () => {
  const e = setup();
  const ro = e.call('openat', AT_FDCWD, e.str('file'), O_RDONLY) as number;
  const rw = e.call('openat', AT_FDCWD, e.str('file'), O_RDWR) as number;
  assert.equal(e.fails('ftruncate', ro, 1), E.EINVAL);
  assert.equal(e.fails('ftruncate', rw, -1n), E.EINVAL);
  assert.equal(e.call('ftruncate', rw, 3), 0);
  assert.equal(nfs.statSync(path.join(e.dir, 'file')).size, 3);
  assert.equal(e.fails('truncate', e.str('sub'), 0), E.EISDIR);
  assert.equal(e.call('truncate', e.str('/file'), 20), 0);
  assert.equal(nfs.statSync(path.join(e.dir, 'file')).size, 20);
  const ts = new DataView(new ArrayBuffer(32));
  ts.setBigInt64(0, 100n, true);
  ts.setBigInt64(8, 0n, true);
  ts.setBigInt64(16, 200n, true);
  ts.setBigInt64(24, 1_000_000_000n, true);
  e.t.mm.write(e.mem + 800, new Uint8Array(ts.buffer));
  assert.equal(e.fails('utimensat', AT_FDCWD, e.str('file'), e.mem + 800, 0), E.EINVAL);
  ts.setBigInt64(24, 0n, true);
  e.t.mm.write(e.mem + 800, new Uint8Array(ts.buffer));
  assert.equal(e.call('utimensat', AT_FDCWD, e.str('file'), e.mem + 800, 0), 0);
  assert.equal(nfs.statSync(path.join(e.dir, 'file')).mtimeMs, 200_000);
  assert.equal(e.call('fchmodat', AT_FDCWD, e.str('file'), 0o600), 0);
  assert.equal(nfs.statSync(path.join(e.dir, 'file')).mode & 0o777, 0o600);
});

test('ioctl answers FIONREAD for files and ENOTTY for terminal requests on non-terminals', () => {
  const e = setup();
  const fd = e.call('openat', AT_FDCWD, e.str('file'), O_RDONLY) as number;
  e.call('read', fd, e.mem, 4);
  assert.equal(e.call('ioctl', fd, FIONREAD, e.mem + 64), 0);
  assert.equal(e.t.mm.readU32(e.mem + 64), 6);
  assert.equal(e.fails('ioctl', fd, TCGETS, e.mem + 64), E.ENOTTY);
  assert.equal(e.fails('ioctl', 1, TCGETS, e.mem + 64), E.ENOTTY);
  e.con.feed('abc');
  assert.equal(e.call('ioctl', 0, FIONREAD, e.mem + 64), 0);
  assert.equal(e.t.mm.readU32(e.mem + 64), 3);
  assert.equal(e.call('read', 0, e.mem, 10), 3);
});

test('ppoll reports ready fds, POLLNVAL for closed ones, and times out or blocks when none is ready', () => {
  const e = setup();
  const fd = e.call('openat', AT_FDCWD, e.str('file'), O_RDONLY) as number;
  const pfd = new DataView(new ArrayBuffer(24));
  const set = (i: number, f: number, ev: number): void => {
    pfd.setInt32(8 * i, f, true);
    pfd.setInt16(8 * i + 4, ev, true);
  };
  set(0, fd, POLLIN);
  set(1, 50, POLLIN);
  set(2, -1, POLLIN);
  e.t.mm.write(e.mem, new Uint8Array(pfd.buffer));
  assert.equal(e.call('ppoll', e.mem, 3, 0, 0, 8), 2);
  const out = new DataView(e.t.mm.read(e.mem, 24).buffer);
  assert.equal(out.getInt16(6, true), POLLIN);
  assert.equal(out.getInt16(14, true), POLLNVAL);
  assert.equal(out.getInt16(22, true), 0);
  // stdin with nothing to read: a zero timeout returns 0, no timeout blocks.
  set(0, 0, POLLIN);
  e.t.mm.write(e.mem, new Uint8Array(pfd.buffer));
  e.t.mm.write(e.mem + 100, new Uint8Array(16));
  assert.equal(e.call('ppoll', e.mem, 1, e.mem + 100, 0, 8), 0);
  assert.equal(e.call('ppoll', e.mem, 1, 0, 0, 8), BLOCKED);
  assert.equal(e.t.state, 'blocked');
  e.con.feed('k');
  assert.equal(e.t.state, 'runnable');
  assert.equal(e.call('ppoll', e.mem, 1, 0, 0, 8), 1);
  set(0, 1, POLLOUT);
  e.t.mm.write(e.mem, new Uint8Array(pfd.buffer));
  assert.equal(e.call('ppoll', e.mem, 1, 0, 0, 8), 1);
});

test('pselect6 marks ready descriptors and fails with EBADF on a closed one', () => {
  const e = setup();
  const set = new Uint8Array(8);
  set[0] = 0b110;
  e.t.mm.write(e.mem + 200, set);
  e.t.mm.write(e.mem + 300, new Uint8Array(16));
  assert.equal(e.call('pselect6', 3, 0, e.mem + 200, 0, e.mem + 300, 0), 2);
  assert.equal(e.t.mm.read(e.mem + 200, 1)[0], 0b110);
  set[0] = 0b1000;
  e.t.mm.write(e.mem + 200, set);
  assert.equal(e.fails('pselect6', 4, e.mem + 200, 0, 0, e.mem + 300, 0), E.EBADF);
});

test('getcwd, chdir and fchdir follow the working directory', () => {
  const e = setup();
  assert.equal(e.call('getcwd', e.mem, 100), 2);
  assert.equal(text(e.t, e.mem, 1), '/');
  assert.equal(e.call('chdir', e.str('sub')), 0);
  assert.equal(e.call('getcwd', e.mem, 100), 5);
  assert.equal(text(e.t, e.mem, 4), '/sub');
  assert.equal(e.fails('getcwd', e.mem, 4), E.ERANGE);
  assert.equal(e.fails('chdir', e.str('/file')), E.ENOTDIR);
  const fd = e.call('openat', AT_FDCWD, e.str('/file'), O_RDONLY) as number;
  assert.equal(e.fails('fchdir', fd), E.ENOTDIR);
  const root = e.call('openat', AT_FDCWD, e.str('/'), O_RDONLY | O_DIRECTORY) as number;
  assert.equal(e.call('fchdir', root), 0);
  assert.equal(e.call('getcwd', e.mem, 100), 2);
});

test('statfs of /proc reports procfs, of a host file the host file system', () => {
  const e = setup();
  assert.equal(e.call('statfs', e.str('/proc'), e.mem + 100), 0);
  assert.equal(new DataView(e.t.mm.read(e.mem + 100, 8).buffer).getBigInt64(0, true), 0x9fa0n);
  assert.equal(e.call('fstatfs', 1, e.mem + 100), 0);
  assert.equal(e.fails('fsync', 33), E.EBADF);
});

test('sendfile copies from an offset without moving the source offset', () => {
  const e = setup();
  const src = e.call('openat', AT_FDCWD, e.str('file'), O_RDONLY) as number;
  const dst = e.call('openat', AT_FDCWD, e.str('copy'), O_CREAT | O_WRONLY, 0o644) as number;
  e.t.mm.writeU64(e.mem + 900, 3n);
  assert.equal(e.call('sendfile', dst, src, e.mem + 900, 4), 4);
  assert.equal(e.t.mm.readU64(e.mem + 900), 7n);
  assert.equal(e.call('lseek', src, 0, 1), 0);
  assert.equal(e.call('sendfile', dst, src, 0, 100), 10);
  assert.equal(nfs.readFileSync(path.join(e.dir, 'copy'), 'utf8'), '34560123456789');
  assert.equal(e.fails('sendfile', src, dst, 0, 1), E.EBADF);
});

test('directory type bits are reported for directories', () => {
  const e = setup();
  assert.equal(e.call('newfstatat', AT_FDCWD, e.str('/'), e.mem + 100, 0), 0);
  assert.equal(new DataView(e.t.mm.read(e.mem + 100, 20).buffer).getUint32(16, true) & S_IFMT, S_IFDIR);
});

test('pipe2 installs both ends, honours O_CLOEXEC and rejects unknown flags', () => {
  const e = setup();
  assert.equal(e.fails('pipe2', e.mem, 0x1), E.EINVAL);
  assert.equal(e.fails('pipe2', 0x10, 0), E.EFAULT);
  assert.deepEqual(e.t.files.openFds(), [0, 1, 2]);
  assert.equal(e.call('pipe2', e.mem, O_CLOEXEC), 0);
  const rfd = e.t.mm.readU32(e.mem);
  const wfd = e.t.mm.readU32(e.mem + 4);
  assert.deepEqual([rfd, wfd], [3, 4]);
  assert.equal(e.call('fcntl', rfd, F_GETFD), 1);
  assert.equal(e.call('fcntl', wfd, 1032), 65536);
  e.str('abc', 100);
  assert.equal(e.call('write', wfd, e.mem + 100, 3), 3);
  assert.equal(e.call('ioctl', rfd, FIONREAD, e.mem + 200), 0);
  assert.equal(e.t.mm.readU32(e.mem + 200), 3);
  assert.equal(e.call('read', rfd, e.mem + 300, 10), 3);
  assert.equal(e.fails('lseek', rfd, 0, 0), E.ESPIPE);
});
