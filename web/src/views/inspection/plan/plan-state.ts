// What the /plan page shows beyond the server's answer, kept free of Vue so it can be unit-tested:
// which stops are done (an inspection of the enterprise on the plan's day: sent, as the server
// lists it, or still waiting in this phone's offline queue), the kept copy for offline use, and
// how distances read.
import type { Inspection } from '@/api/types';
import type { QueueEntry } from '@/offline/queue';
import type { Plan } from '@/api/plan';

/** The last loaded plan as kept on the phone (offline/cache.ts, per user). */
export interface KeptPlan {
  plan: Plan;
}

export const PLAN_CACHE_KEY = 'plan';
/** Enterprises seen done on a plan's day, kept apart from the plan so its "saved at" stays the load time. */
export const PLAN_DONE_KEY = 'plan-done';
export interface KeptDone {
  date: string;
  ids: number[];
}

/** The town-local calendar day ("YYYY-MM-DD") of an RFC 3339 instant. */
export function townDay(iso: string, utcOffsetSeconds: number): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  return new Date(t + utcOffsetSeconds * 1000).toISOString().slice(0, 10);
}

/** Enterprises with an inspection on `date` among the server's list. */
export function inspectedOn(inspections: readonly Inspection[], date: string, utcOffsetSeconds: number): number[] {
  const ids = new Set<number>();
  for (const i of inspections) {
    const at = i.at ?? i.created_at;
    if (at && townDay(at, utcOffsetSeconds) === date) ids.add(i.enterprise_id);
  }
  return [...ids];
}

/** Enterprises with an inspection made on this phone on `date` and still in the queue (waiting to be
 * sent, or refused: it was done either way and the queue panel says what became of it). */
export function queuedInspections(entries: readonly QueueEntry[], date: string, utcOffsetSeconds: number): number[] {
  const ids = new Set<number>();
  for (const e of entries) {
    const id = e.kind === 'inspection' ? Number(e.body.enterprise_id) : NaN;
    if (Number.isInteger(id) && id > 0 && townDay(new Date(e.createdAt).toISOString(), utcOffsetSeconds) === date) ids.add(id);
  }
  return [...ids];
}

/** The union, in ascending order: a stop is done once, whichever source knows it. */
export function mergeDone(...lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** "350 m", "1.2 km". */
export function formatMetres(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** "HH:MM" of an instant (ms) in the town's zone. */
export function townTime(ms: number, utcOffsetSeconds: number): string {
  return new Date(ms + utcOffsetSeconds * 1000).toISOString().slice(11, 16);
}

/** The fresh plan, plus the stops of the plan kept earlier the same day that have since been done
 * and so left the server's answer (a workshop due for inspection is no longer due once inspected):
 * the day's list keeps them, marked done, after the route (leg 0, numbered on). */
export function keepDoneStops(fresh: Plan, kept: Plan | undefined, done: readonly number[]): Plan {
  if (!kept || kept.date !== fresh.date || kept.inspector_id !== fresh.inspector_id) return fresh;
  const present = new Set(fresh.stops.map((s) => s.enterprise.id));
  const doneSet = new Set(done);
  const gone = kept.stops.filter((s) => !present.has(s.enterprise.id) && doneSet.has(s.enterprise.id));
  if (gone.length === 0) return fresh;
  const stops = [...fresh.stops, ...gone.map((s, i) => ({ ...s, order: fresh.stops.length + i + 1, leg_m: 0 }))];
  return { ...fresh, stops };
}
