// Advanced SIMD structure loads and stores (Arm ARM C4.1.4: "Advanced SIMD
// load/store multiple structures", "... single structure", with their
// post-indexed forms): LD1-LD4/ST1-ST4 multiple, single lane, and LD1R-LD4R.
//
// Every op moves at most 64 bytes, so it goes through the 64-byte scratch
// area: a load copies the guest bytes in (both pages checked before any
// copy), then scatters them to the registers; a store gathers the registers
// into scratch, then copies out. Register numbers wrap modulo 32.

import type { Cpu, Op } from '../cpu.js';
import { TMP_OFF, V_OFF } from '../state.js';
import { wbImm, wbReg } from './ldst_mem.js';

/** Post-index kinds: none, by the transfer size, by register X[m]. */
export const POST_NONE = 0;
export const POST_IMM = 1;
export const POST_REG = 2;

/** The opcode field of multiple-structure ops: [registers per repeat, repeats]. */
function multipleShape(opcode: number): [number, number] | null {
  switch (opcode) {
    case 0b0000: return [4, 1]; // LD4/ST4
    case 0b0010: return [1, 4]; // LD1/ST1, 4 registers
    case 0b0100: return [3, 1]; // LD3/ST3
    case 0b0110: return [1, 3]; // LD1/ST1, 3 registers
    case 0b0111: return [1, 1]; // LD1/ST1, 1 register
    case 0b1000: return [2, 1]; // LD2/ST2
    case 0b1010: return [1, 2]; // LD1/ST1, 2 registers
  }
  return null;
}

function vreg(t: number): number {
  return V_OFF + 16 * (t & 31);
}

/** Zero bytes 8..15 of V[t]. */
function zeroUpper(c: Cpu, t: number): void {
  const i = c.i32;
  const k = vreg(t) >> 2;
  i[k + 2] = 0;
  i[k + 3] = 0;
}

/**
 * Move interleaved structures between the scratch area and registers
 * V[t..t+selem-1]: element e of register s is structure e, member s. With
 * `toRegs` the scratch area is the source.
 */
function moveElements(c: Cpu, toRegs: boolean, t: number, selem: number, elems: number, es: number): void {
  if (es >= 4) {
    // Word copies: the scratch area, registers and element offsets are all 4-byte aligned.
    const i = c.i32;
    const words = es >> 2;
    for (let s = 0; s < selem; s++) {
      const reg = vreg(t + s) >> 2;
      for (let e = 0; e < elems; e++) {
        const mem = (TMP_OFF >> 2) + (e * selem + s) * words;
        const r = reg + e * words;
        for (let w = 0; w < words; w++) {
          if (toRegs) i[r + w] = i[mem + w];
          else i[mem + w] = i[r + w];
        }
      }
    }
    return;
  }
  const u = c.u8;
  for (let s = 0; s < selem; s++) {
    const reg = vreg(t + s);
    for (let e = 0; e < elems; e++) {
      const mem = TMP_OFF + (e * selem + s) * es;
      const r = reg + e * es;
      for (let b = 0; b < es; b++) {
        if (toRegs) u[r + b] = u[mem + b];
        else u[mem + b] = u[r + b];
      }
    }
  }
}

function finish(c: Cpu, post: number, n: number, m: number, total: number): void {
  if (post === POST_IMM) wbImm(c, n, total);
  else if (post === POST_REG) wbReg(c, n, m);
}

/**
 * LD1-LD4/ST1-ST4 (multiple structures). q: 128-bit arrangement; size:
 * element size field; t: first V register; n: base slot; m: offset slot for
 * POST_REG.
 */
