import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as S from './state.js';

test('the state block areas (context, TLB, jump cache) do not overlap and end below the first frame', () => {
  const areas: Array<[string, number, number]> = [
    ['context', 0, S.CONTEXT_SIZE],
    ['tlb', S.TLB_OFF, S.TLB_END],
    ['jump cache', S.JC_TAG_OFF, S.JC_END],
  ];
  for (let i = 1; i < areas.length; i++) {
    const prev = areas[i - 1];
    const cur = areas[i];
    assert.ok(prev !== undefined && cur !== undefined);
    assert.ok(prev[2] <= cur[1], `${prev[0]} ends at ${prev[2]}, after ${cur[0]} starts at ${cur[1]}`);
  }
  assert.ok(S.JC_END <= S.FRAME_BASE, `jump cache ends at ${S.JC_END}, past FRAME_BASE ${S.FRAME_BASE}`);
  assert.equal(S.FRAME_BASE % S.PAGE_SIZE, 0);
});
