import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '@/api/errors';
import { closeDb } from './db';
import { assembleBody, enqueue, listQueue, retryFailed, syncQueue, type Transport } from './queue';

const USER = 7;
const offline = () => new ApiRequestError({ status: 0, code: 'network_error', message: '', fields: {} });

/** A server that remembers Idempotency-Keys the way CONTRACT.md says. */
function fakeServer() {
  const applied: { path: string; body: unknown; key: string }[] = [];
  const seen = new Map<string, unknown>();
  const uploads: string[] = [];
  let nextId = 100;
  let failNextPosts = 0;
  let failNextUploads = 0;
  let loseNextAnswer = false;
  let refuse: ApiRequestError | null = null;
  const transport: Transport = {
    upload: vi.fn(async (_blob: Blob, key: string) => {
      if (failNextUploads > 0) {
        failNextUploads--;
        throw offline();
      }
      if (seen.has(key)) return seen.get(key) as { id: number };
      uploads.push(key);
      const answer = { id: nextId++ };
      seen.set(key, answer);
      return answer;
    }),
    post: vi.fn(async (path: string, body: unknown, key: string) => {
      if (failNextPosts > 0) {
        failNextPosts--;
        throw offline();
      }
      if (refuse) throw refuse;
      if (!seen.has(key)) {
        applied.push({ path, body, key });
        seen.set(key, { id: applied.length, hazard_ids: [applied.length * 10] });
      }
      if (loseNextAnswer) {
        loseNextAnswer = false;
        throw offline(); // applied on the server, but the phone never heard back
      }
      return seen.get(key);
    }),
  };
  return {
    transport,
    applied,
    uploads,
    failPosts: (n: number) => (failNextPosts = n),
    failUploads: (n: number) => (failNextUploads = n),
    loseNextAnswer: () => (loseNextAnswer = true),
    refuseWith: (e: ApiRequestError | null) => (refuse = e),
  };
}

function photo(bytes: number[]) {
  return new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
}

async function inspection(summary = 'A 厂') {
  return enqueue({
    userId: USER,
    kind: 'inspection',
    path: '/inspections',
    body: { enterprise_id: 1, checklist_id: 2, items: [{ item_id: 1, result: 'pass' }, { item_id: 2, result: 'fail', note: '通道堵塞' }] },
    summary,
    photos: [
      { blob: photo([1, 2]), target: ['items', 1, 'attachments'] },
      { blob: photo([3, 4]), target: ['items', 1, 'attachments'] },
    ],
  });
}

beforeEach(async () => {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  await closeDb();
});

