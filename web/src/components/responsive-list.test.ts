import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, h, nextTick, type App } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import ResponsiveList from './responsive-list.vue';

interface Row {
  id: number;
  title: string;
  overdue: boolean;
}
const rows: Row[] = [
  { id: 1, title: '安全出口被纸箱堵住，消防通道不畅', overdue: true },
  { id: 2, title: '配电箱未上锁', overdue: false },
];

/** Mounts the list on a screen as wide as `phone` says (the layout's own media query decides). */
async function mount(phone: boolean): Promise<{ app: App; root: HTMLElement }> {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: phone, media: query, addEventListener() {}, removeEventListener() {} }));
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] });
  const root = document.createElement('div');
  document.body.appendChild(root);
  const app = createApp({
    render: () =>
      h(
        ResponsiveList<Row>,
        { items: rows, itemKey: (r: Row) => r.id, to: (r: Row) => `/hazards/${r.id}`, cardClass: (r: Row) => ({ alert: r.overdue }), cardAttrs: (r: Row) => ({ 'data-hazard': r.id }), testId: 'list' },
        { default: () => h('table', { class: 'desk' }, rows.map((r) => h('tr', r.title))), card: ({ item }: { item: Row }) => h('strong', item.title) },
      ),
  });
  app.use(router);
  app.mount(root);
  await router.isReady();
  await nextTick();
  return { app, root };
}

describe('a list that is a table on a desktop and cards on a phone', () => {
  let app: App | null = null;
  afterEach(() => {
    app?.unmount();
    app = null;
    vi.unstubAllGlobals();
  });

  it('shows the table on a desktop', async () => {
    const m = await mount(false);
    app = m.app;
    expect(m.root.querySelector('table.desk')).not.toBeNull();
    expect(m.root.querySelector('.sg-card')).toBeNull();
  });

  it('shows one linked card per row on a phone, with its whole title, classes and data attributes', async () => {
    const m = await mount(true);
    app = m.app;
    expect(m.root.querySelector('table.desk')).toBeNull();
    const cards = [...m.root.querySelectorAll<HTMLAnchorElement>('[data-testid=list] a.sg-card')];
    expect(cards.map((c) => c.getAttribute('href'))).toEqual(['/hazards/1', '/hazards/2']);
    expect(cards.map((c) => c.textContent)).toEqual(rows.map((r) => r.title));
    expect(cards.map((c) => c.classList.contains('alert'))).toEqual([true, false]);
    expect(cards.map((c) => c.dataset.hazard)).toEqual(['1', '2']);
  });
});
