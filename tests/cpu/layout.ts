// Memory layout of a differential test binary and of one case record.
//
// A record is the full architectural state the harness compares, followed by
// the scratch buffer. The input block of a case (initial state) and its output
// record (final state) share this layout.

/** Virtual address of the code segment (R+X). */
export const CODE_BASE = 0x400000;
/** Virtual address of the data segment (R+W). */
export const DATA_BASE = 0x10000000;
/**
 * The scratch buffer every case's memory instructions touch; fixed for all
 * cases. It straddles a page boundary so page-crossing accesses happen.
 */
export const SCRATCH = DATA_BASE + 0x1000 - 512;
export const SCRATCH_SIZE = 1024;
/** In trap mode: a stack_t for sigaltstack and a struct sigaction for SIGILL. */
export const SIG_STACK_T = DATA_BASE + 0x1400;
export const SIG_ACTION = DATA_BASE + 0x1420;
/** The alternate signal stack (64 KiB). */
export const ALT_STACK = DATA_BASE + 0x2000;
export const ALT_STACK_SIZE = 0x10000;
/** Case input blocks start here, then the output records. */
export const BLOCKS = DATA_BASE + 0x12000;
/**
 * In trap mode a SIGILL skips the instruction and stores this marker in the
 * first scratch word, where the comparison sees it.
 */
export const SIGILL_MARK = 0x5349_4749_4c4c_2121n;

export const REC_X = 0; // X0..X30, 8 bytes each
export const REC_SP = 248;
export const REC_NZCV = 256;
export const REC_FPSR = 264;
export const REC_FPCR = 272;
export const REC_V = 288; // V0..V31, 16 bytes each
export const REC_STATE_SIZE = 800;
export const REC_SCRATCH = REC_STATE_SIZE;
export const RECORD_SIZE = REC_STATE_SIZE + SCRATCH_SIZE;
