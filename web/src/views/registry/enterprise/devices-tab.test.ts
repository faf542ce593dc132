// The enterprise file's 物联设备 tab: it lists the server's devices with their state, shows the
// server's 422 on the register form's field, and offers no form to those who may not register.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia } from 'pinia';
import { i18n } from '@/i18n';
import DevicesTab from './devices-tab.vue';

let app: App | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const device = {
  id: 7,
  enterprise_id: 3,
  enterprise: { id: 3, name: '宏达服饰' },
  building_id: null,
  kind: 'smoke_detector',
  serial: 'SD-3',
  protocol: 'mqtt',
  unit_address: null,
  state: 'fault',
  online: false,
  last_seen_at: null,
  version: 1,
};

async function mount(canRegister: boolean, post: Response) {
  const sent: unknown[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      sent.push(JSON.parse(String(init.body)));
      return post.clone();
    }
    expect(String(url)).toContain('/api/v1/devices?');
    expect(String(url)).toContain('enterprise_id=3');
    return json(200, { items: [device], total: 1, page: 1, page_size: 200 });
  });
  vi.stubGlobal('fetch', fetchMock);
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp(DevicesTab, { enterpriseId: 3, canRegister });
  app.use(createPinia()).use(i18n).mount(root);
  await nextTick();
  return { root, sent };
}

describe('the devices tab of the enterprise file', () => {
  it('lists the devices with the state the server gives', async () => {
    const { root } = await mount(false, json(201, device));
    await vi.waitFor(() => expect(root.querySelector('[data-device="7"]')).not.toBeNull());
    expect(root.querySelector('[data-state=fault]')).not.toBeNull();
    expect(root.querySelector('[data-testid=device-add]')).toBeNull();
  });

  it('sends the typed unit address and shows the server field error', async () => {
    const refused = json(422, { error: { code: 'validation_failed', message: '请修改', fields: { unit_address: '地址应在 0 到 281474976710655（6 字节）之间' } } });
    const { root, sent } = await mount(true, refused);
    await vi.waitFor(() => expect(root.querySelector('[data-testid=device-add]')).not.toBeNull());
    (root.querySelector('[data-testid=device-add]') as HTMLElement).click();
    await nextTick();
    (root.querySelector('[data-protocol=gb26875] input') as HTMLInputElement).click();
    await nextTick();
    const serial = root.querySelector('[data-testid=device-serial] input, input[data-testid=device-serial]') as HTMLInputElement;
    serial.value = 'UITD-9';
    serial.dispatchEvent(new Event('input'));
    const address = root.querySelector('[data-testid=device-unit-address] input, input[data-testid=device-unit-address]') as HTMLInputElement;
    address.value = '281474976710656';
    address.dispatchEvent(new Event('input'));
    await nextTick();
    (root.querySelector('[data-testid=device-save]') as HTMLElement).click();
    await vi.waitFor(() => expect(root.querySelector('[data-testid=device-form-error]')).not.toBeNull());
    expect(sent).toEqual([{ enterprise_id: 3, kind: 'smoke_detector', serial: 'UITD-9', protocol: 'gb26875', unit_address: 281474976710656 }]);
    await vi.waitFor(() => expect(root.textContent).toContain('281474976710655（6 字节）'));
  });
});
