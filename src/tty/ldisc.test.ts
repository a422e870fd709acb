// Line discipline behaviour, with expected bytes taken from Linux's n_tty
// (driven through a host pty: /tmp/tty-core/probe.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGINT, SIGQUIT, SIGTSTP } from '../abi/linux/signal.js';
import {
  ECHO, ECHOCTL, ECHOE, ECHOKE, ECHONL, ECHOPRT, ICANON, IGNCR, INLCR, ISIG, ISTRIP, IUTF8, NOFLSH, OCRNL, ONLCR,
  ONLRET, ONOCR, TAB3, VEOL2, VMIN, VTIME,
} from '../abi/linux/termios.js';
import { Tty } from './tty.js';
import { CaptureDriver, FakeJobs, bytes, text } from './testing/fakes.js';
import type { FileOps } from '../fs/inode.js';

function setup(): { tty: Tty; drv: CaptureDriver; jobs: FakeJobs; f: FileOps } {
  const jobs = new FakeJobs();
  const drv = new CaptureDriver();
  const tty = new Tty({ name: 'test', rdev: 0, driver: drv, jobs });
  const f = tty.open(2, false);
  return { tty, drv, jobs, f };
}

function lflag(tty: Tty, set: number, clear: number): void {
  const t = tty.termios.clone();
  t.lflag = (t.lflag | set) & ~clear;
  tty.setTermios(t);
}
function iflag(tty: Tty, set: number, clear: number): void {
  const t = tty.termios.clone();
  t.iflag = (t.iflag | set) & ~clear;
  tty.setTermios(t);
}
function oflag(tty: Tty, set: number, clear: number): void {
  const t = tty.termios.clone();
  t.oflag = (t.oflag | set) & ~clear;
  tty.setTermios(t);
}

function typed(tty: Tty, s: string): void {
  tty.receive(bytes(s));
}
function read(f: FileOps, n = 100): string {
  return text(f.read(n, 0, true));
}

test('ICANON read returns one line at a time', () => {
  const { tty, f } = setup();
  typed(tty, 'one\ntwo\n');
  assert.equal(read(f), 'one\n');
  assert.equal(read(f), 'two\n');
});

test('a canonical read waits until a line is complete', () => {
  const { tty, f } = setup();
  typed(tty, 'partial');
  assert.throws(() => f.read(100, 0, true), { code: 11 });
  assert.equal(f.available?.(), 0);
  typed(tty, '\n');
  assert.equal(read(f), 'partial\n');
});

test('a short canonical read leaves the rest of the line for the next read', () => {
  const { tty, f } = setup();
  typed(tty, 'abcdef\n');
  assert.equal(read(f, 3), 'abc');
  assert.equal(read(f, 3), 'def');
  assert.equal(read(f, 3), '\n');
});

test('ICRNL turns a typed CR into NL and echoes CR NL', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'hi\r');
  assert.equal(drv.take(), 'hi\r\n');
  assert.equal(read(f), 'hi\n');
});

test('VERASE removes a character and echoes backspace-space-backspace', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'abc\x7f\x7fd\n');
  assert.equal(drv.take(), 'abc\b \b\b \bd\r\n');
  assert.equal(read(f), 'ad\n');
});

test('erasing a tab backs up to the column the tab started at', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'ab\tc\x7f\x7f\x7f');
  assert.equal(drv.take(), 'ab\tc\b \b' + '\b'.repeat(6) + '\b \b');
  typed(tty, '\n');
  assert.equal(read(f), 'a\n');
});

test('tab erase counts from the column where the line started', () => {
  const { tty, drv, f } = setup();
  f.write(bytes('xyz'), 0, false, false);
  drv.take();
  typed(tty, '\tq\x7f\x7f');
  assert.equal(drv.take(), '\tq\b \b' + '\b'.repeat(5));
});

test('tab erase after an echoed control character counts ^X as two columns', () => {
  const { tty, drv, f } = setup();
  typed(tty, '\x01\tx\x7f\x7f\n');
  assert.equal(drv.take(), '^A\tx\b \b' + '\b'.repeat(6) + '\r\n');
  assert.equal(read(f), '\x01\n');
});

test('erasing an echoed control character erases both columns of ^X', () => {
  const { tty, drv } = setup();
  typed(tty, 'a\x01\x7f\x7f');
  assert.equal(drv.take(), 'a^A\b \b\b \b\b \b');
});

test('VKILL with ECHOKE erases the line character by character', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'hello wor\x15x\n');
  assert.equal(drv.take(), 'hello wor' + '\b \b'.repeat(9) + 'x\r\n');
  assert.equal(read(f), 'x\n');
});

test('VKILL without ECHOKE echoes ^U and a newline (ECHOK)', () => {
  const { tty, drv, f } = setup();
  lflag(tty, 0, ECHOKE);
  typed(tty, 'hello\x15x\n');
  assert.equal(drv.take(), 'hello^U\r\nx\r\n');
  assert.equal(read(f), 'x\n');
});

