// Job control, ioctls, VMIN/VTIME and hangup of a Tty with fake kernel glue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EAGAIN, EINVAL, EIO, ENOTTY, EPERM, ERESTARTSYS, ESRCH } from '../abi/linux/errno.js';
import { O_RDWR, O_WRONLY } from '../abi/linux/fcntl.js';
import {
  FIONREAD, TCFLSH, TCGETS, TCSETS, TCSETSF, TCXONC, TIOCGPGRP, TIOCGSID, TIOCGWINSZ, TIOCNOTTY, TIOCSCTTY,
  TIOCSPGRP, TIOCSTI, TIOCSWINSZ,
} from '../abi/linux/ioctls.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from '../abi/linux/poll.js';
import { SIGCONT, SIGHUP, SIGTTIN, SIGTTOU, SIGWINCH } from '../abi/linux/signal.js';
import { ECHO, ICANON, TCIFLUSH, TCOOFF, TCOON, TOSTOP, VMIN, VTIME } from '../abi/linux/termios.js';
import { WouldBlock } from '../fs/wait_queue.js';
import { Termios } from './termios.js';
import { Tty } from './tty.js';
import { CaptureDriver, FakeJobs, FlatMemory, bytes, text } from './testing/fakes.js';
import type { FileOps } from '../fs/inode.js';

interface Setup {
  tty: Tty;
  drv: CaptureDriver;
  jobs: FakeJobs;
  f: FileOps;
  mem: FlatMemory;
  clock: { ns: bigint };
}

/** A tty opened by session leader 100 (which acquires it), and process 200 of the same session in background group 200. */
function setup(): Setup {
  const jobs = new FakeJobs();
  const drv = new CaptureDriver();
  const clock = { ns: 1_000_000_000n };
  const tty = new Tty({ name: 'test', rdev: 0, driver: drv, jobs, now: () => clock.ns, winsize: { rows: 24, cols: 80 } });
  const f = tty.open(O_RDWR, false);
  const bg = jobs.add(200, 200, 100);
  bg.ctty = tty;
  return { tty, drv, jobs, f, mem: new FlatMemory(), clock };
}

function asBackground(s: Setup): void {
  s.jobs.current = s.jobs.procs.get(200)!;
}

function errnoOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error && 'code' in e) return (e as { code: number }).code;
    throw e;
  }
  assert.fail('no error');
}

function raw(tty: Tty, vmin: number, vtime: number): void {
  const t = tty.termios.clone();
  t.lflag &= ~(ICANON | ECHO);
  t.cc[VMIN] = vmin;
  t.cc[VTIME] = vtime;
  tty.setTermios(t);
}

test('a session leader without a controlling tty acquires the tty it opens', () => {
  const s = setup();
  assert.equal(s.tty.session, 100);
  assert.equal(s.tty.pgrp, 100);
  assert.equal(s.jobs.procs.get(100)!.ctty, s.tty);
});

test('opening with noctty does not make the tty controlling', () => {
  const jobs = new FakeJobs();
  const tty = new Tty({ name: 't', rdev: 0, driver: new CaptureDriver(), jobs });
  tty.open(O_RDWR, true);
  assert.equal(tty.session, 0);
  assert.equal(jobs.current.ctty, null);
});

test('background read sends SIGTTIN to the reader\'s group and restarts', () => {
  const s = setup();
  asBackground(s);
  assert.equal(errnoOf(() => s.f.read(10, 0, false)), ERESTARTSYS);
  assert.deepEqual(s.jobs.sent, [{ to: 200, sig: SIGTTIN, kind: 'pgrp' }]);
});

test('background read with SIGTTIN ignored or blocked fails with EIO', () => {
  const s = setup();
  asBackground(s);
  s.jobs.current.blocked.add(SIGTTIN);
  assert.equal(errnoOf(() => s.f.read(10, 0, false)), EIO);
  assert.deepEqual(s.jobs.sent, []);
});

test('background read from an orphaned process group fails with EIO', () => {
  const s = setup();
  asBackground(s);
  s.jobs.current.orphaned = true;
  assert.equal(errnoOf(() => s.f.read(10, 0, false)), EIO);
});

test('reading a tty that is not the caller\'s controlling tty needs no job control', () => {
  const s = setup();
  asBackground(s);
  s.jobs.current.ctty = null;
  s.tty.receive(bytes('x\n'));
  assert.equal(text(s.f.read(10, 0, false)), 'x\n');
});

test('background write is allowed without TOSTOP', () => {
  const s = setup();
  asBackground(s);
  assert.equal(s.f.write(bytes('hi'), 0, false, false), 2);
  assert.equal(s.drv.take(), 'hi');
});

