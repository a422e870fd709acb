// The AArch64 EL0 CPU, interpreter tier. State and guest RAM live in one
// WebAssembly.Memory (see state.ts). Instructions are decoded once into
// closures cached per physical frame; run(budget) executes until the budget
// is spent or something needs the kernel, and returns a CpuExit.

import {
  ACCESS_EXEC,
  ACCESS_READ,
  ACCESS_WRITE,
  type Access,
  type CpuExit,
  faultExit,
  GuestFault,
  type Mmu,
} from './exit.js';
import * as S from './state.js';
import { decode } from './decode/top.js';
import { Jit, JitPage, HOT } from './jit/jit.js';

/**
 * One decoded instruction. Called with the CPU and the address of the
 * instruction; returns the address of the next one. It may throw GuestFault
 * from a memory access before it has changed any architectural state.
 */
export type Op = (c: Cpu, pc: number) => number;

const PAGE_OPS = S.PAGE_SIZE >> 2;

/** The decoded instructions of one frame (and its compiled regions, with the JIT on). */
interface CodePage {
  readonly frame: number;
  readonly ops: Array<Op | undefined>;
  jit: JitPage | null;
}

export class Cpu {
  readonly memory: WebAssembly.Memory;
  mmu: Mmu;
  /** Views of the whole memory; re-created by refreshViews() after growth. */
  u8!: Uint8Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  dv!: DataView;
  private rTag!: Float64Array;
  private wTag!: Float64Array;
  private xTag!: Float64Array;
  private rOff!: Uint32Array;
  private wOff!: Uint32Array;
  private xOff!: Uint32Array;

  /** Decoded pages, indexed by host frame offset >>> 12 (never a Map on the hot path). */
  private code: Array<CodePage | undefined> = [];
  /** The JIT tier, or null to interpret only (see useJit). */
  private jit: Jit | null = null;
  /** Set by an instruction to stop the run loop after it (svc, brk, code change). */
  stopRequested = false;
  /** The reason for the stop, set together with stopRequested. */
  pendingExit: CpuExit | null = null;
  /** Instructions retired since the machine started. */
  instructions = 0;
  /**
   * The generic timer as EL0 reads it: CNTFRQ_EL0 = hz, CNTVCT_EL0 = read().
   * The kernel may install a host clock here. The default ticks once per
   * retired instruction (counted at the end of each run slice) at qemu virt's
   * 62.5 MHz, so guest time is monotonic and deterministic.
   */
  counter: { hz: number; read(): number } = { hz: 62_500_000, read: () => this.instructions };

  constructor(memory: WebAssembly.Memory, mmu: Mmu) {
    this.memory = memory;
    this.mmu = mmu;
    this.refreshViews();
    this.tlbFlush();
  }

  /** Re-create every typed-array view; call after memory.grow(). */
  refreshViews(): void {
    const b = this.memory.buffer;
    this.u8 = new Uint8Array(b);
    this.i32 = new Int32Array(b);
    this.u32 = new Uint32Array(b);
    this.f32 = new Float32Array(b);
    this.f64 = new Float64Array(b);
    this.dv = new DataView(b);
    this.rTag = new Float64Array(b, S.TLB_RTAG_OFF, S.TLB_ENTRIES);
    this.wTag = new Float64Array(b, S.TLB_WTAG_OFF, S.TLB_ENTRIES);
    this.xTag = new Float64Array(b, S.TLB_XTAG_OFF, S.TLB_ENTRIES);
    this.rOff = new Uint32Array(b, S.TLB_ROFF_OFF, S.TLB_ENTRIES);
    this.wOff = new Uint32Array(b, S.TLB_WOFF_OFF, S.TLB_ENTRIES);
    this.xOff = new Uint32Array(b, S.TLB_XOFF_OFF, S.TLB_ENTRIES);
  }

  /** Forget every translation (context switch, unmap, protect). */
  tlbFlush(): void {
    this.rTag.fill(-1);
    this.wTag.fill(-1);
    this.xTag.fill(-1);
    if (this.jit !== null) this.jit.clearJumpCache();
  }

  /** Turn the WebAssembly JIT tier on or off (off: the interpreter runs everything). */
  useJit(on: boolean): void {
    this.invalidateAllCode();
    this.jit = on ? new Jit(this.memory, () => this) : null;
  }
  /** The JIT, when on (for tests and statistics). */
  get jitTier(): Jit | null {
    return this.jit;
  }

