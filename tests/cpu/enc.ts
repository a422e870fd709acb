// Encoders for the few fixed instructions the harness itself emits
// (prologue, dump, exit). Verified against aarch64-linux-gnu-as.

export function ldpX(rt: number, rt2: number, rn: number, off: number): number {
  return (0xa9400000 | (((off >> 3) & 0x7f) << 15) | (rt2 << 10) | (rn << 5) | rt) >>> 0;
}
export function stpX(rt: number, rt2: number, rn: number, off: number): number {
  return (0xa9000000 | (((off >> 3) & 0x7f) << 15) | (rt2 << 10) | (rn << 5) | rt) >>> 0;
}
export function ldpQ(rt: number, rt2: number, rn: number, off: number): number {
  return (0xad400000 | (((off >> 4) & 0x7f) << 15) | (rt2 << 10) | (rn << 5) | rt) >>> 0;
}
export function stpQ(rt: number, rt2: number, rn: number, off: number): number {
  return (0xad000000 | (((off >> 4) & 0x7f) << 15) | (rt2 << 10) | (rn << 5) | rt) >>> 0;
}
/** LDR Xt, [Xn, #off] (unsigned offset, multiple of 8). */
export function ldrX(rt: number, rn: number, off: number): number {
  return (0xf9400000 | ((off >> 3) << 10) | (rn << 5) | rt) >>> 0;
}
export function strX(rt: number, rn: number, off: number): number {
  return (0xf9000000 | ((off >> 3) << 10) | (rn << 5) | rt) >>> 0;
}
/** ADD Xd|SP, Xn|SP, #imm12. */
export function addImm(rd: number, rn: number, imm12: number): number {
  return (0x91000000 | (imm12 << 10) | (rn << 5) | rd) >>> 0;
}
/** ADRP Xd, the page `pageDelta` pages from this instruction's page. */
export function adrp(rd: number, pageDelta: number): number {
  const immlo = pageDelta & 3;
  const immhi = (pageDelta >> 2) & 0x7ffff;
  return (0x90000000 | (immlo << 29) | (immhi << 5) | rd) >>> 0;
}
export function movz(rd: number, imm16: number, hw = 0): number {
  return (0xd2800000 | (hw << 21) | ((imm16 & 0xffff) << 5) | rd) >>> 0;
}
export function movk(rd: number, imm16: number, hw = 0): number {
  return (0xf2800000 | (hw << 21) | ((imm16 & 0xffff) << 5) | rd) >>> 0;
}

export function msrNzcv(rt: number): number {
  return (0xd51b4200 | rt) >>> 0;
}
export function mrsNzcv(rt: number): number {
  return (0xd53b4200 | rt) >>> 0;
}
export function msrFpcr(rt: number): number {
  return (0xd51b4400 | rt) >>> 0;
}
export function mrsFpcr(rt: number): number {
  return (0xd53b4400 | rt) >>> 0;
}
export function msrFpsr(rt: number): number {
  return (0xd51b4420 | rt) >>> 0;
}
export function mrsFpsr(rt: number): number {
  return (0xd53b4420 | rt) >>> 0;
}
export function msrTpidr(rt: number): number {
  return (0xd51bd040 | rt) >>> 0;
}
export function mrsTpidr(rt: number): number {
  return (0xd53bd040 | rt) >>> 0;
}
export const CLREX = 0xd503305f;
export const SVC0 = 0xd4000001;
