// The AArch64 signal frame as Linux lays it out (arch/arm64/kernel/signal.c,
// arch/arm64/include/uapi/asm/sigcontext.h, asm/ucontext.h, asm/signal.h).
// Offsets are bytes; each was checked against offsetof/sizeof from the arm64
// headers (see src/kernel/signal/rt_sigframe.test.ts).
//
//   struct rt_sigframe { struct siginfo info; struct ucontext uc; };
//   struct frame_record { u64 fp; u64 lr; };   (placed just above the sigframe)
//   struct ucontext { unsigned long uc_flags; struct ucontext *uc_link;
//     stack_t uc_stack; sigset_t uc_sigmask; __u8 __unused[128 - 8];
//     struct sigcontext uc_mcontext; }         (uc_mcontext aligned to 16)
//   struct sigcontext { __u64 fault_address, regs[31], sp, pc, pstate;
//     __u8 __reserved[4096] __attribute__((__aligned__(16))); }

/** sizeof(siginfo_t); the union starts at 16 (SIGINFO_UNION). */
export const SIGINFO_SIZE = 128;

/** struct ucontext, offsets from its start. */
export const UC_FLAGS = 0;
export const UC_LINK = 8;
export const UC_STACK = 16;
export const UC_SIGMASK = 40;
export const UC_MCONTEXT = 176;
export const UCONTEXT_SIZE = 4560;

/** stack_t (sigaltstack(2)): ss_sp, ss_flags (int), ss_size. */
export const SS_SP = 0;
export const SS_FLAGS = 8;
export const SS_SIZE = 16;
export const STACK_T_SIZE = 24;
export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
/** Bits of ss_flags that are flags rather than the mode (include/uapi/linux/signal.h). */
export const SS_AUTODISARM = 0x80000000;

/** struct sigcontext, offsets from its start. regs[n] is at SC_REGS + 8n. */
export const SC_FAULT_ADDRESS = 0;
export const SC_REGS = 8;
export const SC_SP = 256;
export const SC_PC = 264;
export const SC_PSTATE = 272;
export const SC_RESERVED = 288;
export const SC_RESERVED_SIZE = 4096;
export const SIGCONTEXT_SIZE = 4384;

/** struct rt_sigframe. */
export const RT_SIGFRAME_INFO = 0;
export const RT_SIGFRAME_UC = SIGINFO_SIZE;
export const RT_SIGFRAME_SIZE = SIGINFO_SIZE + UCONTEXT_SIZE;
/** Offset of uc.uc_mcontext.__reserved from the frame base (RT_SIGFRAME_RESERVED_OFFSET). */
export const RT_SIGFRAME_RESERVED = RT_SIGFRAME_UC + UC_MCONTEXT + SC_RESERVED;
/** struct frame_record { fp, lr }. */
export const FRAME_RECORD_SIZE = 16;

/** struct _aarch64_ctx { __u32 magic; __u32 size; }: the header of every __reserved record. */
export const CTX_MAGIC = 0;
export const CTX_SIZE = 4;
export const CTX_HEADER_SIZE = 8;
/** The null record that ends __reserved, rounded to 16 as the kernel allocates it. */
export const TERMINATOR_SIZE = 16;

/** struct fpsimd_context { head; __u32 fpsr, fpcr; __uint128_t vregs[32]; }. */
export const FPSIMD_MAGIC = 0x46508001;
export const FPSIMD_CONTEXT_SIZE = 528;
export const FPSIMD_FPSR = 8;
export const FPSIMD_FPCR = 12;
export const FPSIMD_VREGS = 16;

/** struct esr_context { head; __u64 esr; }: present after a fault. */
export const ESR_MAGIC = 0x45535201;
export const ESR_CONTEXT_SIZE = 16;
export const ESR_ESR = 8;

/** Records Linux knows but Flint never writes (no SVE/SME/GCS/POE): rejected by rt_sigreturn. */
export const EXTRA_MAGIC = 0x45585401;
export const SVE_MAGIC = 0x53564501;

/** PSTATE bits (arch/arm64/include/uapi/asm/ptrace.h). */
export const PSR_MODE_MASK = 0x0000000f;
export const PSR_MODE32_BIT = 0x00000010;
export const PSR_F_BIT = 0x00000040;
export const PSR_I_BIT = 0x00000080;
export const PSR_A_BIT = 0x00000100;
export const PSR_D_BIT = 0x00000200;
export const PSR_V_BIT = 0x10000000;
export const PSR_C_BIT = 0x20000000;
export const PSR_Z_BIT = 0x40000000;
export const PSR_N_BIT = 0x80000000;

/** ESR_ELx fields used in esr_context (arch/arm64/include/asm/esr.h). */
export const ESR_ELX_EC_SHIFT = 26;
export const ESR_ELX_EC_IABT_LOW = 0x20;
export const ESR_ELX_EC_DABT_LOW = 0x24;
export const ESR_ELX_IL = 1 << 25;
export const ESR_ELX_WNR = 1 << 6;
/** Fault status codes (DFSC/IFSC): level-n translation/permission faults and alignment. */
export const ESR_ELX_FSC_FAULT = 0x04;
export const ESR_ELX_FSC_PERM = 0x0c;
export const ESR_ELX_FSC_ALIGN = 0x21;
