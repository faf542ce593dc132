import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, h, type App } from 'vue';
import { i18n } from '@/i18n';
import ConflictAlert from './conflict-alert.vue';

const change = {
  actor_name: '沈建国',
  at: '2026-12-06T02:01:07Z',
  changes: [
    { field: 'contact_phone', before: '13800000000', after: '13822223333' },
    { field: 'name', before: '<b>旧</b>', after: null },
  ],
};

describe('the conflict panel of a stale edit', () => {
  let app: App | null = null;
  afterEach(() => app?.unmount());

  it('names the other person and each field they changed, values as text, and offers both ways on', () => {
    const root = document.createElement('div');
    const reload = vi.fn();
    const reapply = vi.fn();
    app = createApp({ render: () => h(ConflictAlert, { lastChange: change, fields: { contact_phone: '联系电话' }, onReload: reload, onReapply: reapply }) });
    app.use(i18n).mount(root);
    expect(root.querySelector('[data-testid=conflict-who]')?.textContent).toContain('沈建国');
    const phone = root.querySelector('[data-field=contact_phone]')?.textContent ?? '';
    expect(phone).toContain('联系电话');
    expect(phone).toContain('13800000000 → 13822223333');
    const name = root.querySelector('[data-field=name]');
    expect(name?.textContent).toContain('<b>旧</b> → （空）'); // a label it does not know shows as its key
    expect(name?.querySelector('b:not(:first-child)')).toBeNull();
    (root.querySelector('[data-testid=conflict-reload]') as HTMLElement).click();
    (root.querySelector('[data-testid=conflict-reapply]') as HTMLElement).click();
    expect(reload).toHaveBeenCalledOnce();
    expect(reapply).toHaveBeenCalledOnce();
  });
});
