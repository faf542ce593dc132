import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { i18n } from '@/i18n';
import { LOCALE_KEY, usePreferencesStore } from './preferences';
import { SESSION_KEY, useUserStore } from './user';

const api = vi.hoisted(() => ({
  login: vi.fn(),
  logout: vi.fn(async () => undefined),
  getMe: vi.fn(),
}));
vi.mock('@/api/auth', () => api);

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
  vi.clearAllMocks();
});

describe('user store', () => {
  it('keeps the token and user in localStorage after login and restores them', async () => {
    api.login.mockResolvedValue({ token: 'abc', user: { id: 3, username: 'town', role: 'town', region_id: 1, enterprise_id: null } });
    const store = useUserStore();
    await store.login('town', 'demo1234');
    expect(store.isLoggedIn).toBe(true);
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).token).toBe('abc');
    setActivePinia(createPinia());
    const again = useUserStore();
    expect(again.token).toBe('abc');
    expect(again.role).toBe('town');
    expect(again.hasRole(['town', 'admin'])).toBe(true);
    expect(again.hasRole(['inspector'])).toBe(false);
    expect(again.hasRole(undefined)).toBe(true);
  });

  it('forgets the session on logout and tells the server', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 't', user: { id: 1, username: 'x', role: 'village', region_id: 2, enterprise_id: null } }));
    const store = useUserStore();
    await store.logout();
    expect(api.logout).toHaveBeenCalledTimes(1);
    expect(store.isLoggedIn).toBe(false);
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('ends the session when /me says 401, keeps it when the server cannot be reached', async () => {
    const session = JSON.stringify({ token: 't', user: { id: 1, username: 'x', role: 'inspector', region_id: 2, enterprise_id: null } });
    localStorage.setItem(SESSION_KEY, session);
    api.getMe.mockRejectedValueOnce({ status: 0, code: 'network_error', message: '', fields: {} });
    const offline = useUserStore();
    await offline.verify();
    expect(offline.isLoggedIn).toBe(true);

    setActivePinia(createPinia());
    localStorage.setItem(SESSION_KEY, session);
    api.getMe.mockRejectedValueOnce({ status: 401, code: 'unauthenticated', message: '', fields: {} });
    const expired = useUserStore();
    await expired.verify();
    expect(expired.isLoggedIn).toBe(false);
    expect(api.logout).not.toHaveBeenCalled();
  });

  it('ignores a corrupt stored session', () => {
    localStorage.setItem(SESSION_KEY, '{not json');
    expect(useUserStore().isLoggedIn).toBe(false);
  });
});

describe('preferences store', () => {
  it('defaults to Simplified Chinese', async () => {
    const prefs = usePreferencesStore();
    await prefs.init();
    expect(prefs.locale).toBe('zh-CN');
    expect(i18n.global.t('menu.hazards')).toBe('隐患整改');
  });

  it('switches to English, remembers it, and is restored', async () => {
    const prefs = usePreferencesStore();
    await prefs.setLocale('en-US');
    expect(localStorage.getItem(LOCALE_KEY)).toBe('en-US');
    expect(i18n.global.t('menu.hazards')).toBe('Hazards');
    expect(document.documentElement.lang).toBe('en-US');
    setActivePinia(createPinia());
    const again = usePreferencesStore();
    expect(again.locale).toBe('en-US');
    await again.setLocale('zh-CN');
    expect(i18n.global.t('menu.hazards')).toBe('隐患整改');
  });

  it('ignores an unknown stored locale', () => {
    localStorage.setItem(LOCALE_KEY, 'fr-FR');
    expect(usePreferencesStore().locale).toBe('zh-CN');
  });
});
