// `flint run PROGRAM ARGS...` for the benchmark, plus one line on stderr at the end:
//   flint-bench: instructions=N
// (the guest instructions the CPU retired), from which bench.ts computes guest MIPS. The
// machine is wired exactly as src/cli/main.ts wires it for `flint run` without --root.
// Usage: node dist/bench/flint_counted.js [--cpu interp|jit] PROGRAM [ARGS...]
import { writeSync } from 'node:fs';
import { stdioFiles } from '../src/fs/console_file.js';
import { nameFromText } from '../src/fs/byte_string.js';
import { createHostVfs } from '../src/fs/host_root.js';
import { NodeClock } from '../src/host/node/clock.js';
import { NodeConsole } from '../src/host/node/console.js';
import { NodeHostFs } from '../src/host/node/host_fs.js';
import { StderrLog } from '../src/host/node/log.js';
import { NodeRandom } from '../src/host/node/random.js';
import { guestEnvironment } from '../src/cli/args.js';
import { createMachine } from '../src/mod.js';

async function countedRun(program: string, args: readonly string[], jit: boolean): Promise<number> {
  const console = new NodeConsole();
  const clock = new NodeClock();
  const random = new NodeRandom();
  const log = new StderrLog();
  const vfs = createHostVfs({ port: new NodeHostFs(), root: nameFromText('/'), console, random, clock });
  const machine = createMachine({ vfs, console, clock, random, log });
  if (jit) machine.kernel.cpu.useJit(true);
  machine.spawn({
    path: program,
    argv: [program, ...args],
    envp: guestEnvironment(process.env, []),
    cwd: process.cwd(),
    stdio: stdioFiles(console, clock.realtimeNs()),
  });
  try {
    const result = await machine.run();
    writeSync(2, `flint-bench: instructions=${machine.kernel.cpu.instructions}\n`);
    if (result.kind === 'exited') return result.code;
    writeSync(2, `flint: ${result.description}\n`);
    return 128 + result.signal;
  } finally {
    console.close();
  }
}

let argv = process.argv.slice(2);
let jit = false;
if (argv[0] === '--cpu') {
  jit = argv[1] === 'jit';
  argv = argv.slice(2);
}
const [program, ...args] = argv;
if (program === undefined) {
  writeSync(2, 'usage: flint_counted [--cpu interp|jit] PROGRAM [ARGS...]\n');
  process.exit(2);
}
countedRun(program, args, jit).then(
  (code) => process.exit(code),
  (e: unknown) => {
    writeSync(2, `flint_counted: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
