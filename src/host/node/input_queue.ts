// Host input waiting for the guest: chunks as the host delivered them, taken in
// pieces of at most the size a read asks for, and whether the input has ended.

export class InputQueue {
  private readonly chunks: Uint8Array[] = [];
  ended = false;

  push(data: Uint8Array): void {
    if (data.length > 0) this.chunks.push(data);
  }

  /** Up to `max` bytes; an empty array when none are here yet, null once the input has ended and is drained. */
  take(max: number): Uint8Array | null {
    const first = this.chunks[0];
    if (first === undefined) return this.ended ? null : new Uint8Array(0);
    if (first.length <= max) {
      this.chunks.shift();
      return first;
    }
    this.chunks[0] = first.subarray(max);
    return first.subarray(0, max);
  }
}