  /** Forget the decoded instructions of one frame (freed, or written). */
  invalidateCode(frameOff: number): void {
    const k = frameOff >>> 12;
    const p = this.code[k];
    if (p !== undefined && p.frame === frameOff) {
      if (p.jit !== null && this.jit !== null) {
        this.jit.clearJumpCache();
        this.jit.release(p.jit);
      }
      this.code[k] = undefined;
      this.stopRequested = true;
    }
  }

  /** Forget all decoded instructions. */
  invalidateAllCode(): void {
    const jit = this.jit;
    if (jit !== null) {
      jit.clearJumpCache();
      for (const p of this.code) if (p !== undefined && p.jit !== null) jit.release(p.jit);
    }
    this.code = [];
    this.stopRequested = true;
  }

  private hasCode(frameOff: number): boolean {
    const p = this.code[frameOff >>> 12];
    return p !== undefined && p.frame === frameOff;
  }

  // ---- registers -------------------------------------------------------

  /** X register as a double; exact below 2^53 (addresses, small values). */
  xNum(n: number): number {
    return (this.i32[2 * n + 1] >>> 0) * 4294967296 + (this.i32[2 * n] >>> 0);
  }
  /** X register as an unsigned BigInt (slow; for the kernel and tests). */
  xBig(n: number): bigint {
    return (BigInt(this.i32[2 * n + 1] >>> 0) << 32n) | BigInt(this.i32[2 * n] >>> 0);
  }
  setXNum(n: number, v: number): void {
    this.i32[2 * n] = v % 4294967296;
    this.i32[2 * n + 1] = Math.floor(v / 4294967296);
  }
  setXBig(n: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.i32[2 * n] = Number(u & 0xffffffffn);
    this.i32[2 * n + 1] = Number(u >> 32n);
  }
  /** Write X[n] from halves (slot ZR_WRITE swallows it). */
  setX(n: number, lo: number, hi: number): void {
    this.i32[2 * n] = lo;
    this.i32[2 * n + 1] = hi;
  }

  get pc(): number {
    return (this.i32[(S.PC_OFF >> 2) + 1] >>> 0) * 4294967296 + (this.i32[S.PC_OFF >> 2] >>> 0);
  }
  set pc(v: number) {
    this.i32[S.PC_OFF >> 2] = v % 4294967296;
    this.i32[(S.PC_OFF >> 2) + 1] = Math.floor(v / 4294967296);
  }

  /** Reset the architectural state of the block to zero. */
  resetState(): void {
    this.u8.fill(0, 0, S.CONTEXT_SIZE);
  }
  /** Copy the task context out of the block (for a context switch). */
  saveContext(into: Uint8Array): void {
    into.set(this.u8.subarray(0, S.CONTEXT_SIZE));
  }
  loadContext(from: Uint8Array): void {
    this.u8.set(from.subarray(0, S.CONTEXT_SIZE));
    this.i32[2 * S.ZR_READ] = 0;
    this.i32[2 * S.ZR_READ + 1] = 0;
  }

  // ---- flags -------------------------------------------------------------

  setNZCV(n: number, z: number, c: number, v: number): void {
    const i = this.i32;
    i[S.N_OFF >> 2] = n;
    i[S.Z_OFF >> 2] = z;
    i[S.C_OFF >> 2] = c;
    i[S.V_OFF_FLAG >> 2] = v;
  }
  /** NZCV packed as in the NZCV system register (bits 31..28). */
  get nzcv(): number {
    const i = this.i32;
    return (
      ((i[S.N_OFF >> 2] << 31) | (i[S.Z_OFF >> 2] << 30) | (i[S.C_OFF >> 2] << 29) | (i[S.V_OFF_FLAG >> 2] << 28)) >>> 0
    );
  }
  set nzcv(v: number) {
    this.setNZCV((v >>> 31) & 1, (v >>> 30) & 1, (v >>> 29) & 1, (v >>> 28) & 1);
  }
  /** Evaluate condition code `cond` (0..15) against NZCV. */
  cond(cond: number): boolean {
    const i = this.i32;
    let r: boolean;
    switch (cond >> 1) {
      case 0: r = i[S.Z_OFF >> 2] === 1; break; // EQ
      case 1: r = i[S.C_OFF >> 2] === 1; break; // CS
      case 2: r = i[S.N_OFF >> 2] === 1; break; // MI
      case 3: r = i[S.V_OFF_FLAG >> 2] === 1; break; // VS
      case 4: r = i[S.C_OFF >> 2] === 1 && i[S.Z_OFF >> 2] === 0; break; // HI
      case 5: r = i[S.N_OFF >> 2] === i[S.V_OFF_FLAG >> 2]; break; // GE
      case 6: r = i[S.N_OFF >> 2] === i[S.V_OFF_FLAG >> 2] && i[S.Z_OFF >> 2] === 0; break; // GT
      default: return true; // AL, NV
    }
    return (cond & 1) === 1 ? !r : r;
  }

