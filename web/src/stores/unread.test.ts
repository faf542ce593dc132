import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useUnreadStore } from './unread';

const api = vi.hoisted(() => ({ listNotifications: vi.fn(), markNotificationRead: vi.fn(), markAllNotificationsRead: vi.fn() }));
vi.mock('@/api/notifications', () => api);

beforeEach(() => {
  setActivePinia(createPinia());
  vi.clearAllMocks();
});

describe('unread store (the inbox badge)', () => {
  it("asks only the unread total, one request for concurrent refreshes", async () => {
    api.listNotifications.mockResolvedValue({ items: [], total: 7, page: 1, page_size: 1 });
    const unread = useUnreadStore();
    await Promise.all([unread.refresh(), unread.refresh()]);
    expect(unread.count).toBe(7);
    expect(api.listNotifications).toHaveBeenCalledTimes(1);
    expect(api.listNotifications).toHaveBeenCalledWith({ page: 1, page_size: 1, unread: true });
  });

  it('keeps the last count when the server cannot be reached, and takes the inbox answer', async () => {
    api.listNotifications.mockResolvedValueOnce({ items: [], total: 3, page: 1, page_size: 1 });
    const unread = useUnreadStore();
    await unread.refresh();
    api.listNotifications.mockRejectedValueOnce(new Error('offline'));
    await unread.refresh();
    expect(unread.count).toBe(3);
    unread.set(2);
    expect(unread.count).toBe(2);
    unread.set(-1);
    unread.set(undefined);
    expect(unread.count).toBe(2);
  });
});
