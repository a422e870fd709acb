// The machine's terminals: the console tty as the first process's stdio and
// controlling terminal, and the terminal nodes injected into devfs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENXIO } from '../abi/linux/errno.js';
import { O_NOCTTY, O_RDWR } from '../abi/linux/fcntl.js';
import { makeDev } from '../abi/linux/stat.js';
import type { StdioConsole } from '../fs/console_file.js';
import { createDevFs } from '../fs/devfs.js';
import { FdTable } from '../fs/fd_table.js';
import { FsContext } from '../fs/fs_context.js';
import { fixedEntries, SynthDir, SynthFs } from '../fs/synthetic.js';
import { Vfs } from '../fs/vfs.js';
import { Tty, ttyOf } from '../tty/tty.js';
import { Errno } from './errno.js';
import { Kernel } from './kernel.js';
import { rootCredentials, type Task } from './task/task.js';
import { Terminals } from './terminals.js';

class FakeConsole implements StdioConsole {
  out: Array<{ fd: number; text: string }> = [];
  input: Uint8Array[] = [];
  raw: boolean[] = [];
  private wakers: Array<() => void> = [];
  constructor(
    private readonly ttyFds: readonly number[],
  ) {}
  write(fd: number, data: Uint8Array): void {
    this.out.push({ fd, text: new TextDecoder().decode(data) });
  }
  readAvailable(): Uint8Array | null {
    return this.input.shift() ?? new Uint8Array(0);
  }
  onInput(wake: () => void): void {
    this.wakers.push(wake);
  }
  isTty(): boolean {
    return this.ttyFds.includes(0);
  }
  isTtyFd(fd: number): boolean {
    return this.ttyFds.includes(fd);
  }
  windowSize(): { rows: number; cols: number } | null {
    return this.isTty() ? { rows: 30, cols: 100 } : null;
  }
  setRaw(raw: boolean): void {
    this.raw.push(raw);
  }
  type(text: string): void {
    this.input.push(new TextEncoder().encode(text));
    for (const w of this.wakers) w();
  }
}

function machine(port: FakeConsole): { k: Kernel; vfs: Vfs; t: Task } {
  const fs = new SynthFs('tmp', 0x1021994, 1, 0n);
  const vfs = new Vfs(new SynthDir(fs, 1, 0o755, fixedEntries(new Map())));
  vfs.mount('/dev', createDevFs({ random: { fill: (b) => b.fill(1) }, console: port, timeNs: 0n }));
  let now = 0n;
  const k = new Kernel({
    memoryBytes: 8 << 20,
    maxTasks: 8,
    vfs,
    console: port,
    clock: { realtimeNs: () => now, monotonicNs: () => (now += 1000n) },
    random: { fill: (b) => b.fill(1) },
    log: { line() {} },
    strace: false,
  });
  const t = k.createTask(k.newAddressSpace(), new FdTable(), new FsContext(vfs, vfs.root, vfs.root), rootCredentials(), null);
  k.switchTo(t);
  return { k, vfs, t };
}

test('with a terminal on stdin, fds 0-2 are one open of the console tty, the first process\'s controlling terminal', () => {
  const port = new FakeConsole([0, 1, 2]);
  const { k, vfs, t } = machine(port);
  const terms = new Terminals(k, vfs, port);
  const files = terms.stdio(0n);
  assert.equal(files[0], files[1]);
  assert.equal(files[0], files[2]);
  assert.equal(files[0].refCount, 3);
  assert.equal(ttyOf(files[0].ops), terms.console);
  assert.deepEqual(port.raw, [true]);
  terms.adopt(t.proc, files);
  assert.equal(t.proc.ctty, terms.console);
  assert.deepEqual([terms.console?.session, terms.console?.pgrp], [t.proc.sid, t.proc.pgid]);
  assert.deepEqual(terms.console?.winsize, { rows: 30, cols: 100, xpixel: 0, ypixel: 0 });
  files[1].write(new TextEncoder().encode('hi\n'));
  assert.deepEqual(port.out.at(-1), { fd: 1, text: 'hi\r\n' });
  port.type('ab\r');
  assert.equal(new TextDecoder().decode(files[0].read(100)), 'ab\n');
  terms.release();
  assert.deepEqual(port.raw, [true, false]);
});

test('with stdout redirected at a terminal, stdin and stderr are the console and stdout passes through', () => {
  const port = new FakeConsole([0, 2]);
  const { k, vfs } = machine(port);
  const terms = new Terminals(k, vfs, port);
  const files = terms.stdio(0n);
  assert.equal(files[0], files[2]);
  assert.notEqual(files[0], files[1]);
  assert.equal(ttyOf(files[1].ops), null);
  // The console's echo goes to the terminal (stderr), not into the redirected stdout.
  port.type('x');
  assert.deepEqual(port.out.at(-1), { fd: 2, text: 'x' });
});

test('without a terminal the standard streams pass through and there is no console tty', () => {
  const port = new FakeConsole([]);
  const { k, vfs, t } = machine(port);
  const terms = new Terminals(k, vfs, port);
  assert.equal(terms.console, null);
  const files = terms.stdio(0n);
  assert.notEqual(files[0], files[1]);
  terms.adopt(t.proc, files);
  assert.equal(t.proc.ctty, null);
  assert.deepEqual(port.raw, []);
});

test('/dev/tty opens the caller\'s controlling terminal and is ENXIO without one', () => {
  const port = new FakeConsole([]);
  const { k, vfs, t } = machine(port);
  const terms = new Terminals(k, vfs, port);
  assert.throws(() => vfs.open(vfs.root, vfs.root, '/dev/tty', O_RDWR, 0, 0), (e: unknown) => e instanceof Errno && e.code === ENXIO);
  const tty = new Tty({ name: 'pts/9', rdev: makeDev(136, 9), driver: { output() {} }, jobs: terms.jobs });
  t.proc.ctty = tty;
  const f = vfs.open(vfs.root, vfs.root, '/dev/tty', O_RDWR, 0, 0);
  assert.equal(ttyOf(f.ops), tty);
  assert.equal(f.stat().rdev, makeDev(5, 0));
  f.release();
});

test('opening /dev/ptmx makes /dev/pts/N, and /dev/console is the console tty', () => {
  const port = new FakeConsole([0, 1, 2]);
  const { k, vfs } = machine(port);
  const terms = new Terminals(k, vfs, port);
  const names = (): string[] => vfs.resolve(vfs.root, vfs.root, '/dev/pts', true).inode.readdir().map((e) => e.name);
  assert.deepEqual(names(), ['ptmx']);
  const master = vfs.open(vfs.root, vfs.root, '/dev/ptmx', O_RDWR | O_NOCTTY, 0, 0);
  assert.deepEqual(names(), ['ptmx', '0']);
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/dev/pts/0', true).inode.stat().rdev, makeDev(136, 0));
  master.release();
  assert.deepEqual(names(), ['ptmx']);
  const con = vfs.open(vfs.root, vfs.root, '/dev/console', O_RDWR, 0, 0);
  assert.equal(ttyOf(con.ops), terms.console);
  // Opening /dev/console never makes it a controlling terminal.
  assert.equal(k.current?.proc.ctty, null);
  con.release();
});
