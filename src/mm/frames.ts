// The frame allocator: owns the guest physical pages of the machine's
// WebAssembly.Memory (frame i lives at FRAME_BASE + i * PAGE_SIZE), counts them
// exactly and refcounts them so fork can share pages copy-on-write. The Memory
// starts small and grows on demand up to the machine's memory size.
import { FRAME_BASE, PAGE_SIZE } from '../cpu/state.js';

const WASM_PAGE = 65536;

export interface FrameHooks {
  /** Called after memory.grow(): every typed-array view must be re-created (cpu.refreshViews). */
  grown(): void;
  /** Called when a frame returns to the free pool: decoded code for it is stale (cpu.invalidateCode). */
  freed(hostOffset: number): void;
}

export class FrameAllocator {
  readonly memory: WebAssembly.Memory;
  /** Total number of frames the machine may use. */
  readonly total: number;
  hooks: FrameHooks = { grown() {}, freed() {} };
  /** Refcount per frame index; 0 = free. */
  private refs: Uint16Array;
  /** Frame indices returned to the pool, reused first (LIFO). */
  private freeList: number[] = [];
  /** Frames at or above this index have never been handed out. */
  private watermark = 0;
  /** Frames in use, counting reservations. */
  private used = 0;
  /** Frames promised without a physical frame (tmpfs file data, which lives outside guest memory). */
  private reserved = 0;
  private bytes: Uint8Array;
  /** Fault injection: the allocation number (1-based, counted from arming) that fails; 0 = off. */
  private failAt = 0;
  private allocCount = 0;

  constructor(memory: WebAssembly.Memory, memoryBytes: number) {
    this.memory = memory;
    const maxBytes = Math.min(memoryBytes, 65536 * WASM_PAGE - FRAME_BASE);
    this.total = Math.floor(maxBytes / PAGE_SIZE);
    this.refs = new Uint16Array(this.total);
    this.bytes = new Uint8Array(memory.buffer);
  }

  /** Number of free frames (exact). */
  freePages(): number {
    return this.total - this.used;
  }

  /** Frames in use (reservations included). */
  usedPages(): number {
    return this.used;
  }

  /** Frames taken by reservations. */
  reservedPages(): number {
    return this.reserved;
  }

  /**
   * Take n frames out of the free count without handing out frames (a page
   * of tmpfs data is charged here while its bytes live elsewhere). False,
   * and nothing taken, when fewer than n frames are free.
   */
  reserve(n: number): boolean {
    if (n < 0 || this.used + n > this.total) return false;
    this.used += n;
    this.reserved += n;
    return true;
  }

  /** Give back n reserved frames. */
  unreserve(n: number): void {
    if (n < 0 || n > this.reserved) throw new Error(`unreserve(${n}) with ${this.reserved} reserved`);
    this.used -= n;
    this.reserved -= n;
  }

  /**
   * Make the n-th allocation from now fail (n >= 1); 0 disarms. Tests use it to
   * check that every allocation site unwinds its partial work.
   */
  failNth(n: number): void {
    this.failAt = n;
    this.allocCount = 0;
  }

  /** Number of allocations made since the last failNth() call. */
  allocationsSinceArmed(): number {
    return this.allocCount;
  }

  /** A zeroed frame with refcount 1, as a host byte offset; null when memory is exhausted. */
  alloc(): number | null {
    this.allocCount++;
    if (this.failAt !== 0 && this.allocCount === this.failAt) {
      this.failAt = 0;
      return null;
    }
    if (this.used >= this.total) return null;
    let idx: number;
    if (this.freeList.length > 0) {
      idx = this.freeList.pop()!;
    } else {
      if (this.watermark >= this.total) return null;
      idx = this.watermark;
      if (!this.ensureBacked(idx)) return null;
      this.watermark++;
    }
    this.refs[idx] = 1;
    this.used++;
    const off = FRAME_BASE + idx * PAGE_SIZE;
    this.bytes.fill(0, off, off + PAGE_SIZE);
    return off;
  }

  /** Add a reference to an allocated frame (copy-on-write sharing). */
  ref(off: number): void {
    const idx = this.index(off);
    if (this.refs[idx] === 0) throw new Error(`frame 0x${off.toString(16)} is free`);
    if (this.refs[idx] === 0xffff) throw new Error(`frame 0x${off.toString(16)} refcount overflow`);
    this.refs[idx]++;
  }

  /** Drop a reference; the frame returns to the pool when the last one goes. */
  unref(off: number): void {
    const idx = this.index(off);
    if (this.refs[idx] === 0) throw new Error(`double free of frame 0x${off.toString(16)}`);
    if (--this.refs[idx] === 0) {
      this.used--;
      this.freeList.push(idx);
      this.hooks.freed(off);
    }
  }

  refCount(off: number): number {
    return this.refs[this.index(off)];
  }

  /** The whole memory as bytes (re-read after any allocation: the memory may have grown). */
  view(): Uint8Array {
    return this.bytes;
  }

  private index(off: number): number {
    const rel = off - FRAME_BASE;
    if (rel < 0 || rel % PAGE_SIZE !== 0 || rel / PAGE_SIZE >= this.total) {
      throw new Error(`0x${off.toString(16)} is not a frame`);
    }
    return rel / PAGE_SIZE;
  }

  /** Grow the Memory so frame idx is backed; false when it cannot grow. */
  private ensureBacked(idx: number): boolean {
    const need = FRAME_BASE + (idx + 1) * PAGE_SIZE;
    const have = this.memory.buffer.byteLength;
    if (need <= have) return true;
    // Grow in steps of at least 4 MiB, never beyond what the machine may use.
    const limit = FRAME_BASE + this.total * PAGE_SIZE;
    const target = Math.min(Math.max(need, have + (4 << 20), have * 1.25), limit);
    const delta = Math.ceil((target - have) / WASM_PAGE);
    try {
      this.memory.grow(delta);
    } catch {
      return false;
    }
    this.bytes = new Uint8Array(this.memory.buffer);
    this.hooks.grown();
    return true;
  }
}
