// devfs: the device nodes a program expects in /dev (null, zero, full,
// random, urandom, tty, console) and the /dev/fd, /dev/std* links into
// /proc/self/fd. Device numbers are Linux's (Documentation/admin-guide/devices.txt).
// Devices that belong to other layers (the terminals: /dev/tty, /dev/console,
// /dev/ptmx and the /dev/pts directory) are injected by whoever builds the
// machine, as open callbacks and directory inodes: fs/ never imports tty/.
import { Errno } from '../kernel/errno.js';
import { ENOSPC, ENXIO } from '../abi/linux/errno.js';
import { POLLIN, POLLOUT } from '../abi/linux/poll.js';
import { S_IFCHR, S_IFMT, TMPFS_MAGIC, makeDev } from '../abi/linux/stat.js';
import { CharDevice, SynthDir, SynthFs, SynthLink, fixedEntries } from './synthetic.js';
import type { Random } from '../kernel/ports.js';
import { consoleDevice } from './console_file.js';
import type { StdioConsole } from './console_file.js';
import type { FileOps, Inode } from './inode.js';

/** Device reads are served in pieces of at most this many bytes. */
const MAX_DEVICE_READ = 1 << 24;

export interface DevFsOptions {
  random: Random;
  console: StdioConsole;
  /** Mount time in ns since the epoch. */
  timeNs: bigint;
  /**
   * A directory whose entries show through where devfs has none of its own
   * (the host's /dev when the guest sees the whole host, for /dev/shm, /dev/pts, ...).
   */
  fallback?: Inode;
  /** Character devices provided by other layers (a name devfs already has is replaced). */
  devices?: InjectedDevice[];
  /** Subdirectories provided by other layers (/dev/pts). */
  dirs?: InjectedDir[];
}

/** A character device node another layer adds to devfs. */
export interface InjectedDevice {
  name: string;
  /** Permission bits. */
  perm: number;
  major: number;
  minor: number;
  /** Group owner (tty = 5 for terminals); root by default. */
  gid?: number;
  /** Open the device; `flags` are the open(2) flags. */
  open(flags: number): FileOps;
}

/** A directory another layer adds to devfs (DevPts's /dev/pts). */
export interface InjectedDir {
  name: string;
  dir: Inode;
}

interface DevFsState {
  fs: SynthFs;
  entries: Map<string, Inode>;
  /** devfs's own nodes as built, for injected devices that fall back on them. */
  builtin: Map<string, Inode>;
}

/** Each devfs root's own entries, so devices can be injected after it is built. */
const STATE = new WeakMap<Inode, DevFsState>();

/** Whether `root` is a devfs root directory (so injectDevices() applies). */
export function isDevFs(root: Inode): boolean {
  return STATE.has(root);
}

/** Add (or replace) devices and subdirectories in the devfs rooted at `root`; false when it is not one. */
export function injectDevices(root: Inode, devices: readonly InjectedDevice[], dirs: readonly InjectedDir[] = []): boolean {
  const st = STATE.get(root);
  if (st === undefined) return false;
  for (const d of devices) {
    const node = new CharDevice(st.fs, st.fs.inoFor(d.name), d.perm, makeDev(d.major, d.minor), (flags) => d.open(flags));
    if (d.gid !== undefined) node.owner = { uid: 0, gid: d.gid };
    st.entries.set(d.name, node);
  }
  for (const d of dirs) st.entries.set(d.name, d.dir);
  return true;
}

/** The open function of devfs's own device `name` (before any injection replaced it), or null. */
export function builtinDevice(root: Inode, name: string): ((flags: number) => FileOps) | null {
  const node = STATE.get(root)?.builtin.get(name);
  return node === undefined ? null : (flags) => node.open(flags);
}

function dataDevice(read: (len: number) => Uint8Array, write: (data: Uint8Array) => number): FileOps {
  return {
    seekable: true,
    read: (len) => read(Math.min(len, MAX_DEVICE_READ)),
    write: (data) => write(data),
    poll: () => ({ events: POLLIN | POLLOUT, queues: [] }),
  };
}

