import { beforeEach, describe, expect, it, vi } from 'vitest';
import { alarmJson } from '@/api/alarms.fixture';
import { alarmHistory, alarmLink, alarmNote, performAlarmAction } from './alarm-view';

const api = vi.hoisted(() => ({ getAlarm: vi.fn(), actOnAlarm: vi.fn() }));
vi.mock('@/api/alarms', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/api/alarms')>()), ...api }));

beforeEach(() => vi.clearAllMocks());

describe('alarm history', () => {
  it('orders the times the alarm carries, and names the closing step by its status', () => {
    const a = alarmJson({ raised_at: '2026-12-06T02:00:00Z', acknowledged_at: '2026-12-06T02:03:00Z', cleared_at: '2026-12-06T02:10:00Z', closed_at: '2026-12-06T02:20:00Z', status: 'false_alarm' });
    expect(alarmHistory(a)).toEqual([
      { key: 'raised', at: '2026-12-06T02:00:00Z' },
      { key: 'acknowledged', at: '2026-12-06T02:03:00Z' },
      { key: 'cleared', at: '2026-12-06T02:10:00Z' },
      { key: 'false_alarm', at: '2026-12-06T02:20:00Z' },
    ]);
    expect(alarmHistory(alarmJson({ closed_at: '2026-12-06T03:00:00Z', status: 'resolved', hazard_id: 9 })).map((s) => s.key)).toEqual(['raised', 'converted']);
    expect(alarmHistory(alarmJson({ closed_at: '2026-12-06T03:00:00Z', status: 'resolved' })).map((s) => s.key)).toEqual(['raised', 'resolved']);
    expect(alarmHistory(alarmJson()).map((s) => s.key)).toEqual(['raised']);
  });

  it('links an alarm to its detail on /alarms', () => {
    expect(alarmLink(12)).toEqual({ path: '/alarms', query: { open: '12' } });
  });
});

describe('acting on an alarm', () => {
  it('re-reads the alarm and sends the action the server still offers', async () => {
    api.getAlarm.mockResolvedValue(alarmJson({ allowed_actions: ['acknowledge', 'convert'] }));
    api.actOnAlarm.mockResolvedValue(alarmJson({ status: 'resolved', hazard_id: 55, allowed_actions: [] }));
    const answer = await performAlarmAction(101, 'convert', '现场有明火痕迹');
    expect(api.getAlarm).toHaveBeenCalledWith(101);
    expect(api.actOnAlarm).toHaveBeenCalledWith(101, 'convert', '现场有明火痕迹');
    expect(answer.hazard_id).toBe(55);
  });

  it('sends nothing when someone acted first, and hands back the fresh alarm with a 409', async () => {
    const fresh = alarmJson({ status: 'acknowledged', allowed_actions: ['false_alarm', 'resolve', 'convert'] });
    api.getAlarm.mockResolvedValue(fresh);
    await expect(performAlarmAction(101, 'acknowledge')).rejects.toMatchObject({ status: 409, code: 'invalid_transition', alarm: fresh });
    expect(api.actOnAlarm).not.toHaveBeenCalled();
  });
});

describe('alarm note', () => {
  const t = (key: string, values: Record<string, unknown>) => `${key}(${String(values.time)})`;
  it("shows the device's own text, else when an offline device was last heard from, else nothing", () => {
    expect(alarmNote({ source: { detail: '3F 仓库' } }, t)).toBe('3F 仓库');
    expect(alarmNote({ source: { last_seen_at: '2026-12-06T02:00:00Z' } }, t)).toMatch(/^alarms\.lastSeenAt\(2026\//);
    expect(alarmNote({ source: {} }, t)).toBe('');
  });
});
