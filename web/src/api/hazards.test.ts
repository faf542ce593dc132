import { describe, expect, it } from 'vitest';
import { normaliseHazard } from './hazards';
import type { Hazard } from './types';

const base = { id: 7, enterprise_id: 3, title: 't', description: 'd', severity: 'general', category: 'other', status: 'submitted', due_at: null, overdue: false } as const;

describe('normaliseHazard', () => {
  it("turns the server's [{id, role}] photos into ids and keeps the roles", () => {
    const raw = { ...base, attachments: [{ id: 11, role: 'before' }, { id: 12, role: 'after' }] } as unknown as Hazard;
    const h = normaliseHazard(raw);
    expect(h.attachments).toEqual([11, 12]);
    expect(h.attachment_roles).toEqual({ 11: 'before', 12: 'after' });
  });

  it('leaves plain ids and a missing list alone', () => {
    expect(normaliseHazard({ ...base, attachments: [5] }).attachments).toEqual([5]);
    expect(normaliseHazard({ ...base }).attachments).toEqual([]);
  });
});
