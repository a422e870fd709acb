// Waiting file syscalls through the syscall table, restarted the way
// dispatch.ts restarts them: pipe writes that complete across wake-ups,
// epoll and eventfd, ppoll's written-back timeout and temporary signal mask,
// mknodat and record locks, on a tmpfs root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../../abi/linux/errno.js';
import { AT_FDCWD, F_GETLK, F_SETLK, F_SETPIPE_SZ, O_NONBLOCK, O_RDWR } from '../../abi/linux/fcntl.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../abi/linux/mman.js';
import { POLLIN } from '../../abi/linux/poll.js';
import { SIGUSR1 } from '../../abi/linux/signal.js';
import { S_IFIFO } from '../../abi/linux/stat.js';
import { FdTable } from '../../fs/fd_table.js';
import { FsContext } from '../../fs/fs_context.js';
import { createTmpFs } from '../../fs/tmpfs.js';
import { Vfs } from '../../fs/vfs.js';
import { WouldBlock } from '../../fs/wait_queue.js';
import { createMachine } from '../../mod.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { sigBit } from '../task/signal_state.js';
import { rootCredentials, type Task } from '../task/task.js';
import { lookupSyscall } from './table.js';
import { BLOCKED, SyscallArgs, type SyscallResult } from './types.js';

const NRS: Record<string, number> = {
  read: 63, write: 64, pipe2: 59, close: 57, fcntl: 25, ppoll: 73, eventfd2: 19, epoll_create1: 20, epoll_ctl: 21,
  epoll_pwait: 22, mknodat: 33, openat: 56, newfstatat: 79, sendfile: 71, lseek: 62, flock: 32,
};

let now = 5_000_000_000n;
const clock = { realtimeNs: () => 1_700_000_000_000_000_000n, monotonicNs: () => now };
const random = { fill: (b: Uint8Array) => b.fill(7) };
const con = {
  write: () => undefined,
  readAvailable: () => null,
  onInput: () => undefined,
  isTty: () => false,
  windowSize: () => null,
};

interface Env {
  k: Kernel;
  t: Task;
  mem: number;
  /** One run of the syscall as dispatch does it: a WouldBlock parks the task, restart state survives a block. */
  run(name: string, ...args: Array<number | bigint>): SyscallResult | Errno;
  /** The same, as a second task sharing the first one's memory and fd table (the other end of a pipe). */
  peer(name: string, ...args: Array<number | bigint>): SyscallResult | Errno;
  /** The u32 at mem + off. */
  u32(off: number): number;
}

function setup(): Env {
  const vfs = new Vfs(createTmpFs({ now: () => 0n }));
  const log = { line: () => undefined };
  const m = createMachine({ vfs, console: con, clock, random, log, memoryBytes: 16 << 20 });
  const k = m.kernel;
  const mm = k.newAddressSpace();
  const mem = mm.mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
  const t = k.createTask(mm, new FdTable(), new FsContext(vfs, vfs.root, vfs.root), rootCredentials());
  k.switchTo(t);
  const t2 = k.createTask(mm, t.files, t.fs, rootCredentials());
  const runAs = (t: Task, name: string, ...args: Array<number | bigint>): SyscallResult | Errno => {
    const halves = new Int32Array(12);
    args.forEach((v, i) => {
      const b = BigInt.asUintN(64, BigInt(v));
      halves[2 * i] = Number(b & 0xffffffffn) | 0;
      halves[2 * i + 1] = Number(b >> 32n) | 0;
    });
    const def = lookupSyscall(NRS[name]);
    assert.ok(def?.handler, name);
    let r: SyscallResult | Errno;
    try {
      r = def.handler(k, t, new SyscallArgs(halves));
    } catch (e) {
      if (e instanceof WouldBlock) {
        k.block(t, e.queues);
        r = BLOCKED;
      } else if (e instanceof Errno) r = e;
      else throw e;
    }
    if (r !== BLOCKED) t.restart = null;
    return r;
  };
  return {
    k, t, mem,
    run: (name, ...args) => runAs(t, name, ...args),
    peer: (name, ...args) => runAs(t2, name, ...args),
    u32: (off) => t.mm.readU32(mem + off),
  };
}

function pipe(e: Env, flags = 0): [number, number] {
  assert.equal(e.run('pipe2', e.mem, flags), 0);
  return [e.u32(0), e.u32(4)];
}