test('background write with TOSTOP sends SIGTTOU and restarts', () => {
  const s = setup();
  const t = s.tty.termios.clone();
  t.lflag |= TOSTOP;
  s.tty.setTermios(t);
  asBackground(s);
  assert.equal(errnoOf(() => s.f.write(bytes('hi'), 0, false, false)), ERESTARTSYS);
  assert.deepEqual(s.jobs.sent, [{ to: 200, sig: SIGTTOU, kind: 'pgrp' }]);
});

test('background write with TOSTOP goes through when SIGTTOU is blocked or ignored', () => {
  const s = setup();
  const t = s.tty.termios.clone();
  t.lflag |= TOSTOP;
  s.tty.setTermios(t);
  asBackground(s);
  s.jobs.current.blocked.add(SIGTTOU);
  assert.equal(s.f.write(bytes('hi'), 0, false, false), 2);
});

test('TCSETS from a background group sends SIGTTOU', () => {
  const s = setup();
  asBackground(s);
  s.mem.write(s.mem.base, new Termios().encode());
  assert.equal(errnoOf(() => s.f.ioctl!(TCSETS, s.mem.base, s.mem)), ERESTARTSYS);
  assert.equal(s.jobs.sent[0].sig, SIGTTOU);
});

test('TCGETS returns the struct termios of a fresh Linux pty', () => {
  const s = setup();
  s.f.ioctl!(TCGETS, s.mem.base, s.mem);
  const b = s.mem.read(s.mem.base, 36);
  const v = new DataView(b.buffer);
  assert.deepEqual([v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true)], [0o2400, 5, 0o277, 0o105073]);
  assert.deepEqual([...b.subarray(17, 36)], [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0]);
});

test('TCSETSF discards pending input, TCSETS keeps it', () => {
  const s = setup();
  s.tty.receive(bytes('a\n'));
  s.mem.write(s.mem.base, s.tty.termios.encode());
  s.f.ioctl!(TCSETS, s.mem.base, s.mem);
  assert.equal(s.f.available!(), 2);
  s.f.ioctl!(TCSETSF, s.mem.base, s.mem);
  assert.equal(s.f.available!(), 0);
});

test('TCFLSH TCIFLUSH discards input and a bad selector is EINVAL', () => {
  const s = setup();
  s.tty.receive(bytes('a\n'));
  s.f.ioctl!(TCFLSH, TCIFLUSH, s.mem);
  s.f.ioctl!(FIONREAD, s.mem.base, s.mem);
  assert.equal(s.mem.readU32(s.mem.base), 0);
  assert.equal(errnoOf(() => s.f.ioctl!(TCFLSH, 7, s.mem)), EINVAL);
});

test('TCXONC TCOOFF holds output until TCOON', () => {
  const s = setup();
  s.f.ioctl!(TCXONC, TCOOFF, s.mem);
  assert.equal(errnoOf(() => s.f.write(bytes('x'), 0, true, false)), EAGAIN);
  assert.throws(() => s.f.write(bytes('x'), 0, false, false), WouldBlock);
  s.tty.receive(bytes('\x11'));
  assert.equal(errnoOf(() => s.f.write(bytes('x'), 0, true, false)), EAGAIN);
  s.f.ioctl!(TCXONC, TCOON, s.mem);
  assert.equal(s.f.write(bytes('x'), 0, true, false), 1);
});

test('TIOCSPGRP moves the foreground to a group of the session', () => {
  const s = setup();
  s.mem.writeU32(s.mem.base, 200);
  s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem);
  assert.equal(s.tty.pgrp, 200);
  s.f.ioctl!(TIOCGPGRP, s.mem.base + 8, s.mem);
  assert.equal(s.mem.readU32(s.mem.base + 8), 200);
});

test('TIOCSPGRP to a group of another session is EPERM, to no group ESRCH', () => {
  const s = setup();
  s.jobs.add(300, 300, 300);
  s.mem.writeU32(s.mem.base, 300);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem)), EPERM);
  s.mem.writeU32(s.mem.base, 999);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem)), ESRCH);
});

test('TIOCSPGRP from a background group sends SIGTTOU unless it is ignored', () => {
  const s = setup();
  asBackground(s);
  s.mem.writeU32(s.mem.base, 200);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem)), ERESTARTSYS);
  assert.equal(s.jobs.sent[0].sig, SIGTTOU);
  s.jobs.current.blocked.add(SIGTTOU);
  s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem);
  assert.equal(s.tty.pgrp, 200);
});

