// The signal return trampoline page ("[vdso]"): SIGTRAMP_CODE mapped
// read+exec in every address space, where a handler installed without
// SA_RESTORER (all of glibc's) returns to. It is a private mapping of a
// tiny built-in file, so its frame is allocated on first use, copied on
// fork like any page, and freed with the address space.
import { MAP_PRIVATE, PROT_EXEC, PROT_READ } from '../../abi/linux/mman.js';
import { PAGE_SIZE } from '../../cpu/state.js';
import { type AddressSpace, type MappedFile, VM_EXEC } from '../../mm/address_space.js';
import { Errno } from '../errno.js';
import { SIGTRAMP_CODE } from './rt_sigframe.js';

const CODE = new Uint8Array(new Uint32Array(SIGTRAMP_CODE).buffer);

/** The page's contents: the trampoline at offset 0, zeros after it. */
const SIGTRAMP_FILE: MappedFile = {
  name: '[vdso]',
  read(pos: number, dst: Uint8Array): number {
    if (pos >= PAGE_SIZE) return 0;
    const n = Math.min(dst.length, PAGE_SIZE - pos);
    dst.fill(0, 0, n);
    if (pos < CODE.length) dst.set(CODE.subarray(pos, Math.min(CODE.length, pos + n)));
    return n;
  },
};

/** Map the trampoline page into `mm` (where mmap would put a page); returns its address. Throws Errno(ENOMEM). */
export function mapSigtramp(mm: AddressSpace): number {
  return mm.mmap(0, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, SIGTRAMP_FILE, 0);
}

/** The trampoline's address in `mm`, mapping it first if the program unmapped it; 0n if it cannot be mapped. */
export function sigtrampAddress(mm: AddressSpace): bigint {
  for (const v of mm.areas()) {
    if (v.backing?.file === SIGTRAMP_FILE && v.backing.offset === 0 && (v.prot & VM_EXEC) !== 0) return BigInt(v.start);
  }
  try {
    return BigInt(mapSigtramp(mm));
  } catch (e) {
    if (e instanceof Errno) return 0n;
    throw e;
  }
}
