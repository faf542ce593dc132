import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from 'vue';
import { i18n } from '@/i18n';
import ActionBar from './action-bar.vue';
import { ACTION_FORMS, actionsOffered, formSpec, missingFields, type ActionForm } from './action-forms';

let app: App | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
});

function mount(allowed: string[] | undefined, picked: string[] = [], primary: string | null = null) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp(ActionBar, { hazard: { allowed_actions: allowed, primary_action: primary }, onPick: (a: string) => picked.push(a) });
  app.use(i18n).mount(root);
  return root;
}

const buttons = (root: HTMLElement) => Array.from(root.querySelectorAll<HTMLButtonElement>('[data-action]'));

describe('the hazard page offers exactly the server\'s allowed_actions', () => {
  it('shows approve and return and nothing else, and emits the one clicked', () => {
    const picked: string[] = [];
    const root = mount(['approve', 'return'], picked);
    expect(buttons(root).map((b) => b.dataset.action)).toEqual(['approve', 'return']);
    expect(buttons(root).map((b) => b.textContent?.trim())).toEqual(['复查通过（销号）', '退回重改']);
    buttons(root)[1].click();
    expect(picked).toEqual(['return']);
  });

  it('shows no action bar when the server allows none (or sends none), whatever the role', () => {
    expect(mount([]).querySelector('[data-testid=hazard-actions]')).toBeNull();
    app?.unmount();
    expect(mount(undefined).querySelector('[data-testid=hazard-actions]')).toBeNull();
  });

  it('makes the server\'s primary_action the one solid button, and none when the server names none', () => {
    const root = mount(['approve', 'return'], [], 'approve');
    const [approve, ret] = buttons(root);
    expect(approve.dataset.primary).toBe('true');
    expect(approve.classList.contains('is-plain')).toBe(false);
    expect(ret.dataset.primary).toBeUndefined();
    expect(ret.classList.contains('is-plain')).toBe(true);
    app?.unmount();
    // an inspector on a rectifying hazard: submit is offered, but it is the enterprise's move
    const [submit] = buttons(mount(['submit'], [], null));
    expect(submit.dataset.primary).toBeUndefined();
    expect(submit.classList.contains('is-plain')).toBe(true);
  });

  it('drops an action this app has no form for', () => {
    expect(actionsOffered(['confirm', 'escalate', 'assign'])).toEqual(['confirm', 'assign']);
  });
});

describe('the old copy of the state machine is gone', () => {
  const here = join(process.cwd(), 'src/views/rectification/hazard'); // vitest runs in web/
  it('has no rules module, and no source names roles next to hazard actions', () => {
    expect(existsSync(join(here, 'rules.ts'))).toBe(false);
    // the hazard page and its action bar and forms (creating a hazard is another form)
    const pages = readdirSync(here).filter((f) => /^(detail|action-.*)\.(ts|vue)$/.test(f) && !f.endsWith('.test.ts'));
    expect(pages.sort()).toEqual(['action-bar.vue', 'action-form.vue', 'action-forms.ts', 'detail.vue']);
    for (const file of pages) {
      const text = readFileSync(join(here, file), 'utf8');
      expect(text, file).not.toMatch(/ACTION_RULES|allowedActions\(|majorRoles|user\.role/);
    }
  });
});

describe('action forms (presentation only)', () => {
  const form = (over: Partial<ActionForm> = {}): ActionForm => ({ comment: '', due_at: '', severity: '', enterprise_id: undefined, photos: [], ...over });

  it('describes every action the contract names', () => {
    expect(Object.keys(ACTION_FORMS).sort()).toEqual(['approve', 'assign', 'confirm', 'extend', 'reject', 'return', 'submit']);
  });

  it('flags only the fields left empty', () => {
    expect(missingFields('confirm', form())).toEqual({ due_at: 'action.errDueRequired' });
    expect(missingFields('confirm', form({ due_at: '2026-12-20' }))).toEqual({});
    expect(missingFields('reject', form({ comment: '  ' }))).toEqual({ comment: 'action.errCommentRequired' });
    expect(missingFields('submit', form())).toEqual({ comment: 'action.errCommentOrPhoto' });
    expect(missingFields('submit', form({ photos: [new Blob(['x'])] }))).toEqual({});
    expect(missingFields('extend', form())).toEqual({ due_at: 'action.errDueRequired', comment: 'action.errCommentRequired' });
    expect(missingFields('assign', form())).toEqual({ enterprise_id: 'action.errEnterpriseRequired' });
    expect(missingFields('approve', form())).toEqual({});
  });

  it('asks a new deadline on return only when the server says one is needed', () => {
    expect(formSpec('return', { return_needs_due_at: true }).due_at).toBe('required');
    expect(formSpec('return', { return_needs_due_at: false }).due_at).toBe('hidden');
    expect(formSpec('return').due_at).toBe('hidden');
    expect(missingFields('return', form({ comment: '仍有杂物' }), { return_needs_due_at: true })).toEqual({ due_at: 'action.errDueRequired' });
    expect(missingFields('return', form({ comment: '仍有杂物' }), { return_needs_due_at: false })).toEqual({});
  });

  it('offers the photo picker on approve (photos of the re-check)', () => {
    expect(formSpec('approve').photos).toBe(true);
  });
});
