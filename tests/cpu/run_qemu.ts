// Runs a test binary under qemu-aarch64 and returns its stdout.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QEMU = process.env.FLINT_QEMU ?? 'qemu-aarch64';

export interface QemuResult {
  stdout: Uint8Array;
  /** Exit status, or null if killed by a signal. */
  status: number | null;
  signal: string | null;
  stderr: string;
}

/** Run `elf` under qemu-aarch64, with CPU model `cpu` (qemu's default, max, if omitted). */
export function runQemu(elf: Uint8Array, cpu?: string): Promise<QemuResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flint-diff-'));
  const path = join(dir, 'case.elf');
  writeFileSync(path, elf, { mode: 0o755 });
  return new Promise((resolve, reject) => {
    execFile(QEMU, cpu === undefined ? [path] : ['-cpu', cpu, path], { encoding: 'buffer', maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      if (err !== null && typeof (err as NodeJS.ErrnoException).code === 'string') {
        reject(err);
        return;
      }
      const e = err as (Error & { code?: number; signal?: string }) | null;
      resolve({
        stdout: new Uint8Array(stdout),
        status: e === null ? 0 : (e.code ?? null),
        signal: e?.signal ?? null,
        stderr: stderr.toString(),
      });
    });
  });
}

/** True if qemu-aarch64 can be started. */
export function qemuAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(QEMU, ['--version'], (err) => resolve(err === null));
  });
}
