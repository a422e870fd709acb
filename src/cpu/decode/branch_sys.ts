import type { Op } from '../cpu.js';

export function decodeBranchSys(word: number): Op | null {
  void word;
  return null;
}
