// --mount HOST:GUEST[:ro] for `flint run` and `flint boot`: check the host
// directories before the machine starts, then mount each one (hostfs,
// confined to it) on its guest directory.
import * as nfs from 'node:fs';
import * as E from '../abi/linux/errno.js';
import { nameFromText } from '../fs/byte_string.js';
import { HostFs } from '../fs/hostfs.js';
import { MS_RDONLY } from '../fs/vfs.js';
import type { Vfs } from '../fs/vfs.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { Errno } from '../mod.js';
import type { MountSpec } from './args.js';

/** A MountSpec whose host directory exists: `hostDir` is its canonical path. */
export interface HostMount extends MountSpec {
  hostDir: string;
}

/** Canonical host directories of `specs`, or the error line for the first missing one. */
export function checkHostMounts(specs: readonly MountSpec[]): HostMount[] | string {
  const out: HostMount[] = [];
  for (const m of specs) {
    let hostDir: string;
    try {
      hostDir = nfs.realpathSync(m.host);
    } catch {
      return `--mount ${m.host}:${m.guest}: host directory ${m.host}: No such file or directory`;
    }
    if (!nfs.statSync(hostDir).isDirectory()) return `--mount ${m.host}:${m.guest}: host directory ${m.host}: Not a directory`;
    out.push({ ...m, hostDir });
  }
  return out;
}

/** Mount each host directory on its guest directory; the error line for the first that cannot be, or null. */
export function mountHostDirs(vfs: Vfs, mounts: readonly HostMount[]): string | null {
  for (const m of mounts) {
    try {
      vfs.mount(nameFromText(m.guest), new HostFs(new NodeHostFs(), nameFromText(m.hostDir)).root(), m.readOnly ? MS_RDONLY : 0);
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      return `--mount ${m.host}:${m.guest}: cannot mount on ${m.guest} (${E.errnoName(e.code)})`;
    }
  }
  return null;
}
