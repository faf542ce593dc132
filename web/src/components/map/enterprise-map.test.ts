// The stored-XSS hole of issue 10: an enterprise name reached Leaflet's bindTooltip as a string,
// which Leaflet writes as HTML. Mounts the real map with a hostile name and looks at the DOM.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick } from 'vue';
import { i18n } from '@/i18n';
import { resetAppConfig } from '@/utils/app-config';
import EnterpriseMap from './enterprise-map.vue';

const HOSTILE = '<img src=x onerror="window.__xss=1">';

afterEach(() => {
  vi.unstubAllGlobals();
  resetAppConfig();
  document.body.innerHTML = '';
});

describe('enterprise map', () => {
  it('shows an enterprise name in its tooltip as text, never as markup', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } })));
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        disconnect() {}
      },
    );
    const host = document.createElement('div');
    document.body.appendChild(host);
    const app = createApp(EnterpriseMap, { points: [{ id: 1, name: HOSTILE, lat: 30.18, lng: 121.32, risk: 'red', main: true }] });
    app.use(i18n);
    app.mount(host);
    await vi.waitFor(() => expect(document.querySelector('.leaflet-tooltip')).not.toBeNull());
    await nextTick();
    const tooltip = document.querySelector('.leaflet-tooltip')!;
    expect(tooltip.textContent).toBe(HOSTILE);
    expect(tooltip.querySelector('img')).toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    app.unmount();
  });
});
