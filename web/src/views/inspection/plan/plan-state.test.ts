import { describe, expect, it } from 'vitest';
import type { Inspection } from '@/api/types';
import type { QueueEntry } from '@/offline/queue';
import type { Plan, PlanStop } from '@/api/plan';
import { formatMetres, inspectedOn, keepDoneStops, mergeDone, queuedInspections, townDay, townTime } from './plan-state';

function stop(id: number, order: number, leg = 100): PlanStop {
  return { order, enterprise: { id, name: `e${id}`, lat: 30, lng: 121, risk_level: 'blue' }, reasons: ['due'], hazard_ids: [], leg_m: leg };
}

const SHANGHAI = 8 * 3600;

const ON_THE_6TH = Date.parse('2026-12-06T02:00:00Z');
function entry(kind: QueueEntry['kind'], body: Record<string, unknown>, createdAt = ON_THE_6TH): QueueEntry {
  return { id: 'k', userId: 1, kind, path: '/inspections', body, photos: [], summary: '', createdAt, attempts: 0, state: 'pending' };
}

describe('plan state', () => {
  it('reads the day in the town zone', () => {
    expect(townDay('2026-12-05T16:00:00Z', SHANGHAI)).toBe('2026-12-06');
    expect(townDay('2026-12-05T15:59:59Z', SHANGHAI)).toBe('2026-12-05');
    expect(townDay('not a time', SHANGHAI)).toBe('');
    expect(townTime(Date.parse('2026-12-06T01:05:00Z'), SHANGHAI)).toBe('09:05');
  });

  it('counts the inspections of the plan day only', () => {
    const list = [
      { id: 1, enterprise_id: 10, checklist_id: 1, at: '2026-12-06T01:00:00Z' },
      { id: 2, enterprise_id: 11, checklist_id: 1, at: '2026-12-05T15:00:00Z' }, // the 5th in Shanghai
      { id: 3, enterprise_id: 10, checklist_id: 1, at: '2026-12-06T02:00:00Z' },
      { id: 4, enterprise_id: 12, checklist_id: 1, created_at: '2026-12-06T03:00:00Z' },
    ] as Inspection[];
    expect(inspectedOn(list, '2026-12-06', SHANGHAI).sort()).toEqual([10, 12]);
  });

  it('takes queued inspections of the plan day, not hazard actions', () => {
    const entries = [
      entry('inspection', { enterprise_id: 7 }),
      entry('hazard_action', { enterprise_id: 8 }),
      entry('inspection', { enterprise_id: 'x' }),
      entry('inspection', { enterprise_id: 9 }, Date.parse('2026-12-05T12:00:00Z')),
    ];
    expect(queuedInspections(entries, '2026-12-06', SHANGHAI)).toEqual([7]);
  });

  it('merges done lists once each', () => {
    expect(mergeDone([3, 1], [1, 2], [])).toEqual([1, 2, 3]);
  });

  it('reads metres as a person does', () => {
    expect(formatMetres(0)).toBe('0 m');
    expect(formatMetres(349.6)).toBe('350 m');
    expect(formatMetres(1234)).toBe('1.2 km');
  });

  it('keeps the stops done since the plan was kept, after the route', () => {
    const kept: Plan = { date: '2026-12-06', inspector_id: 5, stops: [stop(1, 1, 0), stop(2, 2), stop(3, 3)], total_m: 200 };
    const fresh: Plan = { date: '2026-12-06', inspector_id: 5, stops: [stop(2, 1, 0), stop(3, 2)], total_m: 100 };
    const merged = keepDoneStops(fresh, kept, [1]);
    expect(merged.stops.map((s) => [s.enterprise.id, s.order, s.leg_m])).toEqual([
      [2, 1, 0],
      [3, 2, 100],
      [1, 3, 0],
    ]);
    expect(merged.total_m).toBe(100);
    // Not done: it left the plan for another reason (moved to another grid); another day or inspector: not kept.
    expect(keepDoneStops(fresh, kept, []).stops).toHaveLength(2);
    expect(keepDoneStops(fresh, { ...kept, date: '2026-12-05' }, [1]).stops).toHaveLength(2);
    expect(keepDoneStops(fresh, { ...kept, inspector_id: 6 }, [1]).stops).toHaveLength(2);
    expect(keepDoneStops(fresh, undefined, [1])).toBe(fresh);
  });
});
