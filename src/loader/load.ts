// Map an ELF image's PT_LOAD segments into an address space (fs/binfmt_elf.c,
// load_elf_binary). Segments are private file mappings: pages are read from
// the file on first touch, the bytes past p_filesz (bss, including the tail of
// the last file page) are zero. A segment's p_vaddr need not be page aligned
// as long as it is congruent with p_offset.
import * as elf from '../abi/linux/elf.js';

import { type AddressSpace, pageDown, pageUp } from '../mm/address_space.js';
import { Vma, VM_EXEC, VM_READ, VM_WRITE } from '../mm/vma.js';
import type { ElfImage, ExecSource } from './elf.js';

/**
 * Where static-PIE (ET_DYN) executables are loaded: qemu-aarch64's choice,
 * so that programs printing addresses agree with it.
 */
export const ET_DYN_BASE = 0x55_0000_0000;

export interface LoadedImage {
  /** Load bias (0 for ET_EXEC). */
  bias: number;
  entry: number;
  /** Guest address of the program headers (AT_PHDR). */
  phdr: number;
  phent: number;
  phnum: number;
  /** End of the highest segment: the heap starts here, page aligned. */
  end: number;
}

/** PF_* flags to VM_* protection. */
function segmentProt(flags: number): number {
  return (
    (flags & elf.PF_R ? VM_READ : 0) | (flags & elf.PF_W ? VM_WRITE : 0) | (flags & elf.PF_X ? VM_EXEC : 0)
  );
}

/**
 * Map every PT_LOAD of `img` into `mm` (which should be empty) and set up the
 * heap. Allocates no frames; each file-backed segment takes a reference to `src`.
 */
export function loadSegments(mm: AddressSpace, img: ElfImage, src: ExecSource): LoadedImage {
  const loads = img.phdrs.filter((p) => p.type === elf.PT_LOAD && p.memsz > 0);
  const minVaddr = pageDown(Math.min(...loads.map((p) => p.vaddr)));
  const bias = img.type === elf.ET_DYN ? ET_DYN_BASE - minVaddr : 0;
  let end = 0;
  for (const ph of loads) {
    const va = bias + ph.vaddr;
    const start = pageDown(va);
    const stop = pageUp(va + ph.memsz);
    const prot = segmentProt(ph.flags);
    const kind = prot & VM_EXEC ? 'text' : 'data';
    // Like MAP_FIXED: a segment sharing a page with the previous one replaces it there.
    if (!mm.isFree(start, stop)) mm.unmap(start, stop);
    const backing = ph.filesz > 0 ? { file: src, offset: ph.offset - (va - start), limit: va + ph.filesz - start } : null;
    if (backing !== null) src.retain?.();
    mm.map(new Vma(start, stop, prot, kind, backing, ''));
    end = Math.max(end, va + ph.memsz);
  }
  const phdrSeg = img.phdrs.find((p) => p.type === elf.PT_PHDR);
  let phdr = 0;
  if (phdrSeg !== undefined) phdr = bias + phdrSeg.vaddr;
  else {
    const holder = loads.find((p) => img.phoff >= p.offset && img.phoff < p.offset + p.filesz);
    if (holder !== undefined) phdr = bias + holder.vaddr + (img.phoff - holder.offset);
  }
  mm.setupHeap(pageUp(end));
  return { bias, entry: bias + img.entry, phdr, phent: img.phentsize, phnum: img.phnum, end };
}

