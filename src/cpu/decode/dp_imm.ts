import type { Op } from '../cpu.js';

export function decodeDpImm(word: number): Op | null {
  void word;
  return null;
}
