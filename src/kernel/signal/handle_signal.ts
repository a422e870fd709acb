// Entering a handler and returning from it, over a task's saved context and
// signal state: handle_signal + signal_delivered (arch/arm64/kernel/signal.c,
// kernel/signal.c), sys_rt_sigreturn, and force_sig_info_to_task's rule for
// forced signals. The task is described structurally so this file does not
// depend on the kernel's Task class (Task satisfies HandlerTarget).
//
// The context is the task's saved copy (Task.context). When the task is the
// one loaded in the CPU, the kernel saves the CPU state into it first
// (kernel.syncContext()) and loads it back afterwards (cpu.loadContext):
// never pass a live view of the CPU's memory, since a user-memory write may
// grow the WebAssembly.Memory and detach it.
import { SA_RESETHAND, SIG_DFL, SIG_IGN, SIGKILL, SIGSEGV, SIGSTOP, defaultIgnored } from '../../abi/linux/signal.js';
import { SS_AUTODISARM, SS_DISABLE } from '../../abi/linux/sigcontext.js';
import { SP, X_OFF } from '../../cpu/state.js';
import type { UserMemory } from '../../mm/user_memory.js';
import { Errno } from '../errno.js';
import {
  type AltStack,
  type HandlerAction,
  handlerBlockedMask,
  onSigStack,
  restoreAltStack,
  restoreRtFrame,
  setupRtFrame,
} from './rt_sigframe.js';
import type { SigInfo } from './siginfo.js';

/** A sigaction as the task stores it (flags and mask as 64-bit words). */
export interface StoredAction {
  handler: bigint;
  flags: bigint;
  restorer: bigint;
  mask: bigint;
}

/** What delivery needs of a task. */
export interface HandlerTarget {
  readonly context: Uint8Array;
  readonly mm: UserMemory;
  readonly signals: { actions: StoredAction[]; blocked: bigint; altStack: AltStack };
}

export interface EnterOptions {
  /** The mapped SIGTRAMP_CODE: where a handler without SA_RESTORER returns (glibc never sets SA_RESTORER). */
  sigtramp: bigint;
  /** For data/instruction aborts: the ESR (adds esr_context and fault_address). */
  faultEsr?: number;
  /**
   * The mask to restore when the handler returns, when it is not the current
   * blocked set: the mask from before rt_sigsuspend/ppoll/pselect replaced it
   * (Linux's saved_sigmask, sigmask_to_save()).
   */
  savedMask?: bigint;
}

const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));

function sigBit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/**
 * Run the handler for `sig` next: SA_RESETHAND resets the action, the frame
 * goes on the stack, the blocked set grows by sa_mask and `sig` (unless
 * SA_NODEFER), and an SS_AUTODISARM alternate stack is disarmed (its
 * settings are in the frame's uc_stack, restored by rt_sigreturn). Returns
 * false when the frame could not be written (bad stack pointer, stack
 * overflow): the caller then calls forceSigsegv(t, sig) and kills the
 * process if that says so. The action must be a handler (not SIG_DFL/SIG_IGN).
 */
export function enterHandler(t: HandlerTarget, sig: number, info: SigInfo, opts: EnterOptions): boolean {
  const stored = t.signals.actions[sig];
  const action: HandlerAction = {
    handler: stored.handler,
    flags: Number(stored.flags & 0xffffffffn),
    restorer: stored.restorer,
    mask: stored.mask,
  };
  // get_signal: a one-shot handler reverts to SIG_DFL before the frame is built (only sa_handler changes).
  if ((action.flags & SA_RESETHAND) !== 0) t.signals.actions[sig] = { ...stored, handler: BigInt(SIG_DFL) };
  const blockedBefore = opts.savedMask ?? t.signals.blocked;
  const alt = t.signals.altStack;
  const sp = new DataView(t.context.buffer, t.context.byteOffset, t.context.byteLength).getBigUint64(X_OFF + 8 * SP, true);
  try {
    setupRtFrame(t.mm, t.context, sig, info, action, blockedBefore, alt, onSigStack(alt, sp), opts.faultEsr, opts.sigtramp);
  } catch (e) {
    if (e instanceof Errno) return false;
    throw e;
  }
  t.signals.blocked = handlerBlockedMask(blockedBefore, sig, action) & ~UNBLOCKABLE;
  // __save_altstack: an SS_AUTODISARM stack is reset once saved in a frame.
  if ((alt.flags & SS_AUTODISARM) !== 0) t.signals.altStack = { sp: 0n, size: 0n, flags: SS_DISABLE };
  return true;
}

/**
 * force_sig_info_to_task: a synchronous fault (or a forced SIGSEGV) cannot
 * be blocked or ignored. If `sig` is blocked or ignored, its action reverts
 * to SIG_DFL and it is unblocked, so it kills; otherwise the handler runs.
 * Call before making the signal pending.
 */
export function prepareForcedSignal(t: HandlerTarget, sig: number): void {
  const a = t.signals.actions[sig];
  const blocked = (t.signals.blocked & sigBit(sig)) !== 0n;
  const ignored = a.handler === BigInt(SIG_IGN) || (a.handler === BigInt(SIG_DFL) && defaultIgnored(sig));
  if (blocked || ignored) {
    t.signals.actions[sig] = { ...a, handler: BigInt(SIG_DFL) };
    if (blocked) t.signals.blocked &= ~sigBit(sig);
  }
}

/**
 * force_sigsegv(sig), after a frame for `sig` could not be written: if `sig`
 * was SIGSEGV itself the process must die of SIGSEGV (returns 'kill');
 * otherwise SIGSEGV is prepared as a forced signal and the caller makes it
 * pending (returns 'segv'), so a SIGSEGV handler still gets a chance.
 */
export function forceSigsegv(t: HandlerTarget, sig: number): 'kill' | 'segv' {
  if (sig === SIGSEGV) return 'kill';
  prepareForcedSignal(t, SIGSEGV);
  return 'segv';
}

/**
 * rt_sigreturn(2) for a task: restore its context from the frame at SP, its
 * blocked set (without SIGKILL/SIGSTOP) and its alternate stack. Returns the
 * restored x0, which the syscall returns so that the dispatcher writes x0
 * back unchanged, or null for a bad frame: the caller then forces SIGSEGV
 * (prepareForcedSignal(t, SIGSEGV) and make it pending) and returns 0, as
 * Linux does. Any syscall restart in progress is abandoned.
 */
export function sigreturn(t: HandlerTarget): bigint | null {
  let restored;
  try {
    restored = restoreRtFrame(t.mm, t.context);
  } catch (e) {
    if (e instanceof Errno) return null;
    throw e;
  }
  t.signals.blocked = restored.mask & ~UNBLOCKABLE;
  const dv = new DataView(t.context.buffer, t.context.byteOffset, t.context.byteLength);
  t.signals.altStack = restoreAltStack(t.signals.altStack, restored.altStack, dv.getBigUint64(X_OFF + 8 * SP, true));
  return dv.getBigUint64(X_OFF, true);
}
