// Display helpers of the alarms page and the dashboard's panel: tag colours, the history built from
// the alarm's own times, and the action flow. Nothing here decides what an alarm may do: the
// server's `allowed_actions` does (docs/alarms.md), re-read just before acting.
import { actOnAlarm, getAlarm, type Alarm } from '@/api/alarms';
import { ApiRequestError } from '@/api/errors';
import { formatDateTime } from '@/utils/format';

type TagType = 'danger' | 'warning' | 'info' | 'success' | 'primary';

export const KIND_TAG: Record<string, TagType> = { fire: 'danger', fault: 'warning', offline: 'info', other: 'primary' };
export const STATUS_TAG: Record<string, TagType> = { active: 'danger', acknowledged: 'warning', false_alarm: 'info', resolved: 'success' };

/** Actions that close the alarm or open a hazard: the page asks first and offers a note. */
export const CONFIRMED_ACTIONS = new Set(['false_alarm', 'resolve', 'convert']);

export interface HistoryStep {
  key: 'raised' | 'cleared' | 'acknowledged' | 'false_alarm' | 'resolved' | 'converted';
  at: string;
}

/** The alarm's history from the times it carries, oldest first (the audit log adds who and why). */
export function alarmHistory(alarm: Alarm): HistoryStep[] {
  const steps: HistoryStep[] = [{ key: 'raised', at: alarm.raised_at }];
  if (alarm.cleared_at) steps.push({ key: 'cleared', at: alarm.cleared_at });
  if (alarm.acknowledged_at) steps.push({ key: 'acknowledged', at: alarm.acknowledged_at });
  if (alarm.closed_at) {
    const key = alarm.hazard_id ? 'converted' : alarm.status === 'false_alarm' ? 'false_alarm' : 'resolved';
    steps.push({ key, at: alarm.closed_at });
  }
  return steps.filter((s) => !!s.at).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * Acts on an alarm as the server allows NOW: re-reads it first (the list, and the SSE data, may be
 * older than someone else's action); an action no longer offered is not sent and the fresh alarm is
 * thrown back with a 409 for the page to show. The server still has the last word (409/422).
 */
export async function performAlarmAction(id: number, action: string, note?: string): Promise<Alarm> {
  const fresh = await getAlarm(id);
  if (!fresh.allowed_actions.includes(action)) {
    throw Object.assign(new ApiRequestError({ status: 409, code: 'invalid_transition', message: '', fields: {} }), { alarm: fresh });
  }
  return actOnAlarm(id, action, note);
}

/** `/alarms?open=12`: the alarm whose detail is open (the phone banner and the panel link here). */
export function alarmLink(id: number) {
  return { path: '/alarms', query: { open: String(id) } };
}

/**
 * The short note beside a device: what the device said (`source.detail`, its own text), or for an
 * offline alarm when it was last heard from (`source.last_seen_at`, in the reader's language).
 */
export function alarmNote(alarm: Pick<Alarm, 'source'>, t: (key: string, values: Record<string, unknown>) => string): string {
  const detail = alarm.source?.detail;
  if (typeof detail === 'string' && detail) return detail;
  const seen = alarm.source?.last_seen_at;
  return typeof seen === 'string' && seen ? t('alarms.lastSeenAt', { time: formatDateTime(seen) }) : '';
}
