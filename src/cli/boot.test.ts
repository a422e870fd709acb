// Whole boots through the CLI with the console on pipes (no terminal): a
// shell as init driven by a script, busybox init with its inittab, --root
// persistence, reboot, the PID 1 panic and the host escape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './mkrootfs.js';
import { PtySession } from '../../tests/interactive/pty_session.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const REPO = repoRoot();
const skip = REPO === null || !existsSync(join(REPO, '.cache/busybox/bin/busybox')) ? 'busybox missing: run npm run setup' : false;

interface Boot {
  status: number | null;
  out: string;
  err: string;
}

function flint(args: string[], stdin: string, timeoutMs = 120_000): Promise<Boot> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, FLINT_ROOT: REPO ?? '', TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('latin1')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out, err });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flint-boot-'));
}

test('a shell as init sees the mounts, the boot log in dmesg and /dev/kmsg, and poweroff -f exits 0', { skip }, async () => {
  const script = [
    'cat /proc/mounts',
    'stat -c "%n %a %U" /tmp /run /root /etc/shadow /home/flint /bin/busybox',
    'dmesg | grep -c "Run /bin/sh as init process"',
    'echo "<3>written to kmsg" > /dev/kmsg',
    'dmesg | grep -o "written to kmsg"',
    'su flint -c "dmesg | grep -c Booting"',
    'su flint -c "dmesg -c" || echo "non-root clear refused"',
    'dmesg -c > /dev/null; dmesg | wc -l',
    'echo data > /tmp/f && cat /tmp/f',
    'poweroff -f',
    'echo not reached',
  ].join('\n');
  const r = await flint(['boot', '--init', '/bin/sh'], script + '\n');
  assert.equal(r.status, 0, r.out + r.err);
  assert.match(r.out, /^\[ {4}0\.\d{6}\] Booting Flint/m);
  assert.match(r.out, /\] Run \/bin\/sh as init process/);
  assert.match(r.out, /^tmpfs \/ tmpfs rw/m);
  assert.match(r.out, /^devtmpfs \/dev devtmpfs rw/m);
  assert.match(r.out, /^proc \/proc proc rw/m);
  assert.match(r.out, /^tmpfs \/tmp tmpfs rw/m);
  assert.match(r.out, /^tmpfs \/run tmpfs rw/m);
  assert.match(r.out, /^\/tmp 1777 root\n\/run 755 root\n\/root 700 root\n\/etc\/shadow 600 root\n\/home\/flint 755 flint\n\/bin\/busybox 4755 root$/m);
  assert.match(r.out, /^1\n/m);
  assert.match(r.out, /\] written to kmsg\n(?:.*\n)*?written to kmsg\n/);
  assert.match(r.out, /Operation not permitted\nnon-root clear refused\n0\n/);
  assert.match(r.out, /^data$/m);
  assert.match(r.out, /\] reboot: Power down\n/);
  assert.doesNotMatch(r.out, /not reached/);
});

test('hostname sets the node name that uname and /proc/sys/kernel/hostname report; a user may not change it', { skip }, async () => {
  const script = [
    'uname -n',
    'hostname builder',
    'uname -n; cat /proc/sys/kernel/hostname',
    'echo station > /proc/sys/kernel/hostname; hostname',
    'su flint -c "hostname x" 2>/dev/null || echo "user refused"',
    'cat /proc/sys/kernel/osrelease /proc/sys/kernel/ostype',
    'poweroff -f',
  ].join('\n');
  const r = await flint(['boot', '--quiet', '--init', '/bin/sh'], script + '\n');
  assert.equal(r.status, 0, r.out + r.err);
  assert.match(r.out, /^flint\nbuilder\nbuilder\nstation\nuser refused\n6\.1\.0-flint\nLinux\n/m);
});

