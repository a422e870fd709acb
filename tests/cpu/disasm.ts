// Disassembles instruction words with aarch64-linux-gnu-objdump (for reports).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OBJDUMP = process.env.FLINT_OBJDUMP ?? 'aarch64-linux-gnu-objdump';

/** One line of disassembly per word ('?' when objdump is unavailable). */
export function disassemble(words: readonly number[]): string[] {
  if (words.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'flint-dis-'));
  try {
    const path = join(dir, 'w.bin');
    const buf = Buffer.alloc(words.length * 4);
    words.forEach((w, i) => buf.writeUInt32LE(w >>> 0, 4 * i));
    writeFileSync(path, buf);
    const out = execFileSync(OBJDUMP, ['-D', '-b', 'binary', '-m', 'aarch64', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const res = new Array<string>(words.length).fill('?');
    for (const line of out.split('\n')) {
      const m = /^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+(.*)$/.exec(line);
      if (m === null) continue;
      const idx = parseInt(m[1], 16) / 4;
      if (idx < res.length) res[idx] = m[2].replace(/\t/g, ' ').replace(/\s+\/\/.*$/, '').trim();
    }
    return res;
  } catch {
    return words.map(() => '?');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
