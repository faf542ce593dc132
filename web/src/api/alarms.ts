// Device alarms (智慧防控 告警, CONTRACT "Devices and alarms", docs/alarms.md). The server decides
// everything: which alarms the caller sees, and which actions this caller may take now
// (`allowed_actions`); the page offers exactly those and shows the server's answer.
import { http } from './http';
import type { Page } from './types';

export const ALARM_KINDS = ['fire', 'fault', 'offline', 'other'] as const;
export const ALARM_STATUSES = ['active', 'acknowledged', 'false_alarm', 'resolved'] as const;
export const ALARM_ACTIONS = ['acknowledge', 'false_alarm', 'resolve', 'convert'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

export interface AlarmComponent {
  system_type: number;
  system_address: number;
  component_type: number;
  component_address: number;
}

export interface AlarmSource {
  protocol?: string;
  component?: AlarmComponent;
  detail?: string;
  [extra: string]: unknown;
}

/** Who acknowledged: the server may answer an id, a name or a small user object. */
export type AlarmActor = number | string | { id?: number; name?: string | null; username?: string } | null;

export interface Alarm {
  id: number;
  device_id: number;
  enterprise_id: number;
  enterprise_name?: string;
  device_serial?: string;
  device_kind?: string;
  kind: AlarmKind;
  status: AlarmStatus;
  raised_at: string;
  cleared_at: string | null;
  source: AlarmSource;
  escalation_level?: number;
  acknowledged_at?: string | null;
  acknowledged_by?: AlarmActor;
  closed_at?: string | null;
  hazard_id?: number | null;
  /** What THIS caller may do now; absent in SSE data (the page re-reads the alarm before acting). */
  allowed_actions: string[];
  version?: number;
}

export interface AlarmQuery {
  status?: string;
  kind?: string;
  enterprise_id?: number;
  device_id?: number;
  page?: number;
  page_size?: number;
}

/** The SSE data and older answers have no `allowed_actions`: an alarm without it offers no action. */
export function normaliseAlarm(raw: Alarm): Alarm {
  const actions = Array.isArray(raw.allowed_actions) ? raw.allowed_actions.filter((a): a is string => typeof a === 'string') : [];
  return { ...raw, source: raw.source && typeof raw.source === 'object' ? raw.source : {}, cleared_at: raw.cleared_at ?? null, allowed_actions: actions };
}

export async function listAlarms(query: AlarmQuery = {}): Promise<Page<Alarm>> {
  const page = await http.get<Page<Alarm>>('/alarms', { ...query });
  return { ...page, items: (page.items ?? []).map(normaliseAlarm) };
}

export async function getAlarm(id: number): Promise<Alarm> {
  return normaliseAlarm(await http.get<Alarm>(`/alarms/${id}`));
}

/** POST /alarms/{id}/actions → 200 with the whole alarm (`convert` adds `hazard_id`). A 409
 *  `invalid_transition` (someone acted first) and a 422 are thrown for the page to show. */
export async function actOnAlarm(id: number, action: string, note?: string): Promise<Alarm> {
  const body: { action: string; note?: string } = { action };
  if (note && note.trim()) body.note = note.trim();
  return normaliseAlarm(await http.post<Alarm>(`/alarms/${id}/actions`, body));
}

/** The name of who acknowledged, whatever shape the server answered. */
export function actorName(actor: AlarmActor | undefined): string {
  if (actor === null || actor === undefined) return '';
  if (typeof actor === 'object') return actor.name || actor.username || (actor.id !== undefined ? `#${actor.id}` : '');
  return typeof actor === 'number' ? `#${actor}` : actor;
}

/** An SSE `alarm.raised` / `alarm.updated` data line, or null when it is not an alarm object. */
export function parseAlarmData(data: string): Alarm | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const a = value as Partial<Alarm>;
  if (typeof a.id !== 'number' || typeof a.kind !== 'string' || typeof a.status !== 'string') return null;
  return normaliseAlarm(a as Alarm);
}
