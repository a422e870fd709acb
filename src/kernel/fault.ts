// One-line descriptions of why a task was killed by a fault, as `flint run`
// prints them: "write to read-only page 0x412000", "stack overflow at 0x...".
import { ACCESS_EXEC, ACCESS_WRITE, type CpuExit } from '../cpu/exit.js';

type PageFault = Extract<CpuExit, { kind: 'pageFault' }>;

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function describeFault(f: PageFault): string {
  const page = f.addr - (f.addr % 4096);
  const verb = f.access === ACCESS_WRITE ? 'write to' : f.access === ACCESS_EXEC ? 'execute at' : 'read from';
  switch (f.reason) {
    case 'unmapped':
      return `${verb} unmapped address ${hex(f.addr)}`;
    case 'stackOverflow':
      return `stack overflow at ${hex(f.addr)}`;
    case 'nomem':
      return `out of memory at ${hex(f.addr)}`;
    case 'protection':
      if (f.access === ACCESS_WRITE) return `write to read-only page ${hex(page)}`;
      if (f.access === ACCESS_EXEC) return `execute from non-executable page ${hex(page)}`;
      return `read from inaccessible page ${hex(page)}`;
  }
}
