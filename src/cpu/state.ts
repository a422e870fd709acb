// The CPU state block: one fixed layout at the start of the machine's
// WebAssembly.Memory. TypeScript views it with typed arrays; generated Wasm
// (the JIT tier) imports the same memory and uses the same offsets.
//
// General registers are 64 bits, kept as two little-endian 32-bit halves:
// X[n].lo is the Int32 at index 2n, X[n].hi at 2n+1. Slot 31 is SP. Slot 32
// reads as zero (XZR/WZR as a source); slot 33 is a sink that swallows writes
// to XZR/WZR. Decoders map register field 31 to SP, ZR_READ or ZR_WRITE as
// the encoding says (see rnSp/rnZr/rdSp/rdZr below).

/** Number of 64-bit register slots: X0-X30, SP, zero source, zero sink. */
export const REG_SLOTS = 34;
export const SP = 31;
export const ZR_READ = 32;
export const ZR_WRITE = 33;

/** Byte offset of X0 (slot n is at X_OFF + 8n). */
export const X_OFF = 0;
/** Program counter, a 64-bit value (lo, hi words). */
export const PC_OFF = 272;
/** Condition flags, one Int32 each holding 0 or 1. */
export const N_OFF = 280;
export const Z_OFF = 284;
export const C_OFF = 288;
export const V_OFF_FLAG = 292;
/** FPCR and FPSR (32 bits each). */
export const FPCR_OFF = 296;
export const FPSR_OFF = 300;
/** TPIDR_EL0, 64 bits. */
export const TPIDR_OFF = 304;
/** Exclusive monitor: valid flag, size in bytes, address (f64), value (16 bytes). */
export const EXCL_VALID_OFF = 312;
export const EXCL_SIZE_OFF = 316;
export const EXCL_ADDR_OFF = 320;
export const EXCL_VALUE_OFF = 336;
/** Scratch space for instruction implementations: 64 bytes, 16-byte aligned. */
export const TMP_OFF = 352;
/** Vector registers V0-V31, 16 bytes each, 16-byte aligned. V[n] at V_OFF + 16n. */
export const V_OFF = 512;
/** Size of the part of the block that is a task's saved context. */
export const CONTEXT_SIZE = 1024;

/** Software TLB, direct-mapped, one array each for read, write and execute. */
export const TLB_ENTRIES = 1024;
export const TLB_OFF = 4096;
/** Float64 tags: the virtual page number held by each entry, -1 when empty. */
export const TLB_RTAG_OFF = TLB_OFF;
export const TLB_WTAG_OFF = TLB_RTAG_OFF + 8 * TLB_ENTRIES;
export const TLB_XTAG_OFF = TLB_WTAG_OFF + 8 * TLB_ENTRIES;
/** Uint32 host byte offsets of the frame behind each entry. */
export const TLB_ROFF_OFF = TLB_XTAG_OFF + 8 * TLB_ENTRIES;
export const TLB_WOFF_OFF = TLB_ROFF_OFF + 4 * TLB_ENTRIES;
export const TLB_XOFF_OFF = TLB_WOFF_OFF + 4 * TLB_ENTRIES;
export const TLB_END = TLB_XOFF_OFF + 4 * TLB_ENTRIES;

/**
 * The JIT's jump cache (cpu/jit), direct-mapped on PC bits 11:2: a Float64
 * tag (the virtual PC, -1 when empty) and the Int32 table slot of the region
 * compiled for it.
 */
export const JC_ENTRIES = 1024;
export const JC_TAG_OFF = TLB_END;
export const JC_SLOT_OFF = JC_TAG_OFF + 8 * JC_ENTRIES;
export const JC_END = JC_SLOT_OFF + 4 * JC_ENTRIES;

/** Guest physical frames start here; frame i is at FRAME_BASE + i * PAGE_SIZE. */
export const FRAME_BASE = 65536;
export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/** Register field 31 as a source that means SP. */
export function rnSp(field: number): number {
  return field;
}
/** Register field 31 as a source that means XZR. */
export function rnZr(field: number): number {
  return field === 31 ? ZR_READ : field;
}
/** Register field 31 as a destination that means SP. */
export function rdSp(field: number): number {
  return field;
}
/** Register field 31 as a destination that means XZR (write discarded). */
export function rdZr(field: number): number {
  return field === 31 ? ZR_WRITE : field;
}
