// The worker's sign-in page (/t/{code}): it shows the server's session and days, sends what was
// typed, shows the server's field errors under their fields, and renders user text as text.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, nextTick, type App } from 'vue';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '@/i18n';
import SigninPage from './index.vue';

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

const session = {
  title: '全员消防安全培训<b>x</b>',
  kind: 'fire',
  held_on: '2026-12-06',
  hours: 2,
  region_name: '高家村',
  accepts_from: '2026-12-05',
  accepts_through: '2026-12-07',
  accepting: true,
  enterprises: [
    { id: 31, name: '慈溪市宏达服饰有限公司' },
    { id: 32, name: '慈溪市匡堰五金厂' },
  ],
};

async function mount(lookup: unknown, answer: Response) {
  const sent: unknown[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      sent.push({ url: String(url), body: JSON.parse(String(init.body ?? '{}')) });
      return answer.clone();
    }
    return json(200, lookup);
  });
  vi.stubGlobal('fetch', fetchMock);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/t/:code', component: SigninPage }] });
  await router.push('/t/7KQ2M9XWPA');
  await router.isReady();
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp({ template: '<RouterView />' });
  app.use(createPinia()).use(router).use(i18n).mount(root);
  await vi.waitFor(() => expect(root.querySelector('[data-testid=signin-title]')).not.toBeNull());
  return { root, fetchMock, sent };
}

function type(root: HTMLElement, testId: string, value: string) {
  const el = root.querySelector(`[data-testid=${testId}]`) as HTMLInputElement | HTMLSelectElement;
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
}

describe('the training sign-in page', () => {
  it('shows the session as text and signs in with what was typed', async () => {
    const { root, fetchMock, sent } = await mount(
      session,
      json(201, { id: 1, training_id: 7, name: '张三', enterprise: session.enterprises[1], created_at: '2026-12-06T01:00:00Z' }),
    );
    expect(String(fetchMock.mock.calls[0][0])).toContain('/public/trainings/7KQ2M9XWPA');
    const title = root.querySelector('[data-testid=signin-title]')!;
    expect(title.textContent).toBe('全员消防安全培训<b>x</b>');
    expect(title.querySelector('b')).toBeNull();
    type(root, 'signin-search', '五金');
    await nextTick();
    expect(root.querySelectorAll('[data-testid=signin-enterprise] option')).toHaveLength(2); // the prompt and one hit
    type(root, 'signin-name', ' 张三 ');
    type(root, 'signin-phone', '138 1234 5678');
    type(root, 'signin-enterprise', '32');
    await nextTick();
    (root.querySelector('[data-testid=signin-form]') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(root.querySelector('[data-testid=signin-done]')).not.toBeNull());
    expect(sent).toEqual([
      { url: expect.stringContaining('/public/trainings/7KQ2M9XWPA/signins'), body: { name: '张三', phone: '138 1234 5678', enterprise_id: 32 } },
    ]);
    expect(root.querySelector('[data-testid=signin-done]')!.textContent).toContain('慈溪市匡堰五金厂');
  });

  it('shows the server field error under its field', async () => {
    const { root } = await mount(
      session,
      json(422, { error: { code: 'validation_failed', message: '输入有误', fields: { phone: '应为 11 位手机号或带区号的固定电话' } } }),
    );
    (root.querySelector('[data-testid=signin-form]') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(root.querySelector('[data-testid=signin-error-phone]')).not.toBeNull());
    expect(root.querySelector('[data-testid=signin-error-phone]')!.textContent).toContain('11 位手机号');
  });

  it('says when today is not a sign-in day instead of showing the form', async () => {
    const { root } = await mount({ ...session, accepting: false }, json(500, {}));
    expect(root.querySelector('[data-testid=signin-form]')).toBeNull();
    expect(root.querySelector('[data-testid=signin-not-today]')!.textContent).toContain('2026-12-05');
  });
});
