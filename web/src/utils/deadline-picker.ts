// Which days a deadline picker offers: only those whose deadline the server would accept. The
// form sends a picked day as the end of that day (endOfDayUtc); the server refuses a deadline
// that is already past, and for extend/return one not later than the hazard's current deadline
// (core/hazard/state_machine.cpp). The bounds are the server's values — the clock and the
// hazard's `due_at` from its answer — and each day is judged by the very instant the form would
// send, so the picker and the server cannot disagree about a day.
import { endOfDayUtc } from './format';

export interface DeadlineBounds {
  /** The hazard's current deadline (RFC 3339 from the server): a new one must be later. */
  after?: string | null;
}

function localDay(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** The instant sent for a day picked in the date picker ("2026-12-20" or the picker's Date). */
export function deadlineOf(day: Date | string): number {
  const ymd = typeof day === 'string' ? day : localDay(day);
  return Date.parse(endOfDayUtc(`${ymd}T00:00:00`));
}

/** ElDatePicker's `disabled-date`: true for the days the server would refuse. */
export function deadlineDisabler(bounds: DeadlineBounds = {}, now: () => number = Date.now): (day: Date) => boolean {
  const after = bounds.after ? Date.parse(bounds.after) : Number.NaN;
  return (day: Date) => {
    const sent = deadlineOf(day);
    if (sent < now()) return true;
    return !Number.isNaN(after) && sent <= after;
  };
}
