// The flint command end to end: exit status, signal deaths, start errors,
// --root confinement, --env, stdin passthrough. Skipped without the cross compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as nfs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './mkrootfs.js';

const CC = 'aarch64-linux-gnu-gcc';
let haveCc = true;
try {
  execFileSync(CC, ['--version'], { stdio: 'ignore' });
} catch {
  haveCc = false;
}
const skip = haveCc ? false : `${CC} is not installed`;
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
const REPO = repoRoot();
const skipBusybox = REPO === null || !nfs.existsSync(path.join(REPO, '.cache/busybox/bin/busybox')) ? 'busybox missing: run npm run setup' : false;
const dir = nfs.mkdtempSync(path.join(os.tmpdir(), 'flint-cli-'));

const SOURCES: Record<string, string> = {
  status: `int main(int c, char **v) { return c; }`,
  segv: `int main(void) { return *(volatile int *)0; }`,
  env: `#include <stdio.h>
#include <stdlib.h>
int main(void) { const char *a = getenv("FLINT_A"), *h = getenv("FLINT_HOST"); printf("%s %s\\n", a ? a : "-", h ? h : "-"); return 0; }`,
  cat: `#include <stdio.h>
#include <unistd.h>
int main(int c, char **v) {
  FILE *f = c > 1 ? fopen(v[1], "r") : stdin;
  if (!f) { perror(v[1]); return 1; }
  int ch; while ((ch = getc(f)) != EOF) putchar(ch);
  return 0;
}`,
  euid: `#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int c, char **v) {
  if (c > 2 && strcmp(v[1], "drop") == 0) { if (setuid(65534) != 0) return 2; execv(v[2], v + 2); return 3; }
  printf("euid=%d\\n", (int)geteuid());
  return 0;
}`,
  cwd: `#include <stdio.h>
#include <unistd.h>
int main(void) { char b[4096]; puts(getcwd(b, sizeof b)); return 0; }`,
};

function build(name: string): string {
  const src = path.join(dir, `${name}.c`);
  const exe = path.join(dir, name);
  if (!nfs.existsSync(exe)) {
    nfs.writeFileSync(src, SOURCES[name]);
    execFileSync(CC, ['-static', '-O1', '-o', exe, src]);
  }
  return exe;
}

