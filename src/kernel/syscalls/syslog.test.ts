// syslog(2) and reboot(2) called through the syscall table on a real kernel task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EINVAL, ENOSYS, EPERM } from '../../abi/linux/errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../abi/linux/mman.js';
import { FdTable } from '../../fs/fd_table.js';
import { FsContext } from '../../fs/fs_context.js';
import { createTmpFs } from '../../fs/tmpfs.js';
import { Vfs } from '../../fs/vfs.js';
import { WouldBlock } from '../../fs/wait_queue.js';
import { createMachine } from '../../mod.js';
import { Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { KernelLog } from '../klog.js';
import { rootCredentials, type Task } from '../task/task.js';
import * as R from './reboot.js';
import { lookupSyscall } from './table.js';
import { SyscallArgs, type SyscallResult } from './types.js';

const SYSLOG = 116;
const REBOOT = 142;

interface Env {
  k: Kernel;
  t: Task;
  buf: number;
  call(nr: number, ...args: number[]): SyscallResult;
  fails(nr: number, ...args: number[]): number;
  read(len: number): string;
}

function setup(uid = 0): Env {
  const clock = { realtimeNs: () => 0n, monotonicNs: () => 2_500_000_000n };
  const vfs = new Vfs(createTmpFs({ now: () => 0n, rootMode: 0o755 }));
  const console = { write: () => undefined, readAvailable: () => null, onInput: () => undefined, isTty: () => false, windowSize: () => null };
  const klog = new KernelLog(() => 1_500_000_000n);
  const m = createMachine({ vfs, console, clock, random: { fill: (b) => b.fill(1) }, log: { line: () => undefined }, memoryBytes: 16 << 20, klog });
  const k = m.kernel;
  const mm = k.newAddressSpace();
  const buf = mm.mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
  const creds = { ...rootCredentials(), uid, euid: uid, suid: uid, fsuid: uid };
  const t = k.createTask(mm, new FdTable(), new FsContext(vfs, vfs.root, vfs.root), creds);
  k.switchTo(t);
  const call = (nr: number, ...args: number[]): SyscallResult => {
    const halves = new Int32Array(12);
    args.forEach((v, i) => {
      const b = BigInt.asUintN(64, BigInt(v));
      halves[2 * i] = Number(b & 0xffffffffn) | 0;
      halves[2 * i + 1] = Number(b >> 32n) | 0;
    });
    const def = lookupSyscall(nr);
    assert.ok(def?.handler);
    return def.handler(k, t, new SyscallArgs(halves));
  };
  return {
    k, t, buf, call,
    fails(nr: number, ...args: number[]): number {
      try {
        call(nr, ...args);
      } catch (e) {
        if (e instanceof Errno) return e.code;
        throw e;
      }
      return assert.fail('the call succeeded');
    },
    read: (len) => new TextDecoder().decode(mm.read(buf, len)),
  };
}

test('syslog READ_ALL returns the newest whole records that fit, as <prio>[time] lines', () => {
  const e = setup();
  e.k.klog.add('one');
  e.k.klog.add('two', 3);
  const all = '<6>[    1.500000] one\n<3>[    1.500000] two\n';
  assert.equal(e.call(SYSLOG, 10, 0, 0), 131072);
  assert.equal(e.call(SYSLOG, 3, e.buf, 4096), all.length);
  assert.equal(e.read(all.length), all);
  assert.equal(e.call(SYSLOG, 3, e.buf, all.length - 1), all.length / 2);
  assert.equal(e.read(all.length / 2), '<3>[    1.500000] two\n');
  assert.equal(e.call(SYSLOG, 3, e.buf, 0), 0);
  assert.equal(e.fails(SYSLOG, 3, 0, 10), EINVAL);
  assert.equal(e.fails(SYSLOG, 3, e.buf, -1), EINVAL);
});

test('syslog READ_CLEAR and CLEAR hide old records from READ_ALL; READ consumes and then blocks', () => {
  const e = setup();
  e.k.klog.add('old');
  assert.equal(e.call(SYSLOG, 9, 0, 0), '<6>[    1.500000] old\n'.length);
  assert.equal(e.call(SYSLOG, 2, e.buf, 100), '<6>[    1.500000] old\n'.length);
  assert.equal(e.call(SYSLOG, 9, 0, 0), 0);
  assert.throws(() => e.call(SYSLOG, 2, e.buf, 100), WouldBlock);
  assert.ok((e.call(SYSLOG, 4, e.buf, 100) as number) > 0);
  assert.equal(e.call(SYSLOG, 3, e.buf, 100), 0);
  e.k.klog.add('new');
  assert.equal(e.call(SYSLOG, 5, 0, 0), 0);
  assert.equal(e.call(SYSLOG, 3, e.buf, 100), 0);
});

test('syslog console actions set the console level within 1..8', () => {
  const e = setup();
  assert.equal(e.call(SYSLOG, 8, 0, 3), 0);
  assert.equal(e.k.klog.consoleLevel, 3);
  assert.equal(e.fails(SYSLOG, 8, 0, 9), EINVAL);
  assert.equal(e.call(SYSLOG, 6, 0, 0), 0);
  assert.equal(e.k.klog.consoleLevel, 1);
  assert.equal(e.call(SYSLOG, 7, 0, 0), 0);
  assert.equal(e.k.klog.consoleLevel, 3);
  assert.equal(e.fails(SYSLOG, 11, 0, 0), EINVAL);
});

test('non-root may READ_ALL and ask the size, and gets EPERM for everything else, unknown actions included', () => {
  const e = setup(1000);
  e.k.klog.add('visible');
  assert.ok((e.call(SYSLOG, 3, e.buf, 100) as number) > 0);
  assert.equal(e.call(SYSLOG, 10, 0, 0), 131072);
  for (const action of [0, 1, 2, 4, 5, 6, 7, 8, 9, 11, -1]) assert.equal(e.fails(SYSLOG, action, e.buf, 100), EPERM, `action ${action}`);
});

test('reboot checks the caller before the magic, then both magics, then the command', () => {
  const user = setup(1000);
  assert.equal(user.fails(REBOOT, R.LINUX_REBOOT_MAGIC1, R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_CMD_POWER_OFF), EPERM);
  assert.equal(user.fails(REBOOT, 1, 2, 3), EPERM);
  const e = setup();
  assert.equal(e.fails(REBOOT, 0x12345678, R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_CMD_POWER_OFF), EINVAL);
  assert.equal(e.fails(REBOOT, R.LINUX_REBOOT_MAGIC1, 5, R.LINUX_REBOOT_CMD_POWER_OFF), EINVAL);
  assert.equal(e.fails(REBOOT, R.LINUX_REBOOT_MAGIC1, R.LINUX_REBOOT_MAGIC2, 0x1234), EINVAL);
  assert.equal(e.fails(REBOOT, R.LINUX_REBOOT_MAGIC1, R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_CMD_KEXEC), EINVAL);
  assert.equal(e.fails(REBOOT, R.LINUX_REBOOT_MAGIC1, R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_CMD_SW_SUSPEND), ENOSYS);
  for (const m2 of [R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_MAGIC2A, R.LINUX_REBOOT_MAGIC2B, R.LINUX_REBOOT_MAGIC2C]) {
    assert.equal(e.call(REBOOT, R.LINUX_REBOOT_MAGIC1, m2, R.LINUX_REBOOT_CMD_CAD_ON), 0);
    assert.equal(e.k.ctrlAltDel, true);
    assert.equal(e.call(REBOOT, R.LINUX_REBOOT_MAGIC1, m2, R.LINUX_REBOOT_CMD_CAD_OFF), 0);
    assert.equal(e.k.ctrlAltDel, false);
  }
  assert.equal(e.k.halted, null);
});

test('reboot POWER_OFF kills every task, logs the power down and halts the kernel', () => {
  const e = setup();
  e.call(REBOOT, R.LINUX_REBOOT_MAGIC1, R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_CMD_POWER_OFF);
  assert.equal(e.k.halted, 'power-off');
  assert.equal(e.t.state, 'zombie');
  assert.equal(e.k.liveTasks().length, 0);
  assert.match(e.k.klog.text(), /\] reboot: Power down\n$/);
  const r = setup();
  r.t.mm.write(r.buf, new TextEncoder().encode('again\0'));
  r.call(REBOOT, R.LINUX_REBOOT_MAGIC1, R.LINUX_REBOOT_MAGIC2, R.LINUX_REBOOT_CMD_RESTART2, r.buf);
  assert.equal(r.k.halted, 'restart');
  assert.match(r.k.klog.text(), /reboot: Restarting system with command 'again'\n$/);
});
