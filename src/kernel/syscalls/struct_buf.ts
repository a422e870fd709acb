// A little-endian byte buffer for building and reading C structs that are
// copied to and from guest memory (timespec, rusage, utsname, ...).

export class StructBuf {
  readonly bytes: Uint8Array;
  private readonly dv: DataView;

  constructor(sizeOrBytes: number | Uint8Array) {
    this.bytes = typeof sizeOrBytes === 'number' ? new Uint8Array(sizeOrBytes) : sizeOrBytes;
    this.dv = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  u16(off: number, v: number): this {
    this.dv.setUint16(off, v, true);
    return this;
  }
  u32(off: number, v: number): this {
    this.dv.setUint32(off, v >>> 0, true);
    return this;
  }
  /** A 64-bit field from a number (exact below 2^53; negative values are two's complement). */
  i64(off: number, v: number | bigint): this {
    this.dv.setBigInt64(off, BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), true);
    return this;
  }
  /** A NUL-padded string field. */
  str(off: number, s: string, size: number): this {
    const b = new TextEncoder().encode(s).subarray(0, size - 1);
    this.bytes.set(b, off);
    return this;
  }

  getU32(off: number): number {
    return this.dv.getUint32(off, true);
  }
  getI64(off: number): bigint {
    return this.dv.getBigInt64(off, true);
  }
  getU64(off: number): bigint {
    return this.dv.getBigUint64(off, true);
  }
}