  // ---- memory: translation ------------------------------------------------

  /** Host byte offset for reading the byte at va. */
  tr(va: number): number {
    const vpn = Math.floor(va / 4096);
    const i = vpn & (S.TLB_ENTRIES - 1);
    if (this.rTag[i] === vpn) return this.rOff[i] + (va & 0xfff);
    return this.fill(va, ACCESS_READ, i, vpn);
  }
  /** Host byte offset for writing the byte at va. */
  tw(va: number): number {
    const vpn = Math.floor(va / 4096);
    const i = vpn & (S.TLB_ENTRIES - 1);
    if (this.wTag[i] === vpn) return this.wOff[i] + (va & 0xfff);
    return this.fill(va, ACCESS_WRITE, i, vpn);
  }

  private fill(va: number, access: Access, i: number, vpn: number): number {
    if (va < 0 || va >= 2 ** 48) throw new GuestFault(va, access, 'unmapped');
    let off: number;
    try {
      off = this.mmu.fill(va - (va % 4096), access);
    } catch (e) {
      // Report the faulting byte itself (si_addr), not its page.
      if (e instanceof GuestFault && e.addr !== va) throw new GuestFault(va, e.access, e.reason);
      throw e;
    }
    if (access === ACCESS_WRITE) {
      // A frame that holds decoded code is about to be written: drop the code.
      if (this.hasCode(off)) this.invalidateCode(off);
      this.wTag[i] = vpn;
      this.wOff[i] = off;
      // The write may have broken copy-on-write: the read entry must follow.
      this.rTag[i] = vpn;
      this.rOff[i] = off;
    } else if (access === ACCESS_READ) {
      this.rTag[i] = vpn;
      this.rOff[i] = off;
    } else {
      this.xTag[i] = vpn;
      this.xOff[i] = off;
    }
    return off + (va & 0xfff);
  }

  /** Strip the top byte (Linux enables TBI for EL0 data accesses). */
  static addr(lo: number, hi: number): number {
    return (hi & 0x00ffffff) * 4294967296 + (lo >>> 0);
  }
  /** Effective address from register slot n plus a byte offset. */
  ea(n: number, offset: number): number {
    const i = this.i32;
    const lo = (i[2 * n] >>> 0) + offset;
    // Fold the carry or borrow of the low half into the high half, wrapping at 2^64.
    const hi = (i[2 * n + 1] + Math.floor(lo / 4294967296)) | 0;
    return (hi & 0x00ffffff) * 4294967296 + (lo >>> 0);
  }

  // ---- memory: loads and stores -----------------------------------------------
  // Each access of `size` bytes that crosses a page goes byte by byte, so a
  // fault names the first inaccessible byte, as the hardware does.

