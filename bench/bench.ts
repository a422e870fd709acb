// `npm run bench`: CPU-bound guest workloads under qemu-aarch64 and under Flint in the same
// invocation. Prints, per workload, both wall-clock times, the ratio Flint/qemu, Flint's
// guest MIPS (instructions retired / Flint seconds) and whether the outputs agree.
//
//   node dist/bench/bench.js [--quick] [--only NAME[,NAME...]] [--cpu interp,jit] [--cli PATH] [--timeout SECONDS]
// After the table, `boot` times `flint boot` from start to the `login:` prompt on a
// pseudo-terminal (util-linux script(1)), per CPU tier, next to Node's own start-up
// (`flint --version`); qemu-aarch64 (user mode) cannot boot a system, so it has no column.
// --cpu       the CPU tiers to time, comma-separated (default interp,jit): one row per tier
// --cpu-time  compare user+system CPU seconds (measured by /usr/bin/time) instead of wall-clock
//             seconds: steadier than wall-clock on a machine shared with other work
//
// --quick     small sizes (seconds instead of minutes)
// --only      run only the named workloads
// --cli PATH  time this Flint CLI entry (e.g. bin/flint) instead of the counting runner;
//             the MIPS column is then empty because the CLI does not report instructions
// Workloads are built by scripts/setup.sh into .cache/bench/ (busybox: .cache/busybox/).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUEST_ENV, repoRoot, runProcess, type RunResult } from '../tests/guest/harness.js';
import { shellQuote } from '../tests/interactive/pty_session.js';

interface Workload {
  readonly name: string;
  readonly what: string;
  /** Program and arguments for the given mode; `work` is a scratch directory. */
  command(quick: boolean, root: string, work: string): { program: string; args: string[]; size: string };
}

/** Compressible text of about `bytes` bytes, the same every run. */
function generatedText(bytes: number): Buffer {
  const words = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'flint', 'kernel', 'aarch64', 'guest', 'page', 'frame', 'qemu'];
  const parts: string[] = [];
  let size = 0;
  let s = 12345;
  while (size < bytes) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const line = `${(s >>> 8) % 100000} ${words[s % words.length]} ${words[(s >>> 4) % words.length]} ${(s >>> 3).toString(16)}\n`;
    parts.push(line);
    size += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

const WORKLOADS: readonly Workload[] = [
  {
    name: 'hash_loop',
    what: 'integer hash loop',
    command: (quick, root) => {
      const n = quick ? '2000000' : '50000000';
      return { program: join(root, '.cache/bench/hash_loop'), args: [n], size: `${n} iterations` };
    },
  },
  {
    name: 'sieve',
    what: 'sieve of Eratosthenes',
    command: (quick, root) => {
      const n = quick ? '1000000' : '10000000';
      return { program: join(root, '.cache/bench/sieve'), args: [n, quick ? '1' : '3'], size: `${n}${quick ? '' : ' x3'}` };
    },
  },
  {
    name: 'sha256',
    what: 'SHA-256 of a buffer',
    command: (quick, root) => {
      const mb = quick ? '1' : '16';
      return { program: join(root, '.cache/bench/sha256'), args: [mb], size: `${mb} MiB` };
    },
  },
  {
    name: 'qsort',
    what: 'glibc qsort of ints',
    command: (quick, root) => {
      const n = quick ? '50000' : '1000000';
      return { program: join(root, '.cache/bench/qsort'), args: [n], size: `${n} ints` };
    },
  },
  {
    name: 'nbody',
    what: 'n-body, double precision',
    command: (quick, root) => {
      const n = quick ? '50000' : '1000000';
      return { program: join(root, '.cache/bench/nbody'), args: [n], size: `${n} steps` };
    },
  },
  {
    name: 'fork_wait',
    what: 'fork+exit+wait loop',
    command: (quick, root) => {
      const n = quick ? '50' : '500';
      return { program: join(root, '.cache/bench/fork_wait'), args: [n], size: `${n} forks` };
    },
  },
  {
    name: 'fork_exec',
    what: 'fork+exec+wait loop',
    command: (quick, root) => {
      const n = quick ? '10' : '100';
      return { program: join(root, '.cache/bench/fork_exec'), args: [n], size: `${n} execs` };
    },
  },
  {
    name: 'thread_join',
    what: 'pthread create+join loop',
    command: (quick, root) => {
      const n = quick ? '100' : '2000';
      return { program: join(root, '.cache/bench/thread_join'), args: [n], size: `${n} threads` };
    },
  },
  {
    name: 'gzip',
    what: 'busybox gzip of generated text',
    command: (quick, root, work) => {
      const mb = quick ? 1 : 20;
      const file = join(work, `input-${mb}M.txt`);
      if (!existsSync(file)) writeFileSync(file, generatedText(mb << 20));
      return { program: join(root, '.cache/busybox/bin/busybox'), args: ['gzip', '-c', file], size: `${mb} MiB` };
    },
  },
];

