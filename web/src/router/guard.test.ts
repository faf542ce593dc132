import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { defineComponent } from 'vue';
import type { User } from '@/api/types';
import { SESSION_KEY, useUserStore } from '@/stores/user';
import { routes } from './routes';
import { setupAccessGuard } from './guard';
import { homeFor, menuFor, tabsFor } from './access';

vi.mock('@/api/auth', () => ({
  login: vi.fn(),
  logout: vi.fn(async () => undefined),
  getMe: vi.fn(async () => {
    throw Object.assign(new Error('offline'), { status: 0, code: 'network_error', message: '', fields: {} });
  }),
}));

const Stub = defineComponent({ render: () => null });
function stubbed(list: RouteRecordRaw[]): RouteRecordRaw[] {
  return list.map((r) => {
    const copy = { ...r } as RouteRecordRaw & { component?: unknown; children?: RouteRecordRaw[] };
    if ('component' in r && r.component) copy.component = Stub;
    if (r.children) copy.children = stubbed(r.children);
    return copy as RouteRecordRaw;
  });
}

function makeRouter() {
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed(routes) });
  setupAccessGuard(router);
  return router;
}

function loginAs(role: User['role'], extra: Partial<User> = {}) {
  const user: User = { id: 1, username: role, role, region_id: 1, enterprise_id: role === 'enterprise' ? 42 : null, ...extra };
  localStorage.setItem(SESSION_KEY, JSON.stringify({ user }));
  setActivePinia(createPinia());
  return useUserStore();
}

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('access guard', () => {
  it('sends an anonymous user to /login with the page to come back to', async () => {
    const router = makeRouter();
    await router.push('/hazards/12?tab=history');
    expect(router.currentRoute.value.path).toBe('/login');
    expect(router.currentRoute.value.query.redirect).toBe('/hazards/12?tab=history');
  });

  it('lets anyone open the citizen pages and unknown paths', async () => {
    const router = makeRouter();
    await router.push('/report');
    expect(router.currentRoute.value.name).toBe('report');
    await router.push('/report/AB12CD');
    expect(router.currentRoute.value.name).toBe('report-status');
    await router.push('/t/7KQ2M9XWPA');
    expect(router.currentRoute.value.name).toBe('training-signin');
    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('not-found');
  });

  it('asks GET /me on start: a live session cookie gets in with nothing in localStorage', async () => {
    const auth = await import('@/api/auth');
    vi.mocked(auth.getMe).mockResolvedValueOnce({ id: 5, username: 'town', role: 'town', region_id: 1, enterprise_id: null, csrf_token: 'c' });
    const router = makeRouter();
    await router.push('/enterprises');
    expect(router.currentRoute.value.path).toBe('/enterprises');
    expect(localStorage.getItem(SESSION_KEY)).not.toContain('"c"');
  });

  it('keeps the stored session when /me cannot be reached (offline phone)', async () => {
    loginAs('inspector');
    const router = makeRouter();
    await router.push('/inspect');
    expect(router.currentRoute.value.path).toBe('/inspect');
  });

  it('sends a role to its home page from /', async () => {
    for (const [role, home] of [['town', '/dashboard'], ['village', '/dashboard'], ['inspector', '/inspect'], ['enterprise', '/hazards'], ['admin', '/dashboard'], ['county', '/dashboard']] as const) {
      loginAs(role);
      const router = makeRouter();
      await router.push('/');
      expect(router.currentRoute.value.path, role).toBe(home);
    }
  });

  it('refuses pages outside the role', async () => {
    loginAs('enterprise');
    const router = makeRouter();
    await router.push('/dashboard');
    expect(router.currentRoute.value.name).toBe('forbidden');
    await router.push('/audit');
    expect(router.currentRoute.value.name).toBe('forbidden');
    await router.push('/hazards/5');
    expect(router.currentRoute.value.path).toBe('/hazards/5');
    await router.push('/enterprises/42');
    expect(router.currentRoute.value.path).toBe('/enterprises/42');
  });

  it('keeps the audit log to town and admin', async () => {
    loginAs('village');
    let router = makeRouter();
    await router.push('/audit');
    expect(router.currentRoute.value.name).toBe('forbidden');
    loginAs('town');
    router = makeRouter();
    await router.push('/audit');
    expect(router.currentRoute.value.path).toBe('/audit');
  });

  it('keeps user management to town and admin', async () => {
    for (const role of ['village', 'inspector', 'enterprise'] as const) {
      loginAs(role);
      const router = makeRouter();
      await router.push('/users');
      expect(router.currentRoute.value.name).toBe('forbidden');
    }
    for (const role of ['town', 'admin'] as const) {
      loginAs(role);
      const router = makeRouter();
      await router.push('/users');
      expect(router.currentRoute.value.path).toBe('/users');
    }
  });

  it('opens /alarms and /devices to every signed-in role (the server scopes what they list)', async () => {
    for (const role of ['admin', 'town', 'village', 'inspector', 'enterprise'] as const) {
      loginAs(role);
      const router = makeRouter();
      await router.push('/alarms?open=3');
      expect(router.currentRoute.value.name, role).toBe('alarms');
      await router.push('/devices?online=false');
      expect(router.currentRoute.value.name, role).toBe('devices');
    }
  });

  it('sends a logged-in user away from /login to the redirect or home', async () => {
    loginAs('town');
    const router = makeRouter();
    await router.push('/login?redirect=/hazards');
    expect(router.currentRoute.value.path).toBe('/hazards');
    await router.push('/login');
    expect(router.currentRoute.value.path).toBe('/dashboard');
  });
});

