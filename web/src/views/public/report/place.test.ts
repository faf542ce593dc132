// The report form opened from a QR poster (/report?place=CODE): it names the place and sends the code;
// an unknown code (404) is dropped so the report still reaches the town.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '@/i18n';
import ReportPage from './index.vue';

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

async function mount(placeAnswer: Response) {
  const sent: unknown[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (String(url).includes('/public/places/')) return placeAnswer.clone();
    sent.push(JSON.parse(String(init?.body ?? '{}')));
    return json(201, { tracking_code: 'ABCDEFGHJK' });
  });
  vi.stubGlobal('fetch', fetchMock);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/report', component: ReportPage }, { path: '/report/:code', component: { template: '<div />' } }] });
  await router.push('/report?place=k7mnp2qx');
  await router.isReady();
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp({ template: '<RouterView />' });
  app.use(createPinia()).use(router).use(i18n).mount(root);
  await nextTick();
  return { root, fetchMock, sent };
}

async function submit(root: HTMLElement) {
  const text = root.querySelector('[data-testid=report-description]') as HTMLTextAreaElement;
  text.value = '村口仓库二楼住人，楼道电动车充电';
  text.dispatchEvent(new Event('input'));
  (root.querySelector('[data-testid=report-form]') as HTMLFormElement).dispatchEvent(new Event('submit'));
  await vi.waitFor(() => expect(root.querySelector('[data-testid=tracking-code]')).not.toBeNull());
}

describe('the public report form from a QR poster', () => {
  it('names the place and sends its code with the report', async () => {
    const { root, fetchMock, sent } = await mount(json(200, { name: '高家村', kind: 'village' }));
    expect(String((fetchMock.mock.calls[0] as unknown as [string])[0])).toBe('/api/v1/public/places/k7mnp2qx');
    await vi.waitFor(() => expect(root.querySelector('[data-testid=report-place]')?.textContent).toContain('高家村'));
    await submit(root);
    expect(sent).toEqual([expect.objectContaining({ place: 'k7mnp2qx' })]);
  });

  it('drops an unknown code and says the town will handle the report', async () => {
    const { root, sent } = await mount(json(404, { error: { code: 'not_found', message: 'not found' } }));
    await vi.waitFor(() => expect(root.querySelector('[data-testid=report-place-unknown]')).not.toBeNull());
    await submit(root);
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty('place');
  });
});
