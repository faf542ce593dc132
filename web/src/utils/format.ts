import { ref } from 'vue';
import { i18n } from '@/i18n';

function locale(): string {
  return String(i18n.global.locale.value);
}

// Every date a person reads is the town's (CONTRACT.md), not the phone's: the server's configured
// zone (GET /api/v1/config, utils/time-zone.ts), a fixed UTC offset, Asia/Shanghai until told.
// Formatting shifts the instant by that offset and reads it as UTC, which Intl does exactly in any
// browser (offset names like "+08:00" as an Intl timeZone are too new to rely on). A ref, so that
// the pages drawn before the server answered are drawn again.
export const DEFAULT_UTC_OFFSET_SECONDS = 8 * 3600;
export const townUtcOffsetSeconds = ref(DEFAULT_UTC_OFFSET_SECONDS);

/** The shifted instant to format with `timeZone: 'UTC'`, or null when `iso` is not a time. */
function townClock(iso: string): Date | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return new Date(d.getTime() + townUtcOffsetSeconds.value * 1000);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = townClock(iso);
  if (!d) return iso;
  return d.toLocaleString(locale(), { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = townClock(iso);
  if (!d) return iso;
  return d.toLocaleDateString(locale(), { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** "12月20日" / "December 20": a deadline named in a sentence. */
export function formatMonthDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = townClock(iso);
  if (!d) return iso;
  return d.toLocaleDateString(locale(), { timeZone: 'UTC', month: 'long', day: 'numeric' });
}

/** 0.873 → "87.3%"; null (nothing to divide) → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** A day picked in the UI (its calendar day as the picker gives it) → RFC 3339 UTC of 23:59:59 of
 * that day in the town's zone, so the deadline is the day the person picked wherever the phone is. */
export function endOfDayUtc(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : new Date(date.getTime());
  const utc = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), 23, 59, 59) - townUtcOffsetSeconds.value * 1000;
  return new Date(utc).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
