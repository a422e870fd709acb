// A process address space: VMAs over a page table. It is the CPU's Mmu
// (demand paging, permission checks, copy-on-write on a TLB miss) and the
// kernel's UserMemory (copy_from_user / copy_to_user with EFAULT).
//
// Layout, as Linux/arm64 without ASLR lays it out (mm/util.c, mm/mmap.c):
// the stack ends at TASK_SIZE (2^48) and may grow down to RLIMIT_STACK with a
// guard page below; mmap areas are placed top-down below mmap_base =
// STACK_TOP - max(RLIMIT_STACK + guard gap, 128 MiB); the heap (brk) starts
// empty right after the last loaded segment.
import { ACCESS_EXEC, ACCESS_READ, ACCESS_WRITE, type Access, GuestFault, type Mmu } from '../cpu/exit.js';
import { PAGE_SIZE } from '../cpu/state.js';
import { EEXIST, EFAULT, EINVAL, ENAMETOOLONG, ENOMEM, EPERM } from '../abi/linux/errno.js';
import * as mman from '../abi/linux/mman.js';
import { Errno } from '../kernel/errno.js';
import type { FrameAllocator } from './frames.js';
import { PageTable, PTE_COW, pteFrame } from './page_table.js';
import type { UserMemory } from './user_memory.js';
import { type MappedFile, protString, SharedAnon, Vma, type VmaKind, VM_EXEC, VM_READ, VM_WRITE } from './vma.js';

export { Vma, VM_EXEC, VM_READ, VM_WRITE };
export type { MappedFile, VmaKind };

/** One past the highest user address (48-bit VA, arm64 DEFAULT_MAP_WINDOW_64). */
export const TASK_SIZE = 2 ** 48;
export const STACK_TOP = TASK_SIZE;
/** RLIMIT_STACK default (8 MiB). */
export const DEFAULT_STACK_LIMIT = 8 << 20;
/** Pages below the stack limit that only ever fault (mm/mmap.c stack_guard_gap). */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;
/** Linux's MIN_GAP between the stack top and mmap_base. */
const MIN_GAP = 128 << 20;
/** Lowest address mmap may choose on its own (vm.mmap_min_addr). */
export const MMAP_MIN_ADDR = 0x10000;

/**
 * The limits growth is checked against (mm/mmap.c may_expand_vm), in bytes:
 * RLIMIT_AS bounds every mapping, RLIMIT_DATA the private writable ones.
 * The kernel keeps them equal to the process's rlimits: set at execve,
 * copied by fork, updated by setrlimit/prlimit and before each memory
 * syscall. Stack growth is checked against RLIMIT_AS too.
 */
export interface VmLimits {
  as: number;
  data: number;
}

export const NO_LIMITS: VmLimits = { as: Infinity, data: Infinity };

/** What an address space needs from the CPU it runs on. */
export interface MmHooks {
  /** Forget cached translations (after unmap, protect, or a frame change). */
  tlbFlush(): void;
  /** The kernel wrote into this frame: decoded instructions of it are stale. */
  codeWritten(frameOff: number): void;
}

const NO_HOOKS: MmHooks = { tlbFlush() {}, codeWritten() {} };

export function pageDown(a: number): number {
  return a - (a % PAGE_SIZE);
}
export function pageUp(a: number): number {
  const r = a % PAGE_SIZE;
  return r === 0 ? a : a + PAGE_SIZE - r;
}

/** A line of /proc/pid/maps. */
export interface MapsEntry {
  start: number;
  end: number;
  perms: string;
  offset: number;
  name: string;
}

