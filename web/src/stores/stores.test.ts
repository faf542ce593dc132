import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { i18n } from '@/i18n';
import { LOCALE_KEY, usePreferencesStore } from './preferences';
import { SESSION_KEY, useUserStore } from './user';
import { currentCsrfToken, rememberCsrfToken } from '@/api/http';

const api = vi.hoisted(() => ({
  login: vi.fn(),
  logout: vi.fn(async () => undefined),
  getMe: vi.fn(),
}));
vi.mock('@/api/auth', () => api);

beforeEach(() => {
  localStorage.clear();
  rememberCsrfToken(null);
  setActivePinia(createPinia());
  vi.clearAllMocks();
});

describe('user store', () => {
  const town = { id: 3, username: 'town', role: 'town', region_id: 1, enterprise_id: null } as const;

  it('keeps no token in localStorage after login, only who the user is, and restores that', async () => {
    api.login.mockResolvedValue({ token: 'abc', csrf_token: 'csrf-1', expires_at: '2026-12-06T00:00:00Z', user: town });
    const store = useUserStore();
    await store.login('town', 'demo1234');
    expect(store.isLoggedIn).toBe(true);
    const saved = localStorage.getItem(SESSION_KEY)!;
    expect(saved).not.toContain('abc');
    expect(saved).not.toContain('csrf-1');
    expect(JSON.parse(saved)).toEqual({ user: town });
    expect(Object.keys(localStorage).every((k) => !localStorage.getItem(k)!.includes('abc'))).toBe(true);
    expect('token' in store).toBe(false);
    expect(currentCsrfToken()).toBe('csrf-1'); // in memory, for the X-CSRF-Token header
    setActivePinia(createPinia());
    const again = useUserStore();
    expect(again.role).toBe('town');
    expect(again.hasRole(['town', 'admin'])).toBe(true);
    expect(again.hasRole(['inspector'])).toBe(false);
    expect(again.hasRole(undefined)).toBe(true);
  });

  it('drops the token an older build left in localStorage', () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'old-secret', user: town }));
    expect(useUserStore().isLoggedIn).toBe(true);
    expect(localStorage.getItem(SESSION_KEY)).not.toContain('old-secret');
  });

  it('asks GET /me whether the cookie is a session, even with nothing stored', async () => {
    api.getMe.mockResolvedValueOnce({ ...town, region_name: '匡堰镇', csrf_token: 'csrf-me' });
    const store = useUserStore();
    expect(store.isLoggedIn).toBe(false);
    await store.verify();
    expect(api.getMe).toHaveBeenCalledTimes(1);
    expect(store.isLoggedIn).toBe(true);
    expect(store.user).not.toHaveProperty('csrf_token');
    expect(localStorage.getItem(SESSION_KEY)).not.toContain('csrf-me');
    expect(currentCsrfToken()).toBe('csrf-me');
  });

  it('forgets the session on logout and tells the server', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ user: { id: 1, username: 'x', role: 'village', region_id: 2, enterprise_id: null } }));
    rememberCsrfToken('c');
    const store = useUserStore();
    await store.logout();
    expect(api.logout).toHaveBeenCalledTimes(1);
    expect(store.isLoggedIn).toBe(false);
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(currentCsrfToken()).toBeNull();
  });

  it('ends the session when /me says 401, keeps it when the server cannot be reached', async () => {
    const session = JSON.stringify({ user: { id: 1, username: 'x', role: 'inspector', region_id: 2, enterprise_id: null } });
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
    expect(expired.lastUsername).toBe('x'); // the login page fills it in
    expect(api.logout).not.toHaveBeenCalled();
  });

  it('a 401 at work keeps the user and asks for the password again; relogin uses the same username', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ user: town }));
    const store = useUserStore();
    store.expire();
    expect(store.expired).toBe(true);
    expect(store.isLoggedIn).toBe(true);
    api.login.mockResolvedValue({ token: 'n', csrf_token: 'csrf-2', user: town });
    await store.relogin('secret');
    expect(api.login).toHaveBeenCalledWith('town', 'secret');
    expect(store.expired).toBe(false);
    expect(currentCsrfToken()).toBe('csrf-2');
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
