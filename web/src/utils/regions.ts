import type { Region } from '@/api/types';

/** The nodes from a root of `tree` down to the node `id` (empty when it is not in the tree). */
export function findPath(tree: Region[], id: number): Region[] {
  for (const node of tree) {
    if (node.id === id) return [node];
    const below = findPath(node.children ?? [], id);
    if (below.length) return [node, ...below];
  }
  return [];
}
