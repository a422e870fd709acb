// `flint mkrootfs`: Flint's default root image, a cpio newc archive built
// from Debian's busybox-static (fetched into .cache/busybox by the setup)
// with one symlink per applet, and the files under rootfs/ in the
// repository. The applet list comes from running `busybox --list-full`
// inside Flint itself. The default image lives in .cache/rootfs/ with a key
// (a hash of every input) beside it, and is rebuilt when the key changes.
import * as nfs from 'node:fs';
import * as npath from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { S_IFDIR, S_IFLNK, S_IFREG } from '../abi/linux/stat.js';
import { O_WRONLY } from '../abi/linux/fcntl.js';
import { stdioFiles } from '../fs/console_file.js';
import type { StdioConsole } from '../fs/console_file.js';
import { nameFromText } from '../fs/byte_string.js';
import { HostFs } from '../fs/hostfs.js';
import { CpioFormatError, unpackCpio, writeCpio } from '../fs/initramfs.js';
import type { CpioEntry } from '../fs/initramfs.js';
import { ROOT_CREDS } from '../fs/permission.js';
import { createTmpFs } from '../fs/tmpfs.js';
import { Vfs } from '../fs/vfs.js';
import { NodeClock } from '../host/node/clock.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { NodeRandom } from '../host/node/random.js';
import { Errno, createMachine } from '../mod.js';
import type { MkrootfsCommand } from './args.js';

/** Bump when the image's layout changes, so cached images are rebuilt. */
const FORMAT = 1;
const BUSYBOX = '.cache/busybox/bin/busybox';
const TEMPLATE = 'rootfs';
const IMAGE = '.cache/rootfs/flint.cpio';

/** Directories every image has: [path, mode, uid/gid]. Parents come first. */
const DIRS: ReadonlyArray<readonly [string, number, number]> = [
  ['bin', 0o755, 0], ['sbin', 0o755, 0], ['usr', 0o755, 0], ['usr/bin', 0o755, 0], ['usr/sbin', 0o755, 0],
  ['etc', 0o755, 0], ['dev', 0o755, 0], ['proc', 0o555, 0], ['sys', 0o555, 0], ['run', 0o755, 0],
  ['tmp', 0o1777, 0], ['root', 0o700, 0], ['home', 0o755, 0], ['home/flint', 0o755, 1000], ['var', 0o755, 0],
  ['var/log', 0o755, 0], ['mnt', 0o755, 0],
];

/** Template files whose mode is not the default 0644 (0755 when executable). */
const MODES: Readonly<Record<string, number>> = { 'etc/shadow': 0o600 };

export class RootfsError extends Error {}

/** The repository: FLINT_ROOT, else the nearest directory above this module or the cwd with package.json and rootfs/. */
export function repoRoot(): string | null {
  const env = process.env['FLINT_ROOT'];
  if (env) return npath.resolve(env);
  const starts = [npath.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = npath.dirname(dir)) {
      if (nfs.existsSync(npath.join(dir, 'package.json')) && nfs.existsSync(npath.join(dir, TEMPLATE))) return dir;
      if (npath.dirname(dir) === dir) break;
    }
  }
  return null;
}

interface Inputs {
  busybox: Uint8Array;
  /** Modification time given to every entry (the busybox binary's), for reproducible images. */
  mtime: number;
  /** Template files and directories under rootfs/, relative paths in walk order. */
  template: Array<{ path: string; mode: number; data: Uint8Array }>;
}

