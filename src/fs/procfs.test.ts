import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../kernel/errno.js';
import { ENOENT } from '../abi/linux/errno.js';
import { O_RDONLY } from '../abi/linux/fcntl.js';
import { createDevFs } from './devfs.js';
import { createProcFs } from './procfs.js';
import { createPipe } from './pipe.js';
import { SynthDir, SynthFs, fixedEntries } from './synthetic.js';
import { Vfs } from './vfs.js';
import type { ProcProvider } from './procfs.js';
import type { StdioConsole } from './console_file.js';

const provider: ProcProvider = {
  currentPid: () => 7,
  pids: () => [1, 7],
  task: (pid) =>
    pid === 1 || pid === 7
      ? {
          pid, ppid: pid === 7 ? 1 : 0, comm: pid === 7 ? 'prog' : 'init', state: 'R', uid: 0, gid: 0,
          exePath: pid === 7 ? '/bin/prog' : '/sbin/init', cmdline: new TextEncoder().encode('prog\0-x\0'),
          maps: () => '00400000-00401000 r-xp 00000000 00:00 0 /bin/prog\n', vmSizeKb: 8, vmRssKb: 4,
          fds: () => [{ fd: 0, path: '/dev/null' }],
        }
      : null,
  meminfo: () => ({ totalKb: 524288, freeKb: 500000 }),
  uptimeNs: () => 12_345_000_000n,
};

const console: StdioConsole = {
  write: () => undefined, readAvailable: () => null, onInput: () => undefined, isTty: () => false, windowSize: () => null,
};

function namespace(): Vfs {
  const fs = new SynthFs('tmp', 0, 9, 0n);
  const vfs = new Vfs(new SynthDir(fs, 1, 0o755, fixedEntries(new Map())));
  vfs.mount('/proc', createProcFs({ slot: vfs.procSlot, mounts: () => vfs.mountTable(), timeNs: 0n }));
  vfs.mount('/dev', createDevFs({ random: { fill: (b) => b.fill(9) }, console, timeNs: 0n }));
  vfs.setProcProvider(provider);
  return vfs;
}

function cat(vfs: Vfs, p: string): string {
  const f = vfs.open(vfs.root, vfs.root, p, O_RDONLY, 0, 0);
  let s = '';
  for (;;) {
    const b = f.read(7);
    if (b.length === 0) break;
    s += new TextDecoder().decode(b);
  }
  f.release();
  return s;
}

test('/proc/self names the current pid and /proc/self/exe the program', () => {
  const vfs = namespace();
  assert.equal(vfs.readlink(vfs.root, vfs.root, '/proc/self'), '7');
  assert.equal(vfs.readlink(vfs.root, vfs.root, '/proc/self/exe'), '/bin/prog');
  assert.equal(vfs.readlink(vfs.root, vfs.root, '/proc/1/exe'), '/sbin/init');
  assert.equal(vfs.readlink(vfs.root, vfs.root, '/proc/self/fd/0'), '/dev/null');
});

test('/proc/pid files show cmdline bytes, maps text and a 52-field stat line', () => {
  const vfs = namespace();
  assert.equal(cat(vfs, '/proc/self/cmdline'), 'prog\0-x\0');
  assert.equal(cat(vfs, '/proc/7/maps'), '00400000-00401000 r-xp 00000000 00:00 0 /bin/prog\n');
  const stat = cat(vfs, '/proc/self/stat');
  assert.match(stat, /^7 \(prog\) R 1 /);
  assert.equal(stat.trim().split(' ').length, 52);
  assert.match(cat(vfs, '/proc/self/status'), /^Name:\tprog\n/m);
  assert.match(cat(vfs, '/proc/self/status'), /^PPid:\t1$/m);
});

test('/proc lists the fixed files and one directory per pid; unknown pids are ENOENT', () => {
  const vfs = namespace();
  const names = vfs.listDir(vfs.root, vfs.resolve(vfs.root, vfs.root, '/proc', true)).map((e) => e.name);
  for (const n of ['self', 'meminfo', 'cpuinfo', '1', '7']) assert.ok(names.includes(n), n);
  assert.throws(() => vfs.resolve(vfs.root, vfs.root, '/proc/99', true), (e: unknown) => e instanceof Errno && e.code === ENOENT);
});

test('/proc/meminfo and /proc/uptime come from the provider in Linux format', () => {
  const vfs = namespace();
  assert.match(cat(vfs, '/proc/meminfo'), /^MemTotal:         524288 kB\nMemFree:          500000 kB\n/);
  assert.equal(cat(vfs, '/proc/uptime'), '12.34 12.34\n');
  assert.match(cat(vfs, '/proc/mounts'), /proc \/proc proc/);
});

test('devfs null swallows writes, zero and urandom fill reads, full is ENOSPC', () => {
  const vfs = namespace();
  const open = (p: string, fl: number) => vfs.open(vfs.root, vfs.root, p, fl, 0, 0);
  const n = open('/dev/null', 2);
  assert.equal(n.write(new Uint8Array(5)), 5);
  assert.equal(n.read(10).length, 0);
  assert.deepEqual([...open('/dev/zero', 0).read(3)], [0, 0, 0]);
  assert.deepEqual([...open('/dev/urandom', 0).read(3)], [9, 9, 9]);
  assert.throws(() => open('/dev/full', 1).write(new Uint8Array(1)), (e: unknown) => e instanceof Errno && e.code === 28);
  assert.equal(vfs.resolve(vfs.root, vfs.root, '/dev/stdin', true).inode.stat().rdev, 0x103);
});

test('/proc/self/fd/N is a magic link: opening it reaches the open file, even a pipe', () => {
  const [r, w] = createPipe(0);
  const vfs = namespace();
  vfs.setProcProvider({
    ...provider,
    task: (pid) => {
      const t = provider.task(pid);
      return t && { ...t, fds: () => [{ fd: 3, path: 'pipe:[1]', file: r }] };
    },
  });
  assert.equal(vfs.readlink(vfs.root, vfs.root, '/proc/self/fd/3'), 'pipe:[1]');
  const again = vfs.open(vfs.root, vfs.root, '/proc/self/fd/3', O_RDONLY, 0, 0);
  w.write(new TextEncoder().encode('via proc'));
  assert.equal(new TextDecoder().decode(again.read(20)), 'via proc');
});

test('/proc/stat has cpu lines from the tasks\' times and the uptime, and /proc/loadavg counts tasks', () => {
  const vfs = namespace();
  const stat = cat(vfs, '/proc/stat');
  assert.match(stat, /^cpu  0 0 0 1234 0 0 0 0 0 0\ncpu0 0 0 0 1234 0 0 0 0 0 0\n/);
  assert.match(stat, /^processes 2$/m);
  assert.match(stat, /^procs_running 2$/m);
  assert.equal(cat(vfs, '/proc/loadavg'), '0.00 0.00 0.00 2/2 7\n');
});
