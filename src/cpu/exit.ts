// Why cpu.run() stopped. The CPU knows nothing of Linux: the kernel decides
// what each reason means (a syscall, SIGSEGV, SIGILL, SIGTRAP, preemption).

/** The kind of access that touched memory. */
export const ACCESS_READ = 1;
export const ACCESS_WRITE = 2;
export const ACCESS_EXEC = 4;
export type Access = typeof ACCESS_READ | typeof ACCESS_WRITE | typeof ACCESS_EXEC;

/** Why a translation failed. */
export type FaultReason =
  | 'unmapped' // no mapping covers the address (SEGV_MAPERR)
  | 'protection' // mapped, but the access is not permitted (SEGV_ACCERR)
  | 'nomem' // mapping exists, but no frame could be allocated
  | 'stackOverflow'; // touched the guard page below the stack

export type CpuExit =
  | { kind: 'svc'; imm: number }
  | { kind: 'pageFault'; addr: number; access: Access; reason: FaultReason }
  | { kind: 'alignment'; addr: number }
  | { kind: 'undefined'; word: number }
  | { kind: 'breakpoint'; imm: number }
  | { kind: 'budget' };

/**
 * Thrown by a memory access inside an instruction and caught by cpu.run(),
 * which turns it into a pageFault or alignment exit. The instruction has not
 * retired: the PC still points at it and no register was written.
 */
export class GuestFault extends Error {
  constructor(
    readonly addr: number,
    readonly access: Access,
    readonly reason: FaultReason | 'alignment',
  ) {
    super(`guest fault at 0x${addr.toString(16)} (${reason})`);
  }
}

/** The exit that reports a fault caught in the run loop. */
export function faultExit(e: GuestFault): CpuExit {
  return e.reason === 'alignment'
    ? { kind: 'alignment', addr: e.addr }
    : { kind: 'pageFault', addr: e.addr, access: e.access, reason: e.reason };
}

/** The memory-management unit the CPU asks on a TLB miss. */
export interface Mmu {
  /**
   * Resolve the page containing virtual address `va` for `access`: demand
   * paging and copy-on-write happen here. Returns the host byte offset (in the
   * machine's WebAssembly.Memory) of the frame now backing that page, with at
   * least the requested permission. Throws GuestFault when it cannot.
   * May grow the memory; the CPU re-creates its views afterwards.
   */
  fill(va: number, access: Access): number;
}
