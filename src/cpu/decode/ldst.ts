import type { Op } from '../cpu.js';

export function decodeLdSt(word: number): Op | null {
  void word;
  return null;
}
