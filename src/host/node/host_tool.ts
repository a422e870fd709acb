// The host's own command-line tools (stty, mkfifo) by absolute path: the PATH
// flint runs with is the guest's too, and may list only AArch64 programs.
import { existsSync } from 'node:fs';

const DIRS = ['/usr/bin', '/bin', '/usr/local/bin'];

/** The absolute path of host tool `name` in the standard directories, else the bare name (PATH lookup). */
export function hostTool(name: string): string {
  for (const d of DIRS) {
    const p = `${d}/${name}`;
    if (existsSync(p)) return p;
  }
  return name;
}
