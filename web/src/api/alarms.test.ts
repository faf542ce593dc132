import { afterEach, describe, expect, it, vi } from 'vitest';
import { actOnAlarm, actorName, getAlarm, listAlarms, parseAlarmData } from './alarms';
import { alarmEventData, alarmJson } from './alarms.fixture';

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('alarms client', () => {
  it('lists with the filters as query parameters and keeps the server\'s allowed_actions', async () => {
    const fetch = vi.fn(async () => answer(200, { items: [alarmJson()], total: 1, page: 1, page_size: 20 }));
    vi.stubGlobal('fetch', fetch);
    const page = await listAlarms({ status: 'active', kind: 'fire', enterprise_id: 3, page: 1 });
    const url = new URL(String((fetch.mock.calls[0] as unknown[])[0]), 'http://x');
    expect(url.pathname).toBe('/api/v1/alarms');
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'active', kind: 'fire', enterprise_id: '3', page: '1' });
    expect(page.items[0].allowed_actions).toEqual(['acknowledge', 'false_alarm', 'resolve', 'convert']);
    expect(page.total).toBe(1);
  });

  it('gets one alarm; an answer without allowed_actions offers none', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(200, JSON.parse(alarmEventData({ id: 5 })))));
    const alarm = await getAlarm(5);
    expect(alarm.id).toBe(5);
    expect(alarm.allowed_actions).toEqual([]);
  });

  it('posts an action with its note and answers the whole alarm, hazard_id on convert', async () => {
    const fetch = vi.fn(async () => answer(200, alarmJson({ status: 'resolved', hazard_id: 88, allowed_actions: [] })));
    vi.stubGlobal('fetch', fetch);
    const alarm = await actOnAlarm(101, 'convert', '  现场确认  ');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/alarms/101/actions');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ action: 'convert', note: '现场确认' });
    expect(new Headers(init.headers).get('Idempotency-Key')).toBeTruthy();
    expect(alarm.hazard_id).toBe(88);
    expect(alarm.status).toBe('resolved');
  });

  it('sends no empty note, and throws the 409 for the page to show', async () => {
    const fetch = vi.fn(async () => answer(409, { error: { code: 'invalid_transition', message: '告警已处理' } }));
    vi.stubGlobal('fetch', fetch);
    await expect(actOnAlarm(101, 'acknowledge', '  ')).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(JSON.parse(String((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body))).toEqual({ action: 'acknowledge' });
  });

  it('reads SSE data lines: the alarm JSON, or null for anything else', () => {
    const alarm = parseAlarmData(alarmEventData({ id: 9, kind: 'fault', status: 'acknowledged' }));
    expect(alarm).toMatchObject({ id: 9, kind: 'fault', status: 'acknowledged', allowed_actions: [] });
    expect(parseAlarmData('not json')).toBeNull();
    expect(parseAlarmData('[1,2]')).toBeNull();
    expect(parseAlarmData('{"id":"9","kind":"fire","status":"active"}')).toBeNull();
  });

  it('names who acknowledged whatever the shape', () => {
    expect(actorName({ id: 4, name: '张三' })).toBe('张三');
    expect(actorName({ id: 4, username: 'village1' })).toBe('village1');
    expect(actorName(4)).toBe('#4');
    expect(actorName('李四')).toBe('李四');
    expect(actorName(null)).toBe('');
  });
});
