import { http } from './http';
import type { Region } from './types';

/** Region tree page, region pickers: the tree visible to the caller. */
export function listRegions(): Promise<Region[]> {
  return http.get<Region[]>('/regions');
}

/** Region tree page: one node's file. */
export function getRegion(id: number): Promise<Region> {
  return http.get<Region>(`/regions/${id}`);
}

let cached: { userId: number; tree: Promise<Region[]> } | null = null;

/** Region pickers: the tree, fetched once per user and page load (an empty tree on failure). */
export function listRegionsCached(userId: number): Promise<Region[]> {
  if (!cached || cached.userId !== userId) {
    const tree = listRegions().catch(() => {
      cached = null;
      return [] as Region[];
    });
    cached = { userId, tree };
  }
  return cached.tree;
}
