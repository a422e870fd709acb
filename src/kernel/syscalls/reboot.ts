// reboot(2) (kernel/reboot.c): only root (CAP_SYS_BOOT) may call it, and
// only with Linux's magic numbers. Power off, halt and restart end the
// machine: every task is killed, file systems are synced (Flint's write
// through at once), and Machine.run() returns a 'halted' result naming the
// action (the boot command exits 0, or boots again for a restart).
// CAD_ON/CAD_OFF set what Ctrl-Alt-Del does. There is no kexec image and no
// hibernation.
import { EINVAL, ENOSYS, EPERM } from '../../abi/linux/errno.js';
import { syscallNumber as nr } from '../../abi/linux/syscall_nr.js';
import { Errno } from '../errno.js';
import type { HaltAction, Kernel } from '../kernel.js';
import { LOGLEVEL_EMERG } from '../klog.js';
import type { Task } from '../task/task.js';
import type { SyscallArgs, SyscallDef } from './types.js';

export const LINUX_REBOOT_MAGIC1 = 0xfee1dead;
export const LINUX_REBOOT_MAGIC2 = 672274793;
export const LINUX_REBOOT_MAGIC2A = 85072278;
export const LINUX_REBOOT_MAGIC2B = 369367448;
export const LINUX_REBOOT_MAGIC2C = 537993216;

export const LINUX_REBOOT_CMD_RESTART = 0x01234567;
export const LINUX_REBOOT_CMD_HALT = 0xcdef0123;
export const LINUX_REBOOT_CMD_CAD_ON = 0x89abcdef;
export const LINUX_REBOOT_CMD_CAD_OFF = 0x00000000;
export const LINUX_REBOOT_CMD_POWER_OFF = 0x4321fedc;
export const LINUX_REBOOT_CMD_RESTART2 = 0xa1b2c3d4;
export const LINUX_REBOOT_CMD_SW_SUSPEND = 0xd000fce2;
export const LINUX_REBOOT_CMD_KEXEC = 0x45584543;

const MAGIC2 = new Set([LINUX_REBOOT_MAGIC2, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_MAGIC2B, LINUX_REBOOT_MAGIC2C]);

const MESSAGES: Record<HaltAction, string> = {
  'power-off': 'reboot: Power down',
  halt: 'reboot: System halted',
  restart: 'reboot: Restarting system',
};

/**
 * Stop the machine: log what happens (as Linux prints it), kill every task
 * (the caller included) and mark the kernel halted so Machine.run() returns.
 */
export function haltMachine(k: Kernel, action: HaltAction, command?: string): void {
  if (k.halted !== null) return;
  k.halted = action;
  const msg = action === 'restart' && command !== undefined && command !== '' ? `${MESSAGES[action]} with command '${command}'` : MESSAGES[action];
  k.klog.add(msg, LOGLEVEL_EMERG);
  k.shutdown();
}

function reboot(k: Kernel, t: Task, a: SyscallArgs): number {
  if (t.creds.euid !== 0) throw new Errno(EPERM);
  const magic1 = a.u32(0);
  const magic2 = a.int(1);
  if (magic1 !== LINUX_REBOOT_MAGIC1 || !MAGIC2.has(magic2)) throw new Errno(EINVAL);
  switch (a.u32(2)) {
    case LINUX_REBOOT_CMD_RESTART:
      haltMachine(k, 'restart');
      return 0;
    case LINUX_REBOOT_CMD_RESTART2: {
      const bytes = a.isNull(3) ? new Uint8Array(0) : t.mm.readCString(a.ptr(3), 256);
      haltMachine(k, 'restart', String.fromCharCode(...bytes));
      return 0;
    }
    case LINUX_REBOOT_CMD_HALT:
      haltMachine(k, 'halt');
      return 0;
    case LINUX_REBOOT_CMD_POWER_OFF:
      haltMachine(k, 'power-off');
      return 0;
    case LINUX_REBOOT_CMD_CAD_ON:
      k.ctrlAltDel = true;
      return 0;
    case LINUX_REBOOT_CMD_CAD_OFF:
      k.ctrlAltDel = false;
      return 0;
    case LINUX_REBOOT_CMD_SW_SUSPEND:
      // A kernel without CONFIG_HIBERNATION.
      throw new Errno(ENOSYS);
    default:
      // KEXEC (no image loaded) and unknown commands.
      throw new Errno(EINVAL);
  }
}

export const syscalls: SyscallDef[] = [
  {
    nr: nr('reboot'),
    name: 'reboot',
    support: 'partial',
    handler: reboot,
    args: ['hex', 'dec', 'hex', 'ptr'],
    note: 'root only, magic numbers checked; POWER_OFF, HALT, RESTART, RESTART2 end the machine (every task killed); CAD_ON/CAD_OFF stored; KEXEC gives EINVAL (no image), SW_SUSPEND ENOSYS (no hibernation)',
  },
];
