// Alarm JSON exactly as issue9-shared.md gives it (the alarms server part produces it), for the
// web's tests: the list/get answer (with allowed_actions) and the SSE data (without).
import type { Alarm } from './alarms';

export function alarmJson(overrides: Partial<Alarm> & Record<string, unknown> = {}): Alarm {
  return {
    id: 101,
    device_id: 7,
    enterprise_id: 3,
    enterprise_name: '匡堰服装厂',
    device_serial: 'SD-0001',
    device_kind: 'smoke_detector',
    kind: 'fire',
    status: 'active',
    raised_at: '2026-12-06T02:03:04Z',
    cleared_at: null,
    source: { protocol: 'gb26875', component: { system_type: 1, system_address: 0, component_type: 40, component_address: 5 }, detail: '2F 仓库' },
    escalation_level: 0,
    acknowledged_at: null,
    acknowledged_by: null,
    closed_at: null,
    hazard_id: null,
    allowed_actions: ['acknowledge', 'false_alarm', 'resolve', 'convert'],
    version: 1,
    ...overrides,
  } as Alarm;
}

/** The `data:` line of an alarm.raised / alarm.updated event: the alarm JSON without allowed_actions. */
export function alarmEventData(overrides: Partial<Alarm> & Record<string, unknown> = {}): string {
  const { allowed_actions: _drop, ...rest } = alarmJson(overrides);
  return JSON.stringify(rest);
}
