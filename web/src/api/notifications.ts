import { http } from './http';
import type { Notification, Page } from './types';

/** Inbox: a page of the user's notifications, newest first (`unread=true`: only those not read). */
export function listNotifications(query: { page?: number; page_size?: number; unread?: boolean } = {}): Promise<Page<Notification>> {
  return http.get<Page<Notification>>('/notifications', query);
}

/** Inbox: mark one as read. */
export function markNotificationRead(id: number): Promise<Notification> {
  return http.post<Notification>(`/notifications/${id}/read`);
}

/** Inbox: mark everything read. */
export function markAllNotificationsRead(): Promise<void> {
  return http.post<void>('/notifications/read-all');
}
