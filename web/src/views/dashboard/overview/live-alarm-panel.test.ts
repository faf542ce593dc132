import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { i18n } from '@/i18n';
import { alarmJson } from '@/api/alarms.fixture';
import { useLiveAlarmsStore } from '@/stores/live-alarms';
import { MUTE_KEY } from '@/utils/alarm-sound';
import LiveAlarmPanel from './live-alarm-panel.vue';
import AlarmBanner from '@/components/alarm-banner.vue';

let app: App | null = null;
let pinia: Pinia;
let router: Router;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
  vi.useRealTimers();
});
beforeEach(() => {
  localStorage.clear();
  pinia = createPinia();
  setActivePinia(pinia);
});

async function mount(component: unknown, props: Record<string, unknown> = {}) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] });
  app = createApp(component as never, props);
  app.use(pinia).use(i18n).use(router).mount(root);
  await router.isReady();
  await nextTick();
  return root;
}

/** What the store holds after GET /alarms?status=active answered, and an event arrives. */
function serverSays(store: ReturnType<typeof useLiveAlarmsStore>, items = [alarmJson({ id: 1, kind: 'fault', raised_at: '2026-12-06T01:00:00Z' })]) {
  store.available = true;
  store.active = items;
  store.total = items.length;
}
const raise = (store: ReturnType<typeof useLiveAlarmsStore>, id: number, kind = 'fire') =>
  store.apply({ type: 'alarm.raised', id: String(id), data: JSON.parse(JSON.stringify({ ...alarmJson({ id, kind: kind as 'fire', raised_at: '2026-12-06T02:00:00Z' }), allowed_actions: undefined })) });

describe('the dashboard live alarm panel', () => {
  it('is hidden while the server has no alarms endpoint', async () => {
    const root = await mount(LiveAlarmPanel);
    expect(root.querySelector('[data-testid=live-alarms]')).toBeNull();
  });

  it('lists the active alarms, adds a new fire alarm at the top, flashes and beeps', async () => {
    vi.useFakeTimers();
    const beep = vi.fn();
    const store = useLiveAlarmsStore();
    serverSays(store);
    const root = await mount(LiveAlarmPanel, { beep });
    expect(root.querySelectorAll('[data-alarm]').length).toBe(1);
    raise(store, 2);
    await nextTick();
    expect(Array.from(root.querySelectorAll<HTMLElement>('li[data-alarm]')).map((li) => li.dataset.alarm)).toEqual(['2', '1']);
    expect(root.querySelector('[data-testid=live-alarm-count]')?.textContent?.trim()).toBe('2');
    expect(root.querySelector('[data-testid=live-alarms]')?.getAttribute('data-flash')).toBe('true');
    expect(beep).toHaveBeenCalledTimes(1);
    expect(root.querySelector('li[data-alarm="2"] a')?.getAttribute('href')).toBe('/alarms?open=2');
    vi.advanceTimersByTime(6000);
    await nextTick();
    expect(root.querySelector('[data-testid=live-alarms]')?.getAttribute('data-flash')).toBe('false');
    // a fault is listed but neither flashes nor beeps
    raise(store, 3, 'fault');
    await nextTick();
    expect(beep).toHaveBeenCalledTimes(1);
    expect(root.querySelector('[data-testid=live-alarms]')?.getAttribute('data-flash')).toBe('false');
  });

  it('stays silent when muted, and the mute button remembers the choice', async () => {
    const beep = vi.fn();
    const store = useLiveAlarmsStore();
    serverSays(store);
    const root = await mount(LiveAlarmPanel, { beep });
    const mute = root.querySelector<HTMLButtonElement>('[data-testid=alarm-mute]')!;
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    mute.click();
    await nextTick();
    expect(mute.getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem(MUTE_KEY)).toBe('1');
    raise(store, 5);
    await nextTick();
    expect(beep).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid=live-alarms]')?.getAttribute('data-flash')).toBe('true');
  });
});

describe('the phone fire banner', () => {
  it('appears for a new fire alarm, and a tap opens it on /alarms', async () => {
    const store = useLiveAlarmsStore();
    serverSays(store, []);
    const root = await mount(AlarmBanner);
    expect(root.querySelector('[data-testid=alarm-banner]')).toBeNull();
    raise(store, 8, 'fault');
    await nextTick();
    expect(root.querySelector('[data-testid=alarm-banner]')).toBeNull();
    raise(store, 9);
    await nextTick();
    const banner = root.querySelector<HTMLElement>('[data-testid=alarm-banner]')!;
    expect(banner.dataset.alarm).toBe('9');
    expect(banner.textContent).toContain('匡堰服装厂');
    root.querySelector<HTMLButtonElement>('[data-testid=alarm-banner-open]')!.click();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/alarms?open=9'));
    await nextTick();
    expect(root.querySelector('[data-testid=alarm-banner]')).toBeNull();
  });

  it('renders the enterprise name as text, and goes when the alarm is acknowledged', async () => {
    const store = useLiveAlarmsStore();
    serverSays(store, []);
    const root = await mount(AlarmBanner);
    store.apply({ type: 'alarm.raised', id: '1', data: { ...alarmJson({ id: 4, enterprise_name: '<img src=x onerror=alert(1)>' }) } });
    await nextTick();
    expect(root.querySelector('[data-testid=alarm-banner] img')).toBeNull();
    expect(root.querySelector('[data-testid=alarm-banner]')?.textContent).toContain('<img src=x');
    store.apply({ type: 'alarm.updated', id: '2', data: { ...alarmJson({ id: 4, status: 'acknowledged' }) } });
    await nextTick();
    expect(root.querySelector('[data-testid=alarm-banner]')).toBeNull();
  });
});
