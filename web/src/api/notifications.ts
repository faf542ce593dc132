import { http } from './http';
import type { Notification, Page } from './types';

/** Inbox (not in CONTRACT.md v1 yet: the page shows its error state without it). */
export function listNotifications(query: { page?: number; page_size?: number; unread?: boolean } = {}): Promise<Page<Notification>> {
  return http.get<Page<Notification>>('/notifications', query);
}

/** Inbox: mark one as read. */
export function markNotificationRead(id: number): Promise<Notification> {
  return http.post<Notification>(`/notifications/${id}/read`);
}