export class AddressSpace implements Mmu, UserMemory {
  private static nextId = 1;
  /** Distinguishes address spaces in futex keys. */
  readonly id = AddressSpace.nextId++;
  /** Tasks using this address space (threads, a vfork child); the last one destroys it. */
  users = 1;
  readonly frames: FrameAllocator;
  hooks: MmHooks;
  /** Sorted by start, non-overlapping. */
  private vmas: Vma[] = [];
  private pt = new PageTable();
  /** Heap: [brkStart, brk) is the program break; the heap VMA covers it page-rounded. */
  brkStart = 0;
  brk = 0;
  stackTop = STACK_TOP;
  stackLimit = DEFAULT_STACK_LIMIT;
  mmapBase: number;
  limits: VmLimits = NO_LIMITS;
  /**
   * A kernel copy (copy_from_user/copy_to_user) found no frame for a page of
   * this address space: the copy failed with ENOMEM, and the kernel kills the
   * task the page belongs to before it returns to user mode, as it does for
   * its own faults (Linux's OOM killer). Cleared by the kernel.
   */
  oom: { va: number; access: Access } | null = null;
  /** Lowest stack page ever touched: the stack's size for total_vm is stackTop - stackLow. */
  private stackLow = STACK_TOP;

  constructor(frames: FrameAllocator, hooks: MmHooks = NO_HOOKS, stackLimit = DEFAULT_STACK_LIMIT) {
    this.frames = frames;
    this.hooks = hooks;
    this.stackLimit = stackLimit;
    this.mmapBase = pageDown(STACK_TOP - Math.max(stackLimit + STACK_GUARD_GAP, MIN_GAP));
  }

  // ---- accounting (mm->total_vm, mm->data_vm) ------------------------------

  /**
   * Pages mapped, as Linux's total_vm counts them: every VMA except the guard
   * gap, the stack only as far down as it has been touched (Linux's stack VMA
   * grows on demand; Flint reserves it whole).
   */
  totalVmPages(): number {
    let n = 0;
    for (const m of this.vmas) {
      if (m.kind === 'guard') continue;
      if (m.kind === 'stack') n += Math.max(0, m.end - Math.max(m.start, this.stackLow)) / PAGE_SIZE;
      else n += m.length / PAGE_SIZE;
    }
    return n;
  }

  /** Pages of private writable non-stack mappings (Linux's data_vm, is_data_mapping). */
  dataVmPages(): number {
    let n = 0;
    for (const m of this.vmas) if (isDataMapping(m.prot, m.shm !== null, m.kind)) n += m.length / PAGE_SIZE;
    return n;
  }

  /**
   * may_expand_vm: whether `pages` more pages of a mapping with `prot` fit
   * under RLIMIT_AS and, for a data mapping, RLIMIT_DATA; and, when the
   * pages are accounted (writable, no MAP_NORESERVE), that they fit the machine.
   */
  mayExpand(pages: number, prot: number, shared: boolean, kind: VmaKind, reserve = true): boolean {
    if (pages <= 0) return true;
    if ((this.totalVmPages() + pages) * PAGE_SIZE > this.limits.as) return false;
    if (isDataMapping(prot, shared, kind) && (this.dataVmPages() + pages) * PAGE_SIZE > this.limits.data) return false;
    return !reserve || (prot & VM_WRITE) === 0 || this.fitsMachine(pages);
  }

  /**
   * The overcommit heuristic (OVERCOMMIT_GUESS, __vm_enough_memory): one
   * commitment larger than the machine's memory fails; anything smaller is
   * granted and a fault that finds no frame kills the task.
   */
  fitsMachine(pages: number): boolean {
    return pages <= this.frames.total;
  }

  /** Pages of [start, end) already covered by VMAs (a MAP_FIXED mapping replaces them). */
  private mappedPagesIn(start: number, end: number): number {
    let n = 0;
    for (const m of this.vmas) {
      if (m.kind === 'guard') continue;
      const lo = Math.max(m.start, start);
      const hi = Math.min(m.end, end);
      if (lo < hi) n += (hi - lo) / PAGE_SIZE;
    }
    return n;
  }

  // ---- VMAs ------------------------------------------------------------

