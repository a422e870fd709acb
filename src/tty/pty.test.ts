// Pseudo-terminal pairs and /dev/pts, with the behaviour checked on a Linux host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EAGAIN, EINVAL, EIO } from '../abi/linux/errno.js';
import { O_NOCTTY, O_RDWR } from '../abi/linux/fcntl.js';
import { TCFLSH, TCGETS, TCSETS, TIOCGPTN, TIOCPKT, TIOCSIG, TIOCSPTLCK, TIOCSWINSZ } from '../abi/linux/ioctls.js';
import { POLLHUP, POLLIN, POLLOUT, POLLPRI } from '../abi/linux/poll.js';
import { SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGWINCH } from '../abi/linux/signal.js';
import { S_IFCHR, S_IFMT, makeDev } from '../abi/linux/stat.js';
import { IXON, TCIFLUSH, TCOFLUSH, TIOCPKT_DOSTOP, TIOCPKT_NOSTOP, TIOCPKT_START, TIOCPKT_STOP } from '../abi/linux/termios.js';
import { WouldBlock } from '../fs/wait_queue.js';
import { DevPts, PtyPair, ptyOf } from './pty.js';
import { FakeJobs, FlatMemory, bytes, text } from './testing/fakes.js';
import type { FileOps } from '../fs/inode.js';

function errnoOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error && 'code' in e) return (e as { code: number }).code;
    throw e;
  }
  assert.fail('no error');
}

function unlock(master: FileOps, mem: FlatMemory): void {
  mem.writeU32(mem.base, 0);
  master.ioctl!(TIOCSPTLCK, mem.base, mem);
}

function devpts(): { pts: DevPts; jobs: FakeJobs; mem: FlatMemory } {
  const jobs = new FakeJobs();
  return { pts: new DevPts({ jobs }), jobs, mem: new FlatMemory() };
}

/** An unlocked pair with its slave opened by the session leader (which acquires it). */
function opened(): { pts: DevPts; jobs: FakeJobs; mem: FlatMemory; master: FileOps; slave: FileOps; pair: PtyPair } {
  const d = devpts();
  const master = d.pts.openPtmx(O_RDWR);
  unlock(master, d.mem);
  const pair = ptyOf(master)!;
  const slave = d.pts.root.lookup('0')!.open(O_RDWR);
  return { ...d, master, slave, pair };
}

test('/dev/ptmx hands out the lowest free number and TIOCGPTN reports it', () => {
  const { pts, mem } = devpts();
  const a = pts.openPtmx(O_RDWR);
  const b = pts.openPtmx(O_RDWR);
  b.ioctl!(TIOCGPTN, mem.base, mem);
  assert.equal(mem.readU32(mem.base), 1);
  a.release!();
  const c = pts.openPtmx(O_RDWR);
  c.ioctl!(TIOCGPTN, mem.base, mem);
  assert.equal(mem.readU32(mem.base), 0);
});

test('/dev/pts lists ptmx and the live slaves as 136:N char devices, mode 0620, group tty', () => {
  const { pts } = devpts();
  pts.openPtmx(O_RDWR, { uid: 1000 });
  assert.deepEqual(pts.root.readdir().map((e) => e.name), ['ptmx', '0']);
  const st = pts.root.lookup('0')!.stat();
  assert.equal(st.mode & S_IFMT, S_IFCHR);
  assert.equal(st.mode & 0o7777, 0o620);
  assert.equal(st.rdev, makeDev(136, 0));
  assert.equal(st.uid, 1000);
  assert.equal(st.gid, 5);
  assert.equal(pts.ptmx.stat().rdev, makeDev(5, 2));
});

test('the slave cannot be opened until unlockpt', () => {
  const { pts, mem } = devpts();
  const m = pts.openPtmx(O_RDWR);
  const node = pts.root.lookup('0')!;
  assert.equal(errnoOf(() => node.open(O_RDWR)), EIO);
  unlock(m, mem);
  node.open(O_RDWR | O_NOCTTY);
});

test('a master read before the slave is opened waits (EAGAIN when non-blocking)', () => {
  const { pts } = devpts();
  const m = pts.openPtmx(O_RDWR);
  assert.equal(errnoOf(() => m.read(10, 0, true)), EAGAIN);
  assert.throws(() => m.read(10, 0, false), WouldBlock);
});

