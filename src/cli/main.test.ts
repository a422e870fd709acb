// The flint command end to end: exit status, signal deaths, start errors,
// --root confinement, --env, stdin passthrough. Skipped without the cross compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as nfs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CC = 'aarch64-linux-gnu-gcc';
let haveCc = true;
try {
  execFileSync(CC, ['--version'], { stdio: 'ignore' });
} catch {
  haveCc = false;
}
const skip = haveCc ? false : `${CC} is not installed`;
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
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

test('help documents every option', () => {
  const r = flint(['run', '--help']);
  assert.equal(r.status, 0);
  for (const opt of ['--root', '--strace', '--env', '--cpu', '--memory']) assert.ok(r.stdout.includes(opt), opt);
  assert.match(flint(['--help']).stdout, /flint run/);
  assert.equal(flint(['run', '--nope', 'x']).status, 2);
});
