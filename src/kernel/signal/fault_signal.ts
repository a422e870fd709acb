// Which signal a CPU exception raises, with the siginfo and the ESR Linux
// reports for it (arch/arm64/mm/fault.c do_page_fault/__do_user_fault,
// do_alignment_fault; arch/arm64/kernel/traps.c do_el0_undef via
// force_signal_inject; debug-monitors.c brk_handler -> send_user_sigtrap).
import { ACCESS_EXEC, ACCESS_WRITE, type CpuExit } from '../../cpu/exit.js';
import * as si from '../../abi/linux/siginfo.js';
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP } from '../../abi/linux/signal.js';
import { abortEsr } from './rt_sigframe.js';
import { faultSigInfo, type SigInfo } from './siginfo.js';

export interface FaultSignal {
  sig: number;
  info: SigInfo;
  /** For aborts: the ESR to pass to setupRtFrame (adds esr_context and fault_address). */
  esr?: number;
}

/**
 * The signal for a CPU exit that is an exception, or null for svc/budget and
 * for a page fault that found no free frame (reason 'nomem': the kernel's
 * out-of-memory policy decides). `pc` is the address of the faulting
 * instruction (the CPU has not moved past it).
 *
 * - page fault: SIGSEGV, SEGV_MAPERR outside every mapping (and at the stack
 *   guard), SEGV_ACCERR when the mapping forbids the access; si_addr is the
 *   faulting address (the PC for an instruction fetch).
 * - alignment: SIGBUS, BUS_ADRALN, si_addr the address.
 * - undefined instruction: SIGILL, ILL_ILLOPC, si_addr the PC, no ESR
 *   (arm64_notify_die clears fault_code).
 * - BRK: SIGTRAP, TRAP_BRKPT, si_addr the PC; the PC stays on the BRK.
 */
export function faultSignal(exit: CpuExit, pc: number | bigint): FaultSignal | null {
  switch (exit.kind) {
    case 'pageFault': {
      if (exit.reason === 'nomem') return null;
      const access = exit.access === ACCESS_WRITE ? 'write' : exit.access === ACCESS_EXEC ? 'exec' : 'read';
      const mapped = exit.reason === 'protection';
      const code = mapped ? si.SEGV_ACCERR : si.SEGV_MAPERR;
      return {
        sig: SIGSEGV,
        info: faultSigInfo(SIGSEGV, code, exit.addr),
        esr: abortEsr(access, mapped ? 'permission' : 'translation'),
      };
    }
    case 'alignment':
      return { sig: SIGBUS, info: faultSigInfo(SIGBUS, si.BUS_ADRALN, exit.addr), esr: abortEsr('read', 'alignment') };
    case 'undefined':
      return { sig: SIGILL, info: faultSigInfo(SIGILL, si.ILL_ILLOPC, pc) };
    case 'breakpoint':
      return { sig: SIGTRAP, info: faultSigInfo(SIGTRAP, si.TRAP_BRKPT, pc) };
    case 'svc':
    case 'budget':
      return null;
  }
}
