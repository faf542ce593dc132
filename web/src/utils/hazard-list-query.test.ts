import { describe, expect, it } from 'vitest';
import { hazardListLink, hazardQueryFromRoute, normaliseKeyword, normaliseSort, normaliseStatus, statusesOf } from './hazard-list-query';

describe('status parameter', () => {
  it('reads one status, several, and the open shorthand', () => {
    expect(statusesOf('rectifying')).toEqual(['rectifying']);
    expect(statusesOf('submitted, reported,submitted')).toEqual(['submitted', 'reported']);
    expect(statusesOf('open')).toEqual(['reported', 'rectifying', 'submitted']);
  });
  it('refuses unknown or empty names as the server does', () => {
    expect(statusesOf('overdue')).toBeUndefined();
    expect(statusesOf('reported,')).toBeUndefined();
    expect(statusesOf('open,closed')).toBeUndefined();
    expect(normaliseStatus('')).toBeUndefined();
    expect(normaliseStatus('lost')).toBeUndefined();
  });
  it('keeps open as open and tidies lists', () => {
    expect(normaliseStatus('open')).toBe('open');
    expect(normaliseStatus(' rectifying , submitted ')).toBe('rectifying,submitted');
  });
});

describe('sort and keyword', () => {
  it('takes only the four orders', () => {
    expect(normaliseSort('due_at')).toBe('due_at');
    expect(normaliseSort('-created_at')).toBe('-created_at');
    expect(normaliseSort('title')).toBeUndefined();
    expect(normaliseSort('')).toBeUndefined();
  });
  it('trims the keyword and cuts it to 100 characters (not bytes)', () => {
    expect(normaliseKeyword('  灭火器 ')).toBe('灭火器');
    expect(normaliseKeyword('   ')).toBeUndefined();
    expect(normaliseKeyword('隐'.repeat(150))).toBe('隐'.repeat(100));
  });
});

describe('hazardQueryFromRoute', () => {
  it('reads every filter the dashboard links carry', () => {
    expect(hazardQueryFromRoute({ region_id: '3', status: 'open', severity: 'major', overdue: 'true', sort: 'due_at', q: ' 配电箱 ', page: '2' })).toEqual({
      region_id: 3,
      enterprise_id: undefined,
      status: 'open',
      severity: 'major',
      overdue: true,
      q: '配电箱',
      sort: 'due_at',
      page: 2,
      page_size: 20,
    });
  });
  it('drops what the server would refuse and the default order', () => {
    const q = hazardQueryFromRoute({ region_id: 'x', status: 'bogus', severity: 'huge', overdue: 'yes', sort: '-created_at', page: '0', page_size: ['50', '20'] });
    expect(q).toEqual({ region_id: undefined, enterprise_id: undefined, status: undefined, severity: undefined, overdue: undefined, q: undefined, sort: undefined, page: 1, page_size: 50 });
  });
});

describe('hazardListLink', () => {
  it('builds /hazards with only the filters given', () => {
    expect(hazardListLink({ region_id: 7, status: 'open' })).toEqual({ path: '/hazards', query: { region_id: '7', status: 'open' } });
    expect(hazardListLink({ region_id: undefined, overdue: true, sort: 'due_at' })).toEqual({ path: '/hazards', query: { overdue: 'true', sort: 'due_at' } });
    expect(hazardListLink({ overdue: false, q: '' })).toEqual({ path: '/hazards', query: {} });
  });
});
