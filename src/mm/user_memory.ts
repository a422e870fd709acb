// The only way the kernel reads or writes guest memory (copy_from_user /
// copy_to_user). Every method checks the guest's mapping and permissions and
// throws Errno(EFAULT) for a bad pointer; none of them can crash the host.
// Demand paging and copy-on-write apply as for the guest's own accesses.
// Addresses are plain numbers (user addresses are below 2^48).

export interface UserMemory {
  /** Copy `len` bytes in from the guest. */
  read(addr: number, len: number): Uint8Array;
  /** Copy bytes out to the guest. */
  write(addr: number, data: Uint8Array): void;
  /** A NUL-terminated string of at most `max` bytes (ENAMETOOLONG past it), as bytes without the NUL. */
  readCString(addr: number, max: number): Uint8Array;
  readU32(addr: number): number;
  readU64(addr: number): bigint;
  writeU32(addr: number, v: number): void;
  writeU64(addr: number, v: bigint): void;
}
