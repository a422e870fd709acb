// A minimal static AArch64 ELF64 writer: an ET_EXEC file with one PT_LOAD per
// segment, each at a page-aligned file offset congruent with its vaddr. No
// sections, no symbols: enough for Linux, qemu-aarch64 and Flint's loader.

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export interface ElfSegment {
  /** Page-aligned virtual address. */
  vaddr: number;
  data: Uint8Array;
  /** PF_R | PF_W | PF_X. */
  flags: number;
}

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const PAGE = 0x1000;

export function writeElf(entry: number, segments: readonly ElfSegment[]): Uint8Array {
  const offsets: number[] = [];
  let off = PAGE;
  for (const s of segments) {
    if (s.vaddr % PAGE !== 0) throw new Error(`segment vaddr 0x${s.vaddr.toString(16)} is not page-aligned`);
    offsets.push(off);
    off += Math.ceil(s.data.length / PAGE) * PAGE;
  }
  const out = new Uint8Array(off);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]); // ELFCLASS64, little-endian, EV_CURRENT, SYSV
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 183, true); // EM_AARCH64
  dv.setUint32(20, 1, true); // EV_CURRENT
  dv.setBigUint64(24, BigInt(entry), true);
  dv.setBigUint64(32, BigInt(EHDR_SIZE), true); // e_phoff
  dv.setBigUint64(40, 0n, true); // e_shoff
  dv.setUint32(48, 0, true); // e_flags
  dv.setUint16(52, EHDR_SIZE, true);
  dv.setUint16(54, PHDR_SIZE, true);
  dv.setUint16(56, segments.length, true);
  dv.setUint16(58, 64, true); // e_shentsize
  dv.setUint16(60, 0, true); // e_shnum
  dv.setUint16(62, 0, true); // e_shstrndx
  if (EHDR_SIZE + PHDR_SIZE * segments.length > PAGE) throw new Error('too many segments');
  segments.forEach((s, i) => {
    const p = EHDR_SIZE + PHDR_SIZE * i;
    dv.setUint32(p, 1, true); // PT_LOAD
    dv.setUint32(p + 4, s.flags, true);
    dv.setBigUint64(p + 8, BigInt(offsets[i]), true);
    dv.setBigUint64(p + 16, BigInt(s.vaddr), true);
    dv.setBigUint64(p + 24, BigInt(s.vaddr), true);
    dv.setBigUint64(p + 32, BigInt(s.data.length), true);
    dv.setBigUint64(p + 40, BigInt(s.data.length), true);
    dv.setBigUint64(p + 48, BigInt(PAGE), true);
    out.set(s.data, offsets[i]);
  });
  return out;
}

/** The PT_LOAD segments of an ELF64 little-endian file (for loading it in-process). */
export function readElfSegments(elf: Uint8Array): { entry: number; segments: ElfSegment[] } {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (dv.getUint32(0, false) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('not an ELF64 LE file');
  const entry = Number(dv.getBigUint64(24, true));
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (dv.getUint32(p, true) !== 1) continue;
    const offset = Number(dv.getBigUint64(p + 8, true));
    const vaddr = Number(dv.getBigUint64(p + 16, true));
    const filesz = Number(dv.getBigUint64(p + 32, true));
    const memsz = Number(dv.getBigUint64(p + 40, true));
    const data = new Uint8Array(memsz);
    data.set(elf.subarray(offset, offset + filesz));
    segments.push({ vaddr, data, flags: dv.getUint32(p + 4, true) });
  }
  return { entry, segments };
}