interface Options {
  quick: boolean;
  only: string[];
  cli: string | null;
  timeoutMs: number;
  cpu: string[];
  cpuTime: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { quick: false, only: [], cli: null, timeoutMs: 30 * 60_000, cpu: ['interp', 'jit'], cpuTime: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only.push(...value().split(','));
    else if (a === '--cli') o.cli = value();
    else if (a === '--cpu') o.cpu = value().split(',');
    else if (a === '--cpu-time') o.cpuTime = true;
    else if (a === '--timeout') o.timeoutMs = Number(value()) * 1000;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: bench [--quick] [--only NAME[,NAME...]] [--cpu interp,jit] [--cpu-time] [--cli PATH] [--timeout SECONDS]\n');
      process.stdout.write(`workloads: ${[...WORKLOADS.map((w) => w.name), BOOT].join(', ')}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const n of o.only) if (n !== BOOT && !WORKLOADS.some((w) => w.name === n)) throw new Error(`unknown workload ${n}`);
  for (const t of o.cpu) if (t !== 'interp' && t !== 'jit') throw new Error(`unknown CPU tier ${t} (interp or jit)`);
  return o;
}

function instructionsOf(r: RunResult): number | null {
  const m = /flint-bench: instructions=(\d+)/.exec(r.stderr.toString('utf8'));
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** The marker line /usr/bin/time appends to stderr under --cpu-time. */
const TIME_MARK = 'flint-bench-cpu:';

/** Run command, under /usr/bin/time when cpuTime is set; `seconds` is then user+system CPU time. */
async function timed(cpuTime: boolean, command: string, args: string[], opts: Parameters<typeof runProcess>[2]): Promise<RunResult> {
  if (!cpuTime) return runProcess(command, args, opts);
  const r = await runProcess('/usr/bin/time', ['-f', `${TIME_MARK} %U %S`, command, ...args], opts);
  const text = r.stderr.toString('utf8');
  const at = text.lastIndexOf(TIME_MARK);
  if (at < 0) return r;
  const [user, sys] = text.slice(at + TIME_MARK.length).trim().split(/\s+/).map(Number);
  return { ...r, stderr: Buffer.from(text.slice(0, at)), seconds: user + sys };
}

/** The pseudo-workload that times a boot to the login prompt. */
const BOOT = 'boot';

/**
 * Seconds from starting `node MAIN ARGS` on a pseudo-terminal until `marker` appears in its
 * output; the machine is then stopped with the host escape Ctrl-A x. null on timeout.
 */
function secondsUntil(main: string, args: string[], marker: string, timeoutMs: number): Promise<number | null> {
  const command = [process.execPath, main, ...args].map(shellQuote).join(' ');
  const start = process.hrtime.bigint();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, TERM: 'dumb' } });
  child.stdin.on('error', () => {});
  return new Promise((resolve) => {
    let out = '';
    let seconds: number | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (seconds === null && out.includes(marker)) {
        seconds = Number(process.hrtime.bigint() - start) / 1e9;
        child.stdin.write('\x01x');
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(seconds);
    });
  });
}

async function bootTimes(opts: Options, cliMain: string): Promise<void> {
  process.stdout.write(`\nboot to the login prompt (flint boot on a pseudo-terminal, wall-clock; best of 3)\n`);
  const node = await secondsUntil(cliMain, ['--version'], 'flint', opts.timeoutMs);
  process.stdout.write(`  node start-up (flint --version):  ${node === null ? 'TIMEOUT' : `${node.toFixed(2)} s`}\n`);
  for (const tier of opts.cpu) {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await secondsUntil(cliMain, ['boot', '--cpu', tier], 'login: ', opts.timeoutMs);
      if (s !== null) runs.push(s);
    }
    const best = runs.length > 0 ? `${Math.min(...runs).toFixed(2)} s` : 'TIMEOUT';
    process.stdout.write(`  flint boot --cpu ${tier}:`.padEnd(36) + `${best}\n`);
  }
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const root = repoRoot();
  const here = dirname(fileURLToPath(import.meta.url));
  const counted = join(here, 'flint_counted.js');
  const flintEntry = opts.cli ?? counted;
  const work = mkdtempSync(join(tmpdir(), 'flint-bench-'));
  const selected = WORKLOADS.filter((w) => opts.only.length === 0 || opts.only.includes(w.name));
  const withBoot = opts.only.length === 0 || opts.only.includes(BOOT);
  const header = [pad('workload  cpu', 17), pad('size', 18), pad('qemu s', 8, true), pad('flint s', 9, true),
    pad('flint/qemu', 11, true), pad('flint MIPS', 11, true), '  result'].join(' ');
  process.stdout.write(`Flint benchmark (${opts.quick ? 'quick' : 'full'} sizes${opts.cpuTime ? ', user+system CPU seconds' : ''}); Flint: ${opts.cli ? opts.cli : 'counting runner (bench/flint_counted.ts)'}\n`);
  process.stdout.write(`${header}\n${'-'.repeat(header.length)}\n`);
  const ratios = new Map<string, number[]>(opts.cpu.map((t) => [t, []]));
  let failures = 0;
  try {
    for (const w of selected) {
      const { program, args, size } = w.command(opts.quick, root, work);
      const runOpts = { env: GUEST_ENV, cwd: work, timeoutMs: opts.timeoutMs };
      const qemu = await timed(opts.cpuTime, 'qemu-aarch64', [program, ...args], runOpts);
      for (const tier of opts.cpu) {
        const cpu = ['--cpu', tier];
        const flint = await timed(opts.cpuTime, process.execPath, opts.cli ? [flintEntry, 'run', ...cpu, program, ...args] : [flintEntry, ...cpu, program, ...args], runOpts);
        const insns = opts.cli ? null : instructionsOf(flint);
        const ok = !flint.timedOut && flint.status === qemu.status && flint.stdout.equals(qemu.stdout);
        const ratio = flint.seconds / qemu.seconds;
        if (ok) ratios.get(tier)?.push(ratio);
        else failures++;
        let result = 'ok (same output)';
        if (flint.timedOut) result = 'TIMEOUT';
        else if (!ok) {
          const lastErr = flint.stderr.toString('utf8').trim().split('\n').filter((l) => !l.startsWith('flint-bench:')).pop() ?? '';
          result = `MISMATCH (status qemu ${qemu.status}, flint ${flint.status}) ${lastErr.slice(0, 100)}`;
        }
        const mips = insns !== null ? (insns / flint.seconds / 1e6).toFixed(1) : 'n/a';
        process.stdout.write([pad(`${w.name} ${tier}`, 17), pad(size, 18), pad(qemu.seconds.toFixed(2), 8, true), pad(flint.seconds.toFixed(2), 9, true),
          pad(`${ratio.toFixed(1)}x`, 11, true), pad(mips, 11, true), `  ${result}`].join(' ') + '\n');
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const [tier, rs] of ratios) {
    if (rs.length === 0) continue;
    const geo = Math.exp(rs.reduce((a, r) => a + Math.log(r), 0) / rs.length);
    process.stdout.write(`geometric mean flint/qemu (--cpu ${tier}) over ${rs.length} matching workloads: ${geo.toFixed(1)}x\n`);
  }
  if (withBoot) await bootTimes(opts, join(here, '..', 'src', 'cli', 'main.js'));
  if (opts.cli) process.stdout.write('MIPS: n/a with --cli (the CLI does not report instructions retired)\n');
  else process.stdout.write(`MIPS = guest instructions retired (Cpu.instructions) / Flint ${opts.cpuTime ? 'CPU' : 'wall-clock'} seconds, start-up included\n`);
  if (failures > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
