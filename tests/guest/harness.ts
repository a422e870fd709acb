// Shared machinery for the oracle tests: run a guest program under qemu-aarch64 and under
// Flint with the same arguments, stdin, environment and working directory, and describe
// the first difference between the two runs.
//
// Environment knobs (all optional):
//   FLINT_CLI          JS entry of the Flint CLI (default: <repo>/bin/flint), e.g. a private
//                      build such as /tmp/h-NAME/dist/src/cli/main.js
//   FLINT_RUN_FLAGS    extra flags placed after `flint run` (e.g. "--cpu interp")
//   FLINT_TIMEOUT_MS   per-run timeout for Flint (default 180000)
//   FLINT_CONCURRENCY  cases run at once (default 2)
//   FLINT_FILTER       only cases whose name contains this substring
//   FLINT_CPU_TIERS    CPU tiers to compare, comma-separated (default "interp,jit")
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Exit status as a shell reports it: the exit code, or 128+N when killed by signal N. */
  readonly status: number;
  readonly timedOut: boolean;
  readonly seconds: number;
}

export interface RunOptions {
  readonly stdin?: Buffer | string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly timeoutMs: number;
}

/** The fixed environment every guest sees, under both qemu-aarch64 and Flint. */
export const GUEST_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/root',
  LANG: 'C',
  LC_ALL: 'C',
  TZ: 'UTC',
  TERM: 'dumb',
  FLINT_GUEST_TEST: '1',
};

/** The repository root: FLINT_ROOT, else the nearest ancestor holding tests/guest, else cwd. */
export function repoRoot(): string {
  const fromEnv = process.env['FLINT_ROOT'];
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tests', 'guest'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function flintCli(root: string): string {
  return process.env['FLINT_CLI'] ? resolve(process.env['FLINT_CLI']) : join(root, 'bin', 'flint');
}

export function flintRunFlags(): string[] {
  const raw = process.env['FLINT_RUN_FLAGS'] ?? '';
  return raw.split(/\s+/).filter((s) => s.length > 0);
}

export function caseFilter(): string {
  return process.env['FLINT_FILTER'] ?? '';
}

function signalNumber(signal: NodeJS.Signals): number {
  const n = (constants.signals as Record<string, number | undefined>)[signal];
  return n ?? 0;
}

/** Runs one process to completion, collecting stdout and stderr. Never rejects on exit status. */
export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.stdin.on('error', () => {
      // The guest may exit without reading its stdin (EPIPE); that is not an error here.
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = signal ? 128 + signalNumber(signal) : (code ?? 0);
      resolvePromise({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), status, timedOut, seconds });
    });
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
  });
}

export function runQemu(program: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return runProcess('qemu-aarch64', [program, ...args], opts);
}

export function runFlint(
  root: string,
  program: string,
  args: readonly string[],
  opts: RunOptions,
  flags: readonly string[] = [],
): Promise<RunResult> {
  return runProcess(process.execPath, [flintCli(root), 'run', ...flags, ...flintRunFlags(), program, ...args], opts);
}

/**
 * The CPU tiers every guest program runs under (DESIGN.md: the test matrix runs
 * both): FLINT_CPU_TIERS, a comma-separated list, default "interp,jit".
 */
export function cpuTiers(): string[] {
  const raw = process.env['FLINT_CPU_TIERS'] ?? 'interp,jit';
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Every regular file under dir, recursively, as paths relative to dir, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) found.push(r);
    }
  };
  walk('');
  return found;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** A short description of where two outputs first differ (line number and both lines). */
export function firstDifference(expected: Buffer, actual: Buffer): string {
  if (expected.equals(actual)) return 'identical';
  const e = expected.toString('latin1').split('\n');
  const a = actual.toString('latin1').split('\n');
  const n = Math.max(e.length, a.length);
  for (let i = 0; i < n; i++) {
    if (e[i] !== a[i]) {
      const show = (s: string | undefined): string => (s === undefined ? '<end of output>' : JSON.stringify(clip(s, 200)));
      return [
        `first difference at line ${i + 1} (qemu ${expected.length} bytes, ${e.length} lines; flint ${actual.length} bytes, ${a.length} lines)`,
        `  qemu : ${show(e[i])}`,
        `  flint: ${show(a[i])}`,
      ].join('\n');
    }
  }
  return `outputs differ (qemu ${expected.length} bytes, flint ${actual.length} bytes)`;
}

function tail(buf: Buffer, lines: number): string {
  const all = buf.toString('utf8').split('\n');
  const kept = all.slice(Math.max(0, all.length - lines - 1));
  return kept.map((l) => `    ${clip(l, 300)}`).join('\n');
}

/** Fails with a readable report unless Flint's stdout and status equal qemu's. */
export function compareRuns(label: string, qemu: RunResult, flint: RunResult): string | null {
  const problems: string[] = [];
  if (qemu.timedOut) problems.push('qemu-aarch64 timed out (the guest program itself is too slow or hangs)');
  if (flint.timedOut) problems.push(`flint timed out after ${flint.seconds.toFixed(1)} s`);
  if (qemu.status !== flint.status) problems.push(`exit status: qemu ${qemu.status}, flint ${flint.status}`);
  if (!qemu.stdout.equals(flint.stdout)) problems.push(`stdout: ${firstDifference(qemu.stdout, flint.stdout)}`);
  if (problems.length === 0) return null;
  return [`${label}: flint differs from qemu-aarch64`, ...problems, 'flint stderr (tail):', tail(flint.stderr, 30)].join('\n');
}
