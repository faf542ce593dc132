import { describe, expect, it } from 'vitest';
import { currentMonth, subjectOf } from './scorecard-view';

describe('scorecard view helpers', () => {
  it('names the village or the enterprise of a card', () => {
    expect(subjectOf({ region: { id: 3, name: '高家村' }, score: 1, rank: 1, items: [] })).toEqual({ id: 3, name: '高家村' });
    expect(subjectOf({ enterprise: { id: 9, name: '宏达' }, score: 1, rank: 1, items: [] }).id).toBe(9);
  });
  it('formats the current month with two digits', () => {
    expect(currentMonth(new Date(2026, 0, 15))).toBe('2026-01');
    expect(currentMonth(new Date(2026, 11, 6))).toBe('2026-12');
  });
});