test('VKILL without ECHO discards the line silently', () => {
  const { tty, drv, f } = setup();
  lflag(tty, 0, ECHO);
  typed(tty, 'abc\x15d\n');
  assert.equal(drv.take(), '');
  assert.equal(read(f), 'd\n');
});

test('VWERASE erases trailing blanks and the word before them', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'foo bar_1  \x17\x17z\n');
  assert.equal(drv.take(), 'foo bar_1  ' + '\b \b'.repeat(11) + 'z\r\n');
  assert.equal(read(f), 'z\n');
});

test('VWERASE stops at punctuation (ALTWERASE)', () => {
  const { tty, f } = setup();
  typed(tty, 'a.b-c\x17\n');
  assert.equal(read(f), 'a.b-\n');
});

test('VREPRINT echoes ^R, a newline and the line so far', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'abc\x12d\n');
  assert.equal(drv.take(), 'abc^R\r\nabcd\r\n');
  assert.equal(read(f), 'abcd\n');
});

test('VLNEXT takes the next character literally, echoing ^ backspace first', () => {
  const { tty, drv, jobs, f } = setup();
  typed(tty, 'a\x16\x03b\x16\x7f\n');
  assert.equal(drv.take(), 'a^\b^Cb^\b^?\r\n');
  assert.equal(read(f), 'a\x03b\x7f\n');
  assert.deepEqual(jobs.sent, []);
});

test('VEOF ends a line without being returned, and alone reads as end of file', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'ab\x04');
  assert.equal(drv.take(), 'ab');
  assert.equal(read(f), 'ab');
  typed(tty, '\x04');
  assert.equal(f.read(100, 0, true).length, 0);
});

test('EOF characters are not counted by FIONREAD and split reads', () => {
  const { tty, f } = setup();
  typed(tty, 'ab\x04\x04cd\n');
  assert.equal(f.available?.(), 5);
  assert.equal(read(f), 'ab');
  assert.equal(read(f), '');
  assert.equal(read(f), 'cd\n');
});

test('VEOL2 ends a line and is echoed', () => {
  const { tty, drv, f } = setup();
  const t = tty.termios.clone();
  t.cc[VEOL2] = 0x0e;
  tty.setTermios(t);
  typed(tty, 'ab\x0e');
  assert.equal(drv.take(), 'ab^N');
  assert.equal(read(f), 'ab\x0e');
});

test('a canonical line keeps at most 4095 characters plus its terminator', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'a'.repeat(5000));
  assert.equal(drv.take().length, 5000);
  typed(tty, '\n');
  const line = read(f, 10000);
  assert.equal(line.length, 4096);
  assert.equal(line, 'a'.repeat(4095) + '\n');
});

test('non-canonical input holds 4095 bytes and keeps the rest until read', () => {
  const { tty, f } = setup();
  lflag(tty, 0, ICANON | ECHO);
  typed(tty, 'b'.repeat(5000));
  assert.equal(f.available?.(), 4095);
  assert.equal(read(f, 10000).length, 4095);
  assert.equal(read(f, 10000).length, 905);
});

test('ECHOPRT shows erased characters between \\ and /', () => {
  const { tty, drv, f } = setup();
  lflag(tty, ECHOPRT, 0);
  typed(tty, 'abcd\x7f\x7fx\n');
  assert.equal(drv.take(), 'abcd\\dc/x\r\n');
  assert.equal(read(f), 'abx\n');
});

test('without ECHOE erase echoes the erase character', () => {
  const { tty, drv, f } = setup();
  lflag(tty, 0, ECHOE);
  typed(tty, 'ab\x7fc\n');
  assert.equal(drv.take(), 'ab^?c\r\n');
  assert.equal(read(f), 'ac\n');
});

test('ECHONL echoes newlines even without ECHO', () => {
  const { tty, drv, f } = setup();
  lflag(tty, ECHONL, ECHO);
  typed(tty, 'ab\ncd\n');
  assert.equal(drv.take(), '\r\n\r\n');
  assert.equal(read(f), 'ab\n');
});

test('non-canonical echo shows a CR as a newline and a literal NL as ^J', () => {
  const { tty, drv, f } = setup();
  lflag(tty, 0, ICANON);
  typed(tty, 'a\x01\r\n\t\x1b[');
  assert.equal(drv.take(), 'a^A\r\n^J\t^[[');
  assert.equal(read(f), 'a\x01\n\n\t\x1b[');
});

test('without ECHOCTL control characters echo as themselves', () => {
  const { tty, drv } = setup();
  lflag(tty, 0, ECHOCTL);
  typed(tty, 'a\x01');
  assert.equal(drv.take(), 'a\x01');
});

test('IUTF8 erase removes a whole multibyte character', () => {
  const { tty, f } = setup();
  iflag(tty, IUTF8, 0);
  tty.receive(Uint8Array.of(0x61, 0xc3, 0xa9, 0x7f, 0x0a));
  assert.deepEqual([...f.read(100, 0, true)], [0x61, 0x0a]);
});