describe('offline queue', () => {
  it('sends a queued inspection with its photos and deletes it', async () => {
    const server = fakeServer();
    const entry = await inspection();
    const result = await syncQueue(USER, server.transport);
    expect(result).toMatchObject({ sent: 1, failed: 0, remaining: 0 });
    expect(result.answers[entry.id]).toEqual({ id: 1, hazard_ids: [10] });
    expect(server.applied).toHaveLength(1);
    expect(server.applied[0].key).toBe(entry.id);
    expect(server.applied[0].body).toEqual({
      enterprise_id: 1,
      checklist_id: 2,
      items: [{ item_id: 1, result: 'pass' }, { item_id: 2, result: 'fail', note: '通道堵塞', attachments: [100, 101] }],
    });
    expect(await listQueue(USER)).toEqual([]);
  });

  it('applies each entry once even when two syncs start together (online event + app start)', async () => {
    const server = fakeServer();
    await inspection('A');
    await inspection('B');
    const [a, b] = await Promise.all([syncQueue(USER, server.transport), syncQueue(USER, server.transport)]);
    expect(a).toBe(b);
    expect(server.applied).toHaveLength(2);
    expect(server.uploads).toHaveLength(4);
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 0, remaining: 0 });
    expect(server.applied).toHaveLength(2);
  });

  it('keeps the entry while offline and retries with the same keys, without uploading photos twice', async () => {
    const server = fakeServer();
    const entry = await inspection();
    server.failPosts(1);
    const first = await syncQueue(USER, server.transport);
    expect(first).toMatchObject({ sent: 0, remaining: 1 });
    expect(first.stoppedBy?.code).toBe('network_error');
    const [waiting] = await listQueue(USER);
    expect(waiting.attempts).toBe(1);
    expect(waiting.photos.map((p) => p.attachmentId)).toEqual([100, 101]);

    const second = await syncQueue(USER, server.transport);
    expect(second).toMatchObject({ sent: 1, remaining: 0 });
    expect(server.uploads).toHaveLength(2);
    expect(server.applied.map((a) => a.key)).toEqual([entry.id]);
  });

  it('does not apply twice when the server applied it but the answer was lost', async () => {
    const server = fakeServer();
    await inspection();
    server.loseNextAnswer();
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 0, remaining: 1 });
    expect(server.applied).toHaveLength(1);
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 1, remaining: 0 });
    expect(server.applied).toHaveLength(1);
  });

  it('stops at the first entry that cannot be sent, keeping the order', async () => {
    const server = fakeServer();
    const a = await inspection('A');
    const b = await inspection('B');
    server.failUploads(1);
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 0, remaining: 2 });
    expect(server.transport.post).not.toHaveBeenCalled();
    await syncQueue(USER, server.transport);
    expect(server.applied.map((x) => x.key)).toEqual([a.id, b.id]);
  });

  it('marks an entry the server refuses as failed, goes on with the others, and retries it on demand', async () => {
    const server = fakeServer();
    const bad = await inspection('A');
    server.refuseWith(new ApiRequestError({ status: 422, code: 'validation_failed', message: '检查项不存在', fields: { items: 'x' } }));
    const result = await syncQueue(USER, server.transport);
    expect(result).toMatchObject({ sent: 0, failed: 1, remaining: 1 });
    const [failed] = await listQueue(USER);
    expect(failed.state).toBe('failed');
    expect(failed.lastError?.message).toBe('检查项不存在');
    // a failed entry is not sent again by itself
    server.refuseWith(null);
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 0, remaining: 1 });
    expect(server.applied).toHaveLength(0);
    await retryFailed(bad.id);
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 1, remaining: 0 });
    expect(server.applied.map((x) => x.key)).toEqual([bad.id]);
  });

  it('keeps the entry when the session has expired (401)', async () => {
    const server = fakeServer();
    await inspection();
    server.refuseWith(new ApiRequestError({ status: 401, code: 'unauthenticated', message: '', fields: {} }));
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 0, failed: 0, remaining: 1 });
    expect((await listQueue(USER))[0].state).toBe('pending');
  });

  it('pauses on 401 with every item kept, and after a new login sends each with its original keys', async () => {
    const server = fakeServer();
    const a = await inspection('A 厂');
    const b = await inspection('B 厂');
    const keys = (await listQueue(USER)).map((e) => [e.id, ...e.photos.map((p) => p.key)]);
    server.refuseWith(new ApiRequestError({ status: 401, code: 'unauthenticated', message: '', fields: {} }));
    const paused = await syncQueue(USER, server.transport);
    expect(paused).toMatchObject({ sent: 0, failed: 0, remaining: 2, stoppedBy: { status: 401 } });
    expect((await listQueue(USER)).map((e) => [e.id, e.state])).toEqual([
      [a.id, 'pending'],
      [b.id, 'pending'],
    ]);
    expect(server.transport.post).toHaveBeenCalledTimes(1); // stopped at the first, did not try the rest

    server.refuseWith(null); // logged in again
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 2, failed: 0, remaining: 0 });
    expect(server.applied.map((x) => x.key)).toEqual([a.id, b.id]);
    expect(keys.flat()).toEqual(expect.arrayContaining(server.uploads));
    expect(server.uploads).toHaveLength(4); // photos uploaded before the 401 are not uploaded again
  });

  it('keeps the entry when the CSRF token is from an older session (403 csrf_failed)', async () => {
    const server = fakeServer();
    await inspection();
    server.refuseWith(new ApiRequestError({ status: 403, code: 'csrf_failed', message: '', fields: {} }));
    expect(await syncQueue(USER, server.transport)).toMatchObject({ sent: 0, failed: 0, remaining: 1 });
    expect((await listQueue(USER))[0].state).toBe('pending');
  });

  it("sends only the current user's entries", async () => {
    const server = fakeServer();
    await inspection();
    await enqueue({ userId: 8, kind: 'hazard_action', path: '/hazards/3/actions', body: { action: 'approve' }, summary: 'x' });
    await syncQueue(USER, server.transport);
    expect(server.applied).toHaveLength(1);
    expect(await listQueue(8)).toHaveLength(1);
  });

  it('puts uploaded ids where the body wants them', () => {
    const body = assembleBody({
      id: 'k',
      userId: 1,
      kind: 'hazard_action',
      path: '/hazards/1/actions',
      body: { action: 'submit', comment: 'done' },
      photos: [
        { key: 'p1', type: 'image/jpeg', data: new ArrayBuffer(1), target: ['attachments'], attachmentId: 5 },
        { key: 'p2', type: 'image/jpeg', data: new ArrayBuffer(1), target: ['attachments'], attachmentId: 6 },
        { key: 'p3', type: 'image/jpeg', data: new ArrayBuffer(1), target: ['attachments'] },
      ],
      summary: '',
      createdAt: 0,
      attempts: 0,
      state: 'pending',
    });
    expect(body).toEqual({ action: 'submit', comment: 'done', attachments: [5, 6] });
  });

  it('keeps the kind and the campaign of an inspection made offline until it is sent', async () => {
    const server = fakeServer();
    server.failPosts(1);
    await enqueue({
      userId: USER,
      kind: 'inspection',
      path: '/inspections',
      body: { enterprise_id: 1, checklist_id: 2, items: [{ item_id: 1, result: 'fail' }], kind: 'campaign', campaign_id: 9 },
      summary: 'A 厂 · 专项检查',
    });
    await syncQueue(USER, server.transport); // no signal: it waits
    expect(server.applied).toHaveLength(0);
    const [waiting] = await listQueue(USER);
    expect(waiting.body).toMatchObject({ kind: 'campaign', campaign_id: 9 });
    await syncQueue(USER, server.transport);
    expect(server.applied[0].body).toMatchObject({ kind: 'campaign', campaign_id: 9 });
  });
});
