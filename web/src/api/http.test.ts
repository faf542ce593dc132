import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentCsrfToken, http, rememberCsrfToken } from './http';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  rememberCsrfToken(null);
});

describe('the app client and the CSRF token', () => {
  it('sends the remembered token on writes only, and fetches a fresh one after csrf_failed', async () => {
    rememberCsrfToken('stale');
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/v1/me') return json(200, { id: 1, username: 'town', role: 'town', region_id: 1, enterprise_id: null, csrf_token: 'fresh' });
      const sent = new Headers(init.headers).get('X-CSRF-Token');
      return sent === 'fresh' ? json(201, { id: 9 }) : json(403, { error: { code: 'csrf_failed', message: '', fields: {} } });
    });
    vi.stubGlobal('fetch', fetchMock);
    await expect(http.post('/hazards', { title: 'x' })).rejects.toMatchObject({ status: 403, code: 'csrf_failed' });
    await vi.waitFor(() => expect(currentCsrfToken()).toBe('fresh'));
    const me = fetchMock.mock.calls.find(([url]) => url === '/api/v1/me')!;
    expect(new Headers(me[1].headers).has('X-CSRF-Token')).toBe(false);
    await expect(http.post('/hazards', { title: 'x' })).resolves.toEqual({ id: 9 });
  });
});
