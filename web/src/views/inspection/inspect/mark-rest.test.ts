import { describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import { markRestPass, unansweredIds } from './mark-rest';

describe('其余全部合格 (mark the rest as pass)', () => {
  it('marks only unanswered items and never overrides an answer', () => {
    const answers = reactive<Record<string, { result: 'pass' | 'fail' | 'na' | null; note: string }>>({
      1: { result: 'fail', note: '出口堵塞' },
      2: { result: null, note: '' },
      3: { result: 'na', note: '' },
      4: { result: null, note: '' },
      5: { result: 'pass', note: '' },
    });
    expect(unansweredIds([1, 2, 3, 4, 5], answers)).toEqual(['2', '4']);
    expect(markRestPass([1, 2, 3, 4, 5], answers)).toBe(2);
    expect(answers[1]).toEqual({ result: 'fail', note: '出口堵塞' });
    expect(answers[3].result).toBe('na');
    expect(answers[2].result).toBe('pass');
    expect(answers[4].result).toBe('pass');
    expect(markRestPass([1, 2, 3, 4, 5], answers)).toBe(0); // nothing left to mark
  });
});
