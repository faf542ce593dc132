import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb } from './db';
import { deleteDraft, isEmptyDraft, listDrafts, loadDraft, saveDraft, type DraftAnswer } from './drafts';

// The server's ids: integers for checklists and items (answers are keyed by item id).
const ID = { userId: 4, enterpriseId: 12, checklistId: 101 };
const [A, B, C] = [1001, 1002, 1003];
const META = { ...ID, enterpriseName: '恒达服装厂', checklistName: '消防检查表', total: 3 };

function answers(partial: Record<string, Partial<DraftAnswer>>): Record<string, DraftAnswer> {
  const all: Record<string, DraftAnswer> = {};
  for (const id of [A, B, C]) all[id] = { result: null, note: '', photos: [], ...partial[id] };
  return all;
}

beforeEach(async () => {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  await closeDb();
});

describe('checklist drafts', () => {
  it('keeps results, notes and photos, and gives the photos back as Blobs', async () => {
    const photo = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    await saveDraft(META, answers({ [A]: { result: 'fail', note: '出口堵塞', photos: [photo] }, [B]: { result: 'pass' } }));
    const draft = await loadDraft(ID);
    expect(draft).toBeDefined();
    expect(draft!.answers[A].result).toBe('fail');
    expect(draft!.answers[A].note).toBe('出口堵塞');
    expect(draft!.answers[B].result).toBe('pass');
    expect(draft!.answers[C].result).toBeNull();
    const [back] = draft!.answers[A].photos;
    expect(back.type).toBe('image/png');
    expect([...new Uint8Array(await back.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });

  it('keeps the kind and the campaign it was started as, and a draft without them lists none', async () => {
    const campaign = { id: 7, town_id: 1, name: '消防通道专项整治', starts_on: '2026-12-01', ends_on: '2026-12-31', scope: { region_ids: [3], tags: [] }, categories: [], open: true, version: 1 };
    await saveDraft({ ...META, kind: 'campaign', campaign }, answers({ [A]: { result: 'fail' } }));
    await saveDraft({ ...META, checklistId: 102 }, answers({ [A]: { result: 'pass' } }));
    const byChecklist = Object.fromEntries((await listDrafts(4)).map((d) => [d.checklistId, d]));
    expect(byChecklist[101].kind).toBe('campaign');
    expect(byChecklist[101].campaign).toEqual(campaign);
    expect(byChecklist[102].kind).toBeUndefined();
    expect(byChecklist[102].campaign).toBeNull();
  });

  it('is one draft per user, enterprise and checklist', async () => {
    await saveDraft(META, answers({ [A]: { result: 'pass' } }));
    await saveDraft({ ...META, checklistId: 102, checklistName: '三合一' }, answers({ [A]: { result: 'na' }, [B]: { result: 'na' } }));
    await saveDraft({ ...META, userId: 5 }, answers({ [A]: { result: 'fail' } }));
    expect(await loadDraft({ ...ID, enterpriseId: 13 })).toBeUndefined();
    const mine = await listDrafts(4);
    expect(mine.map((d) => [d.checklistId, d.answered, d.total])).toEqual([
      [102, 2, 3],
      [101, 1, 3],
    ]);
    expect((await listDrafts(5)).length).toBe(1);
    expect(await listDrafts(6)).toEqual([]);
  });

  it('saves the latest answers when saves follow each other quickly', async () => {
    const a = answers({});
    const saves: Promise<void>[] = [];
    for (const result of ['pass', 'fail', 'na'] as const) {
      a[A] = { ...a[A], result };
      saves.push(saveDraft(META, a));
    }
    await Promise.all(saves);
    expect((await loadDraft(ID))!.answers[A].result).toBe('na');
  });

  it('is deleted on submit, and an empty one is not kept', async () => {
    await saveDraft(META, answers({ [B]: { note: '待复查' } }));
    expect(await loadDraft(ID)).toBeDefined();
    void saveDraft(META, answers({ [B]: { result: 'pass' } }));
    await deleteDraft(ID); // after a save still in flight
    expect(await loadDraft(ID)).toBeUndefined();
    await saveDraft(META, answers({ [A]: { result: 'pass' } }));
    await saveDraft(META, answers({}));
    expect(await loadDraft(ID)).toBeUndefined();
    expect(isEmptyDraft(answers({ [C]: { note: '  ' } }))).toBe(true);
  });
});
