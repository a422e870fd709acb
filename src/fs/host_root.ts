// The namespace `flint run` gives a guest. Without a root directory the guest
// sees the host's whole tree, as under qemu-aarch64, except that /proc and
// /dev are Flint's own (so /proc/self/exe names the guest program; host /dev
// entries Flint does not provide, like /dev/shm, show through). With a
// root directory, / is that directory (confined) and /proc and /dev are
// mounted inside it whether or not it has such directories.
import { createDevFs, openDeviceNumber } from './devfs.js';
import { HostFs } from './hostfs.js';
import { createProcFs } from './procfs.js';
import { Vfs } from './vfs.js';
import type { Clock, Random } from '../kernel/ports.js';
import type { StdioConsole } from './console_file.js';
import type { HostFsPort } from './host_fs_port.js';

export interface HostNamespaceOptions {
  port: HostFsPort;
  /** Canonical host path of the guest's root directory; "/" for the whole host. */
  root: string;
  console: StdioConsole;
  random: Random;
  clock: Clock;
}

export function createHostVfs(o: HostNamespaceOptions): Vfs {
  const root = new HostFs(o.port, o.root).root();
  const vfs = new Vfs(root);
  const now = o.clock.realtimeNs();
  // With the whole host visible, host /dev entries Flint does not provide itself (shm, pts, ...) show through.
  const hostDev = o.root === '/' ? root.lookup('dev') : null;
  const fallback = hostDev?.isDir ? hostDev : undefined;
  vfs.mount('/proc', createProcFs({ slot: vfs.procSlot, mounts: () => vfs.mountTable(), timeNs: now }));
  const dev = createDevFs({ random: o.random, console: o.console, timeNs: now, fallback });
  vfs.mount('/dev', dev);
  vfs.devices = (rdev, flags) => openDeviceNumber(dev, rdev, flags);
  return vfs;
}
