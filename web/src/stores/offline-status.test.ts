// What the page says about a queued submission follows the queue: waiting while it is stored,
// uploaded once the server accepted it — without the page asking again.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { rememberCsrfToken } from '@/api/http';
import { closeDb } from '@/offline/db';
import type { QueueEntry } from '@/offline/queue';
import { SESSION_KEY } from './user';
import { entryStatus, useOfflineStore } from './offline';

const INSPECTOR = { id: 7, username: 'inspector1', role: 'inspector', region_id: 3, enterprise_id: null };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(async () => {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
  localStorage.setItem(SESSION_KEY, JSON.stringify({ user: INSPECTOR }));
  setActivePinia(createPinia());
  rememberCsrfToken('c1');
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeDb();
});

describe('queue status', () => {
  it('entryStatus: waiting, uploading, failed, uploaded', () => {
    const entry = { id: 'a', state: 'pending' } as QueueEntry;
    expect(entryStatus('a', [entry], {}, false)).toBe('waiting');
    expect(entryStatus('a', [entry], {}, true)).toBe('uploading');
    expect(entryStatus('a', [{ ...entry, state: 'failed' }], {}, true)).toBe('failed');
    expect(entryStatus('a', [], { a: { id: 1 } }, false)).toBe('uploaded');
    expect(entryStatus('a', [], {}, false)).toBe('unknown');
  });

  it('a status computed by the page turns to uploaded when the queue is sent', async () => {
    let reachable = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => (reachable ? json(201, { id: 41, hazard_ids: [9] }) : Promise.reject(new TypeError('Failed to fetch')))),
    );
    const offline = useOfflineStore();
    const entry = await offline.add({ userId: 7, kind: 'inspection', path: '/inspections', body: { enterprise_id: 1 }, summary: 'A' });
    const shown = computed(() => offline.statusOf(entry.id)); // as the page's template reads it
    expect(shown.value).toBe('waiting');

    await offline.sync(); // no signal: stays waiting
    expect(shown.value).toBe('waiting');

    reachable = true;
    await offline.sync();
    expect(shown.value).toBe('uploaded');
    expect(offline.uploaded[entry.id]).toEqual({ id: 41, hazard_ids: [9] });
    expect(offline.waiting).toBe(0);
  });
});
