// `flint`: the command line. Builds the guest's namespace (fs/host_root.ts)
// and a machine (mod.ts), runs one program and exits with its status.
import * as nfs from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as E from '../abi/linux/errno.js';
import { SIGPIPE } from '../abi/linux/signal.js';
import { nameFromText } from '../fs/byte_string.js';
import { createHostVfs } from '../fs/host_root.js';
import { createTmpFs } from '../fs/tmpfs.js';
import { NodeClock } from '../host/node/clock.js';
import { NodeConsole } from '../host/node/console.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { StderrLog } from '../host/node/log.js';
import { NodeRandom } from '../host/node/random.js';
import { Errno, createMachine } from '../mod.js';
import { BOOT_HELP, MAIN_HELP, MKROOTFS_HELP, RUN_HELP, guestEnvironment, parseArgs } from './args.js';
import type { HelpTopic, RunCommand } from './args.js';
import { boot } from './boot.js';
import { checkHostMounts, mountHostDirs } from './host_mounts.js';
import { mkrootfs } from './mkrootfs.js';

const VERSION = '0.1.0';

const STRERROR: Record<number, string> = {
  [E.ENOENT]: 'No such file or directory',
  [E.EACCES]: 'Permission denied',
  [E.ENOTDIR]: 'Not a directory',
  [E.EISDIR]: 'Is a directory',
  [E.ELOOP]: 'Too many levels of symbolic links',
  [E.ENAMETOOLONG]: 'File name too long',
  [E.ENOMEM]: 'Cannot allocate memory (try a larger --memory)',
  [E.E2BIG]: 'Argument list too long',
  [E.EAGAIN]: 'Resource temporarily unavailable',
  [E.ENOEXEC]: 'Exec format error',
};

function say(line: string): void {
  nfs.writeSync(2, `flint: ${line}\n`);
}

/** The detail an Errno carries, without the "ENAME: " prefixes and the program path the layers add. */
function detailOf(e: Errno, program: string): string {
  let m = e.message;
  for (;;) {
    const next = m.replace(/^E[A-Z0-9]+(: |$)/, '').replace(program + ': ', '');
    if (next === m) break;
    m = next;
  }
  return m;
}

/** One line naming the cause of a failed start and, where there is one, the fix. */
function startError(e: Errno, program: string, root: string | null): string {
  if (e.code === E.ENOEXEC) {
    const detail = detailOf(e, program);
    return `cannot run ${program}: ${detail || 'not an AArch64 ELF executable or script'}`;
  }
  const where = root !== null && e.code === E.ENOENT ? ` (looked up inside --root ${root})` : '';
  const text = STRERROR[e.code] ?? detailOf(e, program) ?? E.errnoName(e.code);
  return `${program}: ${text}${where}`;
}

async function run(cmd: RunCommand): Promise<number> {
  let rootDir = '/';
  if (cmd.root !== null) {
    try {
      rootDir = nfs.realpathSync(cmd.root);
      if (!nfs.statSync(rootDir).isDirectory()) {
        say(`--root ${cmd.root}: Not a directory`);
        return 2;
      }
    } catch {
      say(`--root ${cmd.root}: No such file or directory`);
      return 2;
    }
  }
  const hostMounts = checkHostMounts(cmd.mounts);
  if (typeof hostMounts === 'string') {
    say(hostMounts);
    return 2;
  }
  const console = new NodeConsole();
  const clock = new NodeClock();
  const random = new NodeRandom();
  const log = new StderrLog();
  const vfs = createHostVfs({ port: new NodeHostFs(), root: nameFromText(rootDir), console, random, clock });
  const machine = createMachine({
    vfs, console, clock, random, log, strace: cmd.strace,
    ...(cmd.memoryBytes !== null ? { memoryBytes: cmd.memoryBytes } : {}),
    ...(cmd.maxTasks !== null ? { maxTasks: cmd.maxTasks } : {}),
    verboseFork: cmd.verboseFork,
  });
  // tmpfs data is charged to the machine's memory, so the mounts come after the machine.
  for (const dir of cmd.tmpfs) {
    try {
      vfs.mount(nameFromText(dir), createTmpFs({ now: () => clock.realtimeNs(), frames: machine.kernel.frames }));
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      say(`--tmpfs ${dir}: cannot mount there (${E.errnoName(e.code)})`);
      return 2;
    }
  }
  const mountError = mountHostDirs(vfs, hostMounts);
  if (mountError !== null) {
    say(mountError);
    return 2;
  }
  if (cmd.cpu === 'jit') machine.kernel.cpu.useJit(true);
  try {
    machine.spawn({
      path: cmd.program,
      argv: [cmd.program, ...cmd.args],
      envp: guestEnvironment(process.env, cmd.env),
      cwd: cmd.root === null ? process.cwd() : '/',
      stdio: machine.consoleStdio(clock.realtimeNs()),
    });
  } catch (e) {
    if (e instanceof Errno) {
      say(startError(e, cmd.program, cmd.root));
      return e.code === E.ENOENT ? 127 : 126;
    }
    throw e;
  }
  // Tasks that wait for each other with no timer pending leave Node's event loop empty: hold it
  // open so such a guest waits (as it would under Linux) instead of flint quietly exiting 0.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const result = await machine.run();
    if (result.kind === 'exited') return result.code;
    if (result.kind === 'halted') return 0;
    // Like a shell, stay quiet about SIGPIPE: it is how `flint run prog | head` ends.
    if (result.signal !== SIGPIPE) say(result.description);
    return 128 + result.signal;
  } finally {
    clearInterval(keepAlive);
    console.close();
  }
}

const HELP: Record<HelpTopic, string> = { main: MAIN_HELP, run: RUN_HELP, boot: BOOT_HELP, mkrootfs: MKROOTFS_HELP };

export async function main(argv: readonly string[]): Promise<number> {
  const cmd = parseArgs(argv);
  switch (cmd.kind) {
    case 'help':
      nfs.writeSync(1, HELP[cmd.topic]);
      return 0;
    case 'version':
      nfs.writeSync(1, `flint ${VERSION}\n`);
      return 0;
    case 'error':
      say(`${cmd.message} (see flint ${cmd.topic === 'main' ? '' : cmd.topic + ' '}--help)`);
      return 2;
    case 'run':
      return run(cmd);
    case 'boot':
      return boot(cmd, VERSION);
    case 'mkrootfs':
      return mkrootfs(cmd);
  }
}

/** Run `main` and exit the host process with its status (stdin may still hold the event loop open). */
export function runMain(argv: readonly string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      say(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(70);
    },
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(nfs.realpathSync(process.argv[1])).href) {
  runMain(process.argv.slice(2));
}
