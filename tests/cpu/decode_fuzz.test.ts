import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzDecode } from './decode_fuzz.js';
import { disassemble } from './disasm.js';

test('200,000 random instruction words never raise a host exception', () => {
  const seed = Number(process.env.FLINT_DIFF_SEED ?? 20261127) >>> 0;
  const { exceptions } = fuzzDecode(seed, 200_000);
  if (exceptions.length === 0) return;
  const byMessage = new Map<string, number[]>();
  for (const e of exceptions) {
    const key = e.message.split(' | ')[0];
    byMessage.set(key, [...(byMessage.get(key) ?? []), e.word]);
  }
  const lines: string[] = [];
  for (const [msg, words] of byMessage) {
    const dis = disassemble(words.slice(0, 3));
    const first = exceptions.find((e) => e.word === words[0]);
    lines.push(`${words.length} x ${msg}\n    ${first?.message ?? ''}\n    e.g. ${words.slice(0, 3).map((w, i) => `${w.toString(16).padStart(8, '0')} (${dis[i]})`).join(', ')}`);
  }
  assert.fail(`${exceptions.length} host exceptions (seed ${seed}):\n${lines.join('\n')}`);
});
