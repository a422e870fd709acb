import type { Op } from '../cpu.js';

export function decodeFp(word: number): Op | null {
  void word;
  return null;
}
