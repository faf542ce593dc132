// The town's time zone for the dates the app shows (utils/format.ts): GET /api/v1/config, asked once
// per page load. The last answer is kept in localStorage so that a phone offline, or the first
// paint before the answer, still shows the town's days; no answer keeps Asia/Shanghai.
import { townUtcOffsetSeconds } from './format';

const STORAGE_KEY = 'safegrid.utcOffsetSeconds';
const MAX_OFFSET = 14 * 3600;

function usable(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_OFFSET;
}

/** Applies the remembered offset at once, then the server's when it answers. Never throws.
 * `locale`: the app's language, asked of the server like every other API request. */
export async function loadTownTimeZone(locale = 'zh-CN', fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Promise<void> {
  try {
    const kept = Number(localStorage.getItem(STORAGE_KEY) ?? 'NaN');
    if (usable(kept)) townUtcOffsetSeconds.value = kept;
  } catch {
    // storage disabled: the default stays
  }
  try {
    const r = await fetchImpl('/api/v1/config', { credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN' } });
    if (!r.ok) return;
    const body = (await r.json()) as { utc_offset_seconds?: unknown };
    if (!usable(body.utc_offset_seconds)) return;
    townUtcOffsetSeconds.value = body.utc_offset_seconds;
    try {
      localStorage.setItem(STORAGE_KEY, String(body.utc_offset_seconds));
    } catch {
      // not kept: asked again next time
    }
  } catch {
    // offline: the remembered or default zone stays
  }
}
