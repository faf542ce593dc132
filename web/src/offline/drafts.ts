// Half-answered checklists: the inspector who leaves /inspect (a phone call, another app, a tap
// on another tab, a reload) finds the answers, notes and photos again when they come back to the
// same enterprise and checklist. One draft per user + enterprise + checklist, in IndexedDB (so it
// survives a reload and works offline); deleted when the inspection is submitted or discarded.
// Photos are kept as ArrayBuffers with their type, like the queue's (src/offline/queue.ts).
// Checklist and item ids are the server's integer ids; answers are keyed by item id.
// The draft also keeps the inspection's kind and, for 专项检查, the campaign it counts for, so a
// resumed draft is sent as what it was started as (the server still judges whether that campaign is
// open when it arrives).
import type { Campaign, InspectionKind, ItemResult } from '@/api/types';
import { DRAFTS, idbAll, idbDelete, idbGet, idbPut } from './db';

/** One item's answer as the page holds it. */
export interface DraftAnswer {
  result: ItemResult | null;
  note: string;
  photos: Blob[];
}

interface StoredPhoto {
  type: string;
  data: ArrayBuffer;
}

interface StoredDraft {
  key: string;
  userId: number;
  enterpriseId: number;
  checklistId: number;
  enterpriseName: string;
  checklistName: string;
  total: number; // items in the checklist
  kind?: InspectionKind; // absent in drafts saved before the kind was kept: resumed as the plain kind
  campaign?: Campaign | null;
  answers: Record<string, { result: ItemResult | null; note: string; photos: StoredPhoto[] }>;
  savedAt: number;
}

export interface DraftId {
  userId: number;
  enterpriseId: number;
  checklistId: number;
}

/** What a draft holds besides its answers. */
export interface DraftMeta extends DraftId {
  enterpriseName: string;
  checklistName: string;
  total: number;
  kind?: InspectionKind;
  campaign?: Campaign | null;
}

export interface DraftSummary {
  enterpriseId: number;
  checklistId: number;
  enterpriseName: string;
  checklistName: string;
  answered: number;
  total: number;
  savedAt: number;
  kind?: InspectionKind;
  campaign?: Campaign | null;
}

export function draftKey({ userId, enterpriseId, checklistId }: DraftId): string {
  return `${userId}:${enterpriseId}:${checklistId}`;
}

/** Nothing worth keeping: no result, no note, no photo. */
export function isEmptyDraft(answers: Record<string, DraftAnswer>): boolean {
  return Object.values(answers).every((a) => a.result === null && !a.note.trim() && a.photos.length === 0);
}

// Reading a photo's bytes once is enough: the same Blob is saved again at every change.
const bytes = new WeakMap<Blob, Promise<ArrayBuffer>>();
function photoBytes(blob: Blob): Promise<ArrayBuffer> {
  let data = bytes.get(blob);
  if (!data) {
    data = blob.arrayBuffer();
    bytes.set(blob, data);
  }
  return data;
}

// Writes run one after another, so an older save never lands after a newer one or after the
// delete that follows a submission.
let chain: Promise<unknown> = Promise.resolve();
function serial<T>(write: () => Promise<T>): Promise<T> {
  const next = chain.then(write, write);
  chain = next.catch(() => undefined);
  return next;
}

/** Saves the answers (or deletes the draft when there is nothing in it). */
export function saveDraft(id: DraftMeta, answers: Record<string, DraftAnswer>): Promise<void> {
  // Copy now: the page keeps editing its reactive object while the photos are being read.
  const snapshot = Object.entries(answers).map(([itemId, a]) => ({ itemId, result: a.result, note: a.note, photos: a.photos.slice() }));
  if (isEmptyDraft(answers)) return deleteDraft(id);
  return serial(async () => {
    const stored: StoredDraft['answers'] = {};
    for (const a of snapshot) {
      const photos: StoredPhoto[] = [];
      for (const blob of a.photos) photos.push({ type: blob.type || 'image/jpeg', data: await photoBytes(blob) });
      stored[a.itemId] = { result: a.result, note: a.note, photos };
    }
    await idbPut<StoredDraft>(DRAFTS, {
      key: draftKey(id),
      userId: id.userId,
      enterpriseId: id.enterpriseId,
      checklistId: id.checklistId,
      enterpriseName: id.enterpriseName,
      checklistName: id.checklistName,
      total: id.total,
      kind: id.kind,
      // A plain copy: IndexedDB's structured clone refuses reactive proxies.
      campaign: id.campaign ? (JSON.parse(JSON.stringify(id.campaign)) as Campaign) : null,
      answers: stored,
      savedAt: nextSaveTime(),
    });
  });
}

// Two saves within one millisecond (quick taps) must still list newest first: times only increase.
let lastSaveTime = 0;
function nextSaveTime(): number {
  lastSaveTime = Math.max(Date.now(), lastSaveTime + 1);
  return lastSaveTime;
}

/** The saved answers, photos as Blobs again; undefined when there is no draft. */
export async function loadDraft(id: DraftId): Promise<{ answers: Record<string, DraftAnswer>; savedAt: number } | undefined> {
  await chain;
  const stored = await idbGet<StoredDraft>(DRAFTS, draftKey(id));
  if (!stored) return undefined;
  const answers: Record<string, DraftAnswer> = {};
  for (const [itemId, a] of Object.entries(stored.answers)) {
    answers[itemId] = { result: a.result, note: a.note, photos: a.photos.map((p) => new Blob([p.data], { type: p.type })) };
  }
  return { answers, savedAt: stored.savedAt };
}

export function deleteDraft(id: DraftId): Promise<void> {
  return serial(() => idbDelete(DRAFTS, draftKey(id)));
}

/** The user's unfinished checklists, newest first. */
export async function listDrafts(userId: number): Promise<DraftSummary[]> {
  await chain;
  const all = await idbAll<StoredDraft>(DRAFTS);
  return all
    .filter((d) => d.userId === userId)
    .map((d) => ({
      enterpriseId: d.enterpriseId,
      checklistId: d.checklistId,
      enterpriseName: d.enterpriseName,
      checklistName: d.checklistName,
      answered: Object.values(d.answers).filter((a) => a.result !== null).length,
      total: d.total,
      savedAt: d.savedAt,
      kind: d.kind,
      campaign: d.campaign ?? null,
    }))
    .sort((a, b) => b.savedAt - a.savedAt);
}
