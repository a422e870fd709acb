// The AArch64 rt_sigframe: building it when a handler is entered and reading
// it back in rt_sigreturn(2), as arch/arm64/kernel/signal.c does
// (get_sigframe, setup_sigframe, setup_return, restore_sigframe,
// parse_user_sigframe). Layout constants are in abi/linux/sigcontext.ts.
//
// On the user stack, from high to low addresses:
//   sp_top                  current SP, or the top of the alternate stack
//   frame_record {fp, lr}   at round_down(sp_top - 16, 16); x29 points here
//   rt_sigframe             4688 bytes just below: siginfo (128), ucontext
//                           (uc_mcontext.__reserved holds fpsimd_context,
//                           then esr_context after a fault, then the null
//                           record); the handler's SP is its base
// Linux leaves no red zone on arm64.
//
// The task's saved CPU context is the first CONTEXT_SIZE bytes of the CPU
// state block (cpu/state.ts): X0-X30 and SP as 64-bit slots, PC, the N/Z/C/V
// words, FPCR, FPSR, V0-V31. Both functions only change it once every guest
// memory access has succeeded.
import { EFAULT, EINVAL } from '../../abi/linux/errno.js';
import * as sc from '../../abi/linux/sigcontext.js';
import { MINSIGSTKSZ, SA_NODEFER, SA_ONSTACK, SA_RESTORER, SA_SIGINFO } from '../../abi/linux/signal.js';
import { C_OFF, FPCR_OFF, FPSR_OFF, N_OFF, PC_OFF, SP, V_OFF, V_OFF_FLAG, X_OFF, Z_OFF } from '../../cpu/state.js';
import type { UserMemory } from '../../mm/user_memory.js';
import { Errno } from '../errno.js';
import { type SigInfo, writeSigInfo } from './siginfo.js';

/** The parts of a sigaction(2) that delivery uses. */
export interface HandlerAction {
  /** sa_handler / sa_sigaction. */
  handler: bigint;
  /** sa_flags (SA_SIGINFO, SA_ONSTACK, SA_RESTORER, SA_NODEFER, ...). */
  flags: number;
  /** sa_restorer, used when SA_RESTORER is set. */
  restorer: bigint;
  /** sa_mask. */
  mask: bigint;
}

/** A sigaltstack(2) setting: ss_sp, ss_size and the raw ss_flags (SS_DISABLE when none). */
export interface AltStack {
  sp: bigint;
  size: bigint;
  flags: number;
}

/** Where setupRtFrame put things, for the caller's bookkeeping and for tests. */
export interface RtFrame {
  /** The rt_sigframe base: the handler's SP and &siginfo. */
  frame: number;
  /** &frame->uc (x2 with SA_SIGINFO). */
  uc: number;
  /** The frame record {fp, lr} (the handler's x29). */
  record: number;
  /** True when the frame went onto the alternate stack. */
  onAltStack: boolean;
}

/** What rt_sigreturn hands back to the caller besides the restored registers. */
export interface RestoredFrame {
  /** uc_sigmask: the blocked set to restore (the caller removes SIGKILL and SIGSTOP). */
  mask: bigint;
  /** uc_stack as saved (or as the handler changed it): apply with restoreAltStack(). */
  altStack: AltStack;
}

/**
 * The return trampoline Linux keeps in the vDSO (__kernel_rt_sigreturn,
 * arch/arm64/kernel/vdso/sigreturn.S): `mov x8, #139` (__NR_rt_sigreturn)
 * then `svc #0`. glibc on aarch64 does NOT set SA_RESTORER: its handlers
 * return through this code, so the kernel must map it (read+exec) in every
 * process and pass its address to setupRtFrame. libgcc's unwinder and gdb
 * recognise a signal frame by exactly these two words at the return address.
 */
export const SIGTRAMP_CODE: readonly number[] = [0xd2801168, 0xd4000001];

const PSTATE_NZCV = sc.PSR_N_BIT | sc.PSR_Z_BIT | sc.PSR_C_BIT | sc.PSR_V_BIT;
/** SPSR_EL1_AARCH64_RES0_BITS (arch/arm64/kernel/ptrace.c): cleared silently by valid_user_regs. */
const PSTATE_RES0 = 0xffffffff00000000n | 0x0e000000n | 0x00c00000n | 0x001fe000n | 0x20n;
const PSTATE_DAIF = sc.PSR_D_BIT | sc.PSR_A_BIT | sc.PSR_I_BIT | sc.PSR_F_BIT;

