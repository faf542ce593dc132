import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { i18n } from '@/i18n';
import { photoCaption } from '@/utils/exif-caption';
import AttachmentThumbs from './attachment-thumbs.vue';

vi.mock('@/api/attachments', () => ({
  attachmentUrl: (id: number) => `/api/v1/attachments/${id}`,
  getAttachmentMeta: vi.fn(async (id: number) =>
    id === 7
      ? { id, sha256: 'x', size: 1, taken_at: '2026-12-05T06:03:27Z', lat: 30.123456, lng: 121.234561 }
      : { id, sha256: 'y', size: 1, taken_at: null, lat: null, lng: null },
  ),
}));

const t = (key: string, values?: Record<string, unknown>) => String(i18n.global.t(key, values ?? {}));

describe('time and place under a photo', () => {
  let app: App | null = null;
  afterEach(() => app?.unmount());

  it('formats what the server read, and says when there is nothing', () => {
    const caption = photoCaption({ taken_at: '2026-12-05T06:03:27Z', lat: 30.123456, lng: 121.234561 }, t, 'zh-CN');
    expect(caption).toMatch(/^拍摄于 2026年12月5日 \d\d:03 · 30\.12346, 121\.23456$/);
    expect(photoCaption({ taken_at: null, lat: null, lng: null }, t, 'zh-CN')).toBe('无拍摄信息');
    expect(photoCaption({ taken_at: '2026-12-05T06:03:27Z', lat: null, lng: null }, t, 'zh-CN')).toMatch(/ · 无拍摄位置$/);
    expect(photoCaption({ taken_at: null, lat: 30, lng: 121 }, t, 'zh-CN')).toBe('无拍摄时间 · 30.00000, 121.00000');
  });

  it('shows it under every photo of the list', async () => {
    const root = document.createElement('div');
    app = createApp(AttachmentThumbs, { ids: [7, 8] });
    app.use(i18n).mount(root);
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid=photo-exif]').length).toBe(2));
    await nextTick();
    const captions = Array.from(root.querySelectorAll<HTMLElement>('[data-testid=photo-exif]'));
    expect(captions[0].textContent).toMatch(/拍摄于 2026年12月5日 .* · 30\.12346, 121\.23456/);
    expect(captions[0].dataset.lat).toBe('30.123456');
    expect(captions[1].textContent?.trim()).toBe('无拍摄信息');
  });
});
