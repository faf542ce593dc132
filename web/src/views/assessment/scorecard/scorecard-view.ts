import type { Scorecard } from '@/api/scorecards';

/** The village or enterprise a card scores. */
export function subjectOf(card: Scorecard): { id: number; name: string } {
  return card.region ?? card.enterprise ?? { id: 0, name: '' };
}

/** This month as YYYY-MM on the device's calendar: the page's default period (the server refuses a
 * future one with 422 period, and the picker can go back). */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}