test('TIOCSPGRP, TIOCGPGRP and TIOCGSID on a tty that is not the controlling tty are ENOTTY', () => {
  const s = setup();
  s.jobs.current = s.jobs.add(300, 300, 300);
  s.mem.writeU32(s.mem.base, 300);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem)), ENOTTY);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCGPGRP, s.mem.base, s.mem)), ENOTTY);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCGSID, s.mem.base, s.mem)), ENOTTY);
});

test('TIOCGSID returns the session of the controlling tty', () => {
  const s = setup();
  s.f.ioctl!(TIOCGSID, s.mem.base, s.mem);
  assert.equal(s.mem.readU32(s.mem.base), 100);
});

test('TIOCSCTTY needs a session leader without a controlling tty, and root with arg 1 to steal', () => {
  const s = setup();
  const other = s.jobs.add(300, 300, 300);
  s.jobs.current = other;
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSCTTY, 0, s.mem)), EPERM);
  other.privileged = true;
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSCTTY, 0, s.mem)), EPERM);
  s.f.ioctl!(TIOCSCTTY, 1, s.mem);
  assert.equal(s.tty.session, 300);
  assert.equal(other.ctty, s.tty);
  assert.equal(s.jobs.procs.get(100)!.ctty, null);
  s.jobs.current = s.jobs.procs.get(200)!;
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSCTTY, 0, s.mem)), EPERM);
});

test('TIOCNOTTY by the session leader sends SIGHUP and SIGCONT to the foreground group', () => {
  const s = setup();
  s.mem.writeU32(s.mem.base, 200);
  s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem);
  s.f.ioctl!(TIOCNOTTY, 0, s.mem);
  assert.deepEqual(s.jobs.sent, [
    { to: 200, sig: SIGHUP, kind: 'pgrp' },
    { to: 200, sig: SIGCONT, kind: 'pgrp' },
  ]);
  assert.equal(s.tty.session, 0);
  assert.equal(s.jobs.procs.get(200)!.ctty, null);
});

test('TIOCNOTTY by another member only detaches the caller; on a foreign tty it is ENOTTY', () => {
  const s = setup();
  asBackground(s);
  s.f.ioctl!(TIOCNOTTY, 0, s.mem);
  assert.equal(s.jobs.current.ctty, null);
  assert.equal(s.tty.session, 100);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCNOTTY, 0, s.mem)), ENOTTY);
});

test('TIOCSWINSZ changes the size and sends SIGWINCH to the foreground group once', () => {
  const s = setup();
  const ws = new Uint8Array(8);
  new DataView(ws.buffer).setUint16(0, 50, true);
  new DataView(ws.buffer).setUint16(2, 132, true);
  s.mem.write(s.mem.base, ws);
  s.f.ioctl!(TIOCSWINSZ, s.mem.base, s.mem);
  s.f.ioctl!(TIOCSWINSZ, s.mem.base, s.mem);
  assert.deepEqual(s.jobs.sent, [{ to: 100, sig: SIGWINCH, kind: 'pgrp' }]);
  s.f.ioctl!(TIOCGWINSZ, s.mem.base + 16, s.mem);
  assert.deepEqual([...s.mem.read(s.mem.base + 16, 4)], [50, 0, 132, 0]);
});

test('TIOCSTI inserts input as if typed on the controlling tty', () => {
  const s = setup();
  s.mem.write(s.mem.base, bytes('z'));
  s.f.ioctl!(TIOCSTI, s.mem.base, s.mem);
  assert.equal(s.drv.take(), 'z');
  s.jobs.current = s.jobs.add(300, 300, 300);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSTI, s.mem.base, s.mem)), EPERM);
});

test('an unknown ioctl is ENOTTY', () => {
  const s = setup();
  assert.equal(errnoOf(() => s.f.ioctl!(0x5499, 0, s.mem)), ENOTTY);
});

test('VMIN 1 VTIME 0 blocks until a byte arrives', () => {
  const s = setup();
  raw(s.tty, 1, 0);
  const e = (() => {
    try {
      s.f.read(10, 0, false);
    } catch (x) {
      return x;
    }
    return null;
  })();
  assert.ok(e instanceof WouldBlock);
  assert.equal(e.untilNs, undefined);
  s.tty.receive(bytes('q'));
  assert.equal(text(s.f.read(10, 0, false)), 'q');
});

test('VMIN 3 waits for three bytes, or returns fewer for a smaller read', () => {
  const s = setup();
  raw(s.tty, 3, 0);
  s.tty.receive(bytes('ab'));
  assert.throws(() => s.f.read(10, 0, false), WouldBlock);
  assert.equal(text(s.f.read(1, 0, false)), 'a');
  s.tty.receive(bytes('cd'));
  assert.equal(text(s.f.read(10, 0, false)), 'bcd');
});