test('input written to the master before the slave opens is echoed and readable', () => {
  const { pts, mem } = devpts();
  const m = pts.openPtmx(O_RDWR);
  assert.equal(m.write(bytes('hi\n'), 0, true, false), 3);
  unlock(m, mem);
  const s = pts.root.lookup('0')!.open(O_RDWR | O_NOCTTY);
  assert.equal(text(m.read(100, 0, true)), 'hi\r\n');
  assert.equal(text(s.read(100, 0, true)), 'hi\n');
});

test('slave output reaches the master after OPOST', () => {
  const { master, slave } = opened();
  slave.write(bytes('a\nb'), 0, false, false);
  assert.equal(text(master.read(100, 0, true)), 'a\r\nb');
});

test('once every slave file has closed the master reads EIO and polls POLLHUP', () => {
  const { master, slave } = opened();
  slave.write(bytes('x'), 0, false, false);
  slave.release!();
  assert.equal(master.poll!().events & (POLLIN | POLLHUP | POLLOUT), POLLIN | POLLHUP | POLLOUT);
  assert.equal(text(master.read(100, 0, true)), 'x');
  assert.equal(errnoOf(() => master.read(100, 0, false)), EIO);
  assert.equal(master.poll!().events & (POLLIN | POLLHUP | POLLOUT), POLLHUP | POLLOUT);
  assert.equal(master.write(bytes('y'), 0, false, false), 1);
});

test('reopening the slave clears the master\'s EIO', () => {
  const { pts, master, slave } = opened();
  slave.release!();
  pts.root.lookup('0')!.open(O_RDWR | O_NOCTTY);
  assert.equal(errnoOf(() => master.read(100, 0, true)), EAGAIN);
});

test('closing the master hangs up the slave: SIGHUP+SIGCONT to its session leader, read 0, write EIO', () => {
  const { pts, jobs, master, slave } = opened();
  master.release!();
  assert.deepEqual(jobs.sent, [
    { to: 100, sig: SIGHUP, kind: 'pid' },
    { to: 100, sig: SIGCONT, kind: 'pid' },
  ]);
  assert.equal(slave.read(10, 0, false).length, 0);
  assert.equal(errnoOf(() => slave.write(bytes('x'), 0, false, false)), EIO);
  assert.equal(pts.root.lookup('0'), null);
  assert.equal(jobs.current.ctty, null);
});

test('a pty number is reused only after both sides have closed', () => {
  const { pts, mem, master, slave } = opened();
  master.release!();
  const b = pts.openPtmx(O_RDWR);
  b.ioctl!(TIOCGPTN, mem.base, mem);
  assert.equal(mem.readU32(mem.base), 1);
  slave.release!();
  const c = pts.openPtmx(O_RDWR);
  c.ioctl!(TIOCGPTN, mem.base, mem);
  assert.equal(mem.readU32(mem.base), 0);
});

test('termios ioctls on the master act on the slave', () => {
  const { mem, master, slave } = opened();
  master.ioctl!(TCGETS, mem.base, mem);
  slave.ioctl!(TCGETS, mem.base + 64, mem);
  assert.deepEqual(mem.read(mem.base, 36), mem.read(mem.base + 64, 36));
});

test('TIOCSWINSZ on the master resizes the slave and sends SIGWINCH to its foreground group', () => {
  const { jobs, mem, master, pair } = opened();
  mem.write(mem.base, Uint8Array.of(30, 0, 100, 0, 0, 0, 0, 0));
  master.ioctl!(TIOCSWINSZ, mem.base, mem);
  assert.deepEqual(pair.slave.winsize, { rows: 30, cols: 100, xpixel: 0, ypixel: 0 });
  assert.deepEqual(jobs.sent, [{ to: 100, sig: SIGWINCH, kind: 'pgrp' }]);
});

test('^C written to the master signals the slave\'s foreground group and flushes unread echo', () => {
  const { jobs, master } = opened();
  master.write(bytes('abc'), 0, false, false);
  master.write(bytes('\x03'), 0, false, false);
  assert.deepEqual(jobs.sent, [{ to: 100, sig: SIGINT, kind: 'pgrp' }]);
  assert.equal(text(master.read(100, 0, true)), '^C');
});

