// "其余全部合格": on a long checklist most items pass; the inspector answers the few that do not
// and marks the rest in one tap. Only items with no answer yet are touched: a fail (with its note
// and photos) or an n.a. given by hand is never overridden.
import type { ItemResult } from '@/api/types';

export interface ItemAnswer {
  result: ItemResult | null;
}

/** The ids of the items not answered yet, in checklist order. */
export function unansweredIds(itemIds: readonly (number | string)[], answers: Readonly<Record<string, ItemAnswer>>): string[] {
  return itemIds.map(String).filter((id) => (answers[id]?.result ?? null) === null);
}

/** Marks every unanswered item as pass; returns how many it marked. */
export function markRestPass(itemIds: readonly (number | string)[], answers: Record<string, ItemAnswer>): number {
  const rest = unansweredIds(itemIds, answers);
  for (const id of rest) if (answers[id]) answers[id].result = 'pass';
  return rest.length;
}
