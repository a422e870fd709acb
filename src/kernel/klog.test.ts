import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EAGAIN, EINVAL, EPIPE } from '../abi/linux/errno.js';
import { WouldBlock } from '../fs/wait_queue.js';
import { Errno } from './errno.js';
import { KernelLog, kmsgDevice, kmsgLine, syslogLine, timePrefix } from './klog.js';

const text = (b: Uint8Array): string => String.fromCharCode(...b);
const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function errnoOf(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof Errno) return e.code;
    throw e;
  }
  return 0;
}

test('timestamps print as dmesg shows them: seconds padded to five, microseconds to six', () => {
  assert.equal(timePrefix(0n), '[    0.000000] ');
  assert.equal(timePrefix(1_234_567_891n), '[    1.234567] ');
  assert.equal(timePrefix(123_456_000_000_000n), '[123456.000000] ');
});

test('each line of a message is one record; syslog and kmsg formats carry the priority', () => {
  let now = 5_000_000n;
  const log = new KernelLog(() => now);
  log.add('first\nsecond\n');
  now = 7_000_000n;
  log.add('warn', 4, 1);
  const recs = log.since(0);
  assert.deepEqual(recs.map((r) => r.text), ['first', 'second', 'warn']);
  assert.equal(syslogLine(recs[0]), '<6>[    0.005000] first\n');
  assert.equal(kmsgLine(recs[2]), '12,2,7000,-;warn\n');
  assert.equal(log.text(), '[    0.005000] first\n[    0.005000] second\n[    0.007000] warn\n');
});

test('records below the console level are printed on the console, the rest only kept', () => {
  const shown: string[] = [];
  const log = new KernelLog(() => 0n, (l) => shown.push(l));
  log.consoleLevel = 4;
  log.add('info is kept only', 6);
  log.add('error is shown', 3);
  assert.deepEqual(shown, ['[    0.000000] error is shown\n']);
  assert.equal(log.since(0).length, 2);
});

test('the ring drops the oldest records when full and keeps sequence numbers', () => {
  const log = new KernelLog(() => 0n, null, 200);
  for (let i = 0; i < 20; i++) log.add(`message ${i}`);
  assert.ok(log.firstSeq > 0);
  assert.equal(log.nextSeq, 20);
  assert.equal(log.since(0)[0].seq, log.firstSeq);
  assert.equal(log.record(19)?.text, 'message 19');
  assert.equal(log.record(0), null);
});

test('/dev/kmsg reads one record per read, EINVAL when it does not fit, and blocks or EAGAIN at the end', () => {
  const log = new KernelLog(() => 1000n);
  log.add('boot');
  const f = kmsgDevice(log)();
  assert.equal(errnoOf(() => f.read(5, 0, false)), EINVAL);
  assert.equal(text(f.read(100, 0, false)), '6,0,1,-;boot\n');
  assert.equal(errnoOf(() => f.read(100, 0, true)), EAGAIN);
  assert.throws(() => f.read(100, 0, false), WouldBlock);
  assert.equal(f.write(bytes('<3>disk on fire\n'), 0, false, false), 16);
  assert.equal(f.write(bytes('plain'), 0, false, false), 5);
  assert.equal(text(f.read(100, 0, false)), '11,1,1,-;disk on fire\n');
  assert.equal(text(f.read(100, 0, false)), '12,2,1,-;plain\n');
});

test('a /dev/kmsg reader that fell behind the ring gets EPIPE once, then the oldest record', () => {
  const log = new KernelLog(() => 0n, null, 100);
  const f = kmsgDevice(log)();
  for (let i = 0; i < 10; i++) log.add(`line ${i}`);
  assert.equal(errnoOf(() => f.read(100, 0, false)), EPIPE);
  assert.match(text(f.read(100, 0, false)), new RegExp(`^6,${log.firstSeq},`));
});