  // Translate before touching a view: a TLB miss may grow the memory, which
  // detaches the views (`this.u8[this.tr(va)]` would use the stale one).
  ld8(va: number): number {
    const a = this.tr(va);
    return this.u8[a];
  }
  ld16(va: number): number {
    if ((va & 0xfff) > 0xffe) return this.ldSlow(va, 2);
    const a = this.tr(va);
    return this.dv.getUint16(a, true);
  }
  ld32(va: number): number {
    if ((va & 0xfff) > 0xffc) return this.ldSlow(va, 4);
    const a = this.tr(va);
    return this.dv.getUint32(a, true);
  }
  /** Load 8 bytes at va into the state block at byte offset dst. */
  ld64(va: number, dst: number): void {
    this.ldInto(va, dst, 8);
  }
  /** Load 16 bytes at va into the state block at byte offset dst. */
  ld128(va: number, dst: number): void {
    this.ldInto(va, dst, 16);
  }
  /** Load `size` bytes at va into the state block at byte offset dst. */
  ldInto(va: number, dst: number, size: number): void {
    if ((va & 0xfff) > 4096 - size) {
      // Check every page first so a fault leaves dst untouched.
      const first = 4096 - (va & 0xfff);
      const a = this.tr(va);
      const b0 = this.tr(va + first);
      const u8 = this.u8;
      for (let k = 0; k < first; k++) u8[dst + k] = u8[a + k];
      for (let k = first; k < size; k++) u8[dst + k] = u8[b0 + (k - first)];
      return;
    }
    const a = this.tr(va);
    const i32 = this.i32;
    if ((a & 3) === 0 && (dst & 3) === 0) {
      for (let k = 0; k < size >> 2; k++) i32[(dst >> 2) + k] = i32[(a >> 2) + k];
      if ((size & 3) === 0) return;
    }
    this.u8.copyWithin(dst, a, a + size);
  }
  private ldSlow(va: number, size: number): number {
    this.ldInto(va, S.TMP_OFF + 48, size);
    return size === 2 ? this.dv.getUint16(S.TMP_OFF + 48, true) : this.dv.getUint32(S.TMP_OFF + 48, true);
  }

  st8(va: number, v: number): void {
    const a = this.tw(va);
    this.u8[a] = v;
  }
  st16(va: number, v: number): void {
    if ((va & 0xfff) > 0xffe) {
      this.dv.setUint16(S.TMP_OFF + 48, v, true);
      this.stFrom(va, S.TMP_OFF + 48, 2);
      return;
    }
    const a = this.tw(va);
    this.dv.setUint16(a, v, true);
  }
  st32(va: number, v: number): void {
    if ((va & 0xfff) > 0xffc) {
      this.dv.setUint32(S.TMP_OFF + 48, v >>> 0, true);
      this.stFrom(va, S.TMP_OFF + 48, 4);
      return;
    }
    const a = this.tw(va);
    this.dv.setUint32(a, v >>> 0, true);
  }
  /** Store 8 bytes from the state block at byte offset src to va. */
  st64(va: number, src: number): void {
    this.stFrom(va, src, 8);
  }
  st128(va: number, src: number): void {
    this.stFrom(va, src, 16);
  }
  /** Store `size` bytes from the state block at byte offset src to va. */
  stFrom(va: number, src: number, size: number): void {
    if ((va & 0xfff) > 4096 - size) {
      const first = 4096 - (va & 0xfff);
      const a = this.tw(va);
      const b0 = this.tw(va + first);
      const u8 = this.u8;
      for (let k = 0; k < first; k++) u8[a + k] = u8[src + k];
      for (let k = first; k < size; k++) u8[b0 + (k - first)] = u8[src + k];
      return;
    }
    const a = this.tw(va);
    const i32 = this.i32;
    if ((a & 3) === 0 && (src & 3) === 0 && (size & 3) === 0) {
      for (let k = 0; k < size >> 2; k++) i32[(a >> 2) + k] = i32[(src >> 2) + k];
      return;
    }
    this.u8.copyWithin(a, src, src + size);
  }

  /** Clear the exclusive monitor (on context switch and by CLREX). */
  clearExclusive(): void {
    this.i32[S.EXCL_VALID_OFF >> 2] = 0;
  }

  // ---- execution -----------------------------------------------------------

  /** Stop after the current instruction with `exit` (used by SVC, BRK, UDF). */
  raise(exit: CpuExit): void {
    this.pendingExit = exit;
    this.stopRequested = true;
  }

  private codePage(pc: number): CodePage {
    const vpn = Math.floor(pc / 4096);
    const i = vpn & (S.TLB_ENTRIES - 1);
    let off: number;
    if (this.xTag[i] === vpn) off = this.xOff[i];
    else off = this.fill(pc - (pc % 4096), ACCESS_EXEC, i, vpn) - 0;
    const k = off >>> 12;
    let p = this.code[k];
    if (p === undefined || p.frame !== off) {
      // The frame may be writable through a cached entry: make writes miss so they invalidate.
      for (let e = 0; e < S.TLB_ENTRIES; e++) if (this.wTag[e] !== -1 && this.wOff[e] === off) this.wTag[e] = -1;
      p = { frame: off, ops: new Array<Op | undefined>(PAGE_OPS), jit: null };
      while (this.code.length <= k) this.code.push(undefined);
      this.code[k] = p;
    }
    return p;
  }