test('TIOCSIG on the master sends SIGINT, SIGQUIT or SIGTSTP to the foreground group only', () => {
  const { jobs, mem, master } = opened();
  master.ioctl!(TIOCSIG, SIGINT, mem);
  assert.deepEqual(jobs.sent, [{ to: 100, sig: SIGINT, kind: 'pgrp' }]);
  assert.equal(errnoOf(() => master.ioctl!(TIOCSIG, SIGTERM, mem)), EINVAL);
});

test('packet mode prefixes data with 0 and reports stop, start, flushes and IXON changes', () => {
  const { mem, master, slave, pair } = opened();
  mem.writeU32(mem.base, 1);
  master.ioctl!(TIOCPKT, mem.base, mem);
  slave.write(bytes('hi'), 0, false, false);
  assert.deepEqual([...master.read(100, 0, true)], [0, 0x68, 0x69]);
  master.write(bytes('\x13'), 0, false, false);
  assert.equal(master.poll!().events & POLLPRI, POLLPRI);
  assert.deepEqual([...master.read(100, 0, true)], [TIOCPKT_STOP]);
  master.write(bytes('\x11'), 0, false, false);
  assert.deepEqual([...master.read(100, 0, true)], [TIOCPKT_START]);
  slave.ioctl!(TCFLSH, TCOFLUSH, mem);
  assert.deepEqual([...master.read(100, 0, true)], [2]);
  slave.ioctl!(TCFLSH, TCIFLUSH, mem);
  assert.deepEqual([...master.read(100, 0, true)], [1]);
  const t = pair.slave.termios.clone();
  t.iflag &= ~IXON;
  pair.slave.setTermios(t);
  assert.deepEqual([...master.read(100, 0, true)], [TIOCPKT_NOSTOP]);
  t.iflag |= IXON;
  pair.slave.setTermios(t);
  assert.deepEqual([...master.read(100, 0, true)], [TIOCPKT_DOSTOP]);
  slave.write(bytes('abc'), 0, false, false);
  assert.deepEqual([...master.read(2, 0, true)], [0, 0x61]);
});

test('a slave writer waits when the master does not read 64 KiB of output', () => {
  const { master, slave } = opened();
  const big = new Uint8Array(70000).fill(0x41);
  assert.equal(slave.write(big, 0, true, false), 65536);
  assert.equal(errnoOf(() => slave.write(big, 0, true, false)), EAGAIN);
  assert.equal(slave.poll!().events & POLLOUT, 0);
  master.read(1000, 0, true);
  assert.equal(slave.poll!().events & POLLOUT, POLLOUT);
});

test('a master writer waits once the slave holds 64 KiB of unread input', () => {
  const { master, pair } = opened();
  const t = pair.slave.termios.clone();
  t.lflag = 0;
  pair.slave.setTermios(t);
  const big = new Uint8Array(80000).fill(0x41);
  assert.equal(master.write(big, 0, true, false), 65536);
  assert.equal(master.write(big, 0, true, false), 4095);
  assert.equal(errnoOf(() => master.write(big, 0, true, false)), EAGAIN);
  assert.throws(() => master.write(big, 0, false, false), WouldBlock);
});

test('a slave read waiting when the master closes fails with EIO; later reads return 0', () => {
  const { master, slave } = opened();
  assert.throws(() => slave.read(10, 0, false), WouldBlock);
  master.release!();
  assert.equal(errnoOf(() => slave.read(10, 0, false)), EIO);
  assert.equal(slave.read(10, 0, false).length, 0);
});

test('a pty slave keeps CS8 and CREAD without parity whatever TCSETS asks', () => {
  const { mem, slave } = opened();
  slave.ioctl!(TCGETS, mem.base, mem);
  const v = new DataView(mem.bytes.buffer);
  const off = mem.base - 0x1000 + 8;
  v.setUint32(off, (v.getUint32(off, true) & ~0o60) | 0o40 | 0o400, true);
  slave.ioctl!(TCSETS, mem.base, mem);
  slave.ioctl!(TCGETS, mem.base, mem);
  assert.equal(v.getUint32(off, true), 0o277);
});