test('file data in the root, /tmp and /run tmpfs is charged to the machine memory that /proc/meminfo shows', { skip }, async () => {
  // 256 KiB written to each file system, MemFree read around it by a shell: the shell's own
  // heap may move a page either way in between, so each drop is 256 KiB give or take 8.
  const script = [
    'free() { awk "/MemFree/{print \\$2}" /proc/meminfo; }',
    // A first round warms up the shell and awk; the second is checked.
    'for i in 1 2; do for d in /tmp / /run; do a=$(free); dd if=/dev/zero of=$d/z bs=4k count=64 2>/dev/null; b=$(free); rm $d/z; c=$(free); echo $i $d $((a-b)) $((a-c)); done; done',
    'poweroff -f',
  ].join('\n');
  const r = await flint(['boot', '--quiet', '--init', '/bin/sh'], script + '\n');
  assert.equal(r.status, 0, r.out + r.err);
  for (const d of ['/tmp', '/', '/run']) {
    const m = new RegExp(`^2 ${d} (-?\\d+) (-?\\d+)$`, 'm').exec(r.out);
    assert.ok(m !== null, `no line for ${d} in:\n${r.out}`);
    const written = Number(m[1]);
    const removed = Number(m[2]);
    assert.ok(Math.abs(written - 256) <= 8, `${d}: MemFree fell by ${written} KiB for a 256 KiB file`);
    assert.ok(Math.abs(removed) <= 8, `${d}: MemFree is ${removed} KiB short after rm`);
  }
});

test('PID 1 exiting is a kernel panic naming its wait status, and flint exits non-zero', { skip }, async () => {
  const r = await flint(['boot', '--quiet', '--init', '/bin/sh', '--', '-c', 'exit 3'], '');
  assert.equal(r.status, 1);
  assert.match(r.out, /\] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300\n/);
  assert.match(r.out, /---\[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300 \]---/);
  const killed = await flint(['boot', '--quiet', '--init', '/bin/sh', '--', '-c', 'kill -9 $$'], '');
  assert.equal(killed.status, 1);
  assert.match(killed.out, /exitcode=0x00000009/);
});

