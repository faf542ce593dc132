import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { alarmEventData, alarmJson } from '@/api/alarms.fixture';
import { LiveConnection, type EventSourceLike } from '@/composables/use-live-events';
import { MUTE_KEY } from '@/utils/alarm-sound';
import { useLiveAlarmsStore } from './live-alarms';
import { SESSION_KEY, useUserStore } from './user';

const api = vi.hoisted(() => ({ listAlarms: vi.fn() }));
vi.mock('@/api/alarms', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/api/alarms')>()), listAlarms: api.listAlarms }));
vi.mock('@/api/auth', () => ({ login: vi.fn(), logout: vi.fn(async () => undefined), getMe: vi.fn() }));

class Source implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  handlers = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.handlers.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(type: string, id: string, data: string) {
    this.handlers.get(type)?.(new MessageEvent(type, { data, lastEventId: id }));
  }
}

let sources: Source[];
let connection: LiveConnection;
const page = (items: ReturnType<typeof alarmJson>[]) => ({ items, total: items.length, page: 1, page_size: 50 });

function loginAs(id: number) {
  localStorage.setItem(SESSION_KEY, JSON.stringify({ user: { id, username: `u${id}`, role: 'town', region_id: 1, enterprise_id: null } }));
}

beforeEach(() => {
  localStorage.clear();
  vi.clearAllMocks();
  sources = [];
  connection = new LiveConnection((url) => {
    const s = new Source(url);
    sources.push(s);
    return s;
  });
  loginAs(1);
  setActivePinia(createPinia());
});

describe('live alarms store', () => {
  it('loads the active alarms, then keeps them live from alarm.raised / alarm.updated', async () => {
    api.listAlarms.mockResolvedValue(page([alarmJson({ id: 1, kind: 'fault', raised_at: '2026-12-06T01:00:00Z' })]));
    const store = useLiveAlarmsStore();
    await store.start(connection);
    expect(api.listAlarms).toHaveBeenCalledWith({ status: 'active', page: 1, page_size: 50 });
    expect(store.available).toBe(true);
    expect(sources).toHaveLength(1);
    sources[0].open();
    await Promise.resolve();
    expect(api.listAlarms).toHaveBeenCalledTimes(2); // the open re-reads what came before the stream

    sources[0].send('alarm.raised', '5', alarmEventData({ id: 2, kind: 'fire', raised_at: '2026-12-06T02:00:00Z' }));
    expect(store.active.map((a) => a.id)).toEqual([2, 1]);
    expect(store.fireSeq).toBe(1);
    expect(store.banner?.id).toBe(2);

    // the server says acknowledged: it leaves the active panel, and its banner goes
    sources[0].send('alarm.updated', '6', alarmEventData({ id: 2, kind: 'fire', status: 'acknowledged' }));
    expect(store.active.map((a) => a.id)).toEqual([1]);
    expect(store.banner).toBeNull();
    expect(store.total).toBe(1);
  });

  it('announces a fire alarm once (a resumed stream may repeat it), and never a fault', async () => {
    api.listAlarms.mockResolvedValue(page([]));
    const store = useLiveAlarmsStore();
    await store.start(connection);
    sources[0].send('alarm.raised', '1', alarmEventData({ id: 3, kind: 'fault' }));
    expect(store.fireSeq).toBe(0);
    expect(store.banner).toBeNull();
    sources[0].send('alarm.raised', '2', alarmEventData({ id: 4, kind: 'fire' }));
    sources[0].send('alarm.raised', '2', alarmEventData({ id: 4, kind: 'fire' }));
    expect(store.fireSeq).toBe(1);
    expect(store.active.map((a) => a.id)).toEqual([4, 3]);
    store.dismissBanner();
    expect(store.banner).toBeNull();
  });

  it('opens no stream when the server has no alarms (404)', async () => {
    api.listAlarms.mockRejectedValue(Object.assign(new Error('nf'), { status: 404, code: 'not_found', message: '', fields: {} }));
    const store = useLiveAlarmsStore();
    await store.start(connection);
    expect(store.available).toBe(false);
    expect(sources).toHaveLength(0);
  });

  it('forgets everything at logout and starts again for the next user', async () => {
    api.listAlarms.mockResolvedValue(page([alarmJson({ id: 8 })]));
    const store = useLiveAlarmsStore();
    await store.start(connection);
    sources[0].send('alarm.raised', '1', alarmEventData({ id: 9 }));
    expect(store.banner?.id).toBe(9);
    await useUserStore().logout();
    await nextTick();
    expect(store.active).toEqual([]);
    expect(store.banner).toBeNull();
    expect(sources[0].closed).toBe(true);
    expect(connection.listening).toBe(0);
  });

  it('reopens the stream as soon as the password was given again after the session expired', async () => {
    api.listAlarms.mockResolvedValue(page([]));
    const store = useLiveAlarmsStore();
    await store.start(connection);
    const user = useUserStore();
    user.expire();
    await nextTick();
    sources[0].readyState = 2; // the server refused the stream (401): the browser gave up
    sources[0].onerror?.(new Event('error'));
    expect(sources).toHaveLength(1);
    user.expired = false; // relogin() succeeded
    await nextTick();
    expect(sources).toHaveLength(2);
  });

  it('remembers the mute toggle on the device', () => {
    const store = useLiveAlarmsStore();
    expect(store.muted).toBe(false);
    store.setMuted(true);
    expect(localStorage.getItem(MUTE_KEY)).toBe('1');
    setActivePinia(createPinia());
    expect(useLiveAlarmsStore().muted).toBe(true);
    useLiveAlarmsStore().setMuted(false);
    expect(localStorage.getItem(MUTE_KEY)).toBeNull();
  });
});