/**
 * The driver behind device number `rdev` among devfs's nodes, for device
 * nodes made elsewhere (mknod on tmpfs, a host directory's /dev); ENXIO when
 * devfs has no such device.
 */
export function openDeviceNumber(devRoot: Inode, rdev: number, flags: number): FileOps {
  const own = STATE.get(devRoot)?.entries;
  const nodes = own !== undefined ? [...own.values()] : devRoot.readdir().map((e) => devRoot.lookup(e.name));
  // Injected directories (/dev/pts) hold devices too, one level down.
  for (const node of nodes) {
    if (node === null) continue;
    const candidates = node.isDir ? node.readdir().map((e) => node.lookup(e.name)) : [node];
    const found = candidates.find((n) => n !== null && isCharDev(n, rdev));
    if (found) return found.open(flags);
  }
  throw new Errno(ENXIO);
}

function isCharDev(node: Inode, rdev: number): boolean {
  if (node instanceof CharDevice) return node.device === rdev;
  const st = node.stat();
  return (st.mode & S_IFMT) === S_IFCHR && st.rdev === rdev;
}

/** Build the devfs tree; returns its root directory inode. */
export function createDevFs(opts: DevFsOptions): Inode {
  const fs = new SynthFs('devtmpfs', TMPFS_MAGIC, makeDev(0, 5), opts.timeNs);
  const entries = new Map<string, Inode>();
  const dev = (name: string, perm: number, major: number, minor: number, open: () => FileOps): void => {
    entries.set(name, new CharDevice(fs, fs.inoFor(name), perm, makeDev(major, minor), open));
  };
  const randomBytes = (len: number): Uint8Array => {
    const b = new Uint8Array(len);
    for (let i = 0; i < len; i += 65536) opts.random.fill(b.subarray(i, Math.min(len, i + 65536)));
    return b;
  };
  const discard = (d: Uint8Array): number => d.length;
  dev('null', 0o666, 1, 3, () => dataDevice(() => new Uint8Array(0), discard));
  dev('zero', 0o666, 1, 5, () => dataDevice((n) => new Uint8Array(n), discard));
  dev('full', 0o666, 1, 7, () =>
    dataDevice(
      (n) => new Uint8Array(n),
      () => {
        throw new Errno(ENOSPC);
      },
    ),
  );
  dev('random', 0o666, 1, 8, () => dataDevice(randomBytes, discard));
  dev('urandom', 0o666, 1, 9, () => dataDevice(randomBytes, discard));
  const tty = consoleDevice(opts.console);
  // /dev/tty is the controlling terminal: without one (no standard stream is a terminal) Linux says ENXIO.
  dev('tty', 0o666, 5, 0, () => {
    if (![0, 1, 2].some((fd) => tty.isTty(fd))) throw new Errno(ENXIO);
    return tty.ops(0);
  });
  dev('console', 0o600, 5, 1, () => tty.ops(0));
  const link = (name: string, target: string): void => {
    entries.set(name, new SynthLink(fs, fs.inoFor(name), () => target));
  };
  link('fd', '/proc/self/fd');
  link('stdin', '/proc/self/fd/0');
  link('stdout', '/proc/self/fd/1');
  link('stderr', '/proc/self/fd/2');
  const builtin = new Map(entries);
  const own = fixedEntries(entries);
  const under = opts.fallback;
  const root = under
    ? new SynthDir(fs, fs.inoFor(''), 0o755, {
        names: () => [...own.names(), ...under.readdir().map((e) => e.name).filter((n) => !entries.has(n))],
        get: (name) => own.get(name) ?? under.lookup(name),
      })
    : new SynthDir(fs, fs.inoFor(''), 0o755, own);
  STATE.set(root, { fs, entries, builtin });
  injectDevices(root, opts.devices ?? [], opts.dirs ?? []);
  return root;
}
