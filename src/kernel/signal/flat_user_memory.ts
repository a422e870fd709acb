// A UserMemory over one flat read-write region, for the signal-frame tests:
// any access outside [base, base + size) is EFAULT, like an unmapped page.
import { EFAULT } from '../../abi/linux/errno.js';
import type { UserMemory } from '../../mm/user_memory.js';
import { Errno } from '../errno.js';

/** One flat RW region [base, base + size); anything else is EFAULT. */
export class FlatMemory implements UserMemory {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  constructor(
    readonly base: number,
    size: number,
  ) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
  }
  private at(addr: number, len: number): number {
    if (addr < this.base || addr + len > this.base + this.bytes.length) throw new Errno(EFAULT);
    return addr - this.base;
  }
  read(addr: number, len: number): Uint8Array {
    const o = this.at(addr, len);
    return this.bytes.slice(o, o + len);
  }
  write(addr: number, data: Uint8Array): void {
    this.bytes.set(data, this.at(addr, data.length));
  }
  readCString(addr: number, max: number): Uint8Array {
    const o = this.at(addr, 1);
    const end = this.bytes.indexOf(0, o);
    return this.bytes.slice(o, Math.min(end < 0 ? this.bytes.length : end, o + max));
  }
  readU32(addr: number): number {
    return this.dv.getUint32(this.at(addr, 4), true);
  }
  readU64(addr: number): bigint {
    return this.dv.getBigUint64(this.at(addr, 8), true);
  }
  writeU32(addr: number, v: number): void {
    this.dv.setUint32(this.at(addr, 4), v >>> 0, true);
  }
  writeU64(addr: number, v: bigint): void {
    this.dv.setBigUint64(this.at(addr, 8), BigInt.asUintN(64, v), true);
  }
}