function ctxView(ctx: Uint8Array): DataView {
  return new DataView(ctx.buffer, ctx.byteOffset, ctx.byteLength);
}

function ctxSp(cv: DataView): bigint {
  return cv.getBigUint64(X_OFF + 8 * SP, true);
}

/** PSTATE as EL0 sees it: only N, Z, C, V are kept by the CPU. */
function ctxPstate(cv: DataView): number {
  return (
    ((cv.getInt32(N_OFF, true) & 1) * sc.PSR_N_BIT +
      (cv.getInt32(Z_OFF, true) & 1) * sc.PSR_Z_BIT +
      (cv.getInt32(C_OFF, true) & 1) * sc.PSR_C_BIT +
      (cv.getInt32(V_OFF_FLAG, true) & 1) * sc.PSR_V_BIT) >>>
    0
  );
}

function setPstate(cv: DataView, pstate: number): void {
  cv.setInt32(N_OFF, (pstate >>> 31) & 1, true);
  cv.setInt32(Z_OFF, (pstate >>> 30) & 1, true);
  cv.setInt32(C_OFF, (pstate >>> 29) & 1, true);
  cv.setInt32(V_OFF_FLAG, (pstate >>> 28) & 1, true);
}

/** on_sig_stack(sp) (include/linux/sched/signal.h): an SS_AUTODISARM stack never counts. */
export function onSigStack(alt: AltStack | null, sp: bigint): boolean {
  if (alt === null || (alt.flags & sc.SS_AUTODISARM) !== 0) return false;
  return sp > alt.sp && sp - alt.sp <= alt.size;
}

/** sas_ss_flags(sp): SS_DISABLE without a stack, SS_ONSTACK while on it, else 0. */
export function sasSsFlags(alt: AltStack | null, sp: bigint): number {
  if (alt === null || alt.size === 0n) return sc.SS_DISABLE;
  return onSigStack(alt, sp) ? sc.SS_ONSTACK : 0;
}

/** The blocked set while the handler runs: blocked | sa_mask | sig unless SA_NODEFER (signal_delivered). */
export function handlerBlockedMask(blockedBefore: bigint, sig: number, action: HandlerAction): bigint {
  let m = blockedBefore | action.mask;
  if ((action.flags & SA_NODEFER) === 0) m |= 1n << BigInt(sig - 1);
  return m;
}

/**
 * The ESR recorded in esr_context for a data or instruction abort taken from
 * EL0: exception class, IL, WnR for writes, and the fault status code.
 * Translation and permission faults are reported at level 3 (real hardware
 * reports the level where the walk stopped; no program relies on it).
 */
export function abortEsr(access: 'read' | 'write' | 'exec', kind: 'translation' | 'permission' | 'alignment'): number {
  const ec = access === 'exec' ? sc.ESR_ELX_EC_IABT_LOW : sc.ESR_ELX_EC_DABT_LOW;
  const fsc =
    kind === 'alignment' ? sc.ESR_ELX_FSC_ALIGN : kind === 'permission' ? sc.ESR_ELX_FSC_PERM | 3 : sc.ESR_ELX_FSC_FAULT | 3;
  const wnr = access === 'write' ? sc.ESR_ELX_WNR : 0;
  return ((ec << sc.ESR_ELX_EC_SHIFT) | sc.ESR_ELX_IL | wnr | fsc) >>> 0;
}

