import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '@/i18n';
import { alarmJson } from '@/api/alarms.fixture';
import AlarmDetail from './alarm-detail.vue';

const api = vi.hoisted(() => ({ getAlarm: vi.fn(), actOnAlarm: vi.fn() }));
vi.mock('@/api/alarms', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/api/alarms')>()), ...api }));
vi.mock('@/api/audit', () => ({ listAudit: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 50 })) }));

let app: App | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
});
beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
});

const flush = async () => {
  for (let i = 0; i < 6; i++) {
    await Promise.resolve();
    await nextTick();
  }
};

async function mount(changed: unknown[] = []) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] });
  app = createApp(AlarmDetail, { alarmId: 101, onChanged: (a: unknown) => changed.push(a) });
  app.use(createPinia()).use(i18n).use(router).mount(root);
  await router.isReady();
  await flush();
  return root;
}
const actions = (root: HTMLElement) => Array.from(root.querySelectorAll<HTMLButtonElement>('[data-testid=alarm-actions] [data-action]')).map((b) => b.dataset.action);

describe('the alarm detail', () => {
  it("offers exactly the server's allowed_actions, and none when it lists none", async () => {
    api.getAlarm.mockResolvedValue(alarmJson({ allowed_actions: ['acknowledge'] }));
    let root = await mount();
    expect(actions(root)).toEqual(['acknowledge']);
    expect(root.querySelector('[data-testid=alarm-component]')?.textContent).toContain('40');
    app?.unmount();
    api.getAlarm.mockResolvedValue(alarmJson({ status: 'resolved', allowed_actions: [] }));
    root = await mount();
    expect(root.querySelector('[data-testid=alarm-actions]')).toBeNull();
    expect(root.querySelector('[data-testid=alarm-detail-status]')?.getAttribute('data-status')).toBe('resolved');
  });

  it('converts after a confirmation with a note, then links the hazard the server opened', async () => {
    const changed: unknown[] = [];
    api.getAlarm.mockResolvedValue(alarmJson({ allowed_actions: ['acknowledge', 'convert'] }));
    api.actOnAlarm.mockResolvedValue(alarmJson({ status: 'resolved', hazard_id: 77, closed_at: '2026-12-06T03:00:00Z', allowed_actions: [] }));
    const root = await mount(changed);
    root.querySelector<HTMLButtonElement>('[data-action=convert]')!.click();
    await flush();
    expect(api.actOnAlarm).not.toHaveBeenCalled();
    const note = root.querySelector<HTMLTextAreaElement>('[data-testid=alarm-confirm] textarea')!;
    note.value = '<b>仓库</b> 有烟';
    note.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('[data-testid=alarm-confirm-submit]')!.click();
    await flush();
    expect(api.actOnAlarm).toHaveBeenCalledWith(101, 'convert', '<b>仓库</b> 有烟');
    const link = root.querySelector<HTMLAnchorElement>('[data-testid=alarm-hazard-link]');
    expect(link?.getAttribute('href')).toBe('/hazards/77');
    expect(changed).toHaveLength(1);
    expect(root.querySelector('[data-step=converted]')).not.toBeNull();
  });

  it("acknowledges at once; a 409 shows the server's message and the fresh state", async () => {
    api.getAlarm.mockResolvedValueOnce(alarmJson({ allowed_actions: ['acknowledge'] }));
    api.getAlarm.mockResolvedValueOnce(alarmJson({ status: 'acknowledged', allowed_actions: ['resolve'] }));
    const root = await mount();
    root.querySelector<HTMLButtonElement>('[data-action=acknowledge]')!.click();
    await flush();
    expect(api.actOnAlarm).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid=alarm-action-error]')).not.toBeNull();
    expect(actions(root)).toEqual(['resolve']);
  });
});
