// Synthetic ELF images for loader tests: a two-segment static executable by
// default, with every field overridable so each defect can be produced.
import * as elf from '../../abi/linux/elf.js';
import type { ExecSource } from '../elf.js';

export interface Ph {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export interface Spec {
  type?: number;
  machine?: number;
  entry?: number;
  phentsize?: number;
  phs?: Ph[];
  size?: number;
  interp?: string;
  patch?: (b: Uint8Array) => void;
}

export const TEXT: Ph = { type: elf.PT_LOAD, flags: elf.PF_R | elf.PF_X, offset: 0, vaddr: 0x400000, filesz: 0x1000, memsz: 0x1000 };
export const DATA: Ph = { type: elf.PT_LOAD, flags: elf.PF_R | elf.PF_W, offset: 0x1000, vaddr: 0x411000, filesz: 0x100, memsz: 0x2000 };

export function buildElf(s: Spec = {}): Uint8Array {
  const phs = s.phs ?? [TEXT, DATA];
  const size = s.size ?? 0x2000;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EV_CURRENT]);
  dv.setUint16(16, s.type ?? elf.ET_EXEC, true);
  dv.setUint16(18, s.machine ?? elf.EM_AARCH64, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(s.entry ?? 0x400100), true);
  dv.setBigUint64(32, 64n, true);
  dv.setUint16(52, 64, true);
  dv.setUint16(54, s.phentsize ?? 56, true);
  dv.setUint16(56, phs.length, true);
  phs.forEach((p, i) => {
    const o = 64 + 56 * i;
    dv.setUint32(o, p.type, true);
    dv.setUint32(o + 4, p.flags, true);
    dv.setBigUint64(o + 8, BigInt(p.offset), true);
    dv.setBigUint64(o + 16, BigInt(p.vaddr), true);
    dv.setBigUint64(o + 24, BigInt(p.vaddr), true);
    dv.setBigUint64(o + 32, BigInt(p.filesz), true);
    dv.setBigUint64(o + 40, BigInt(p.memsz), true);
    dv.setBigUint64(o + 48, 0x1000n, true);
  });
  if (s.interp !== undefined) {
    const at = 0x800;
    b.set(new TextEncoder().encode(s.interp + '\0'), at);
  }
  s.patch?.(b);
  return b;
}

export function source(bytes: Uint8Array, name = '/bin/prog'): ExecSource {
  return {
    name,
    size: bytes.length,
    read(pos, dst) {
      const part = bytes.subarray(pos, pos + dst.length);
      dst.set(part);
      return part.length;
    },
  };
}
