import { i18n } from '@/i18n';

function locale(): string {
  return String(i18n.global.locale.value);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** "12月20日" / "December 20": a deadline named in a sentence. */
export function formatMonthDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(), { month: 'long', day: 'numeric' });
}

/** 0.873 → "87.3%"; null (nothing to divide) → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** A date picked in the UI (local day) → RFC 3339 UTC at the end of that day. */
export function endOfDayUtc(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : new Date(date.getTime());
  d.setHours(23, 59, 59, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
