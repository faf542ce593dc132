// What waits in the offline queue, for the badge and the list on the inspector's phone,
// and when to send it: at start-up, on the `online` event, on demand, and after a re-login.
// A 401 (the session ended while the phone was offline) pauses the queue: its entries stay, with
// their Idempotency-Keys, until the user logs in again (components/relogin-dialog.vue); then they
// are sent, and the server answers a key it has already seen from that user again instead of
// applying it twice.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { http } from '@/api/http';
import { uploadAttachment } from '@/api/attachments';
import { discard, enqueue, listQueue, retryFailed, syncQueue, type QueueEntry, type SyncResult, type Transport } from '@/offline/queue';
import { useUserStore } from './user';

export const httpTransport: Transport = {
  upload: (blob, key) => uploadAttachment(blob, key),
  post: (path, body, key) => http.post(path, body, { idempotencyKey: key }),
};

/** Where one submission made on this phone stands, as the queue has it now. */
export type EntryStatus = 'waiting' | 'uploading' | 'failed' | 'uploaded' | 'unknown';

/** An entry still in the queue waits (or is being sent, or was refused); one the server accepted
 * this session is uploaded; one neither in the queue nor sent was discarded or is another tab's. */
export function entryStatus(id: string, entries: readonly QueueEntry[], uploaded: Readonly<Record<string, unknown>>, syncing: boolean): EntryStatus {
  const entry = entries.find((e) => e.id === id);
  if (entry) return entry.state === 'failed' ? 'failed' : syncing ? 'uploading' : 'waiting';
  return id in uploaded ? 'uploaded' : 'unknown';
}

export const useOfflineStore = defineStore('offline', () => {
  const entries = ref<QueueEntry[]>([]);
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const syncing = ref(false);
  const lastResult = ref<SyncResult | null>(null);
  // The server's answers to the entries sent since the page loaded, by entry id: what a page that
  // queued something shows once it is uploaded (e.g. the hazards an inspection opened).
  const uploaded = ref<Record<string, unknown>>({});
  let listening = false;

  const pending = computed(() => entries.value.filter((e) => e.state === 'pending').length);
  const failed = computed(() => entries.value.filter((e) => e.state === 'failed').length);
  const waiting = computed(() => entries.value.length);

  function userId(): number | null {
    return useUserStore().user?.id ?? null;
  }

  async function refresh(): Promise<void> {
    const id = userId();
    try {
      entries.value = id === null ? [] : await listQueue(id);
    } catch {
      entries.value = [];
    }
  }

  async function sync(): Promise<SyncResult | null> {
    const id = userId();
    if (id === null || useUserStore().expired) return null; // paused until the re-login
    syncing.value = true;
    try {
      const result = await syncQueue(id, httpTransport);
      lastResult.value = result;
      uploaded.value = { ...uploaded.value, ...result.answers };
      return result;
    } finally {
      syncing.value = false;
      await refresh();
    }
  }

  function statusOf(id: string): EntryStatus {
    return entryStatus(id, entries.value, uploaded.value, syncing.value);
  }

  async function add(input: Parameters<typeof enqueue>[0]): Promise<QueueEntry> {
    const entry = await enqueue(input);
    await refresh();
    return entry;
  }

  async function remove(id: string): Promise<void> {
    await discard(id);
    await refresh();
  }

  async function retry(id: string): Promise<void> {
    await retryFailed(id);
    await refresh();
    if (online.value) await sync();
  }

  // The re-login dialog succeeded: send what the 401 held back.
  watch(
    () => useUserStore().expired,
    (expired, was) => {
      if (was && !expired && userId() !== null) void sync();
    },
  );

  /** Once, from the staff layout: listen for connectivity and send what waits. */
  function start(): void {
    if (listening || typeof window === 'undefined') return;
    listening = true;
    window.addEventListener('online', () => {
      online.value = true;
      void sync();
    });
    window.addEventListener('offline', () => (online.value = false));
    void refresh().then(() => {
      if (online.value && pending.value > 0) void sync();
    });
  }

  return { entries, online, syncing, lastResult, uploaded, pending, failed, waiting, statusOf, refresh, sync, add, remove, retry, start };
});