test('a missing init and a malformed initramfs are reported, not crashed on', { skip }, async () => {
  const r = await flint(['boot', '--quiet', '--init', '/sbin/nothing'], '');
  assert.equal(r.status, 1);
  assert.match(r.out, /Kernel panic - not syncing: Requested init \/sbin\/nothing failed \(error -2\)\./);
  assert.match(r.err, /cannot start \/sbin\/nothing: no such file/);
  const dir = tempDir();
  try {
    const junk = join(dir, 'junk.cpio');
    writeFileSync(junk, 'this is not a cpio archive at all, not even close to one, honestly; it goes on for a while\n'.repeat(3));
    const bad = await flint(['boot', '--initramfs', junk], '');
    assert.equal(bad.status, 1);
    assert.match(bad.out, /Unable to unpack initramfs .*cpio archive: bad magic 'this i', expected 070701 \(newc\) \(at byte 0\)/);
    const none = await flint(['boot', '--initramfs', join(dir, 'absent.cpio')], '');
    assert.equal(none.status, 2);
    assert.match(none.err, /--initramfs .*absent\.cpio: No such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a --root DIR system keeps what it wrote across boots, and reboot boots again in the same process', { skip }, async () => {
  const dir = tempDir();
  try {
    const made = await flint(['mkrootfs', '--dir', join(dir, 'sys')], '');
    assert.equal(made.status, 0, made.err);
    const root = join(dir, 'sys');
    const first = await flint(['boot', '--quiet', '--root', root, '--init', '/bin/sh'], 'echo persisted > /root/note\npoweroff -f\n');
    assert.equal(first.status, 0, first.out + first.err);
    assert.equal(readFileSync(join(root, 'root/note'), 'utf8'), 'persisted\n');
    const second = await flint(['boot', '--quiet', '--root', root, '--init', '/bin/sh'], 'cat /root/note\npoweroff -f\n');
    assert.equal(second.status, 0);
    assert.match(second.out, /^persisted$/m);
    const again = 'if [ -e /var/rebooted ]; then echo second boot; poweroff -f; fi; touch /var/rebooted; echo first boot; reboot -f';
    const r = await flint(['boot', '--root', root, '--init', '/bin/sh', '--', '-c', again], '');
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.out, /first boot\n(?:.*\n)*\[.*\] reboot: Restarting system\n(?:.*\n)*\[.*\] Booting Flint(?:.*\n)*second boot\n(?:.*\n)*.*\] reboot: Power down/);
    assert.equal(r.out.match(/Booting Flint/g)?.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('busybox init runs /etc/inittab and poweroff goes through its shutdown sequence to exit 0', { skip }, async () => {
  const dir = tempDir();
  try {
    const root = join(dir, 'sys');
    assert.equal((await flint(['mkrootfs', '--dir', root], '')).status, 0);
    writeFileSync(
      join(root, 'etc/inittab'),
      '::sysinit:/bin/echo sysinit ran\n::once:/bin/sh -c "echo pid $$ ppid $PPID; poweroff"\n::shutdown:/bin/echo shutdown ran\n',
    );
    const r = await flint(['boot', '--root', root], '');
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.out, /Run \/sbin\/init as init process\n(?:.*\n)*sysinit ran\n(?:.*\n)*pid \d+ ppid 1\n/);
    assert.match(r.out, /shutdown ran\n[\s\S]*The system is going down NOW!\n[\s\S]*\] reboot: Power down\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Ctrl-A x on the console stops the machine from the host', { skip }, async () => {
  const r = await flint(['boot', '--quiet', '--init', '/bin/sh', '--', '-c', 'sleep 100'], '\x01x');
  assert.equal(r.status, 0, r.out + r.err);
  assert.match(r.out, /\] flint: machine stopped from the host \(Ctrl-A x\)\n/);
});

test('boot options are checked before anything runs', async () => {
  const both = await flint(['boot', '--root', '/', '--initramfs', 'x'], '');
  assert.equal(both.status, 2);
  assert.match(both.err, /give either --initramfs or --root, not both \(see flint boot --help\)/);
  const rel = await flint(['boot', '--init', 'sbin/init'], '');
  assert.equal(rel.status, 2);
  const help = await flint(['boot', '--help'], '');
  assert.equal(help.status, 0);
  assert.match(help.out, /Ctrl-A x {10}stop the machine/);
});

/** A boot on a pseudo-terminal (util-linux script(1), tests/interactive/pty_session.ts). */
function ptyBoot(args: string[]): PtySession {
  return PtySession.spawn([process.execPath, MAIN, 'boot', ...args], {
    cwd: REPO ?? process.cwd(),
    env: { ...process.env, FLINT_ROOT: REPO ?? '', TERM: 'dumb' } as Record<string, string>,
    timeoutMs: 90_000,
  });
}

/** The free-page count the host escape Ctrl-A m shows now. */
async function freePages(b: PtySession): Promise<number> {
  b.write('\x01m');
  return Number((await b.expect(/flint: (\d+) of \d+ memory pages free/))[1]);
}

const noScript = skip !== false ? skip : !existsSync('/usr/bin/script') ? 'script(1) missing (util-linux)' : false;

test('on a terminal: getty and login, permissions, su, passwd, a session with vi, a pipeline and a background job, logout back to login with the same free pages, poweroff', { skip: noScript, timeout: 600_000 }, async () => {
  const b = ptyBoot([]);
  try {
    await b.expect(/Run \/sbin\/init as init process/);
    await b.expect(/flint login: $/m);
    const first = await freePages(b);
    b.write('flint\r');
    await b.expect(/Password: /);
    b.write('flint\r');
    await b.expect(/Welcome to Flint/);
    await b.expect(/flint@flint:~\$ /);
    /** Pages of memory that legitimately stay in use after a session: init's own, and file data in the tmpfs mounts. */
    const keptPages = async (): Promise<number> => {
      b.write('grep VmRSS /proc/1/status; df -k / /tmp /run | awk \'NR > 1 { s += $3 } END { print "files", s, "kB" }\'\r');
      const rss = Number((await b.expect(/VmRSS:\s+(\d+) kB/))[1]);
      const files = Number((await b.expect(/files (\d+) kB/))[1]);
      return (rss + files) / 4;
    };
    const keptBefore = await keptPages();
    b.write('id; cat /etc/shadow; touch /root/f\r');
    await b.expect(/uid=1000\(flint\) gid=1000\(flint\) groups=100\(users\),1000\(flint\)/);
    await b.expect(/cat: can't open '\/etc\/shadow': Permission denied/);
    await b.expect(/touch: \/root\/f: Permission denied/);
    await b.expect(/flint@flint:~\$ /);
    b.write('su -c "id -u; head -c 5 /etc/shadow; echo"\r');
    await b.expect(/Password: /);
    b.write('root\r');
    await b.expect(/\n0\nroot:\n/);
    await b.expect(/flint@flint:~\$ /);
    b.write('passwd\r');
    await b.expect(/Old password: /);
    b.write('flint\r');
    await b.expect(/New password: /);
    b.write('Zq9#vLm2!pQ\r');
    await b.expect(/Retype password: /);
    b.write('Zq9#vLm2!pQ\r');
    await b.expect(/password for flint changed by flint/);
    await b.expect(/flint@flint:~\$ /);
    b.write('exit\r');
    // The checkpoint: init has respawned getty.
    await b.expect(/flint login: $/m);
    const before = await freePages(b);
    b.write('flint\r');
    await b.expect(/Password: /);
    b.write('flint\r');
    await b.expect(/Login incorrect/);
    await b.expect(/flint login: $/m);
    b.write('flint\r');
    await b.expect(/Password: /);
    b.write('Zq9#vLm2!pQ\r');
    await b.expect(/flint@flint:~\$ /);
    // The first prompt had more free pages by exactly what stays in use: the pages init itself
    // touched for the first time when it reaped the session and respawned getty (demand
    // paging), and the file data the session left in tmpfs (the shell's history, passwd's
    // backup of /etc/shadow).
    const kept = (await keptPages()) - keptBefore;
    assert.equal(first - before, kept, 'free pages at the first login prompt and after one session, less the pages still in use');
    b.write('vi /tmp/note\r');
    // The file goes at the end (its page is the machine's memory while it exists).
    // Each key waits for vi's status line: an ESC with more bytes right behind it reads as an escape sequence.
    await b.expect(/^- \/tmp\/note/m);
    b.write('i');
    await b.expect(/^I \/tmp\/note/m);
    b.write('kept by vi');
    await b.expect(/kept by vi/);
    b.write('\x1b');
    await b.expect(/^- \/tmp\/note \[Modified\]/m);
    b.write(':wq\r');
    await b.expect(/'\/tmp\/note' 1L, 11C/);
    await b.expect(/flint@flint:~\$ /);
    b.write('sleep 1 & echo $(( 6 * 7 )) | cat; jobs; wait; cat /tmp/note; rm /tmp/note; ls / | wc -l; exit\r');
    await b.expect(/42\n\[1\]\+ +Running +sleep 1/);
    await b.expect(/^kept by vi$/m);
    await b.expect(/flint login: $/m);
    let after = await freePages(b);
    for (let i = 0; i < 20 && after !== before; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await freePages(b);
    }
    assert.equal(after, before, 'free pages at the login prompt before and after a session');
    b.write('root\r');
    await b.expect(/Password: /);
    b.write('root\r');
    await b.expect(/root@flint:~# /);
    b.write('poweroff\r');
    await b.expect(/\] reboot: Power down/);
    assert.equal((await b.waitExit()).status, 0);
  } finally {
    await b.close();
  }
});
