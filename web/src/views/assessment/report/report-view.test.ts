import { describe, expect, it } from 'vitest';
import { percent, previousMonth } from './report-view';

describe('monthly report view', () => {
  it('defaults to the last whole month, across a new year', () => {
    expect(previousMonth(new Date(2026, 11, 6))).toBe('2026-11');
    expect(previousMonth(new Date(2027, 0, 1))).toBe('2026-12');
  });
  it('prints shares as the PDF does', () => {
    expect(percent(1 / 3)).toBe('33.3%');
    expect(percent(0)).toBe('0.0%');
  });
});