function readInputs(repo: string): Inputs {
  const bb = npath.join(repo, BUSYBOX);
  if (!nfs.existsSync(bb)) throw new RootfsError(`busybox not found at ${bb}: run npm run setup (it fetches Debian's busybox-static:arm64)`);
  const tdir = npath.join(repo, TEMPLATE);
  if (!nfs.existsSync(tdir)) throw new RootfsError(`the rootfs template ${tdir} is missing (is this a Flint checkout?)`);
  const template: Inputs['template'] = [];
  const walk = (rel: string): void => {
    for (const name of nfs.readdirSync(npath.join(tdir, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const full = npath.join(tdir, r);
      const st = nfs.lstatSync(full);
      if (st.isDirectory()) {
        template.push({ path: r, mode: S_IFDIR | 0o755, data: new Uint8Array(0) });
        walk(r);
      } else if (st.isSymbolicLink()) {
        template.push({ path: r, mode: S_IFLNK | 0o777, data: new TextEncoder().encode(nfs.readlinkSync(full)) });
      } else if (st.isFile()) {
        const perm = MODES[r] ?? (st.mode & 0o111 ? 0o755 : 0o644);
        template.push({ path: r, mode: S_IFREG | perm, data: nfs.readFileSync(full) });
      }
    }
  };
  walk('');
  return { busybox: nfs.readFileSync(bb), mtime: Math.floor(nfs.statSync(bb).mtimeMs / 1000), template };
}

function inputKey(i: Inputs): string {
  const h = createHash('sha256');
  h.update(`flint-rootfs ${FORMAT} ${i.mtime}\n`);
  h.update(i.busybox);
  for (const t of i.template) {
    h.update(`\n${t.path} ${t.mode.toString(8)} ${t.data.length}\n`);
    h.update(t.data);
  }
  return h.digest('hex');
}

/** Output of a program run inside Flint, captured. */
class CaptureConsole implements StdioConsole {
  private readonly chunks: Uint8Array[] = [];
  write(_fd: number, data: Uint8Array): void {
    this.chunks.push(data.slice());
  }
  readAvailable(): Uint8Array | null {
    return null;
  }
  onInput(): void {}
  isTty(): boolean {
    return false;
  }
  windowSize(): null {
    return null;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

/** `busybox --list-full` run inside Flint: the applet paths ("bin/ls", "usr/bin/[", ...). */
export async function busyboxApplets(busybox: Uint8Array): Promise<string[]> {
  const clock = new NodeClock();
  const root = createTmpFs({ now: () => clock.realtimeNs(), rootMode: 0o755, sizeBytes: 64 << 20 });
  root.mkdir('bin', 0o755, ROOT_CREDS);
  const bin = root.lookup('bin');
  if (bin === null) throw new Error('mkrootfs: tmpfs lost /bin');
  const file = bin.create('busybox', 0o755, ROOT_CREDS);
  const ops = file.open(O_WRONLY);
  ops.write(busybox, 0, false, false);
  ops.release?.();
  const console = new CaptureConsole();
  const errors: string[] = [];
  const machine = createMachine({
    vfs: new Vfs(root), console, clock, random: new NodeRandom(), log: { line: (s) => errors.push(s) }, memoryBytes: 64 << 20,
  });
  machine.spawn({ path: '/bin/busybox', argv: ['busybox', '--list-full'], envp: [], stdio: stdioFiles(console) });
  const result = await machine.run();
  const out = console.text();
  if (result.kind !== 'exited' || result.code !== 0) {
    throw new RootfsError(`busybox --list-full failed inside Flint (${JSON.stringify(result)}): ${errors.join('; ')}`);
  }
  const applets = out
    .split('\n')
    .filter((l) => l !== '' && l !== 'bin/busybox' && !/\s/.test(l) && !l.startsWith('/') && !l.split('/').includes('..'));
  if (applets.length < 50) throw new RootfsError(`busybox --list-full listed only ${applets.length} applets`);
  return applets;
}

/** The image's entries: directories, the template, busybox (setuid root: su, passwd) and its applet links. */
export async function rootfsEntries(inputs: Inputs): Promise<CpioEntry[]> {
  const none = new Uint8Array(0);
  const mtime = inputs.mtime;
  const out: CpioEntry[] = [{ name: '.', mode: S_IFDIR | 0o755, uid: 0, gid: 0, mtime, data: none }];
  const have = new Set<string>();
  const add = (e: CpioEntry): void => {
    if (have.has(e.name)) return;
    have.add(e.name);
    out.push(e);
  };
  for (const [path, mode, owner] of DIRS) add({ name: path, mode: S_IFDIR | mode, uid: owner, gid: owner, mtime, data: none });
  for (const t of inputs.template) add({ name: t.path, mode: t.mode, uid: 0, gid: 0, mtime, data: t.data });
  add({ name: 'bin/busybox', mode: S_IFREG | 0o4755, uid: 0, gid: 0, mtime, data: inputs.busybox });
  const target = new TextEncoder().encode('/bin/busybox');
  for (const applet of await busyboxApplets(inputs.busybox)) {
    add({ name: applet, mode: S_IFLNK | 0o777, uid: 0, gid: 0, mtime, data: target });
  }
  return out;
}

/** Build the image from the repository's inputs. */
export async function buildRootfs(repo: string): Promise<Uint8Array> {
  return writeCpio(await rootfsEntries(readInputs(repo)));
}

/**
 * The default image's path, building it first when it is missing or its
 * inputs changed. `note` reports a (re)build.
 */
export async function defaultRootfs(note: (line: string) => void): Promise<string> {
  const repo = repoRoot();
  if (repo === null) throw new RootfsError('cannot find the Flint repository (set FLINT_ROOT, or give --initramfs FILE)');
  const inputs = readInputs(repo);
  const key = inputKey(inputs);
  const image = npath.join(repo, IMAGE);
  const keyFile = image + '.key';
  const current = nfs.existsSync(image) && nfs.existsSync(keyFile) && nfs.readFileSync(keyFile, 'utf8').trim() === key;
  if (current) return image;
  note(`building the root image ${npath.relative(process.cwd(), image) || image} (flint mkrootfs)`);
  const bytes = writeCpio(await rootfsEntries(inputs));
  nfs.mkdirSync(npath.dirname(image), { recursive: true });
  const tmp = `${image}.${process.pid}.tmp`;
  nfs.writeFileSync(tmp, bytes);
  nfs.renameSync(tmp, image);
  nfs.writeFileSync(keyFile, key + '\n');
  return image;
}

/** Unpack `image` into host directory `dir`, which must be new or empty. */
export function unpackToDir(image: Uint8Array, dir: string): number {
  nfs.mkdirSync(dir, { recursive: true });
  if (nfs.readdirSync(dir).length > 0) throw new RootfsError(`--dir ${dir} is not empty`);
  return unpackCpio(image, new HostFs(new NodeHostFs(), nameFromText(nfs.realpathSync(dir))).root());
}

export async function mkrootfs(cmd: MkrootfsCommand): Promise<number> {
  try {
    const note = (line: string): void => {
      nfs.writeSync(2, `flint: ${line}\n`);
    };
    if (cmd.output !== null) {
      const repo = repoRoot();
      if (repo === null) throw new RootfsError('cannot find the Flint repository (set FLINT_ROOT)');
      nfs.writeFileSync(cmd.output, await buildRootfs(repo));
    }
    if (cmd.dir !== null) {
      const image = nfs.readFileSync(cmd.output ?? (await defaultRootfs(note)));
      const n = unpackToDir(image, cmd.dir);
      note(`unpacked ${n} entries into ${cmd.dir}; boot it with: flint boot --root ${cmd.dir}`);
    }
    if (cmd.output === null && cmd.dir === null) nfs.writeSync(1, `${await defaultRootfs(note)}\n`);
    return 0;
  } catch (e) {
    const known = e instanceof RootfsError || e instanceof CpioFormatError || e instanceof Errno;
    if (known || (e instanceof Error && 'code' in e && typeof e.code === 'string')) {
      nfs.writeSync(2, `flint: mkrootfs: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
