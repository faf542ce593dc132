import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './download';

describe('fileNameFromDisposition', () => {
  it('prefers the UTF-8 name (RFC 5987) over the ASCII fallback', () => {
    expect(
      fileNameFromDisposition(
        "attachment; filename=\"notice-7-2026-12-06.pdf\"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E9%80%9A%E7%9F%A5%E4%B9%A6-2026-12-06.pdf",
      ),
    ).toBe('整改通知书-2026-12-06.pdf');
  });

  it('falls back to the plain name, and to null', () => {
    expect(fileNameFromDisposition('attachment; filename="hazards-2026-12-06.xlsx"')).toBe('hazards-2026-12-06.xlsx');
    expect(fileNameFromDisposition("attachment; filename=\"a.xlsx\"; filename*=UTF-8''%E0%A4")).toBe('a.xlsx');
    expect(fileNameFromDisposition('attachment')).toBeNull();
    expect(fileNameFromDisposition(null)).toBeNull();
  });
});