/**
 * Deliver `sig` to a handler: write the rt_sigframe on the user stack and
 * point the context at the handler (setup_rt_frame + setup_return).
 *
 * The context must already be the one to resume after the handler: for a
 * fault, PC at the faulting instruction; for a syscall, x0/PC adjusted for
 * -EINTR or restart. `blockedBefore` is the mask to restore on sigreturn
 * (uc_sigmask). `altStack` is the task's sigaltstack (null or SS_DISABLE when
 * none); `onAltStackNow` is onSigStack(altStack, SP) — with SA_ONSTACK the
 * frame goes to the top of the alternate stack unless the task is already on
 * it or it is disabled. `faultEsr`, given for data/instruction aborts, adds
 * the esr_context record and sets uc_mcontext.fault_address to the fault
 * address (info.addr); otherwise fault_address is 0 and there is no record.
 * `sigtramp` is the address of SIGTRAMP_CODE, the return path when the
 * action has no SA_RESTORER (x30 = 0 without one: returning from the handler
 * then faults at address 0, loudly).
 *
 * Handler entry: x0 = sig; with SA_SIGINFO x1 = &info and x2 = &uc (otherwise
 * x1/x2 keep their values and siginfo is not written, as in Linux); SP = the
 * frame; x29 = the frame record; x30 = the restorer; PC = the handler. NZCV,
 * FPCR, FPSR and the vector registers are left as they were (Linux only
 * touches BTYPE and TCO, which Flint does not model).
 *
 * Throws Errno(EFAULT) if the frame cannot be written; the context is then
 * unchanged and the caller forces SIGSEGV (see forceSigsegv). The caller
 * also applies handlerBlockedMask, SA_RESETHAND and SS_AUTODISARM:
 * handle_signal.ts (enterHandler) does all of it over a task.
 */
export function setupRtFrame(
  mem: UserMemory,
  ctx: Uint8Array,
  sig: number,
  info: SigInfo,
  action: HandlerAction,
  blockedBefore: bigint,
  altStack: AltStack | null,
  onAltStackNow: boolean,
  faultEsr?: number,
  sigtramp = 0n,
): RtFrame {
  const cv = ctxView(ctx);
  const sp = ctxSp(cv);
  const alt = altStack ?? { sp: 0n, size: 0n, flags: sc.SS_DISABLE };
  const useAlt = (action.flags & SA_ONSTACK) !== 0 && alt.size !== 0n && !onAltStackNow;
  const spTop = useAlt ? alt.sp + alt.size : sp;
  const record = (spTop - BigInt(sc.FRAME_RECORD_SIZE)) & ~15n;
  const frameBig = record - BigInt(sc.RT_SIGFRAME_SIZE);
  if (frameBig < 0n || record + BigInt(sc.FRAME_RECORD_SIZE) > 1n << 48n) {
    throw new Errno(EFAULT, 'signal frame outside the user address range');
  }
  const frame = Number(frameBig);

  // The frame and the record above it are contiguous: build them as one block.
  const buf = new Uint8Array(sc.RT_SIGFRAME_SIZE + sc.FRAME_RECORD_SIZE);
  const b = new DataView(buf.buffer);
  if ((action.flags & SA_SIGINFO) !== 0) writeSigInfo(b, sc.RT_SIGFRAME_INFO, info);

  const uc = sc.RT_SIGFRAME_UC;
  b.setBigUint64(uc + sc.UC_FLAGS, 0n, true);
  b.setBigUint64(uc + sc.UC_LINK, 0n, true);
  // __save_altstack: the task's settings as they are, raw flags included.
  b.setBigUint64(uc + sc.UC_STACK + sc.SS_SP, BigInt.asUintN(64, alt.sp), true);
  b.setUint32(uc + sc.UC_STACK + sc.SS_FLAGS, alt.flags >>> 0, true);
  b.setBigUint64(uc + sc.UC_STACK + sc.SS_SIZE, BigInt.asUintN(64, alt.size), true);
  b.setBigUint64(uc + sc.UC_SIGMASK, BigInt.asUintN(64, blockedBefore), true);

  const mc = uc + sc.UC_MCONTEXT;
  const faultAddress = faultEsr !== undefined && info.kind === 'fault' ? info.addr : 0n;
  b.setBigUint64(mc + sc.SC_FAULT_ADDRESS, BigInt.asUintN(64, faultAddress), true);
  for (let i = 0; i < 31; i++) b.setBigUint64(mc + sc.SC_REGS + 8 * i, cv.getBigUint64(X_OFF + 8 * i, true), true);
  b.setBigUint64(mc + sc.SC_SP, sp, true);
  b.setBigUint64(mc + sc.SC_PC, cv.getBigUint64(PC_OFF, true), true);
  b.setBigUint64(mc + sc.SC_PSTATE, BigInt(ctxPstate(cv)), true);

  let rec = sc.RT_SIGFRAME_RESERVED;
  b.setUint32(rec + sc.CTX_MAGIC, sc.FPSIMD_MAGIC, true);
  b.setUint32(rec + sc.CTX_SIZE, sc.FPSIMD_CONTEXT_SIZE, true);
  b.setUint32(rec + sc.FPSIMD_FPSR, cv.getUint32(FPSR_OFF, true), true);
  b.setUint32(rec + sc.FPSIMD_FPCR, cv.getUint32(FPCR_OFF, true), true);
  buf.set(ctx.subarray(V_OFF, V_OFF + 32 * 16), rec + sc.FPSIMD_VREGS);
  rec += sc.FPSIMD_CONTEXT_SIZE;
  if (faultEsr !== undefined && faultEsr !== 0) {
    b.setUint32(rec + sc.CTX_MAGIC, sc.ESR_MAGIC, true);
    b.setUint32(rec + sc.CTX_SIZE, sc.ESR_CONTEXT_SIZE, true);
    b.setBigUint64(rec + sc.ESR_ESR, BigInt(faultEsr >>> 0), true);
    rec += sc.ESR_CONTEXT_SIZE;
  }
  // The null terminator: already zero.

  b.setBigUint64(sc.RT_SIGFRAME_SIZE, cv.getBigUint64(X_OFF + 8 * 29, true), true);
  b.setBigUint64(sc.RT_SIGFRAME_SIZE + 8, cv.getBigUint64(X_OFF + 8 * 30, true), true);

  mem.write(frame, buf);

  const restorer = (action.flags & SA_RESTORER) !== 0 ? action.restorer : sigtramp;
  cv.setBigUint64(X_OFF, BigInt(sig), true);
  if ((action.flags & SA_SIGINFO) !== 0) {
    cv.setBigUint64(X_OFF + 8, BigInt(frame + sc.RT_SIGFRAME_INFO), true);
    cv.setBigUint64(X_OFF + 16, BigInt(frame + sc.RT_SIGFRAME_UC), true);
  }
  cv.setBigUint64(X_OFF + 8 * SP, frameBig, true);
  cv.setBigUint64(X_OFF + 8 * 29, record, true);
  cv.setBigUint64(X_OFF + 8 * 30, BigInt.asUintN(64, restorer), true);
  cv.setBigUint64(PC_OFF, BigInt.asUintN(64, action.handler), true);
  return { frame, uc: frame + sc.RT_SIGFRAME_UC, record: Number(record), onAltStack: useAlt };
}

