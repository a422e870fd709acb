import type { Op } from '../cpu.js';

export function decodeDpReg(word: number): Op | null {
  void word;
  return null;
}
