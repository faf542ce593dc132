// The offline queue: inspections and hazard actions made without signal wait in IndexedDB and
// are sent when the phone is back online (the `online` event, app start, or a tap on "sync").
//
// Exactly once: every entry gets its Idempotency-Key when it is made, and every photo its own;
// retries reuse them, so a request that reached the server before the answer was lost is
// answered again by the server instead of being applied twice (CONTRACT.md: 24 h window).
// An entry is deleted only after the server accepted it; photos already uploaded keep their
// attachment id, so a retry does not upload them again. One sync runs at a time (in this tab,
// and across tabs where the Web Locks API exists).
import { ApiRequestError, isRetryable, toApiError, type ApiError } from '@/api/errors';
import { uuid } from '@/utils/uuid';
import { QUEUE, idbAll, idbDelete, idbGet, idbPut } from './db';

export interface QueuedPhoto {
  key: string; // Idempotency-Key of its upload
  type: string;
  data: ArrayBuffer;
  /** Where the attachment id goes in the body: ["items", 3, "attachments"] or ["attachments"]. */
  target: (string | number)[];
  attachmentId?: number;
}

/** The body of an 'inspection' entry, stored as made on the phone: the kind and the campaign
 * chosen there travel with it (POST /inspections refuses a campaign inspection without its
 * campaign_id, and an enterprise's entry is a self_check). */
export interface InspectionEntryBody {
  enterprise_id: number;
  checklist_id: number;
  items: { item_id: number; result: string; note?: string; attachments?: number[] }[];
  kind: 'routine' | 'campaign' | 'self_check' | 'joint';
  campaign_id?: number;
}

export interface QueueEntry {
  id: string; // the Idempotency-Key of the main request
  userId: number;
  kind: 'inspection' | 'hazard_action';
  path: string; // "/inspections", "/hazards/12/actions"
  body: Record<string, unknown>; // an InspectionEntryBody for kind 'inspection'
  photos: QueuedPhoto[];
  summary: string; // what the list of waiting items shows ("匡堰服装厂 · 消防检查")
  createdAt: number;
  attempts: number;
  state: 'pending' | 'failed';
  lastError?: ApiError;
}

export interface Transport {
  upload(data: Blob, idempotencyKey: string): Promise<{ id: number }>;
  post(path: string, body: unknown, idempotencyKey: string): Promise<unknown>;
}

export interface SyncResult {
  sent: number;
  /** The server's answers, by entry id (e.g. the inspection's hazard_ids). */
  answers: Record<string, unknown>;
  failed: number;
  remaining: number;
  stoppedBy?: ApiError;
}

// Entries are sent in the order they were made, by createdAt: two made within the same
// millisecond must not tie (IndexedDB would then order them by their random ids).
let lastCreatedAt = 0;
function nextCreatedAt(): number {
  lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1);
  return lastCreatedAt;
}

export async function enqueue(
  input: Pick<QueueEntry, 'userId' | 'kind' | 'path' | 'body' | 'summary'> & { photos?: { blob: Blob; target: (string | number)[] }[] },
): Promise<QueueEntry> {
  const photos: QueuedPhoto[] = [];
  for (const photo of input.photos ?? []) {
    photos.push({ key: uuid(), type: photo.blob.type || 'image/jpeg', data: await photo.blob.arrayBuffer(), target: photo.target });
  }
  const entry: QueueEntry = {
    id: uuid(),
    userId: input.userId,
    kind: input.kind,
    path: input.path,
    body: structuredClone(input.body),
    photos,
    summary: input.summary,
    createdAt: nextCreatedAt(),
    attempts: 0,
    state: 'pending',
  };
  await idbPut(QUEUE, entry);
  return entry;
}

export async function listQueue(userId?: number): Promise<QueueEntry[]> {
  const all = await idbAll<QueueEntry>(QUEUE);
  return all.filter((e) => userId === undefined || e.userId === userId).sort((a, b) => a.createdAt - b.createdAt);
}

export async function discard(id: string): Promise<void> {
  await idbDelete(QUEUE, id);
}

/** A failed entry (the server refused it) can be tried again after the cause is fixed. */
export async function retryFailed(id: string): Promise<void> {
  const entry = await idbGet<QueueEntry>(QUEUE, id);
  if (entry) await idbPut(QUEUE, { ...entry, state: 'pending', lastError: undefined });
}

/** The body to send: the stored one with the uploaded photos' ids put in place. */
export function assembleBody(entry: QueueEntry): Record<string, unknown> {
  const body = structuredClone(entry.body);
  for (const photo of entry.photos) {
    if (photo.attachmentId === undefined) continue;
    let node: Record<string | number, unknown> = body;
    const path = photo.target;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      if (node[key] === undefined || node[key] === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    const list = Array.isArray(node[last]) ? (node[last] as number[]) : [];
    if (!list.includes(photo.attachmentId)) list.push(photo.attachmentId);
    node[last] = list;
  }
  return body;
}

async function sendOne(entry: QueueEntry, transport: Transport): Promise<unknown> {
  for (const photo of entry.photos) {
    if (photo.attachmentId !== undefined) continue;
    const uploaded = await transport.upload(new Blob([photo.data], { type: photo.type }), photo.key);
    photo.attachmentId = uploaded.id;
    await idbPut(QUEUE, entry); // progress survives a crash: this photo is not uploaded twice
  }
  return transport.post(entry.path, assembleBody(entry), entry.id);
}

async function drain(userId: number, transport: Transport): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, answers: {}, failed: 0, remaining: 0 };
  for (const entry of await listQueue(userId)) {
    if (entry.state !== 'pending') continue;
    try {
      result.answers[entry.id] = await sendOne(entry, transport);
      await idbDelete(QUEUE, entry.id);
      result.sent++;
    } catch (thrown) {
      const error = thrown instanceof ApiRequestError ? thrown : toApiError(thrown);
      entry.attempts++;
      entry.lastError = { status: error.status, code: error.code, message: error.message, fields: error.fields };
      if (isRetryable(error) || error.status === 401 || error.code === 'csrf_failed') {
        // no signal, server busy, logged out, or a CSRF token from an older session (the client
        // fetches the current one): keep the order and stop until the next chance
        await idbPut(QUEUE, entry);
        result.stoppedBy = entry.lastError;
        break;
      }
      entry.state = 'failed'; // refused (403/404/409/422…): needs the inspector's attention
      await idbPut(QUEUE, entry);
      result.failed++;
    }
  }
  result.remaining = (await listQueue(userId)).length;
  return result;
}

let running: Promise<SyncResult> | null = null;

export function syncQueue(userId: number, transport: Transport): Promise<SyncResult> {
  if (running) return running;
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  const work = () => drain(userId, transport);
  running = (locks ? (locks.request('safegrid-offline-sync', work) as unknown as Promise<SyncResult>) : work()).finally(() => {
    running = null;
  });
  return running;
}
