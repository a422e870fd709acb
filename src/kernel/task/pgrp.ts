// Process groups (kernel/exit.c will_become_orphaned_pgrp, has_stopped_jobs).
// POSIX calls a process group orphaned when no member has a parent in a
// different group of the same session: nobody is left to continue its
// stopped jobs, so a tty's stop signals are not acted on for it and an exit
// that orphans a group with stopped members sends it SIGHUP and SIGCONT.
//
// Flint treats the machine's init like a container's init, not like the
// host's pid 1: its children count as having a parent (Linux skips children
// of the global init), so a shell running as init keeps job control. The
// parentless init itself stands for a program started from the host: without
// a controlling terminal it counts as run by a job-control shell (its group
// is not orphaned, as under qemu-aarch64 from a shell); as the session leader
// on the console it is a login shell, whose group is orphaned.
import type { Kernel } from '../kernel.js';
import type { Process } from './process.js';

/** The live (not zombie) processes of group `pgid`. */
export function pgrpProcesses(k: Kernel, pgid: number): Process[] {
  return k.processes().filter((p) => p.pgid === pgid && p.exit === null);
}

/**
 * Whether group `pgid` is orphaned, or will be once `ignored` (an exiting
 * process) is gone: no live member other than `ignored` has a parent in
 * another group of its own session. A group with no members counts as orphaned.
 */
export function willBeOrphanedPgrp(k: Kernel, pgid: number, ignored: Process | null = null): boolean {
  for (const p of pgrpProcesses(k, pgid)) {
    if (p === ignored || p.groupExit !== null) continue;
    const parent = p.parent;
    if (parent === null ? p.ctty === null : parent.pgid !== pgid && parent.sid === p.sid) return false;
  }
  return true;
}

/** Whether some member of group `pgid` is stopped. */
export function hasStoppedJobs(k: Kernel, pgid: number): boolean {
  return pgrpProcesses(k, pgid).some((p) => p.stopped);
}
