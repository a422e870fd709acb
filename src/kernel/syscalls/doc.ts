// docs/syscalls.md, generated from the syscall table (scripts/gen_syscalls_doc.ts
// writes it; doc.test.ts fails when the committed file is stale).
import { allSyscalls } from './table.js';
import type { SyscallDef } from './types.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function syscallsDoc(defs: readonly SyscallDef[] = allSyscalls()): string {
  const count = (s: string): number => defs.filter((d) => d.support === s).length;
  const lines = [
    '# Syscalls',
    '',
    '<!-- Generated from src/kernel/syscalls/table.ts by scripts/gen_syscalls_doc.ts. Do not edit. -->',
    '',
    'Every AArch64 (asm-generic) Linux syscall and how Flint answers it. `full`: behaves as on Linux;',
    '`partial`: implemented with the limits in the note; `enosys`: returns -ENOSYS (and logs',
    '`flint: unimplemented syscall NAME (nr N)` once per run, unless the note says otherwise).',
    '',
    `${count('full')} full, ${count('partial')} partial, ${count('enosys')} enosys.`,
    '',
    '| nr | name | support | note |',
    '|---:|------|---------|------|',
    ...defs.map((d) => `| ${d.nr} | ${cell(d.name)} | ${d.support} | ${cell(d.note ?? '')} |`),
    '',
  ];
  return lines.join('\n');
}
