// Several requests that fill one page (an enterprise's file: hazards, inspections, co-tenants):
// when some fail, the page shows ONE error state for the group — the first failure's message and
// one "retry" that runs again each request that failed — instead of one per tab or section.
import { computed, type ComputedRef, type Ref } from 'vue';
import type { ApiError } from '@/api/errors';

export interface GroupPart {
  error: Ref<ApiError | null>;
  /** Runs the request again (with the arguments it needs). */
  retry: () => unknown;
}

export interface RequestGroup {
  error: ComputedRef<ApiError | null>;
  retry: () => void;
}

export function useRequestGroup(parts: GroupPart[]): RequestGroup {
  const failed = computed(() => parts.filter((p) => p.error.value !== null));
  const error = computed(() => failed.value[0]?.error.value ?? null);
  function retry(): void {
    for (const part of failed.value) void part.retry();
  }
  return { error, retry };
}
