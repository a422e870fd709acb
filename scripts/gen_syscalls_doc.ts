// Writes docs/syscalls.md from the syscall table. Run after a build:
//   npx tsc -p . && node dist/scripts/gen_syscalls_doc.js
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syscallsDoc } from '../src/kernel/syscalls/doc.js';

// dist/scripts/ -> the repository root is two levels up.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(process.argv[2] ?? root, 'docs', 'syscalls.md');
writeFileSync(out, syscallsDoc());
process.stdout.write(`wrote ${out}\n`);