  /**
   * Run until `budget` instructions have retired or something needs the
   * kernel. The PC in the state block is where execution continues.
   */
  run(budget: number): CpuExit {
    if (this.jit !== null) return this.runJit(budget, this.jit);
    let pc = this.pc;
    let n = 0;
    let exit: CpuExit = { kind: 'budget' };
    this.pendingExit = null;
    try {
      while (n < budget) {
        if ((pc & 3) !== 0) {
          exit = { kind: 'alignment', addr: pc };
          break;
        }
        const page = this.codePage(pc);
        const ops = page.ops;
        const base = pc - (pc & 0xfff);
        const frame = page.frame;
        this.stopRequested = false;
        for (;;) {
          const idx = (pc - base) >> 2;
          let op = ops[idx];
          if (op === undefined) op = ops[idx] = decode(this.u32[(frame >> 2) + idx]);
          pc = op(this, pc);
          n++;
          if (this.stopRequested || n >= budget) break;
          const d = pc - base;
          if (d < 0 || d >= 4096 || (d & 3) !== 0) break;
        }
        if (this.pendingExit !== null) {
          exit = this.pendingExit;
          this.pendingExit = null;
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      exit = faultExit(e);
    }
    this.instructions += n;
    this.pc = pc;
    return exit;
  }

  /**
   * run() with the JIT: at every entry into a page offset (a taken branch,
   * a new page, the instruction after a JIT exit) run the compiled region if
   * there is one, else count the entry and interpret up to the next taken
   * branch. The interpreter is the reference: a region exits to it, before
   * the instruction, for anything it does not handle.
   */
  private runJit(budget: number, jit: Jit): CpuExit {
    if (jit.pending > 0) jit.flush();
    let pc = this.pc;
    let n = 0;
    let exit: CpuExit = { kind: 'budget' };
    this.pendingExit = null;
    let single = false;
    try {
      while (n < budget) {
        if ((pc & 3) !== 0) {
          exit = { kind: 'alignment', addr: pc };
          break;
        }
        const page = this.codePage(pc);
        const ops = page.ops;
        const base = pc - (pc & 0xfff);
        const frame = page.frame;
        let jp = page.jit;
        if (jp === null) jp = page.jit = new JitPage(frame);
        const fns = jp.fns;
        let idx = (pc - base) >> 2;
        const f = fns[idx];
        if (f !== undefined) {
          jit.remember(pc, jp.slots[idx]);
          const total = f(base, budget, n);
          if (jit.stats !== null) jit.stats.region(total - n);
          if (total > n) {
            n = total;
            pc = this.pc;
            // The region may have stopped before an instruction it leaves to
            // the interpreter: interpret just that one, then look again.
            single = true;
            continue;
          }
        } else if (++jp.hits[idx] === HOT) {
          jit.enqueue(jp, idx);
          if (jit.full) jit.flush();
        }
        this.stopRequested = false;
        const idx0 = idx;
        const n0 = n;
        for (;;) {
          let op = ops[idx];
          if (op === undefined) op = ops[idx] = decode(this.u32[(frame >> 2) + idx]);
          const next = op(this, pc);
          n++;
          if (this.stopRequested || n >= budget) {
            pc = next;
            break;
          }
          const d = next - base;
          const taken = d !== pc - base + 4;
          pc = next;
          if (single || taken || d >= 4096) break;
          idx = d >> 2;
          if (fns[idx] !== undefined) break;
        }
        if (jit.stats !== null) jit.stats.interpreted(this.u32, frame, idx0, n - n0, single);
        single = false;
        if (this.pendingExit !== null) {
          exit = this.pendingExit;
          this.pendingExit = null;
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      exit = faultExit(e);
    }
    this.instructions += n;
    this.pc = pc;
    return exit;
  }
}

export { ACCESS_EXEC, ACCESS_READ, ACCESS_WRITE };
