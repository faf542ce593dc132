import { describe, expect, it } from 'vitest';
import { ApiRequestError, normalizeErrorBody } from './errors';
import { staleEdit } from './registry-edit';

const conflictBody = {
  error: {
    code: 'version_conflict',
    message: '数据已被他人修改，请刷新后重试',
    fields: {},
    current: { id: 7, name: '宏达', version: 2 },
    last_change: { actor_id: 2, actor_name: '沈建国', at: '2026-12-06T02:00:00Z', action: 'update', changes: [{ field: 'contact_phone', before: '1', after: '2' }] },
  },
};

describe('a stale edit (409 version_conflict)', () => {
  it('keeps the current record and the last change from the error object', () => {
    const error = new ApiRequestError(normalizeErrorBody(409, JSON.stringify(conflictBody)));
    const stale = staleEdit<{ id: number; version: number }>(error);
    expect(stale?.current.version).toBe(2);
    expect(stale?.lastChange?.actor_name).toBe('沈建国');
    expect(stale?.lastChange?.changes.map((c) => c.field)).toEqual(['contact_phone']);
  });

  it('is nothing for other errors, and the plain shape has no extra members', () => {
    const plain = normalizeErrorBody(409, JSON.stringify({ error: { code: 'already_exists', message: 'x', fields: {} } }));
    expect(plain).toEqual({ status: 409, code: 'already_exists', message: 'x', fields: {} });
    expect(plain.extra).toBeUndefined();
    expect(staleEdit(new ApiRequestError(plain))).toBeNull();
  });
});
