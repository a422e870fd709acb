// The page table of one address space: virtual page number -> PTE. It is only
// consulted on a TLB miss, so a Map is fine here (the hot path is the CPU's
// software TLB). A PTE is the host byte offset of the frame (page aligned)
// with flag bits in the low 12 bits.

/** The page is shared with another address space and must be copied before a write. */
export const PTE_COW = 1;
export const PTE_FLAGS = 0xfff;

export class PageTable {
  private entries = new Map<number, number>();

  get(vpn: number): number | undefined {
    return this.entries.get(vpn);
  }
  set(vpn: number, pte: number): void {
    this.entries.set(vpn, pte);
  }
  delete(vpn: number): void {
    this.entries.delete(vpn);
  }
  get size(): number {
    return this.entries.size;
  }

  /**
   * The present pages with vpn in [lo, hi), in no particular order. Walks
   * whichever is smaller, the range or the table, so huge sparse
   * reservations stay cheap.
   */
  range(lo: number, hi: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    if (hi - lo <= this.entries.size) {
      for (let v = lo; v < hi; v++) {
        const pte = this.entries.get(v);
        if (pte !== undefined) out.push([v, pte]);
      }
    } else {
      for (const [v, pte] of this.entries) if (v >= lo && v < hi) out.push([v, pte]);
    }
    return out;
  }

  /** Every present page. */
  all(): Array<[number, number]> {
    return [...this.entries];
  }
}

/** The frame (host offset) a PTE points at. */
export function pteFrame(pte: number): number {
  return pte - (pte & PTE_FLAGS);
}
