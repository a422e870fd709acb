// A virtual memory area: a page-aligned range [start, end) with one
// protection, one kind and one backing (anonymous zero pages, or a private
// copy of a file range).
import { PAGE_SIZE } from '../cpu/state.js';

export const VM_READ = 1;
export const VM_WRITE = 2;
export const VM_EXEC = 4;

export type VmaKind = 'text' | 'data' | 'heap' | 'stack' | 'mmap' | 'guard';

/** A file as a mapping sees it: positioned reads. */
export interface MappedFile {
  /** Read up to dst.length bytes at pos; returns the count (0 at end of file). */
  read(pos: number, dst: Uint8Array): number;
  /** Path shown in /proc/self/maps. */
  readonly name: string;
  /** Take one more reference (each VMA backed by the file holds one). */
  retain?(): void;
  /** Drop a reference; the last one closes the file. */
  release?(): void;
}

/** Where a private file mapping's pages come from. */
export interface FileBacking {
  file: MappedFile;
  /** File offset of the byte at vma.start. */
  offset: number;
  /** Bytes from vma.start (may be negative after a split) up to which the file supplies data; beyond it pages are zero (bss). */
  limit: number;
}

/**
 * The pages of a MAP_SHARED|MAP_ANONYMOUS mapping (Linux's shmem object): every
 * VMA that maps it (in this address space or, after fork, in others) sees the
 * same frames. The object holds one frame reference per page it has; each
 * page table that maps a page holds another. `users` counts the VMAs.
 */
export class SharedAnon {
  private static nextId = 1;
  readonly id = SharedAnon.nextId++;
  /** Page index within the object -> frame (host offset). */
  readonly pages = new Map<number, number>();
  users = 1;
}

/** Where a VMA sits in a shared anonymous object. */
export interface SharedBacking {
  obj: SharedAnon;
  /** Page index of vma.start within the object. */
  pgoff: number;
}

export class Vma {
  /** Set for MAP_SHARED anonymous memory: the object whose pages this VMA maps. */
  shm: SharedBacking | null = null;

  constructor(
    public start: number,
    public end: number,
    public prot: number,
    public kind: VmaKind,
    public backing: FileBacking | null = null,
    /** Label for /proc/self/maps when there is no file ("[heap]", "[stack]"). */
    public label = '',
  ) {}

  get length(): number {
    return this.end - this.start;
  }

  /** Split at addr (page aligned, strictly inside); this keeps [start, addr), the result is [addr, end). */
  splitAt(addr: number): Vma {
    const d = addr - this.start;
    this.backing?.file.retain?.();
    const tail = new Vma(
      addr,
      this.end,
      this.prot,
      this.kind,
      this.backing && { file: this.backing.file, offset: this.backing.offset + d, limit: this.backing.limit - d },
      this.label,
    );
    if (this.shm !== null) {
      this.shm.obj.users++;
      tail.shm = { obj: this.shm.obj, pgoff: this.shm.pgoff + d / PAGE_SIZE };
    }
    this.end = addr;
    return tail;
  }

  /** Fill `dst` (one page) with the initial contents of the page at va. */
  populate(va: number, dst: Uint8Array): void {
    const b = this.backing;
    if (b === null) return;
    const rel = va - this.start;
    const n = Math.min(PAGE_SIZE, b.limit - rel);
    if (n <= 0) return;
    let done = 0;
    while (done < n) {
      const got = b.file.read(b.offset + rel + done, dst.subarray(done, n));
      if (got <= 0) break;
      done += got;
    }
  }
}

export function protString(prot: number): string {
  return `${prot & VM_READ ? 'r' : '-'}${prot & VM_WRITE ? 'w' : '-'}${prot & VM_EXEC ? 'x' : '-'}`;
}
