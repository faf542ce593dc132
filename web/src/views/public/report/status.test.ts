// The citizen's status page shows the officer's reason (GET /public/reports/{code}/reply) as text.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '@/i18n';
import StatusPage from './status.vue';

let app: App | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

function reply(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

async function mount(answer: unknown) {
  const fetchMock = vi.fn(async () => reply(answer));
  vi.stubGlobal('fetch', fetchMock);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/report/:code', component: StatusPage }, { path: '/report', component: { template: '<div />' } }] });
  await router.push('/report/ABCDEFGHJK');
  await router.isReady();
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp({ template: '<RouterView />' });
  app.use(createPinia()).use(router).use(i18n).mount(root);
  await vi.waitFor(() => expect(root.querySelector('[data-testid=report-status]')).not.toBeNull());
  await nextTick();
  return { root, fetchMock };
}

describe('the public status page', () => {
  it('asks the reply endpoint and shows a rejection reason as text, never as HTML', async () => {
    const { root, fetchMock } = await mount({ status: 'rejected', reason: '<img src=x onerror=alert(1)>经核实不属实', updated_at: '2026-12-06T02:00:00Z' });
    expect(String((fetchMock.mock.calls[0] as unknown as [string])[0])).toBe('/api/v1/public/reports/ABCDEFGHJK/reply');
    const reason = root.querySelector('[data-testid=report-reason]');
    expect(reason?.textContent).toBe('<img src=x onerror=alert(1)>经核实不属实');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).not.toContain('经核实，未发现所述隐患'); // not the generic text
  });

  it('keeps the generic text when the officer wrote nothing', async () => {
    const { root } = await mount({ status: 'rejected', reason: null, updated_at: '2026-12-06T02:00:00Z' });
    expect(root.querySelector('[data-testid=report-reason]')).toBeNull();
    expect(root.textContent).toContain('经核实，未发现所述隐患');
  });
});
