import { describe, expect, it } from 'vitest';
import { deadlineDisabler, deadlineOf } from './deadline-picker';
import { endOfDayUtc } from './format';

const day = (ymd: string) => new Date(`${ymd}T00:00:00`);
// "now": noon of 2026-12-06, local time
const now = () => new Date('2026-12-06T12:00:00').getTime();

describe('deadline picker offers only what the server accepts', () => {
  it('no day before today; today and later are offered', () => {
    const disabled = deadlineDisabler({}, now);
    expect(disabled(day('2026-12-05'))).toBe(true);
    expect(disabled(day('2025-01-01'))).toBe(true);
    expect(disabled(day('2026-12-06'))).toBe(false); // the end of today is not past
    expect(disabled(day('2026-12-07'))).toBe(false);
  });

  it('extend: only days later than the deadline the server gave', () => {
    const due = endOfDayUtc('2026-12-10T00:00:00'); // the hazard's due_at as the server stores a picked day
    const disabled = deadlineDisabler({ after: due }, now);
    expect(disabled(day('2026-12-08'))).toBe(true);
    expect(disabled(day('2026-12-10'))).toBe(true); // the same deadline is not later
    expect(disabled(day('2026-12-11'))).toBe(false);
  });

  it('a deadline already past: today is the first day offered', () => {
    const disabled = deadlineDisabler({ after: '2026-11-30T15:59:59Z' }, now);
    expect(disabled(day('2026-12-01'))).toBe(true);
    expect(disabled(day('2026-12-06'))).toBe(false);
  });

  it('a deadline at an odd hour: its own day still ends after it', () => {
    const after = new Date('2026-12-10T09:00:00').toISOString();
    expect(deadlineDisabler({ after }, now)(day('2026-12-10'))).toBe(false);
  });

  it('the day is judged by the instant the form sends', () => {
    expect(deadlineOf('2026-12-20')).toBe(Date.parse(endOfDayUtc('2026-12-20T00:00:00')));
    expect(deadlineOf(day('2026-12-20'))).toBe(deadlineOf('2026-12-20'));
  });
});