test('VMIN 0 VTIME 5 waits half a second from the start of the read, then returns 0', () => {
  const s = setup();
  raw(s.tty, 0, 5);
  let e: unknown = null;
  try {
    s.f.read(10, 0, false);
  } catch (x) {
    e = x;
  }
  assert.ok(e instanceof WouldBlock);
  assert.equal(e.untilNs, 1_500_000_000n);
  s.clock.ns = 1_200_000_000n;
  assert.throws(() => s.f.read(10, 0, false), (x: unknown) => x instanceof WouldBlock && x.untilNs === 1_500_000_000n);
  s.clock.ns = 1_500_000_000n;
  assert.equal(s.f.read(10, 0, false).length, 0);
});

test('VMIN 0 VTIME 5 returns a byte as soon as it arrives', () => {
  const s = setup();
  raw(s.tty, 0, 5);
  assert.throws(() => s.f.read(10, 0, false), WouldBlock);
  s.tty.receive(bytes('k'));
  assert.equal(text(s.f.read(10, 0, false)), 'k');
});

test('VMIN 4 VTIME 2 blocks without a deadline until the first byte, then times out between bytes', () => {
  const s = setup();
  raw(s.tty, 4, 2);
  assert.throws(() => s.f.read(10, 0, false), (x: unknown) => x instanceof WouldBlock && x.untilNs === undefined);
  s.clock.ns = 2_000_000_000n;
  s.tty.receive(bytes('ab'));
  assert.throws(() => s.f.read(10, 0, false), (x: unknown) => x instanceof WouldBlock && x.untilNs === 2_200_000_000n);
  s.clock.ns = 2_200_000_000n;
  assert.equal(text(s.f.read(10, 0, false)), 'ab');
});

test('a non-blocking raw read returns what there is, or EAGAIN', () => {
  const s = setup();
  raw(s.tty, 5, 0);
  assert.equal(errnoOf(() => s.f.read(10, 0, true)), EAGAIN);
  s.tty.receive(bytes('ab'));
  assert.equal(text(s.f.read(10, 0, true)), 'ab');
});

test('poll: a partial canonical line is not readable; a complete one is', () => {
  const s = setup();
  s.tty.receive(bytes('ab'));
  assert.equal(s.f.poll!().events & POLLIN, 0);
  s.tty.receive(bytes('\n'));
  assert.equal(s.f.poll!().events & (POLLIN | POLLOUT), POLLIN | POLLOUT);
});

test('poll with VMIN 3 and VTIME 0 wants three bytes', () => {
  const s = setup();
  raw(s.tty, 3, 0);
  s.tty.receive(bytes('ab'));
  assert.equal(s.f.poll!().events & POLLIN, 0);
  s.tty.receive(bytes('c'));
  assert.equal(s.f.poll!().events & POLLIN, POLLIN);
});

test('hangup: SIGHUP and SIGCONT to the session leader, reads 0, writes EIO, poll says everything', () => {
  const s = setup();
  s.tty.hangup();
  assert.deepEqual(s.jobs.sent, [
    { to: 100, sig: SIGHUP, kind: 'pid' },
    { to: 100, sig: SIGCONT, kind: 'pid' },
  ]);
  assert.equal(s.f.read(10, 0, false).length, 0);
  assert.equal(errnoOf(() => s.f.write(bytes('x'), 0, false, false)), EIO);
  assert.equal(s.f.poll!().events & (POLLIN | POLLOUT | POLLERR | POLLHUP), POLLIN | POLLOUT | POLLERR | POLLHUP);
  assert.equal(errnoOf(() => s.f.ioctl!(TCGETS, s.mem.base, s.mem)), EIO);
  assert.equal(errnoOf(() => s.f.ioctl!(TIOCSPGRP, s.mem.base, s.mem)), ENOTTY);
  assert.equal(s.jobs.procs.get(100)!.ctty, null);
  assert.equal(s.tty.session, 0);
});

test('closing the last file of a tty detaches it from its session', () => {
  const s = setup();
  const g = s.tty.open(O_WRONLY, true);
  s.f.release!();
  assert.equal(s.tty.session, 100);
  g.release!();
  assert.equal(s.tty.session, 0);
  assert.equal(s.jobs.procs.get(100)!.ctty, null);
});

test('a write-only open does not acquire a controlling tty', () => {
  const jobs = new FakeJobs();
  const tty = new Tty({ name: 't', rdev: 0, driver: new CaptureDriver(), jobs });
  tty.open(O_WRONLY, false);
  assert.equal(tty.session, 0);
});
