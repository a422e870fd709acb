// ELF64 parsing and validation for AArch64 executables (fs/binfmt_elf.c's
// checks, each defect named). Accepts ET_EXEC and static-PIE ET_DYN; a
// PT_INTERP (dynamically linked program) is refused with a clear message.
import { ENOEXEC } from '../abi/linux/errno.js';
import * as elf from '../abi/linux/elf.js';
import { PAGE_SIZE } from '../cpu/state.js';
import { Errno } from '../kernel/errno.js';
import type { MappedFile } from '../mm/vma.js';

/** Highest user address + 1 (48-bit VA). */
const USER_TOP = 2 ** 48;
/** Linux refuses program header tables larger than 64 KiB (ELF_MIN_ALIGN * 16). */
const MAX_PHDR_BYTES = 65536;

/** A file to load from: a mappable file with a size. */
export interface ExecSource extends MappedFile {
  readonly size: number;
}

export interface ProgramHeader {
  index: number;
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfImage {
  type: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  phdrs: ProgramHeader[];
  /** Executable stack requested (PT_GNU_STACK with PF_X, or no PT_GNU_STACK). */
  execStack: boolean;
}

function noexec(msg: string): Errno {
  return new Errno(ENOEXEC, msg);
}

/** Read exactly len bytes at pos, or fewer if the file ends. */
export function readAt(src: ExecSource, pos: number, len: number): Uint8Array {
  const buf = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const n = src.read(pos + done, buf.subarray(done));
    if (n <= 0) break;
    done += n;
  }
  return done === len ? buf : buf.subarray(0, done);
}

function u64(dv: DataView, off: number): number {
  const lo = dv.getUint32(off, true);
  const hi = dv.getUint32(off + 4, true);
  // Values at or above 2^53 are out of any valid range here; keep them large.
  return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 4294967296 + lo;
}

/** Whether the first bytes are an ELF magic number. */
export function isElf(head: Uint8Array): boolean {
  return head.length >= 4 && elf.ELFMAG.every((b, i) => head[i] === b);
}

/** Parse and validate the ELF headers of `src`. Every defect throws Errno(ENOEXEC) naming it. */
export function parseElf(src: ExecSource): ElfImage {
  if (src.size < elf.EHDR_SIZE) throw noexec('file too short for an ELF header');
  const eh = readAt(src, 0, elf.EHDR_SIZE);
  if (eh.length < elf.EHDR_SIZE) throw noexec('file too short for an ELF header');
  if (!isElf(eh)) throw noexec('not an ELF file (bad magic)');
  if (eh[elf.EI_CLASS] !== elf.ELFCLASS64) throw noexec(`not a 64-bit ELF file (EI_CLASS ${eh[elf.EI_CLASS]})`);
  if (eh[elf.EI_DATA] !== elf.ELFDATA2LSB) throw noexec(`not a little-endian ELF file (EI_DATA ${eh[elf.EI_DATA]})`);
  if (eh[elf.EI_VERSION] !== elf.EV_CURRENT) throw noexec(`unknown ELF version ${eh[elf.EI_VERSION]}`);
  const dv = new DataView(eh.buffer, eh.byteOffset, eh.byteLength);
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  if (type !== elf.ET_EXEC && type !== elf.ET_DYN) throw noexec(`ELF type ${type} is not an executable (ET_EXEC or ET_DYN)`);
  if (machine !== elf.EM_AARCH64) throw noexec(`ELF machine ${machine} is not AArch64 (183)`);
  const entry = u64(dv, 24);
  const phoff = u64(dv, 32);
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phentsize !== elf.PHDR_SIZE) throw noexec(`program header entry size ${phentsize} is not ${elf.PHDR_SIZE}`);
  if (phnum === 0) throw noexec('no program headers');
  if (phnum * phentsize > MAX_PHDR_BYTES) throw noexec(`too many program headers (${phnum})`);
  if (phoff + phnum * phentsize > src.size) throw noexec('program header table extends past end of file');
  const table = readAt(src, phoff, phnum * phentsize);
  if (table.length < phnum * phentsize) throw noexec('program header table extends past end of file');
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);

  const phdrs: ProgramHeader[] = [];
  let execStack = true;
  let loads = 0;
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    const ph: ProgramHeader = {
      index: i,
      type: tv.getUint32(o, true),
      flags: tv.getUint32(o + 4, true),
      offset: u64(tv, o + 8),
      vaddr: u64(tv, o + 16),
      filesz: u64(tv, o + 32),
      memsz: u64(tv, o + 40),
      align: u64(tv, o + 48),
    };
    phdrs.push(ph);
    if (ph.type === elf.PT_INTERP) {
      const raw = readAt(src, ph.offset, Math.min(ph.filesz, 4096));
      const z = raw.indexOf(0);
      const interp = new TextDecoder().decode(z >= 0 ? raw.subarray(0, z) : raw);
      throw noexec(`dynamic executables are not supported yet: ${interp} — link with -static`);
    }
    if (ph.type === elf.PT_GNU_STACK) execStack = (ph.flags & elf.PF_X) !== 0;
    if (ph.type !== elf.PT_LOAD) continue;
    loads++;
    if (ph.filesz > ph.memsz) throw noexec(`program header ${i} has p_filesz larger than p_memsz`);
    if (ph.offset + ph.filesz > src.size) throw noexec(`program header ${i} extends past end of file`);
    if ((ph.vaddr - ph.offset) % PAGE_SIZE !== 0) {
      throw noexec(`program header ${i} has p_vaddr and p_offset not congruent modulo the page size`);
    }
    if (ph.vaddr + ph.memsz > USER_TOP || ph.vaddr + ph.memsz < ph.vaddr) {
      throw noexec(`program header ${i} lies outside the user address space`);
    }
  }
  if (loads === 0) throw noexec('no loadable segments');
  const loadsSorted = phdrs.filter((p) => p.type === elf.PT_LOAD);
  for (let k = 1; k < loadsSorted.length; k++) {
    if (loadsSorted[k].vaddr < loadsSorted[k - 1].vaddr) {
      throw noexec(`program header ${loadsSorted[k].index} is not in ascending p_vaddr order`);
    }
  }
  const text = loadsSorted.find((p) => (p.flags & elf.PF_X) !== 0 && entry >= p.vaddr && entry < p.vaddr + p.memsz);
  if (text === undefined) throw noexec(`entry point 0x${entry.toString(16)} is not in an executable segment`);
  return { type, entry, phoff, phentsize, phnum, phdrs, execStack };
}
