// Data the inspector needs without signal (their enterprises, the checklists), kept per user so
// that a shared phone never shows one user's data to another.
import { CACHE, idbDelete, idbGet, idbPut } from './db';

interface Cached<T> {
  key: string;
  savedAt: number;
  value: T;
}

export async function cacheSet<T>(userId: number, name: string, value: T): Promise<void> {
  await idbPut<Cached<T>>(CACHE, { key: `${userId}:${name}`, savedAt: Date.now(), value });
}

export async function cacheGet<T>(userId: number, name: string): Promise<{ value: T; savedAt: number } | undefined> {
  const hit = await idbGet<Cached<T>>(CACHE, `${userId}:${name}`);
  return hit ? { value: hit.value, savedAt: hit.savedAt } : undefined;
}

export async function cacheDelete(userId: number, name: string): Promise<void> {
  await idbDelete(CACHE, `${userId}:${name}`);
}