/** A bad frame: rt_sigreturn then forces SIGSEGV (arm64_notify_segfault). */
function badFrame(detail: string): Errno {
  return new Errno(EINVAL, `bad signal frame: ${detail}`);
}

/**
 * rt_sigreturn(2): restore the context from the rt_sigframe at SP
 * (sys_rt_sigreturn + restore_sigframe + parse_user_sigframe).
 *
 * Checks as Linux does: SP 16-byte aligned; PSTATE a valid EL0t AArch64 state
 * (valid_user_regs: mode bits and DAIF clear; RES0 bits are dropped, and only
 * NZCV reaches the CPU); the __reserved records well formed (16-byte aligned,
 * sizes within bounds, a null terminator), exactly one fpsimd_context of
 * size 528, esr_context ignored, any other record (SVE, extra_context, ...)
 * rejected as on a CPU without those features.
 *
 * Throws Errno(EFAULT) when the frame is unreadable and Errno(EINVAL) when it
 * is malformed; the context is then unchanged (Linux may have loaded some
 * registers and the mask first) and the caller forces SIGSEGV. On success the
 * context holds X0-X30, SP, PC, NZCV, FPSR, FPCR and V0-V31 from the frame,
 * and the result gives the mask and uc_stack to apply. The syscall must not
 * then write a return value into x0 (Linux returns regs[0], the restored x0)
 * nor restart.
 */
