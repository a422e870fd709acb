import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestEnvironment, parseArgs, parseMountSpec, parseSize } from './args.js';

test('run options come before the program and everything after goes to it', () => {
  const c = parseArgs([
    'run', '--strace', '--env', 'A=1', '--env=B=2', '--root', '/r', '--tmpfs', '/tmp', '--memory', '64M', 'prog', '--strace', '-x',
  ]);
  assert.deepEqual(c, {
    kind: 'run', root: '/r', strace: true, env: ['A=1', 'B=2'], tmpfs: ['/tmp'], mounts: [], cpu: 'interp', memoryBytes: 64 << 20,
    maxTasks: null, verboseFork: false, program: 'prog', args: ['--strace', '-x'],
  });
});

test('help, version and mistakes are recognised', () => {
  assert.deepEqual(parseArgs(['--help']), { kind: 'help', topic: 'main' });
  assert.deepEqual(parseArgs(['run', '--help']), { kind: 'help', topic: 'run' });
  assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
  assert.equal(parseArgs([]).kind, 'error');
  assert.equal(parseArgs(['walk']).kind, 'error');
  assert.equal(parseArgs(['run']).kind, 'error');
  assert.equal(parseArgs(['run', '--cpu', 'fast', 'p']).kind, 'error');
  assert.equal(parseArgs(['run', '--tmpfs', 'relative', 'p']).kind, 'error');
  assert.equal((parseArgs(['run', '--cpu', 'jit', 'p']) as { cpu?: string }).cpu, 'jit');
  assert.equal(parseArgs(['run', '--env', 'NOEQUALS', 'p']).kind, 'error');
  assert.equal(parseArgs(['run', '--memory', '5G', 'p']).kind, 'error');
  assert.equal(parseArgs(['run', '--', '-prog']).kind, 'run');
});

test('sizes take K, M and G suffixes', () => {
  assert.equal(parseSize('512M'), 512 << 20);
  assert.equal(parseSize('2G'), 2 * 1024 ** 3);
  assert.equal(parseSize('1.5k'), 1536);
  assert.equal(parseSize('4096'), 4096);
  assert.equal(parseSize('12Q'), null);
});

test('the guest environment is the host environment with overrides replacing in place', () => {
  assert.deepEqual(guestEnvironment({ A: '1', B: '2' }, ['B=3', 'C=x=y']), ['A=1', 'B=3', 'C=x=y']);
});

test('--max-tasks sizes the task table and --verbose-fork turns on fork tracing', () => {
  const c = parseArgs(['run', '--max-tasks', '8', '--verbose-fork', 'p']);
  assert.equal(c.kind === 'run' && c.maxTasks, 8);
  assert.equal(c.kind === 'run' && c.verboseFork, true);
  assert.equal(parseArgs(['run', '--max-tasks', '0', 'p']).kind, 'error');
  assert.equal(parseArgs(['run', '--max-tasks', 'x', 'p']).kind, 'error');
});

test('boot takes its options, and arguments for init after --', () => {
  assert.deepEqual(parseArgs(['boot']), {
    kind: 'boot', initramfs: null, root: null, init: '/sbin/init', initArgs: [], memoryBytes: null, maxTasks: null,
    strace: false, cpu: 'interp', quiet: false, mounts: [],
  });
  assert.deepEqual(parseArgs(['boot', '--initramfs=img.cpio', '--init', '/bin/sh', '--memory', '64M', '--max-tasks', '9', '--strace', '--quiet', '--', '-c', 'poweroff -f']), {
    kind: 'boot', initramfs: 'img.cpio', root: null, init: '/bin/sh', initArgs: ['-c', 'poweroff -f'], memoryBytes: 64 << 20,
    maxTasks: 9, strace: true, cpu: 'interp', quiet: true, mounts: [],
  });
  assert.equal((parseArgs(['boot', '--root', 'dir']) as { root?: string }).root, 'dir');
  assert.deepEqual(parseArgs(['boot', '-h']), { kind: 'help', topic: 'boot' });
  for (const bad of [['--init', 'relative'], ['--memory', 'lots'], ['--root'], ['--root', 'a', '--initramfs', 'b'], ['extra'], ['--strace=yes']]) {
    const c = parseArgs(['boot', ...bad]);
    assert.equal(c.kind, 'error', bad.join(' '));
    assert.equal((c as { topic?: string }).topic, 'boot');
  }
});

test('mkrootfs takes -o FILE and --dir DIR', () => {
  assert.deepEqual(parseArgs(['mkrootfs']), { kind: 'mkrootfs', output: null, dir: null });
  assert.deepEqual(parseArgs(['mkrootfs', '-o', 'x.cpio', '--dir=d']), { kind: 'mkrootfs', output: 'x.cpio', dir: 'd' });
  assert.deepEqual(parseArgs(['mkrootfs', '--help']), { kind: 'help', topic: 'mkrootfs' });
  assert.equal(parseArgs(['mkrootfs', '-o']).kind, 'error');
  assert.equal(parseArgs(['mkrootfs', 'file']).kind, 'error');
});

test('--mount takes HOST:GUEST or HOST:GUEST:ro with an absolute GUEST, for run and boot', () => {
  assert.deepEqual(parseMountSpec('data:/mnt/data'), { host: 'data', guest: '/mnt/data', readOnly: false });
  assert.deepEqual(parseMountSpec('/srv/x:/x:ro'), { host: '/srv/x', guest: '/x', readOnly: true });
  assert.match(parseMountSpec('a:/b:rw') as string, /give HOST:GUEST or HOST:GUEST:ro/);
  assert.match(parseMountSpec('a') as string, /give HOST:GUEST or HOST:GUEST:ro/);
  assert.match(parseMountSpec(':/b') as string, /give HOST:GUEST or HOST:GUEST:ro/);
  assert.match(parseMountSpec('a:b') as string, /GUEST must be an absolute guest directory/);
  const run = parseArgs(['run', '--mount', 'a:/a', '--mount=b:/b:ro', 'p']);
  assert.deepEqual((run as { mounts?: unknown }).mounts, [
    { host: 'a', guest: '/a', readOnly: false },
    { host: 'b', guest: '/b', readOnly: true },
  ]);
  assert.equal(parseArgs(['run', '--mount', 'a:b', 'p']).kind, 'error');
  const boot = parseArgs(['boot', '--mount', 'a:/a:ro']);
  assert.deepEqual((boot as { mounts?: unknown }).mounts, [{ host: 'a', guest: '/a', readOnly: true }]);
  assert.equal(parseArgs(['boot', '--mount', 'a:/a:x']).kind, 'error');
});
