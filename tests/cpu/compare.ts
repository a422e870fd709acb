// Compares an expected record (qemu-aarch64) with the record Flint produced.

import { REC_FPCR, REC_FPSR, REC_NZCV, REC_SCRATCH, REC_SP, REC_V, REC_X, SCRATCH_SIZE } from './layout.js';

export interface FieldDiff {
  field: string;
  expected: string;
  got: string;
}

const hex = (b: Uint8Array, off: number, len: number): string => {
  let s = '';
  for (let i = len - 1; i >= 0; i--) s += b[off + i].toString(16).padStart(2, '0');
  return '0x' + s;
};
const same = (a: Uint8Array, b: Uint8Array, off: number, len: number): boolean => {
  for (let i = 0; i < len; i++) if (a[off + i] !== b[off + i]) return false;
  return true;
};

/** The fields of a record as [name, offset, length] (values are little-endian). */
export const FIELDS: ReadonlyArray<readonly [string, number, number]> = [
  ...Array.from({ length: 31 }, (_, n) => [`X${n}`, REC_X + 8 * n, 8] as const),
  ['SP', REC_SP, 8],
  ['NZCV', REC_NZCV, 8],
  ['FPSR', REC_FPSR, 8],
  ['FPCR', REC_FPCR, 8],
  ...Array.from({ length: 32 }, (_, n) => [`V${n}`, REC_V + 16 * n, 16] as const),
];

export function fieldValue(rec: Uint8Array, off: number, len: number): string {
  return hex(rec, off, len);
}

export function compareRecords(expected: Uint8Array, got: Uint8Array): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const [name, off, len] of FIELDS) {
    if (!same(expected, got, off, len)) diffs.push({ field: name, expected: hex(expected, off, len), got: hex(got, off, len) });
  }
  for (let o = 0; o < SCRATCH_SIZE; o += 8) {
    const off = REC_SCRATCH + o;
    if (!same(expected, got, off, 8)) {
      diffs.push({ field: `mem[scratch+0x${o.toString(16)}]`, expected: hex(expected, off, 8), got: hex(got, off, 8) });
    }
  }
  return diffs;
}
