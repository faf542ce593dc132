import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_UTC_OFFSET_SECONDS, endOfDayUtc, formatDate, formatDateTime, formatMonthDay, townUtcOffsetSeconds } from './format';
import { loadTownTimeZone } from './time-zone';

afterEach(() => {
  townUtcOffsetSeconds.value = DEFAULT_UTC_OFFSET_SECONDS;
  localStorage.clear();
});

// 2026-12-19 19:00 UTC: 12月20日 03:00 in Shanghai, 12月19日 14:00 in New York (UTC−05:00).
const T = '2026-12-19T19:00:00Z';

describe("dates are the town's, not the browser's", () => {
  it('formats in Asia/Shanghai by default', () => {
    expect(formatDate(T)).toBe('2026/12/20');
    expect(formatDateTime(T)).toBe('2026/12/20 03:00');
    expect(formatMonthDay(T)).toBe('12月20日');
  });

  it("formats in the server's configured zone", () => {
    townUtcOffsetSeconds.value = -5 * 3600;
    expect(formatDate(T)).toBe('2026/12/19');
    expect(formatDateTime(T)).toBe('2026/12/19 14:00');
    expect(formatMonthDay(T)).toBe('12月19日');
  });

  it("a picked day ends at 23:59:59 of that day in the town's zone", () => {
    expect(endOfDayUtc('2026-12-20T00:00:00')).toBe('2026-12-20T15:59:59Z');
    townUtcOffsetSeconds.value = -5 * 3600;
    expect(endOfDayUtc('2026-12-20T00:00:00')).toBe('2026-12-21T04:59:59Z');
  });

  it('keeps text that is not a time and dashes a missing one', () => {
    expect(formatDate('soon')).toBe('soon');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('loadTownTimeZone', () => {
  const answer = (body: unknown, ok = true) => vi.fn(async () => ({ ok, json: async () => body }) as Response);

  it("takes the server's offset and remembers it for the next (offline) load", async () => {
    await loadTownTimeZone('zh-CN', answer({ time_zone: 'Asia/Tokyo', utc_offset_seconds: 9 * 3600 }));
    expect(townUtcOffsetSeconds.value).toBe(9 * 3600);
    townUtcOffsetSeconds.value = DEFAULT_UTC_OFFSET_SECONDS;
    await loadTownTimeZone('zh-CN', vi.fn(async () => Promise.reject(new Error('offline'))));
    expect(townUtcOffsetSeconds.value).toBe(9 * 3600);
  });

  it('ignores an unusable answer', async () => {
    await loadTownTimeZone('zh-CN', answer({ utc_offset_seconds: 'eight' }));
    expect(townUtcOffsetSeconds.value).toBe(DEFAULT_UTC_OFFSET_SECONDS);
    await loadTownTimeZone('zh-CN', answer({ utc_offset_seconds: 99 * 3600 }));
    expect(townUtcOffsetSeconds.value).toBe(DEFAULT_UTC_OFFSET_SECONDS);
    await loadTownTimeZone('zh-CN', answer({}, false));
    expect(townUtcOffsetSeconds.value).toBe(DEFAULT_UTC_OFFSET_SECONDS);
  });
});
