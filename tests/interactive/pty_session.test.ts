// The pty harness itself, checked against host programs (cat, sh -i, stty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, PtySession, stripAnsi, shellQuote } from './pty_session.js';

const env = { PATH: '/usr/bin:/bin', HOME: '/root', LANG: 'C', LC_ALL: 'C', TERM: 'xterm', PS1: 'hostsh$ ' };
const opts = { cwd: '/', env };

test('stripAnsi removes CSI, OSC and charset escapes and carriage returns but keeps newlines and tabs', () => {
  assert.equal(stripAnsi('\x1b[1mbold\x1b[0m\r\n\x1b]0;title\x07a\tb\x1b(B\x1b[?25h\x1b=\x1b7x'), 'bold\na\tbx');
});

test('stripAnsi turns cursor positioning into a new line, as full-screen programs draw lines', () => {
  assert.equal(stripAnsi('\x1b[H\x1b[J\x1b[2;1H~\x1b[3;1H~\x1b[24;1H\x1b[K- note.txt'), '\n\n~\n~\n- note.txt');
});

test('shellQuote leaves plain words alone and single-quotes the rest', () => {
  assert.equal(shellQuote('/bin/ls'), '/bin/ls');
  assert.equal(shellQuote("it's a b"), `'it'\\''s a b'`);
});

test('a host cat under the pty echoes typed input and prints it back, and ^D ends it with status 0', async () => {
  const s = PtySession.spawn(['cat'], opts);
  try {
    s.line('hello pty');
    await s.expect(/hello pty\nhello pty\n/);
    s.write(KEY.ctrlD);
    assert.equal((await s.waitExit()).status, 0);
  } finally {
    await s.close();
  }
});

test('the pty has the requested window size', async () => {
  const s = PtySession.spawn(['stty', 'size'], { ...opts, rows: 33, cols: 101 });
  try {
    await s.expect('33 101');
    assert.equal((await s.waitExit()).status, 0);
  } finally {
    await s.close();
  }
});

test('^C interrupts a sleep under a host sh -i and the shell survives', async () => {
  const s = PtySession.spawn(['sh', '-i'], opts);
  try {
    await s.expect('hostsh$ ');
    // The job says so once it runs in the foreground group: a ^C typed before that would reach the shell instead.
    s.line("sh -c 'echo ready; exec sleep 100'");
    await s.expect(/^ready\n/m);
    s.write(KEY.ctrlC);
    await s.expect('hostsh$ ');
    s.line('echo still $((6*7))');
    await s.expect('still 42');
    s.line('exit 3');
    assert.equal((await s.waitExit()).status, 3);
  } finally {
    await s.close();
  }
});

test('^C kills a foreground cat run directly and the status says SIGINT', async () => {
  const s = PtySession.spawn(['cat'], opts);
  try {
    s.line('x');
    await s.expect(/x\nx\n/);
    s.write(KEY.ctrlC);
    assert.equal((await s.waitExit()).status, 130);
  } finally {
    await s.close();
  }
});

test('expect moves past each match, so a repeated prompt is matched once per appearance', async () => {
  const s = PtySession.spawn(['sh', '-i'], opts);
  try {
    await s.expect('hostsh$ ');
    s.line('echo one');
    await s.expect(/^one$/m);
    await s.expect('hostsh$ ');
    s.line('echo two');
    await s.expect(/^two$/m);
    await s.expect('hostsh$ ');
    assert.doesNotMatch(s.pending(), /one|two/);
    assert.match(s.raw(), /one\r\n/);
  } finally {
    await s.close();
  }
});

test('a failing expect names the pattern and shows the end of the screen', async () => {
  const s = PtySession.spawn(['sh', '-c', 'printf "\\033[31mred text\\033[0m\\n"; exit 5'], opts);
  try {
    await assert.rejects(s.expect(/never printed/), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /expect\(\/never printed\/\): the command exited with status 5 first/);
      assert.match(e.message, /escapes stripped\) ---\nred text\n/);
      assert.match(e.message, /\\u001b\[31mred text/);
      return true;
    });
  } finally {
    await s.close();
  }
});

test('expect gives up at its safety-net timeout with the screen in the message', async () => {
  const s = PtySession.spawn(['cat'], opts);
  try {
    s.line('shown');
    await assert.rejects(s.expect('absent', 300), /not seen within the 300 ms safety net[\s\S]*shown/);
  } finally {
    await s.close();
  }
});
