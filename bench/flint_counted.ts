// `flint run PROGRAM ARGS...` for the benchmark, plus one line on stderr at the end:
//   flint-bench: instructions=N
// (the guest instructions the CPU retired), from which bench.ts computes guest MIPS. The
// machine is wired exactly as src/cli/main.ts wires it for `flint run` without --root.
// Usage: node dist/bench/flint_counted.js [--cpu interp|jit] PROGRAM [ARGS...]
// With --cpu jit and FLINT_JIT_STATS=1 it also prints, on stderr, how many instructions
// compiled regions and the interpreter retired and the instruction words the interpreter
// ran most (and most often right after a region exit), disassembled; FLINT_JIT_STATS=N
// lists the top N (default 25).
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
import type { JitStats } from '../src/cpu/jit/stats.js';
import { translates } from '../src/cpu/jit/translate.js';
import { disassemble } from '../tests/cpu/disasm.js';

function statsReport(st: JitStats, compiled: string, top: number): string {
  const total = st.regionInsns + st.interpInsns;
  const pct = (x: number): string => `${((100 * x) / Math.max(1, total)).toFixed(1)}%`;
  const lines = [
    `flint-jit-stats: region calls ${st.calls} (${st.emptyCalls} retired nothing), region insns ${st.regionInsns} (${pct(st.regionInsns)}), interpreted ${st.interpInsns} (${pct(st.interpInsns)}), runs after a region exit ${st.exits}, call-outs ${st.calloutCount}; ${compiled}`,
  ];
  for (const [key, title] of [['exits', 'first instruction after a region exit'], ['interp', 'interpreted instructions'], ['callouts', 'call-outs from compiled code']] as const) {
    const rows = st.top(key, top);
    const dis = disassemble(rows.map((r) => r.word));
    lines.push(`flint-jit-stats: ${title} (T = the translator handles it):`);
    rows.forEach((r, k) => {
      const hex = (r.word >>> 0).toString(16).padStart(8, '0');
      lines.push(`flint-jit-stats:   ${String(r.count).padStart(10)} ${pct(r.count).padStart(6)} ${translates(r.word) ? 'T' : ' '} ${hex}  ${dis[k]}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

async function countedRun(program: string, args: readonly string[], jit: boolean): Promise<number> {
  const console = new NodeConsole();
  const clock = new NodeClock();
  const random = new NodeRandom();
  const log = new StderrLog();
  const vfs = createHostVfs({ port: new NodeHostFs(), root: nameFromText('/'), console, random, clock });
  const machine = createMachine({ vfs, console, clock, random, log });
  if (jit) machine.kernel.cpu.useJit(true);
  const statsTop = Number(process.env['FLINT_JIT_STATS'] ?? '0');
  const stats = jit && statsTop > 0 ? (machine.kernel.cpu.jitTier?.enableStats() ?? null) : null;
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
    const j = machine.kernel.cpu.jitTier;
    const compiled = j === null ? '' : `compiled ${j.compiled} regions in ${j.modules} modules (${j.bytes} bytes), ${j.failures} failures`;
    if (stats !== null) writeSync(2, statsReport(stats, compiled, statsTop === 1 ? 25 : statsTop));
    if (result.kind === 'exited') return result.code;
    if (result.kind === 'halted') return 0;
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
