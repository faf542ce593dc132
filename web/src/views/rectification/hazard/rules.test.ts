import { describe, expect, it } from 'vitest';
import type { Hazard } from '@/api/types';
import { allowedActions, validateAction, type ActionForm } from './rules';

const h = (status: Hazard['status'], severity: Hazard['severity'] = 'general', enterprise_id: number | null = 1) => ({ status, severity, enterprise_id });
const form = (over: Partial<ActionForm> = {}): ActionForm => ({ comment: '', due_at: '', severity: '', enterprise_id: undefined, photos: [], ...over });

describe('allowedActions (CONTRACT.md transition table)', () => {
  it('offers confirm/assign/reject on a reported hazard to the right roles', () => {
    expect(allowedActions(h('reported'), 'town')).toEqual(['confirm', 'assign', 'reject']);
    expect(allowedActions(h('reported'), 'village')).toEqual(['confirm', 'assign', 'reject']);
    expect(allowedActions(h('reported'), 'inspector')).toEqual(['confirm', 'reject']);
    expect(allowedActions(h('reported'), 'enterprise')).toEqual([]);
  });

  it('needs an enterprise before confirm (public reports)', () => {
    expect(allowedActions(h('reported', 'general', null), 'town')).toEqual(['assign', 'reject']);
  });

  it('lets the enterprise and the inspector submit, town and village extend', () => {
    expect(allowedActions(h('rectifying'), 'enterprise')).toEqual(['submit']);
    expect(allowedActions(h('rectifying'), 'inspector')).toEqual(['submit']);
    expect(allowedActions(h('rectifying'), 'village')).toEqual(['extend']);
    expect(allowedActions(h('rectifying'), 'town')).toEqual(['extend']);
  });

  it('keeps approve/return of a major hazard to the town', () => {
    expect(allowedActions(h('submitted'), 'inspector')).toEqual(['approve', 'return']);
    expect(allowedActions(h('submitted', 'major'), 'inspector')).toEqual([]);
    expect(allowedActions(h('submitted', 'major'), 'village')).toEqual([]);
    expect(allowedActions(h('submitted', 'major'), 'town')).toEqual(['approve', 'return']);
  });

  it('offers nothing on closed or rejected hazards, nor to admin or nobody', () => {
    for (const role of ['town', 'village', 'inspector', 'enterprise', 'admin'] as const) {
      expect(allowedActions(h('closed'), role)).toEqual([]);
      expect(allowedActions(h('rejected'), role)).toEqual([]);
    }
    expect(allowedActions(h('reported'), null)).toEqual([]);
  });
});

describe('validateAction', () => {
  const today = new Date('2025-06-10T08:00:00');
  it('requires a future deadline to confirm', () => {
    expect(validateAction('confirm', form(), { due_at: null }, today)).toEqual({ due_at: 'action.errDueRequired' });
    expect(validateAction('confirm', form({ due_at: '2025-06-01' }), { due_at: null }, today)).toEqual({ due_at: 'action.errDuePast' });
    expect(validateAction('confirm', form({ due_at: '2025-06-10' }), { due_at: null }, today)).toEqual({});
  });

  it('requires a reason to reject or return', () => {
    expect(validateAction('reject', form(), { due_at: null })).toEqual({ comment: 'action.errCommentRequired' });
    expect(validateAction('return', form({ comment: '  ' }), { due_at: null })).toEqual({ comment: 'action.errCommentRequired' });
    expect(validateAction('return', form({ comment: '灭火器仍过期' }), { due_at: null })).toEqual({});
  });

  it('requires a comment or photos to submit', () => {
    expect(validateAction('submit', form(), { due_at: null })).toEqual({ comment: 'action.errCommentOrPhoto' });
    expect(validateAction('submit', form({ photos: [new Blob(['x'])] }), { due_at: null })).toEqual({});
    expect(validateAction('submit', form({ comment: '已清理' }), { due_at: null })).toEqual({});
  });

  it('requires a later deadline and a reason to extend', () => {
    const old = { due_at: '2025-06-20T15:59:59Z' };
    expect(validateAction('extend', form({ due_at: '2025-06-15', comment: 'x' }), old)).toEqual({ due_at: 'action.errDueNotLater' });
    expect(validateAction('extend', form({ due_at: '2025-07-01' }), old)).toEqual({ comment: 'action.errCommentRequired' });
    expect(validateAction('extend', form({ due_at: '2025-07-01', comment: '等待配件' }), old)).toEqual({});
  });

  it('requires an enterprise to assign; approve needs nothing', () => {
    expect(validateAction('assign', form(), { due_at: null })).toEqual({ enterprise_id: 'action.errEnterpriseRequired' });
    expect(validateAction('assign', form({ enterprise_id: 3 }), { due_at: null })).toEqual({});
    expect(validateAction('approve', form(), { due_at: null })).toEqual({});
  });
});