function flint(args: string[], input = '', env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { input, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('flint exits with the guest program\'s status', { skip }, () => {
  assert.equal(flint(['run', build('status'), 'a', 'b']).status, 3);
});

test('a guest killed by SIGSEGV gives status 139 and one line naming the signal and pc', { skip }, () => {
  const r = flint(['run', build('segv')]);
  assert.equal(r.status, 139);
  assert.match(r.stderr, /^flint: killed by SIGSEGV at pc 0x[0-9a-f]+ \(.*0x0.*\)\n$/);
});

test('a missing program is named with the cause', () => {
  const r = flint(['run', './no-such-program']);
  assert.equal(r.status, 127);
  assert.equal(r.stderr, 'flint: ./no-such-program: No such file or directory\n');
});

test('a dynamically linked program is refused with the fix', { skip }, () => {
  const src = path.join(dir, 'dyn.c');
  nfs.writeFileSync(src, 'int main(void) { return 0; }');
  execFileSync(CC, ['-o', path.join(dir, 'dyn'), src]);
  const r = flint(['run', path.join(dir, 'dyn')]);
  assert.equal(r.status, 126);
  assert.match(r.stderr, /dynamic executables are not supported yet.*-static/);
});

test('the guest sees the host environment with --env overrides', { skip }, () => {
  const r = flint(['run', '--env', 'FLINT_A=x=1', build('env')], '', { FLINT_HOST: 'h' });
  assert.equal(r.stdout, 'x=1 h\n');
});

test('stdin is passed through to the guest', { skip }, () => {
  assert.equal(flint(['run', build('cat')], 'line one\nline two\n').stdout, 'line one\nline two\n');
});

test('without --root the guest starts in the host working directory', { skip }, () => {
  const r = spawnSync(process.execPath, [MAIN, 'run', build('cwd')], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stdout, nfs.realpathSync(dir) + '\n');
});

test('--root confines the guest: paths, .. and symlinks stay inside', { skip }, () => {
  const root = path.join(dir, 'root');
  nfs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  nfs.copyFileSync(build('cat'), path.join(root, 'bin', 'cat'));
  nfs.copyFileSync(build('cwd'), path.join(root, 'bin', 'cwd'));
  nfs.writeFileSync(path.join(dir, 'secret'), 'outside\n');
  nfs.writeFileSync(path.join(root, 'secret'), 'inside\n');
  nfs.symlinkSync(path.join(dir, 'secret'), path.join(root, 'abs'));
  nfs.symlinkSync('../../../../secret', path.join(root, 'bin', 'rel'));
  assert.equal(flint(['run', '--root', root, '/bin/cat', '/../../secret']).stdout, 'inside\n');
  assert.equal(flint(['run', '--root', root, '/bin/cat', '/bin/rel']).stdout, 'inside\n');
  const abs = flint(['run', '--root', root, '/bin/cat', '/abs']);
  assert.equal(abs.status, 1);
  assert.equal(abs.stdout, '');
  assert.equal(flint(['run', '--root', root, '/bin/cwd']).stdout, '/\n');
  assert.equal(flint(['run', '--root', root, '/bin/cat', '/proc/self/cmdline']).stdout, '/bin/cat\0/proc/self/cmdline\0');
});

test('--mount shows a host directory in the guest, read-only with :ro', { skip: skip || skipBusybox }, () => {
  const busybox = path.join(REPO ?? '.', '.cache/busybox/bin/busybox');
  const ro = nfs.mkdtempSync(path.join(dir, 'ro-'));
  const rw = nfs.mkdtempSync(path.join(dir, 'rw-'));
  nfs.writeFileSync(path.join(ro, 'f'), 'from the host\n');
  const r = flint([
    'run', '--mount', `${ro}:/mnt/ro:ro`, '--mount', `${rw}:/mnt/rw`, busybox, 'sh', '-c',
    'cat /mnt/ro/f; touch /mnt/ro/new; echo touch=$?; touch /mnt/rw/new; echo touch=$?; grep " /mnt/r[ow] " /proc/mounts',
  ]);
  assert.equal(r.stdout, 'from the host\ntouch=1\ntouch=0\nhostfs /mnt/ro hostfs ro 0 0\nhostfs /mnt/rw hostfs rw 0 0\n');
  assert.match(r.stderr, /touch: \/mnt\/ro\/new: Read-only file system/);
  assert.deepEqual(nfs.readdirSync(ro), ['f']);
  assert.deepEqual(nfs.readdirSync(rw), ['new']);
  // --mount works inside --root as well, and bad host directories are named.
  const root = nfs.mkdtempSync(path.join(dir, 'mroot-'));
  nfs.copyFileSync(build('cat'), path.join(root, 'cat'));
  assert.equal(flint(['run', '--root', root, '--mount', `${ro}:/data:ro`, '/cat', '/data/f']).stdout, 'from the host\n');
  const missing = flint(['run', '--mount', `${path.join(dir, 'nope')}:/mnt`, busybox, 'true']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--mount .*nope:\/mnt: host directory .*nope: No such file or directory/);
  const shape = flint(['run', '--mount', `${ro}:/mnt:rx`, busybox, 'true']);
  assert.equal(shape.status, 2);
  assert.match(shape.stderr, /give HOST:GUEST or HOST:GUEST:ro/);
  assert.match(flint(['run', '--mount', `${ro}:mnt`, busybox, 'true']).stderr, /GUEST must be an absolute/);
});

test('exec on a nosuid mount ignores the set-user-ID bit until a remount clears nosuid', { skip: skip || skipBusybox }, () => {
  const busybox = path.join(REPO ?? '.', '.cache/busybox/bin/busybox');
  const euid = build('euid');
  // Outside the test's 0700 directory, so that uid 65534 can reach it.
  const mnt = nfs.mkdtempSync(path.join(os.tmpdir(), 'flint-nosuid-'));
  nfs.chmodSync(mnt, 0o755);
  const r = flint([
    'run', busybox, 'sh', '-c',
    `mount -t tmpfs -o nosuid none ${mnt} && cp ${euid} ${mnt}/p && chmod 4755 ${mnt}/p && ${euid} drop ${mnt}/p; ` +
    `mount -o remount,suid ${mnt} && ${euid} drop ${mnt}/p; umount ${mnt}`,
  ]);
  assert.equal(r.stdout, 'euid=65534\neuid=0\n');
  assert.deepEqual(nfs.readdirSync(mnt), []);
  nfs.rmdirSync(mnt);
});

test('help documents every option', () => {
  const r = flint(['run', '--help']);
  assert.equal(r.status, 0);
  for (const opt of ['--root', '--strace', '--env', '--cpu', '--memory', '--mount']) assert.ok(r.stdout.includes(opt), opt);
  assert.match(flint(['--help']).stdout, /flint run/);
  assert.equal(flint(['run', '--nope', 'x']).status, 2);
});
