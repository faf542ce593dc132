// Plain IndexedDB, three object stores:
//   queue   submissions waiting to be sent (key: their Idempotency-Key)
//   cache   data kept for offline use, per user (key: "<userId>:<name>")
//   drafts  half-answered checklists (key: "<userId>:<enterpriseId>:<checklistId>")
// Photos are stored as ArrayBuffers with their type (Blobs in IndexedDB are unreliable on
// some phones' browsers).

const DB_NAME = 'safegrid';
const DB_VERSION = 2;
export const QUEUE = 'queue';
export const CACHE = 'cache';
export const DRAFTS = 'drafts';

let opening: Promise<IDBDatabase> | null = null;

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function openDb(): Promise<IDBDatabase> {
  if (!opening) {
    opening = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(CACHE)) db.createObjectStore(CACHE, { keyPath: 'key' });
        if (!db.objectStoreNames.contains(DRAFTS)) db.createObjectStore(DRAFTS, { keyPath: 'key' });
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
    });
  }
  return opening;
}

/** For tests: forget the open connection (fake-indexeddb is reset between tests). */
export async function closeDb(): Promise<void> {
  if (opening) {
    const db = await opening.catch(() => null);
    db?.close();
  }
  opening = null;
}

async function store(name: string, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  const db = await openDb();
  return db.transaction(name, mode).objectStore(name);
}

export async function idbGet<T>(name: string, key: IDBValidKey): Promise<T | undefined> {
  return promisify((await store(name, 'readonly')).get(key)) as Promise<T | undefined>;
}

export async function idbAll<T>(name: string): Promise<T[]> {
  return promisify((await store(name, 'readonly')).getAll()) as Promise<T[]>;
}

export async function idbPut<T>(name: string, value: T): Promise<void> {
  await promisify((await store(name, 'readwrite')).put(value));
}

export async function idbDelete(name: string, key: IDBValidKey): Promise<void> {
  await promisify((await store(name, 'readwrite')).delete(key));
}