export function restoreRtFrame(mem: UserMemory, ctx: Uint8Array): RestoredFrame {
  const cv = ctxView(ctx);
  const sp = ctxSp(cv);
  if ((sp & 15n) !== 0n) throw badFrame('SP not 16-byte aligned');
  if (sp + BigInt(sc.RT_SIGFRAME_SIZE) > 1n << 48n) throw badFrame('frame outside the user address range');
  const frame = Number(sp);
  const ucBytes = mem.read(frame + sc.RT_SIGFRAME_UC, sc.UCONTEXT_SIZE);
  const u = new DataView(ucBytes.buffer, ucBytes.byteOffset, ucBytes.byteLength);

  const mask = u.getBigUint64(sc.UC_SIGMASK, true);
  const mc = sc.UC_MCONTEXT;
  const pstateRaw = u.getBigUint64(mc + sc.SC_PSTATE, true) & ~PSTATE_RES0;
  const pstate = Number(pstateRaw);
  if ((pstate & (sc.PSR_MODE_MASK | sc.PSR_MODE32_BIT)) !== 0 || (pstate & PSTATE_DAIF) !== 0) {
    throw badFrame(`PSTATE 0x${pstate.toString(16)} is not EL0t AArch64 with DAIF clear`);
  }

  // parse_user_sigframe over uc_mcontext.__reserved.
  const base = mc + sc.SC_RESERVED;
  const limit = sc.SC_RESERVED_SIZE;
  let offset = 0;
  let fpsimd = -1;
  let fpsimdSize = 0;
  for (;;) {
    if (limit - offset < sc.CTX_HEADER_SIZE) throw badFrame('records run past __reserved');
    if (offset % 16 !== 0) throw badFrame('misaligned record');
    const magic = u.getUint32(base + offset + sc.CTX_MAGIC, true);
    const size = u.getUint32(base + offset + sc.CTX_SIZE, true);
    if (limit - offset < size) throw badFrame('record larger than __reserved');
    if (magic === 0) {
      if (size !== 0) throw badFrame('terminator with a size');
      break;
    }
    if (magic === sc.FPSIMD_MAGIC) {
      if (fpsimd >= 0) throw badFrame('two fpsimd_context records');
      fpsimd = base + offset;
      fpsimdSize = size;
    } else if (magic !== sc.ESR_MAGIC) {
      throw badFrame(`unsupported record magic 0x${magic.toString(16)}`);
    }
    if (size < sc.CTX_HEADER_SIZE) throw badFrame('record smaller than its header');
    offset += size;
  }
  if (fpsimd < 0) throw badFrame('no fpsimd_context');
  if (fpsimdSize !== sc.FPSIMD_CONTEXT_SIZE) throw badFrame('fpsimd_context has the wrong size');

  const altStack: AltStack = {
    sp: u.getBigUint64(sc.UC_STACK + sc.SS_SP, true),
    flags: u.getUint32(sc.UC_STACK + sc.SS_FLAGS, true),
    size: u.getBigUint64(sc.UC_STACK + sc.SS_SIZE, true),
  };

  for (let i = 0; i < 31; i++) cv.setBigUint64(X_OFF + 8 * i, u.getBigUint64(mc + sc.SC_REGS + 8 * i, true), true);
  cv.setBigUint64(X_OFF + 8 * SP, u.getBigUint64(mc + sc.SC_SP, true), true);
  cv.setBigUint64(PC_OFF, u.getBigUint64(mc + sc.SC_PC, true), true);
  setPstate(cv, (pstate & PSTATE_NZCV) >>> 0);
  cv.setUint32(FPSR_OFF, u.getUint32(fpsimd + sc.FPSIMD_FPSR, true), true);
  cv.setUint32(FPCR_OFF, u.getUint32(fpsimd + sc.FPSIMD_FPCR, true), true);
  ctx.set(ucBytes.subarray(fpsimd + sc.FPSIMD_VREGS, fpsimd + sc.FPSIMD_VREGS + 32 * 16), V_OFF);
  return { mask, altStack };
}

/**
 * The task's alternate stack after rt_sigreturn (restore_altstack ->
 * do_sigaltstack with every error but EFAULT squashed): `saved` replaces
 * `current` unless the task is still on `current` at `sp` (EPERM), the mode
 * is not 0/SS_ONSTACK/SS_DISABLE (EINVAL), or the size is below MINSIGSTKSZ
 * (ENOMEM); SS_DISABLE clears ss_sp and ss_size.
 */
export function restoreAltStack(current: AltStack, saved: AltStack, sp: bigint): AltStack {
  if (onSigStack(current, sp)) return current;
  const mode = saved.flags & ~sc.SS_AUTODISARM;
  if (mode !== 0 && mode !== sc.SS_ONSTACK && mode !== sc.SS_DISABLE) return current;
  if (mode === sc.SS_DISABLE) return { sp: 0n, size: 0n, flags: saved.flags };
  if (saved.size < BigInt(MINSIGSTKSZ)) return current;
  return { sp: saved.sp, size: saved.size, flags: saved.flags };
}
