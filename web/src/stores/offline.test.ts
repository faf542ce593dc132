// A phone back online after its session ended: the queue pauses on 401, keeps its entries, and
// after the re-login sends each of them once, with the Idempotency-Key it was made with and the
// new session's CSRF token. Runs the real API client against a fake server (global fetch).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { configureHttp, rememberCsrfToken } from '@/api/http';
import { closeDb } from '@/offline/db';
import { listQueue } from '@/offline/queue';
import type { User } from '@/api/types';
import { SESSION_KEY, useUserStore } from './user';
import { useOfflineStore } from './offline';

const INSPECTOR: User = { id: 7, username: 'inspector1', role: 'inspector', region_id: 3, enterprise_id: null };

interface Seen {
  method: string;
  path: string;
  key: string | null;
  csrf: string | null;
  authorization: string | null;
  status: number;
}

/** The server's side of CONTRACT.md: cookie session, CSRF on writes, Idempotency-Key replay per user. */
function fakeServer() {
  const state = { sessionAlive: true, csrf: 'c1', logins: [] as unknown[] };
  const seen: Seen[] = [];
  const applied = new Map<string, unknown>(); // Idempotency-Key → first answer
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    const path = url.replace(/^\/api\/v1/, '');
    const method = init.method ?? 'GET';
    let response: Response;
    if (method === 'POST' && path === '/auth/login') {
      state.logins.push(JSON.parse(String(init.body)));
      state.sessionAlive = true;
      state.csrf = 'c2';
      response = json(200, { token: 'never-stored', csrf_token: 'c2', expires_at: '2026-12-06T08:00:00Z', user: INSPECTOR });
    } else if (!state.sessionAlive) {
      response = json(401, { error: { code: 'unauthenticated', message: '', fields: {} } });
    } else if (headers.get('X-CSRF-Token') !== state.csrf) {
      response = json(403, { error: { code: 'csrf_failed', message: '', fields: {} } });
    } else {
      const key = headers.get('Idempotency-Key')!;
      if (!applied.has(key)) applied.set(key, { id: applied.size + 1, hazard_ids: [] });
      response = json(201, applied.get(key));
    }
    seen.push({ method, path, key: headers.get('Idempotency-Key'), csrf: headers.get('X-CSRF-Token'), authorization: headers.get('Authorization'), status: response.status });
    return response;
  });
  return { state, seen, applied, fetchMock };
}

beforeEach(async () => {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
  localStorage.clear();
  localStorage.setItem(SESSION_KEY, JSON.stringify({ user: INSPECTOR }));
  setActivePinia(createPinia());
  rememberCsrfToken('c1');
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeDb();
});

describe('offline store and an ended session', () => {
  it('pauses on 401, keeps the items, and after the re-login sends each once with its own key', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetchMock);
    const user = useUserStore();
    configureHttp({ onUnauthorized: () => user.expire() }); // as main.ts does
    const offline = useOfflineStore();
    const first = await offline.add({ userId: INSPECTOR.id, kind: 'inspection', path: '/inspections', body: { enterprise_id: 1 }, summary: 'A' });
    const second = await offline.add({ userId: INSPECTOR.id, kind: 'inspection', path: '/inspections', body: { enterprise_id: 2 }, summary: 'B' });

    server.state.sessionAlive = false; // days offline: the server has ended the session
    const paused = await offline.sync();
    expect(paused?.stoppedBy?.status).toBe(401);
    expect(user.expired).toBe(true);
    expect(user.isLoggedIn).toBe(true); // the user stays on the page, with the queue
    expect((await listQueue(INSPECTOR.id)).map((e) => [e.id, e.state])).toEqual([
      [first.id, 'pending'],
      [second.id, 'pending'],
    ]);
    expect(offline.waiting).toBe(2);
    expect(server.seen.map((s) => [s.path, s.key, s.status])).toEqual([['/inspections', first.id, 401]]);

    // while the dialog is open, a second `online` event sends nothing
    expect(await offline.sync()).toBeNull();
    expect(server.seen).toHaveLength(1);

    await user.relogin('demo1234');
    expect(server.state.logins).toEqual([{ username: 'inspector1', password: 'demo1234' }]);
    expect(user.expired).toBe(false);
    await vi.waitFor(async () => expect(await listQueue(INSPECTOR.id)).toHaveLength(0));

    const posts = server.seen.filter((s) => s.path === '/inspections' && s.status === 201);
    expect(posts.map((s) => s.key)).toEqual([first.id, second.id]);
    expect(posts.every((s) => s.csrf === 'c2' && s.authorization === null)).toBe(true);
    expect([...server.applied.keys()]).toEqual([first.id, second.id]);
    expect(localStorage.getItem(SESSION_KEY)).not.toContain('never-stored');
  });
});
