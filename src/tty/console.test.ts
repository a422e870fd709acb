import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EIO, EPIPE } from '../abi/linux/errno.js';
import { O_RDWR } from '../abi/linux/fcntl.js';
import { Errno } from '../kernel/errno.js';
import { POLLIN } from '../abi/linux/poll.js';
import { SIGCONT, SIGHUP, SIGINT } from '../abi/linux/signal.js';
import type { Console } from '../kernel/ports.js';
import { ConsoleTty } from './console.js';
import { FakeJobs, bytes, text } from './testing/fakes.js';

class FakeConsole implements Console {
  written: string[] = [];
  input: Uint8Array[] = [];
  ended = false;
  wake: (() => void) | null = null;
  write(fd: number, data: Uint8Array): void {
    this.written.push(`${fd}:${text(data)}`);
  }
  readAvailable(max: number): Uint8Array | null {
    if (this.input.length === 0) return this.ended ? null : new Uint8Array(0);
    const first = this.input[0];
    if (first.length <= max) {
      this.input.shift();
      return first;
    }
    this.input[0] = first.subarray(max);
    return first.subarray(0, max);
  }
  onInput(wake: () => void): void {
    this.wake = wake;
  }
  isTty(): boolean {
    return true;
  }
  windowSize(): { rows: number; cols: number } | null {
    return { rows: 40, cols: 120 };
  }
  type(s: string): void {
    this.input.push(bytes(s));
    this.wake?.();
  }
}

test('keys typed on the host console are echoed to its output at once', () => {
  const con = new FakeConsole();
  const tty = new ConsoleTty({ console: con, jobs: new FakeJobs() });
  tty.open(O_RDWR, false);
  con.type('ls\r');
  assert.deepEqual(con.written, ['1:ls\r\n']);
});

test('the console tty reads lines from the host and writes through OPOST to fd 1', () => {
  const con = new FakeConsole();
  const tty = new ConsoleTty({ console: con, jobs: new FakeJobs() });
  const f = tty.open(O_RDWR, false);
  con.type('echo hi\r');
  assert.equal(text(f.read(100, 0, true)), 'echo hi\n');
  con.written = [];
  f.write(bytes('hi\n'), 0, false, false);
  assert.deepEqual(con.written, ['1:hi\r\n']);
});

test('the console starts with the host window size', () => {
  const con = new FakeConsole();
  const tty = new ConsoleTty({ console: con, jobs: new FakeJobs() });
  assert.equal(tty.winsize.rows, 40);
  assert.equal(tty.winsize.cols, 120);
});

test('^C typed on the console signals the foreground group even when nobody reads', () => {
  const con = new FakeConsole();
  const jobs = new FakeJobs();
  const tty = new ConsoleTty({ console: con, jobs });
  tty.open(O_RDWR, false);
  con.type('\x03');
  assert.deepEqual(jobs.sent, [{ to: 100, sig: SIGINT, kind: 'pgrp' }]);
});

test('input typed before the console tty exists is taken when it is created', () => {
  const con = new FakeConsole();
  con.input.push(bytes('early\r'));
  const tty = new ConsoleTty({ console: con, jobs: new FakeJobs() });
  const f = tty.open(O_RDWR, false);
  assert.equal(text(f.read(100, 0, true)), 'early\n');
});

test('end of host input hangs the console up; files opened later read 0 at once', () => {
  const con = new FakeConsole();
  const jobs = new FakeJobs();
  const tty = new ConsoleTty({ console: con, jobs });
  const f = tty.open(O_RDWR, false);
  con.ended = true;
  con.wake?.();
  assert.deepEqual(jobs.sent.map((s) => s.sig), [SIGHUP, SIGCONT]);
  assert.equal(f.read(100, 0, false).length, 0);
  const g = tty.open(O_RDWR, true);
  assert.equal(g.read(100, 0, false).length, 0);
  assert.equal(g.poll!().events & POLLIN, POLLIN);
  assert.equal(g.write(bytes('bye'), 0, false, false), 3);
});

test('a host output error hangs the console up instead of throwing out of the input handler', () => {
  const con = new FakeConsole();
  const jobs = new FakeJobs();
  const tty = new ConsoleTty({ console: con, jobs });
  const f = tty.open(O_RDWR, false);
  con.write = () => {
    throw new Errno(EPIPE);
  };
  con.type('x');
  assert.equal(tty.outputEnded, true);
  assert.deepEqual(jobs.sent.map((s) => s.sig), [SIGHUP, SIGCONT]);
  assert.throws(() => f.write(bytes('y'), 0, false, false), { code: EIO });
});
