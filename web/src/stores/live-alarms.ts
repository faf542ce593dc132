// The active alarms in the caller's scope, kept live: GET /alarms?status=active once, then the
// alarm.raised / alarm.updated events of the shared stream (composables/use-live-events.ts). The
// dashboard's panel lists them and the phone's banner announces a new fire alarm.
//
// What "active" means and who sees what is the server's: an event's alarm stays in the panel while
// the server says its status is `active`. A server without alarms (GET /alarms → 404: an older
// build) leaves the panel hidden and opens no stream.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { listAlarms, normaliseAlarm, type Alarm } from '@/api/alarms';
import { isApiError } from '@/api/errors';
import { liveConnection, type LiveConnection, type LiveMessage } from '@/composables/use-live-events';
import { readMuted, writeMuted } from '@/utils/alarm-sound';
import { useUserStore } from './user';

/** The panel shows the newest; more than this is "see all" on /alarms. */
export const ACTIVE_PAGE_SIZE = 50;

function asAlarm(data: unknown): Alarm | null {
  if (!data || typeof data !== 'object') return null;
  const a = data as Partial<Alarm>;
  if (typeof a.id !== 'number' || typeof a.kind !== 'string' || typeof a.status !== 'string') return null;
  return normaliseAlarm(a as Alarm);
}

const newestFirst = (a: Alarm, b: Alarm) => (a.raised_at < b.raised_at ? 1 : a.raised_at > b.raised_at ? -1 : b.id - a.id);

export const useLiveAlarmsStore = defineStore('live-alarms', () => {
  const active = ref<Alarm[]>([]);
  const total = ref(0);
  /** null: not asked yet; false: this server has no alarms endpoint. */
  const available = ref<boolean | null>(null);
  const loading = ref(false);
  /** The newest fire alarm raised while the app was open, until the user dismisses it. */
  const banner = ref<Alarm | null>(null);
  /** Counts new fire alarms: the dashboard flashes and beeps when it moves. */
  const fireSeq = ref(0);
  const muted = ref(readMuted());

  let unsubscribe: (() => void) | null = null;
  let owner: number | null = null;
  let connected: LiveConnection | null = null;
  /** Fire alarms already announced (a resumed stream may repeat an alarm.raised). */
  const announced = new Set<number>();

  async function reload(): Promise<void> {
    loading.value = true;
    try {
      const page = await listAlarms({ status: 'active', page: 1, page_size: ACTIVE_PAGE_SIZE });
      active.value = page.items.slice().sort(newestFirst);
      total.value = page.total;
      available.value = true;
    } catch (error) {
      if (isApiError(error) && (error.status === 404 || error.status === 403)) available.value = false;
      // offline: keep what we had; the stream's next open reloads
    } finally {
      loading.value = false;
    }
  }

  function apply(message: LiveMessage): void {
    const alarm = asAlarm(message.data);
    if (!alarm) return;
    const at = active.value.findIndex((a) => a.id === alarm.id);
    const wasListed = at >= 0;
    if (alarm.status === 'active') {
      const next = active.value.slice();
      if (wasListed) next[at] = { ...next[at], ...alarm, allowed_actions: next[at].allowed_actions };
      else next.push(alarm);
      active.value = next.sort(newestFirst);
      if (!wasListed) total.value += 1;
    } else if (wasListed) {
      active.value = active.value.filter((a) => a.id !== alarm.id);
      total.value = Math.max(0, total.value - 1);
    }
    if (banner.value?.id === alarm.id && alarm.status !== 'active') banner.value = null;
    if (message.type === 'alarm.raised' && alarm.kind === 'fire' && alarm.status === 'active' && !announced.has(alarm.id)) {
      announced.add(alarm.id);
      banner.value = alarm;
      fireSeq.value += 1;
    }
  }

  /** The staff shell calls it on mount; again for the same user is a no-op. */
  async function start(connection: LiveConnection = liveConnection()): Promise<void> {
    const me = useUserStore().user?.id ?? null;
    if (me === null) return;
    if (owner === me && (unsubscribe || loading.value)) return;
    stop();
    owner = me;
    await reload();
    // the user may have logged out while the list loaded
    if (available.value !== true || owner !== me || useUserStore().user?.id !== me) return;
    // Every (re)connection re-reads the list: what happened while the stream was away (or before it
    // first opened, after the GET above) is in it.
    connected = connection;
    unsubscribe = connection.subscribe({ types: ['alarm.raised', 'alarm.updated'], onEvent: apply, onOpen: () => void reload() });
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    owner = null;
    active.value = [];
    total.value = 0;
    banner.value = null;
    available.value = null;
    announced.clear();
  }

  function dismissBanner(): void {
    banner.value = null;
  }

  function setMuted(value: boolean): void {
    muted.value = value;
    writeMuted(value);
  }

  // The password asked again after the session expired: the stream (refused meanwhile) comes back now.
  watch(
    () => useUserStore().expired,
    (expired, was) => {
      if (was && !expired) connected?.reconnectNow();
    },
  );

  // Logout or another user: nothing of the previous user's alarms stays.
  watch(
    () => useUserStore().user?.id ?? null,
    (id) => {
      if (id !== owner) stop();
    },
  );

  return { active, total, available, loading, banner, fireSeq, muted, reload, apply, start, stop, dismissBanner, setMuted };
});
