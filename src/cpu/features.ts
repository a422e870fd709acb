// What this CPU implements, as Linux would report it to a process: the
// AT_HWCAP / AT_HWCAP2 auxv words (arch/arm64/include/uapi/asm/hwcap.h) and the
// ID registers that EL0 reads through MRS, which Linux emulates with only the
// user-visible fields of the sanitised values (arch/arm64/kernel/cpufeature.c,
// emulate_sys_reg). The two must agree: glibc picks routines from either.
//
// The model is a Cortex-A72 (MIDR 0x410fd083, CTR and DCZID as qemu reports
// for it) with LSE atomics and without the crypto extensions.

/** HWCAP bits (asm/hwcap.h). */
export const HWCAP_FP = 1 << 0;
export const HWCAP_ASIMD = 1 << 1;
export const HWCAP_CRC32 = 1 << 7;
export const HWCAP_ATOMICS = 1 << 8;
export const HWCAP_CPUID = 1 << 11;

/** AT_HWCAP: FP, Advanced SIMD, CRC32, LSE atomics, and MRS emulation of ID registers. */
export const HWCAP = HWCAP_FP | HWCAP_ASIMD | HWCAP_CRC32 | HWCAP_ATOMICS | HWCAP_CPUID;
/** AT_HWCAP2: none of the later extensions. */
export const HWCAP2 = 0;

/** MIDR_EL1: Arm Cortex-A72 r0p3. */
export const MIDR_EL1 = 0x410fd083;
/** MPIDR_EL1 as Linux reports it to EL0 (SYS_MPIDR_SAFE_VAL). */
export const MPIDR_EL1 = 0x80000000;
/** CTR_EL0: 64-byte cache lines (IminLine 4, DminLine 4), CWG/ERG 4, VIPT L1I. */
export const CTR_EL0 = 0x8444c004;
/** DCZID_EL0: DC ZVA allowed, block of 2^4 words = 64 bytes. */
export const DCZID_EL0 = 4;
export const DC_ZVA_BYTES = 64;

/**
 * ID registers in the space Linux emulates (op0=3, op1=0, CRn=0, CRm=2..7),
 * as a 64-bit value split into [lo, hi]; the key is (CRm << 3) | op2. Any
 * other register in that space reads as zero.
 */
export const ID_REGS: ReadonlyMap<number, readonly [number, number]> = new Map([
  // ID_AA64PFR0_EL1: EL0 and EL1 AArch64 only (1), FP = 0 and AdvSIMD = 0 (implemented, no FP16).
  [(4 << 3) | 0, [0x00000011, 0]],
  // ID_AA64DFR0_EL1: DebugVer 6, the value Linux exposes.
  [(5 << 3) | 0, [0x00000006, 0]],
  // ID_AA64ISAR0_EL1: CRC32 = 1, Atomic = 2 (LSE); no AES, SHA, RDM, DotProd.
  [(6 << 3) | 0, [0x00210000, 0]],
  // ID_AA64MMFR0_EL1: the hidden TGran16/TGran64 fields Linux reports.
  [(7 << 3) | 0, [0xff000000, 0]],
]);