test('without IUTF8 erase removes one byte of a multibyte character', () => {
  const { tty, f } = setup();
  tty.receive(Uint8Array.of(0xc3, 0xa9, 0x7f, 0x0a));
  assert.deepEqual([...f.read(100, 0, true)], [0xc3, 0x0a]);
});

test('IGNCR drops CR and INLCR turns NL into CR', () => {
  const { tty, drv, f } = setup();
  iflag(tty, INLCR | IGNCR, 0);
  typed(tty, 'a\rb\nc');
  assert.equal(drv.take(), 'ab^Mc');
  lflag(tty, 0, ICANON);
  assert.equal(read(f), 'ab\rc');
});

test('ISTRIP clears the eighth bit of input', () => {
  const { tty, f } = setup();
  iflag(tty, ISTRIP, 0);
  tty.receive(Uint8Array.of(0xe1, 0x0a));
  assert.equal(read(f), 'a\n');
});

test('^C with ISIG signals the foreground pgrp, flushes the input and pending echoes, and echoes ^C', () => {
  const { tty, drv, jobs, f } = setup();
  typed(tty, 'abc\x03');
  assert.deepEqual(jobs.sent, [{ to: 100, sig: SIGINT, kind: 'pgrp' }]);
  assert.equal(drv.take(), '^C');
  assert.throws(() => f.read(100, 0, true), { code: 11 });
});

test('^\\ sends SIGQUIT and ^Z sends SIGTSTP', () => {
  const { tty, jobs } = setup();
  typed(tty, '\x1c\x1a');
  assert.deepEqual(
    jobs.sent.map((s) => s.sig),
    [SIGQUIT, SIGTSTP],
  );
});

test('NOFLSH keeps the input when a signal character arrives', () => {
  const { tty, f } = setup();
  lflag(tty, NOFLSH, 0);
  typed(tty, 'abc\x03\n');
  assert.equal(read(f), 'abc\n');
});

test('without ISIG ^C is an ordinary character', () => {
  const { tty, jobs, f } = setup();
  lflag(tty, 0, ISIG);
  typed(tty, '\x03\n');
  assert.equal(read(f), '\x03\n');
  assert.deepEqual(jobs.sent, []);
});

test('^S holds echo and output until ^Q', () => {
  const { tty, drv, f } = setup();
  typed(tty, 'a\x13bc');
  assert.equal(drv.take(), '');
  assert.throws(() => f.write(bytes('out'), 0, true, false), { code: 11 });
  typed(tty, '\x11');
  assert.equal(drv.take(), 'abc');
  assert.equal(f.write(bytes('out'), 0, true, false), 3);
  assert.equal(drv.take(), 'out');
});

test('OPOST with ONLCR turns NL into CR NL and leaves tabs alone', () => {
  const { f, drv } = setup();
  f.write(bytes('a\tb\nc\r\n'), 0, false, false);
  assert.equal(drv.take(), 'a\tb\r\nc\r\r\n');
});

test('OCRNL maps CR to NL and ONOCR drops CR at column 0', () => {
  const { tty, f, drv } = setup();
  oflag(tty, OCRNL | ONOCR, 0);
  f.write(bytes('\rab\rcd\n'), 0, false, false);
  assert.equal(drv.take(), 'ab\ncd\r\n');
});

test('ONLRET without ONLCR passes NL unchanged', () => {
  const { tty, f, drv } = setup();
  oflag(tty, ONLRET, ONLCR);
  f.write(bytes('ab\ncd\n'), 0, false, false);
  assert.equal(drv.take(), 'ab\ncd\n');
});

test('XTABS expands tabs to spaces', () => {
  const { tty, f, drv } = setup();
  oflag(tty, TAB3, 0);
  f.write(bytes('ab\tc\td\n'), 0, false, false);
  assert.equal(drv.take(), 'ab      c       d\r\n');
});

test('switching ICANON off makes a partial line readable', () => {
  const { tty, f } = setup();
  typed(tty, 'def');
  lflag(tty, 0, ICANON);
  assert.equal(read(f), 'def');
});

test('switching ICANON on turns pending raw input into one line', () => {
  const { tty, f } = setup();
  lflag(tty, 0, ICANON);
  typed(tty, 'abc');
  lflag(tty, ICANON, 0);
  assert.equal(read(f), 'abc');
  assert.throws(() => f.read(100, 0, true), { code: 11 });
});

test('VMIN 0 VTIME 0 returns what is there, even nothing', () => {
  const { tty, f } = setup();
  lflag(tty, 0, ICANON);
  const t = tty.termios.clone();
  t.cc[VMIN] = 0;
  t.cc[VTIME] = 0;
  tty.setTermios(t);
  assert.equal(f.read(10, 0, false).length, 0);
  typed(tty, 'xy');
  assert.equal(read(f), 'xy');
});

test('without ECHOCTL erasing a control character echoes nothing (it took no column)', () => {
  const { tty, drv } = setup();
  lflag(tty, 0, ECHOCTL);
  typed(tty, '\x01\x7f');
  assert.equal(drv.take(), '\x01');
});