test('a blocking pipe write larger than the pipe completes across wake-ups and returns the whole count', () => {
  const e = setup();
  const [r, w] = pipe(e);
  const data = new Uint8Array(150000).map((_, i) => i % 251);
  e.t.mm.write(e.mem + 4096, data);
  assert.equal(e.run('write', w, e.mem + 4096, data.length), BLOCKED);
  assert.equal(e.t.state, 'blocked');
  const got: number[] = [];
  let result: SyscallResult | Errno = BLOCKED;
  for (let i = 0; i < 10 && result === BLOCKED; i++) {
    const n = e.peer('read', r, e.mem + 200000, 100000) as number;
    got.push(...e.t.mm.read(e.mem + 200000, n));
    assert.equal(e.t.state, 'runnable', 'the reader woke the writer');
    result = e.run('write', w, e.mem + 4096, data.length);
  }
  assert.equal(result, 150000);
  got.push(...e.t.mm.read(e.mem + 200000, e.run('read', r, e.mem + 200000, 100000) as number));
  assert.equal(got.length, 150000);
  assert.ok(got.every((b, i) => b === i % 251));
});

test('a blocked pipe write returns its progress when the reader goes away', () => {
  const e = setup();
  const [r, w] = pipe(e);
  e.t.signals.actions[13].handler = 1n;
  assert.equal(e.run('write', w, e.mem + 4096, 70000), BLOCKED);
  e.k.wake(e.t);
  assert.equal(e.peer('close', r), 0);
  assert.equal(e.run('write', w, e.mem + 4096, 70000), 65536);
  assert.equal((e.run('write', w, e.mem + 4096, 1) as Errno).code, E.EPIPE);
});

test('F_SETPIPE_SZ through fcntl changes what a non-blocking write takes', () => {
  const e = setup();
  const [, w] = pipe(e, O_NONBLOCK);
  assert.equal(e.run('fcntl', w, F_SETPIPE_SZ, 8192), 8192);
  assert.equal(e.run('write', w, e.mem, 100000), 8192);
});

test('eventfd2 and epoll_pwait: a blocked waiter wakes when the counter is written', () => {
  const e = setup();
  const efd = e.run('eventfd2', 0, 0) as number;
  const ep = e.run('epoll_create1', 0) as number;
  const ev = new DataView(new ArrayBuffer(16));
  ev.setUint32(0, POLLIN, true);
  ev.setBigUint64(8, 42n, true);
  e.t.mm.write(e.mem, new Uint8Array(ev.buffer));
  assert.equal(e.run('epoll_ctl', ep, 1, efd, e.mem), 0);
  assert.equal(e.run('epoll_pwait', ep, e.mem + 64, 4, -1, 0, 8), BLOCKED);
  e.t.mm.writeU64(e.mem + 32, 3n);
  e.k.wake(e.t);
  assert.equal(e.run('write', efd, e.mem + 32, 8), 8);
  assert.equal(e.run('epoll_pwait', ep, e.mem + 64, 4, -1, 0, 8), 1);
  assert.equal(e.t.mm.readU64(e.mem + 72), 42n);
  assert.equal(e.run('read', efd, e.mem + 32, 8), 8);
  assert.equal(e.t.mm.readU64(e.mem + 32), 3n);
  assert.equal((e.run('epoll_ctl', ep, 1, efd, e.mem) as Errno).code, E.EEXIST);
  assert.equal(e.run('epoll_pwait', ep, e.mem + 64, 4, 0, 0, 8), 0);
});

test('ppoll writes back the time left and restores the blocked mask after its temporary one', () => {
  const e = setup();
  const [r] = pipe(e);
  const fds = e.mem + 100;
  e.t.mm.write(fds, new Uint8Array([r, 0, 0, 0, POLLIN, 0, 0, 0]));
  e.t.mm.writeU64(e.mem + 200, 2n);
  e.t.mm.writeU64(e.mem + 208, 0n);
  e.t.mm.writeU64(e.mem + 300, sigBit(SIGUSR1));
  e.t.signals.blocked = 0n;
  assert.equal(e.run('ppoll', fds, 1, e.mem + 200, e.mem + 300, 8), BLOCKED);
  assert.equal(e.t.signals.blocked, sigBit(SIGUSR1));
  now += 500_000_000n;
  e.k.wake(e.t);
  assert.equal(e.run('ppoll', fds, 1, e.mem + 200, e.mem + 300, 8), BLOCKED);
  now += 2_000_000_000n;
  e.k.wake(e.t);
  assert.equal(e.run('ppoll', fds, 1, e.mem + 200, e.mem + 300, 8), 0);
  assert.equal(e.t.mm.readU64(e.mem + 200), 0n);
  assert.equal(e.t.mm.readU64(e.mem + 208), 0n);
  assert.equal(e.t.signals.blocked, 0n);
  assert.equal((e.run('ppoll', fds, 1, e.mem + 200, e.mem + 300, 4) as Errno).code, E.EINVAL);
});

