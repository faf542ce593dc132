// How many of the user's notifications are unread: the badge on the inbox's menu entry and tab
// (components/unread-badge.vue). Asked again on every navigation and after reading; the list
// endpoint answers it cheaply (GET /notifications?unread=true&page_size=1 → total).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listNotifications } from '@/api/notifications';

export const useUnreadStore = defineStore('unread', () => {
  const count = ref(0);
  let asking: Promise<void> | null = null;

  /** Asks the server; a failure (offline) keeps the last count. Concurrent calls share one request. */
  function refresh(): Promise<void> {
    if (!asking) {
      asking = listNotifications({ page: 1, page_size: 1, unread: true })
        .then((page) => {
          count.value = Math.max(0, page.total);
        })
        .catch(() => undefined)
        .finally(() => {
          asking = null;
        });
    }
    return asking;
  }

  /** The inbox's own answer carries the count (`unread`): no second request. */
  function set(n: number | undefined | null): void {
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) count.value = n;
  }

  return { count, refresh, set };
});