describe('menus by role', () => {
  const names = (role: User['role']) => menuFor(role, { enterprise_id: 42 }).map((m) => m.name);
  it('puts every entry of a role on the phone: five tabs at most, the inbox always, the rest under 更多', () => {
    for (const role of ['admin', 'town', 'village', 'inspector', 'enterprise', 'county'] as const) {
      const menu = menuFor(role, { enterprise_id: 42 });
      const { tabs, more } = tabsFor(menu);
      expect(tabs.length + (more.length ? 1 : 0)).toBeLessThanOrEqual(5);
      expect([...tabs, ...more].map((m) => m.name).sort()).toEqual(menu.map((m) => m.name).sort());
      expect(tabs.map((m) => m.name)).toContain('inbox');
      expect(tabs.map((m) => m.name)).toContain('hazards');
    }
    const town = tabsFor(menuFor('town'));
    expect(town.tabs.map((m) => m.name)).toEqual(['dashboard', 'regions', 'hazards', 'inbox']);
    expect(town.more.map((m) => m.name)).toEqual(['enterprises', 'buildings', 'import', 'trainings', 'alarms', 'map', 'campaigns', 'stations', 'devices', 'scorecards', 'monthly-reports', 'audit', 'users']);
    expect(tabsFor(menuFor('inspector')).tabs.map((m) => m.name)).toEqual(['inspect', 'plan', 'hazards', 'inbox']);
    expect(tabsFor(menuFor('enterprise', { enterprise_id: 42 })).more).toEqual([]);
  });
  it('gives each role its menu', () => {
    expect(names('town')).toEqual(['dashboard', 'regions', 'enterprises', 'buildings', 'import', 'trainings', 'hazards', 'alarms', 'map', 'campaigns', 'stations', 'devices', 'inbox', 'scorecards', 'monthly-reports', 'audit', 'users']);
    expect(names('admin')).toEqual(['dashboard', 'regions', 'enterprises', 'buildings', 'import', 'hazards', 'alarms', 'map', 'devices', 'inbox', 'scorecards', 'monthly-reports', 'audit', 'users']);
    expect(names('village')).toEqual(['dashboard', 'regions', 'enterprises', 'buildings', 'trainings', 'hazards', 'alarms', 'map', 'campaigns', 'stations', 'devices', 'inbox', 'scorecards', 'monthly-reports']);
    expect(names('inspector')).toEqual(['inspect', 'plan', 'enterprises', 'hazards', 'alarms', 'map', 'campaigns', 'inbox']);
    expect(names('enterprise')).toEqual(['inspect', 'hazards', 'alarms', 'my-enterprise', 'inbox']);
    // The county overseer reads its towns: the figures by town, the tree, the lists; nothing to enter.
    expect(names('county')).toEqual(['dashboard', 'regions', 'enterprises', 'hazards', 'inbox']);
  });
  it('keeps the county out of the pages that change things', async () => {
    loginAs('county');
    const router = makeRouter();
    for (const path of ['/import', '/users', '/audit', '/inspect', '/enterprises/new']) {
      await router.push(path);
      expect(router.currentRoute.value.name, path).toBe('forbidden');
    }
    await router.push('/dashboard');
    expect(router.currentRoute.value.path).toBe('/dashboard');
  });
  it("links the enterprise owner's menu to their own file", () => {
    expect(menuFor('enterprise', { enterprise_id: 42 }).find((m) => m.name === 'my-enterprise')?.path).toBe('/enterprises/42');
  });
  it('knows no home for nobody', () => {
    expect(homeFor(null)).toBe('/login');
  });
});