test('mknodat makes a FIFO on tmpfs and refuses a device to a non-root user', () => {
  const e = setup();
  e.t.mm.write(e.mem, new TextEncoder().encode('/fifo\0'));
  assert.equal(e.run('mknodat', AT_FDCWD, e.mem, S_IFIFO | 0o644, 0), 0);
  const fd = e.run('openat', AT_FDCWD, e.mem, O_RDWR) as number;
  e.t.mm.write(e.mem + 64, new TextEncoder().encode('x'));
  assert.equal(e.run('write', fd, e.mem + 64, 1), 1);
  assert.equal(e.run('read', fd, e.mem + 64, 5), 1);
  e.t.creds = { ...e.t.creds, euid: 1000, fsuid: 1000, uid: 1000 };
  e.t.mm.write(e.mem, new TextEncoder().encode('/dev0\0'));
  assert.equal((e.run('mknodat', AT_FDCWD, e.mem, 0o020644, 0x103) as Errno).code, E.EPERM);
});

test('fcntl F_SETLK and F_GETLK: a process never conflicts with itself', () => {
  const e = setup();
  e.t.mm.write(e.mem, new TextEncoder().encode('/f\0'));
  const fd = e.run('openat', AT_FDCWD, e.mem, 0o102, 0o644) as number;
  const fl = new DataView(new ArrayBuffer(32));
  fl.setInt16(0, 1, true);
  fl.setBigInt64(16, 10n, true);
  e.t.mm.write(e.mem + 64, new Uint8Array(fl.buffer));
  assert.equal(e.run('fcntl', fd, F_SETLK, e.mem + 64), 0);
  assert.equal(e.run('fcntl', fd, F_GETLK, e.mem + 64), 0);
  assert.equal(new DataView(e.t.mm.read(e.mem + 64, 2).buffer).getInt16(0, true), 2);
  const key = e.t.files.get(fd).inode.key;
  assert.equal(e.t.fs.vfs.locks.locksOf(key).length, 1);
  assert.equal(e.run('close', fd), 0);
  assert.equal(e.t.fs.vfs.locks.locksOf(key).length, 0);
});

test('sendfile into a full pipe waits without consuming the source', () => {
  const e = setup();
  const [r, w] = pipe(e);
  e.t.mm.write(e.mem, new TextEncoder().encode('/src\0'));
  const fd = e.run('openat', AT_FDCWD, e.mem, 0o102, 0o644) as number;
  e.t.mm.write(e.mem + 64, new TextEncoder().encode('0123456789'));
  assert.equal(e.run('write', fd, e.mem + 64, 10), 10);
  assert.equal(e.run('lseek', fd, 0, 0), 0);
  assert.equal(e.run('write', w, e.mem + 4096, 65536), 65536);
  assert.equal(e.run('sendfile', w, fd, 0, 10), BLOCKED);
  assert.equal(e.run('lseek', fd, 0, 1), 0);
  e.k.wake(e.t);
  assert.equal(e.peer('read', r, e.mem + 4096, 65536), 65536);
  assert.equal(e.run('sendfile', w, fd, 0, 10), 10);
  assert.equal(e.peer('read', r, e.mem + 4096, 100), 10);
  assert.equal(new TextDecoder().decode(e.t.mm.read(e.mem + 4096, 10)), '0123456789');
});

test('flock: descriptions conflict, a blocked LOCK_SH waits for the holder to close', () => {
  const e = setup();
  e.t.mm.write(e.mem, new TextEncoder().encode('/lockme\0'));
  const a = e.run('openat', AT_FDCWD, e.mem, 0o102, 0o644) as number;
  const b = e.run('openat', AT_FDCWD, e.mem, O_RDWR) as number;
  assert.equal(e.run('flock', a, 2), 0);
  assert.equal((e.run('flock', b, 1 | 4) as Errno).code, E.EAGAIN);
  assert.equal(e.run('flock', b, 1), BLOCKED);
  assert.equal(e.peer('close', a), 0);
  assert.equal(e.t.state, 'runnable');
  assert.equal(e.run('flock', b, 1), 0);
  assert.equal((e.run('flock', b, 3) as Errno).code, E.EINVAL);
});
