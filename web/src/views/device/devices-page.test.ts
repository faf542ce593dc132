import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { i18n } from '@/i18n';
import type { Device } from '@/api/devices';
import DevicesPage from './index.vue';

const api = vi.hoisted(() => ({ listDevices: vi.fn() }));
vi.mock('@/api/devices', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/api/devices')>()), listDevices: api.listDevices }));
vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 })), getEnterprise: vi.fn() }));

const device = (o: Partial<Device>): Device => ({
  id: 1, enterprise_id: 3, enterprise: { id: 3, name: '匡堰服装厂' }, building_id: null, kind: 'smoke_detector', serial: 'SD-1', protocol: 'mqtt',
  unit_address: null, state: 'normal', online: true, last_seen_at: '2026-12-06T02:00:00Z', version: 1, ...o,
});

let app: App | null = null;
let router: Router;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
});
beforeEach(() => vi.clearAllMocks());

const flush = async () => {
  for (let i = 0; i < 6; i++) {
    await Promise.resolve();
    await nextTick();
  }
};

async function mount(path: string, phone = false) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: phone, media: query, addEventListener() {}, removeEventListener() {} }));
  router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/devices', component: DevicesPage }, { path: '/:any(.*)*', component: { render: () => null } }] });
  await router.push(path);
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp({ template: '<RouterView />' });
  app.use(createPinia()).use(i18n).use(router).mount(root);
  await router.isReady();
  await flush();
  return root;
}

describe('the devices page', () => {
  it("asks the server with the URL's online filter and shows its answer as cards that open the enterprise's devices tab", async () => {
    api.listDevices.mockResolvedValue({ items: [device({ id: 4, online: false, state: 'offline', last_seen_at: null })], total: 1, page: 1, page_size: 20 });
    const root = await mount('/devices?online=false', true);
    expect(api.listDevices).toHaveBeenCalledWith({ online: false, enterprise_id: undefined, page: 1, page_size: 20 });
    const card = root.querySelector<HTMLAnchorElement>('[data-testid=devices-list] [data-device="4"]')!;
    expect(card.getAttribute('href')).toBe('/enterprises/3?tab=devices');
    expect(card.dataset.online).toBe('false');
    expect(card.textContent).toContain('从未上线');
    expect(card.textContent).toContain('匡堰服装厂');
  });

  it('puts the filter in the URL and lists all again', async () => {
    api.listDevices.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 20 });
    const root = await mount('/devices', true);
    expect(api.listDevices).toHaveBeenLastCalledWith({ online: undefined, enterprise_id: undefined, page: 1, page_size: 20 });
    const radio = root.querySelector<HTMLInputElement>('[data-online-filter=true] input')!;
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(router.currentRoute.value.query.online).toBe('true'));
    await flush();
    expect(api.listDevices).toHaveBeenLastCalledWith({ online: true, enterprise_id: undefined, page: 1, page_size: 20 });
    expect(root.querySelector('[data-state=empty]')).not.toBeNull();
  });
});