  /** The VMA containing va, or undefined. */
  find(va: number): Vma | undefined {
    const v = this.vmas;
    let lo = 0;
    let hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = v[mid];
      if (va < m.start) hi = mid - 1;
      else if (va >= m.end) lo = mid + 1;
      else return m;
    }
    return undefined;
  }

  /** All VMAs, lowest first (read-only use). */
  areas(): readonly Vma[] {
    return this.vmas;
  }

  /** Whether [start, end) overlaps no VMA. */
  isFree(start: number, end: number): boolean {
    if (start < 0 || end > TASK_SIZE || start >= end) return false;
    for (const m of this.vmas) if (m.start < end && start < m.end) return false;
    return true;
  }

  private insert(vma: Vma): void {
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < vma.start) i++;
    this.vmas.splice(i, 0, vma);
  }

  /** Split VMAs so that start and end fall on VMA boundaries. */
  private splitAround(start: number, end: number): void {
    for (let i = 0; i < this.vmas.length; i++) {
      const m = this.vmas[i];
      if (m.start < start && start < m.end) this.vmas.splice(i + 1, 0, m.splitAt(start));
      else if (m.start < end && end < m.end) this.vmas.splice(i + 1, 0, m.splitAt(end));
    }
  }

  /** Merge neighbouring VMAs that are indistinguishable (anonymous, same prot and kind). */
  private coalesce(): void {
    for (let i = 1; i < this.vmas.length; i++) {
      const a = this.vmas[i - 1];
      const b = this.vmas[i];
      const plain = a.backing === null && b.backing === null && a.shm === null && b.shm === null;
      if (plain && a.end === b.start && a.prot === b.prot && a.kind === b.kind && a.label === b.label) {
        a.end = b.end;
        this.vmas.splice(i, 1);
        i--;
      }
    }
  }

  /**
   * Map [start, end) (page aligned, must be free) as a new VMA. No frames are
   * allocated: pages appear on first touch. The VMA takes over one reference
   * to its backing file.
   */
  map(vma: Vma): Vma {
    if (!this.isFree(vma.start, vma.end)) throw new Error(`map over a used range 0x${vma.start.toString(16)}`);
    this.insert(vma);
    return vma;
  }

  /** Remove every mapping in [start, end) and free their frames. */
  unmap(start: number, end: number): void {
    this.splitAround(start, end);
    const keep: Vma[] = [];
    for (const m of this.vmas) {
      if (m.end <= start || m.start >= end) keep.push(m);
      else this.releaseVma(m);
    }
    this.vmas = keep;
    this.dropPages(start, end);
    this.hooks.tlbFlush();
  }

  /** Free the frames of present pages in [start, end) (the VMAs stay). */
  private dropPages(start: number, end: number): void {
    for (const [vpn, pte] of this.pt.range(start / PAGE_SIZE, end / PAGE_SIZE)) {
      this.pt.delete(vpn);
      this.frames.unref(pteFrame(pte));
    }
  }

  /** Drop what a removed VMA holds: its file reference, its share of a shared anonymous object. */
  private releaseVma(m: Vma): void {
    m.backing?.file.release?.();
    const shm = m.shm;
    if (shm !== null && --shm.obj.users === 0) {
      for (const off of shm.obj.pages.values()) this.frames.unref(off);
      shm.obj.pages.clear();
    }
    m.shm = null;
  }

  /** Release everything (process exit, exec). */
  destroy(): void {
    for (const [, pte] of this.pt.all()) this.frames.unref(pteFrame(pte));
    this.pt = new PageTable();
    for (const m of this.vmas) this.releaseVma(m);
    this.vmas = [];
    this.hooks.tlbFlush();
  }

  /** Number of present pages (resident set). */
  residentPages(): number {
    return this.pt.size;
  }

  // ---- the MMU ---------------------------------------------------------

  /** Resolve va for access; see Mmu.fill. */
  fill(va: number, access: Access): number {
    const vma = this.find(va);
    if (vma === undefined) throw new GuestFault(va, access, 'unmapped');
    if (vma.kind === 'guard') throw new GuestFault(va, access, 'stackOverflow');
    if (!permits(vma.prot, access)) throw new GuestFault(va, access, 'protection');
    const vpn = Math.floor(va / PAGE_SIZE);
    const pte = this.pt.get(vpn);
    if (pte === undefined) {
      if (vma.kind === 'stack' && va < this.stackLow) this.growStack(va, access);
      if (vma.shm !== null) return this.fillShared(vma, va, vpn, access);
      const off = this.frames.alloc();
      if (off === null) throw new GuestFault(va, access, 'nomem');
      if (vma.backing !== null) {
        vma.populate(pageDown(va), this.frames.view().subarray(off, off + PAGE_SIZE));
      }
      this.pt.set(vpn, off);
      return off;
    }
    const off = pteFrame(pte);
    if ((pte & PTE_COW) !== 0 && access === ACCESS_WRITE) return this.breakCow(va, vpn, off);
    return off;
  }

  /**
   * The stack grows down to the page of va (acct_stack_growth): growth that
   * would take the address space past RLIMIT_AS is a stack overflow (SIGSEGV),
   * as Linux's may_expand_vm refuses it.
   */
  private growStack(va: number, access: Access): void {
    const low = pageDown(va);
    const pages = (this.stackLow - low) / PAGE_SIZE;
    if ((this.totalVmPages() + pages) * PAGE_SIZE > this.limits.as) throw new GuestFault(va, access, 'stackOverflow');
    this.stackLow = low;
  }

  /** Map the page of a shared anonymous object at va, allocating it in the object on first touch. */
  private fillShared(vma: Vma, va: number, vpn: number, access: Access): number {
    const shm = vma.shm!;
    const idx = shm.pgoff + (pageDown(va) - vma.start) / PAGE_SIZE;
    let off = shm.obj.pages.get(idx);
    if (off === undefined) {
      const fresh = this.frames.alloc();
      if (fresh === null) throw new GuestFault(va, access, 'nomem');
      off = fresh;
      shm.obj.pages.set(idx, off);
    }
    this.frames.ref(off);
    this.pt.set(vpn, off);
    return off;
  }

  /**
   * The key futex(2) waiters meet on (get_futex_key): the shared object and
   * offset for MAP_SHARED anonymous memory, else this address space and the address.
   */
  futexKey(addr: number): string {
    const vma = this.find(addr);
    if (vma !== undefined && vma.shm !== null) {
      return `s${vma.shm.obj.id}:${vma.shm.pgoff * PAGE_SIZE + (addr - vma.start)}`;
    }
    return `m${this.id}:${addr}`;
  }

  /** Give the page at vpn its own frame before a write (copy-on-write). */
  private breakCow(va: number, vpn: number, off: number): number {
    if (this.frames.refCount(off) === 1) {
      this.pt.set(vpn, off);
      return off;
    }
    const copy = this.frames.alloc();
    if (copy === null) throw new GuestFault(va, ACCESS_WRITE, 'nomem');
    const mem = this.frames.view();
    mem.copyWithin(copy, off, off + PAGE_SIZE);
    this.pt.set(vpn, copy);
    this.frames.unref(off);
    this.hooks.tlbFlush();
    return copy;
  }

  // ---- user copies -------------------------------------------------------

  private translate(va: number, access: Access): number {
    if (!(va >= 0 && va < TASK_SIZE)) throw new Errno(EFAULT, `bad address 0x${va.toString(16)}`);
    try {
      return this.fill(pageDown(va), access) + (va % PAGE_SIZE);
    } catch (e) {
      if (e instanceof GuestFault) {
        if (e.reason === 'nomem') {
          this.oom ??= { va, access };
          throw new Errno(ENOMEM, 'out of memory');
        }
        throw new Errno(EFAULT, `bad address 0x${va.toString(16)}`);
      }
      throw e;
    }
  }

  read(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const va = addr + done;
      const n = Math.min(len - done, PAGE_SIZE - (va % PAGE_SIZE));
      const off = this.translate(va, ACCESS_READ);
      out.set(this.frames.view().subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  write(addr: number, data: Uint8Array): void {
    // Check every page first so a fault writes nothing.
    for (let va = pageDown(addr); va < addr + data.length; va += PAGE_SIZE) this.translate(va, ACCESS_WRITE);
    let done = 0;
    while (done < data.length) {
      const va = addr + done;
      const n = Math.min(data.length - done, PAGE_SIZE - (va % PAGE_SIZE));
      const off = this.translate(va, ACCESS_WRITE);
      this.frames.view().set(data.subarray(done, done + n), off);
      this.hooks.codeWritten(pageDown(off));
      done += n;
    }
  }

  readCString(addr: number, max: number): Uint8Array {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let va = addr;
    for (;;) {
      const off = this.translate(va, ACCESS_READ);
      const n = PAGE_SIZE - (va % PAGE_SIZE);
      const page = this.frames.view().subarray(off, off + n);
      const z = page.indexOf(0);
      const take = z >= 0 ? z : n;
      if (total + take > max) throw new Errno(ENAMETOOLONG);
      chunks.push(page.slice(0, take));
      total += take;
      if (z >= 0) break;
      va += n;
    }
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(total);
    let p = 0;
    for (const c of chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }

  readU32(addr: number): number {
    const b = this.read(addr, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }
  readU64(addr: number): bigint {
    const b = this.read(addr, 8);
    return new DataView(b.buffer).getBigUint64(0, true);
  }
  writeU32(addr: number, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(addr, b);
  }
  writeU64(addr: number, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    this.write(addr, b);
  }

  // ---- stack -------------------------------------------------------------

  /**
   * Reserve the stack (demand-zero down to the limit) and the guard gap below
   * it: touching the gap is a stack overflow, and mmap never places anything
   * there (Linux's stack_guard_gap, 256 pages).
   */
  setupStack(): void {
    const low = this.stackTop - this.stackLimit;
    this.map(new Vma(low, this.stackTop, VM_READ | VM_WRITE, 'stack', null, '[stack]'));
    this.map(new Vma(low - STACK_GUARD_GAP, low, 0, 'guard'));
  }

  // ---- brk -----------------------------------------------------------------

  /** Start an empty heap at addr (page aligned up), after the last loaded segment. */
  setupHeap(addr: number): void {
    this.brkStart = pageUp(addr);
    this.brk = this.brkStart;
  }

  /** brk(2): move the break; returns the new break, or the old one when it cannot move. */
  setBrk(want: number): number {
    if (want < this.brkStart) return this.brk;
    const oldTop = pageUp(this.brk);
    const newTop = pageUp(want);
    if (newTop > oldTop) {
      if (!this.isFree(oldTop, newTop) || newTop > this.mmapBase) return this.brk;
      // brk's check_data_rlimit, then do_brk_flags' may_expand_vm.
      if (want - this.brkStart > this.limits.data) return this.brk;
      if (!this.mayExpand((newTop - oldTop) / PAGE_SIZE, VM_READ | VM_WRITE, false, 'heap')) return this.brk;
      const heap = this.heapVma();
      if (heap !== undefined && heap.end === oldTop) heap.end = newTop;
      else this.map(new Vma(oldTop, newTop, VM_READ | VM_WRITE, 'heap', null, '[heap]'));
    } else if (newTop < oldTop) {
      this.unmap(newTop, oldTop);
    }
    this.brk = want;
    return want;
  }

  private heapVma(): Vma | undefined {
    return this.vmas.find((m) => m.kind === 'heap' && m.end === pageUp(this.brk));
  }

  // ---- mmap family --------------------------------------------------------

  /** Pick a free range of len bytes top-down below mmapBase (mm/mmap.c, unmapped_area_topdown). */
  findFree(len: number, below = this.mmapBase): number | null {
    let top = below;
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const m = this.vmas[i];
      if (m.start >= top) continue;
      if (m.end <= top && top - m.end >= len) return top - len;
      top = Math.min(top, m.start);
    }
    if (top - MMAP_MIN_ADDR >= len) return top - len;
    return null;
  }

  /**
   * mmap(2) for anonymous and private file mappings. Returns the address.
   * `file` is null for MAP_ANONYMOUS; the mapping takes its own reference.
   */
  mmap(addr: number, len: number, prot: number, flags: number, file: MappedFile | null, offset: number): number {
    if (len <= 0) throw new Errno(EINVAL, 'mmap of length 0');
    if (offset % PAGE_SIZE !== 0) throw new Errno(EINVAL, 'mmap offset not page aligned');
    const size = pageUp(len);
    if (size > TASK_SIZE) throw new Errno(ENOMEM);
    let start: number;
    if ((flags & (mman.MAP_FIXED | mman.MAP_FIXED_NOREPLACE)) !== 0) {
      if (addr % PAGE_SIZE !== 0) throw new Errno(EINVAL, 'MAP_FIXED address not page aligned');
      if (addr + size > TASK_SIZE) throw new Errno(ENOMEM);
      if (addr < MMAP_MIN_ADDR) throw new Errno(EPERM, 'below vm.mmap_min_addr');
      start = addr;
      if (!this.isFree(start, start + size) && (flags & mman.MAP_FIXED_NOREPLACE) !== 0) throw new Errno(EEXIST);
    } else {
      const hint = pageDown(addr);
      if (hint >= MMAP_MIN_ADDR && hint + size <= TASK_SIZE && this.isFree(hint, hint + size)) start = hint;
      else {
        const found = this.findFree(size);
        if (found === null) throw new Errno(ENOMEM);
        start = found;
      }
    }
    const vmProt = protToVm(prot);
    const type = flags & mman.MAP_TYPE;
    const shared = type === mman.MAP_SHARED || type === mman.MAP_SHARED_VALIDATE;
    const replaced = this.mappedPagesIn(start, start + size);
    const reserve = (flags & mman.MAP_NORESERVE) === 0;
    if (!this.mayExpand(size / PAGE_SIZE - replaced, vmProt, shared, 'mmap', reserve)) throw new Errno(ENOMEM, 'over RLIMIT_AS/RLIMIT_DATA or machine memory');
    if (!this.isFree(start, start + size)) this.unmap(start, start + size);
    file?.retain?.();
    const backing = file === null ? null : { file, offset, limit: size };
    const vma = new Vma(start, start + size, vmProt, 'mmap', backing, '');
    if (file === null && shared) {
      vma.shm = { obj: new SharedAnon(), pgoff: 0 };
    }
    this.insert(vma);
    this.coalesce();
    if ((flags & mman.MAP_POPULATE) !== 0) this.populate(start, start + size, vmProt);
    return start;
  }

  /**
   * MAP_POPULATE: fault every page of [start, end) in now (writable pages as
   * for a write, so a private file page is copied at once). As in Linux
   * (mm_populate's result is ignored) running out of frames stops the
   * prefaulting but not the mmap: the remaining pages come on first touch.
   */
  private populate(start: number, end: number, prot: number): void {
    if (prot === 0) return;
    const access = (prot & VM_WRITE) !== 0 ? ACCESS_WRITE : ACCESS_READ;
    for (let va = start; va < end; va += PAGE_SIZE) {
      try {
        this.fill(va, access);
      } catch (e) {
        if (e instanceof GuestFault && e.reason === 'nomem') return;
        throw e;
      }
    }
  }

  /** munmap(2). */
  munmap(addr: number, len: number): void {
    if (addr % PAGE_SIZE !== 0 || len <= 0) throw new Errno(EINVAL);
    const end = pageUp(addr + len);
    if (end > TASK_SIZE) throw new Errno(EINVAL);
    this.unmap(addr, end);
  }

  /** mprotect(2): the whole range must be mapped. */
  mprotect(addr: number, len: number, prot: number): void {
    if (addr % PAGE_SIZE !== 0) throw new Errno(EINVAL);
    if (len === 0) return;
    const end = pageUp(addr + len);
    if (end > TASK_SIZE || !this.isCovered(addr, end)) throw new Errno(ENOMEM);
    const vmProt = protToVm(prot);
    if ((vmProt & VM_WRITE) !== 0 && !this.fitsMachine(this.newlyWritablePages(addr, end))) {
      throw new Errno(ENOMEM, 'more memory than the machine has');
    }
    this.splitAround(addr, end);
    for (const m of this.vmas) if (m.start >= addr && m.end <= end && m.kind !== 'guard') m.prot = vmProt;
    this.coalesce();
    this.hooks.tlbFlush();
  }

  /** Pages of private, not yet writable mappings in [start, end): what mprotect(PROT_WRITE) would commit (mprotect_fixup). */
  private newlyWritablePages(start: number, end: number): number {
    let n = 0;
    for (const m of this.vmas) {
      if ((m.prot & VM_WRITE) !== 0 || m.shm !== null || m.kind === 'guard') continue;
      const lo = Math.max(m.start, start);
      const hi = Math.min(m.end, end);
      if (lo < hi) n += (hi - lo) / PAGE_SIZE;
    }
    return n;
  }

  /** Whether every page of [start, end) lies in some VMA. */
  isCovered(start: number, end: number): boolean {
    let at = start;
    for (const m of this.vmas) {
      if (m.end <= at) continue;
      if (m.start > at) return false;
      at = m.end;
      if (at >= end) return true;
    }
    return at >= end;
  }

  /** madvise(2): MADV_DONTNEED drops pages (zero or file contents on next touch); the rest are hints. */
  madvise(addr: number, len: number, advice: number): void {
    if (addr % PAGE_SIZE !== 0) throw new Errno(EINVAL);
    const end = pageUp(addr + len);
    if (advice === mman.MADV_DONTNEED || advice === mman.MADV_FREE || advice === mman.MADV_REMOVE) {
      if (!this.isCovered(addr, end)) throw new Errno(ENOMEM);
      this.dropPages(addr, end);
      this.hooks.tlbFlush();
    }
  }

  /** mremap(2) for a range lying in one VMA. */
  mremap(oldAddr: number, oldLen: number, newLen: number, flags: number, newAddr: number): number {
    if (oldAddr % PAGE_SIZE !== 0) throw new Errno(EINVAL);
    if ((flags & ~(mman.MREMAP_MAYMOVE | mman.MREMAP_FIXED)) !== 0) throw new Errno(EINVAL);
    if ((flags & mman.MREMAP_FIXED) !== 0 && (flags & mman.MREMAP_MAYMOVE) === 0) throw new Errno(EINVAL);
    const oldSize = pageUp(oldLen);
    const newSize = pageUp(newLen);
    if (newSize === 0) throw new Errno(EINVAL);
    const vma = this.find(oldAddr);
    if (vma === undefined || oldAddr + oldSize > vma.end || oldSize === 0) throw new Errno(EFAULT);
    // vma_to_resize: growth is checked against the limits before anything moves.
    if (newSize > oldSize && !this.mayExpand((newSize - oldSize) / PAGE_SIZE, vma.prot, vma.shm !== null, vma.kind)) {
      throw new Errno(ENOMEM, 'over RLIMIT_AS/RLIMIT_DATA or machine memory');
    }
    if ((flags & mman.MREMAP_FIXED) !== 0) {
      if (newAddr % PAGE_SIZE !== 0) throw new Errno(EINVAL);
      const ns = newAddr;
      if (ns < oldAddr + oldSize && oldAddr < ns + newSize) throw new Errno(EINVAL);
      this.unmap(ns, ns + newSize);
      return this.moveRange(oldAddr, oldSize, newSize, ns);
    }
    if (newSize <= oldSize) {
      if (newSize < oldSize) this.unmap(oldAddr + newSize, oldAddr + oldSize);
      return oldAddr;
    }
    // Grow in place when the range ends its VMA and the space after it is free.
    if (oldAddr + oldSize === vma.end && this.isFree(vma.end, oldAddr + newSize)) {
      vma.end = oldAddr + newSize;
      if (vma.backing !== null && vma.backing.limit < vma.length) vma.backing.limit = vma.length;
      return oldAddr;
    }
    if ((flags & mman.MREMAP_MAYMOVE) === 0) throw new Errno(ENOMEM);
    const dest = this.findFree(newSize);
    if (dest === null) throw new Errno(ENOMEM);
    return this.moveRange(oldAddr, oldSize, newSize, dest);
  }

  /** Move [old, old+oldSize) to a free range at dest of newSize, carrying its pages (no copying). */
  private moveRange(old: number, oldSize: number, newSize: number, dest: number): number {
    this.splitAround(old, old + oldSize);
    const src = this.find(old)!;
    src.backing?.file.retain?.();
    const moved = new Vma(
      dest,
      dest + newSize,
      src.prot,
      src.kind === 'heap' || src.kind === 'stack' ? 'mmap' : src.kind,
      src.backing && { file: src.backing.file, offset: src.backing.offset, limit: Math.max(src.backing.limit, newSize) },
      src.label,
    );
    if (src.shm !== null) {
      src.shm.obj.users++;
      moved.shm = { obj: src.shm.obj, pgoff: src.shm.pgoff };
    }
    const keep = Math.min(oldSize, newSize);
    const pages = this.pt.range(old / PAGE_SIZE, (old + keep) / PAGE_SIZE);
    for (const [vpn] of pages) this.pt.delete(vpn);
    this.unmap(old, old + oldSize);
    for (const [vpn, pte] of pages) this.pt.set(vpn - old / PAGE_SIZE + dest / PAGE_SIZE, pte);
    this.insert(moved);
    this.hooks.tlbFlush();
    return dest;
  }

  // ---- fork ------------------------------------------------------------------

  /**
   * A copy-on-write duplicate for fork: same VMAs, every present page shared
   * and marked COW in both. Allocates no frames, so it cannot fail.
   */
  cloneCow(hooks: MmHooks): AddressSpace {
    const child = new AddressSpace(this.frames, hooks, this.stackLimit);
    child.brkStart = this.brkStart;
    child.brk = this.brk;
    child.stackTop = this.stackTop;
    child.mmapBase = this.mmapBase;
    child.stackLow = this.stackLow;
    child.limits = this.limits;
    child.vmas = this.vmas.map((m) => {
      m.backing?.file.retain?.();
      const copy = new Vma(m.start, m.end, m.prot, m.kind, m.backing && { ...m.backing }, m.label);
      if (m.shm !== null) {
        m.shm.obj.users++;
        copy.shm = { obj: m.shm.obj, pgoff: m.shm.pgoff };
      }
      return copy;
    });
    for (const [vpn, pte] of this.pt.all()) {
      const vma = this.find(vpn * PAGE_SIZE);
      const cow = vma !== undefined && vma.shm === null && (vma.prot & VM_WRITE) !== 0;
      const shared = cow ? pte | PTE_COW : pte;
      this.pt.set(vpn, shared);
      child.pt.set(vpn, shared);
      this.frames.ref(pteFrame(pte));
    }
    this.hooks.tlbFlush();
    return child;
  }

  // ---- introspection -------------------------------------------------------

  /** The lines of /proc/self/maps. */
  maps(): MapsEntry[] {
    return this.vmas
      .filter((m) => m.kind !== 'guard')
      .map((m) => ({
        start: m.start,
        end: m.end,
        perms: `${protString(m.prot)}${m.shm !== null ? 's' : 'p'}`,
        offset: m.backing ? Math.max(0, m.backing.offset) : 0,
        name: m.backing ? m.backing.file.name : m.label,
      }));
  }
}

/** Whether a VMA with `prot` allows `access`. Write implies read, and so does exec (arm64). */
function permits(prot: number, access: Access): boolean {
  if (access === ACCESS_WRITE) return (prot & VM_WRITE) !== 0;
  if (access === ACCESS_EXEC) return (prot & VM_EXEC) !== 0;
  return access === ACCESS_READ && prot !== 0;
}

/** Linux's is_data_mapping: private, writable and not the stack. */
function isDataMapping(prot: number, shared: boolean, kind: VmaKind): boolean {
  return (prot & VM_WRITE) !== 0 && !shared && kind !== 'stack' && kind !== 'guard';
}

export function protToVm(prot: number): number {
  return prot & (VM_READ | VM_WRITE | VM_EXEC);
}