export function simdMultiple(
  load: boolean,
  q: number,
  opcode: number,
  size: number,
  t: number,
  n: number,
  post: number,
  m: number,
): Op | null {
  const shape = multipleShape(opcode);
  if (shape === null) return null;
  const [selem, rpt] = shape;
  if (size === 3 && q === 0 && selem > 1) return null;
  const regBytes = q === 1 ? 16 : 8;
  const total = selem * rpt * regBytes;
  const es = 1 << size;
  const elems = regBytes / es;
  if (selem === 1) {
    if (load) {
      return (c, pc) => {
        const va = c.ea(n, 0);
        if (rpt === 1) c.ldInto(va, vreg(t), regBytes);
        else {
          c.ldInto(va, TMP_OFF, total);
          const i = c.i32;
          for (let r = 0; r < rpt; r++) {
            const d = vreg(t + r) >> 2;
            const s = (TMP_OFF >> 2) + r * (regBytes >> 2);
            for (let w = 0; w < regBytes >> 2; w++) i[d + w] = i[s + w];
          }
        }
        if (q === 0) for (let r = 0; r < rpt; r++) zeroUpper(c, t + r);
        finish(c, post, n, m, total);
        return pc + 4;
      };
    }
    return (c, pc) => {
      const va = c.ea(n, 0);
      if (rpt === 1) c.stFrom(va, vreg(t), regBytes);
      else {
        const i = c.i32;
        for (let r = 0; r < rpt; r++) {
          const s = vreg(t + r) >> 2;
          const d = (TMP_OFF >> 2) + r * (regBytes >> 2);
          for (let w = 0; w < regBytes >> 2; w++) i[d + w] = i[s + w];
        }
        c.stFrom(va, TMP_OFF, total);
      }
      finish(c, post, n, m, total);
      return pc + 4;
    };
  }
  if (load) {
    return (c, pc) => {
      const va = c.ea(n, 0);
      c.ldInto(va, TMP_OFF, total);
      moveElements(c, true, t, selem, elems, es);
      if (q === 0) for (let s = 0; s < selem; s++) zeroUpper(c, t + s);
      finish(c, post, n, m, total);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const va = c.ea(n, 0);
    moveElements(c, false, t, selem, elems, es);
    c.stFrom(va, TMP_OFF, total);
    finish(c, post, n, m, total);
    return pc + 4;
  };
}

/**
 * LD1-LD4/ST1-ST4 (single structure, one lane) and LD1R-LD4R. Fields as in
 * the encoding: q, opcode (bits 15:13), s (bit 12), size, r (bit 21).
 */
export function simdSingle(
  load: boolean,
  q: number,
  opcode: number,
  s: number,
  size: number,
  r: number,
  t: number,
  n: number,
  post: number,
  m: number,
): Op | null {
  const selem = (((opcode & 1) << 1) | r) + 1;
  let scale = opcode >> 1;
  let index = 0;
  let replicate = false;
  switch (scale) {
    case 0:
      index = (q << 3) | (s << 2) | size;
      break;
    case 1:
      if ((size & 1) !== 0) return null;
      index = (q << 2) | (s << 1) | (size >> 1);
      break;
    case 2:
      if ((size & 2) !== 0) return null;
      if ((size & 1) === 0) index = (q << 1) | s;
      else {
        if (s !== 0) return null;
        index = q;
        scale = 3;
      }
      break;
    default:
      if (!load || s !== 0) return null;
      scale = size;
      replicate = true;
  }
  const es = 1 << scale;
  const total = selem * es;
  if (replicate) {
    const regBytes = q === 1 ? 16 : 8;
    return (c, pc) => {
      const va = c.ea(n, 0);
      c.ldInto(va, TMP_OFF, total);
      const u = c.u8;
      for (let k = 0; k < selem; k++) {
        const from = TMP_OFF + k * es;
        const to = vreg(t + k);
        for (let off = 0; off < regBytes; off += es) {
          for (let b = 0; b < es; b++) u[to + off + b] = u[from + b];
        }
        if (q === 0) zeroUpper(c, t + k);
      }
      finish(c, post, n, m, total);
      return pc + 4;
    };
  }
  const lane = index * es;
  if (load) {
    return (c, pc) => {
      const va = c.ea(n, 0);
      c.ldInto(va, TMP_OFF, total);
      const u = c.u8;
      for (let k = 0; k < selem; k++) {
        const from = TMP_OFF + k * es;
        const to = vreg(t + k) + lane;
        for (let b = 0; b < es; b++) u[to + b] = u[from + b];
      }
      finish(c, post, n, m, total);
      return pc + 4;
    };
  }
  return (c, pc) => {
    const va = c.ea(n, 0);
    const u = c.u8;
    for (let k = 0; k < selem; k++) {
      const to = TMP_OFF + k * es;
      const from = vreg(t + k) + lane;
      for (let b = 0; b < es; b++) u[to + b] = u[from + b];
    }
    c.stFrom(va, TMP_OFF, total);
    finish(c, post, n, m, total);
    return pc + 4;
  };
}
