import { describe, expect, it } from 'vitest';
import type { Inspection } from '@/api/types';
import type { QueueEntry } from '@/offline/queue';
import { formatMetres, inspectedOn, mergeDone, queuedInspections, townDay, townTime } from './plan-state';

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
});
