// The line under a photo: when and where it was taken, as the server read them from its EXIF.
// Evidence needs both; when either is missing the line says so rather than leaving it blank.
import type { Attachment } from '@/api/types';

type Translate = (key: string, values?: Record<string, unknown>) => string;

function takenTime(iso: string, locale: string): string | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return d.toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** "拍摄于 2026年12月5日 14:03 · 30.12345, 121.23456", or "无拍摄信息" without EXIF. */
export function photoCaption(meta: Pick<Attachment, 'taken_at' | 'lat' | 'lng'>, t: Translate, locale: string): string {
  const time = meta.taken_at ? takenTime(meta.taken_at, locale) : null;
  const place = usable(meta.lat) && usable(meta.lng) ? `${meta.lat.toFixed(5)}, ${meta.lng.toFixed(5)}` : null;
  if (!time && !place) return t('photos.noExif');
  return [time ? t('photos.takenAt', { time }) : t('photos.noTime'), place ?? t('photos.noPlace')].join(' · ');
}
