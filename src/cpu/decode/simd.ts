import type { Op } from '../cpu.js';

export function decodeSimd(word: number): Op | null {
  void word;
  return null;
}
