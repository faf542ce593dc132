// Loading / error / data for one request, so every page shows the same three states.
// A newer run wins: answers of older runs are dropped.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { toApiError, isApiError, type ApiError } from '@/api/errors';

export interface AsyncState<T, A extends unknown[]> {
  data: ShallowRef<T | undefined>;
  error: Ref<ApiError | null>;
  loading: Ref<boolean>;
  run: (...args: A) => Promise<T | undefined>;
}

export function useAsync<T, A extends unknown[] = []>(fn: (...args: A) => Promise<T>, options: { immediate?: boolean } = {}): AsyncState<T, A> {
  const data = shallowRef<T>();
  const error = ref<ApiError | null>(null);
  const loading = ref(false);
  let generation = 0;

  async function run(...args: A): Promise<T | undefined> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const result = await fn(...args);
      if (mine === generation) data.value = result;
      return result;
    } catch (thrown) {
      if (mine === generation) error.value = isApiError(thrown) ? thrown : toApiError(thrown);
      return undefined;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  if (options.immediate) void run(...([] as unknown as A));
  return { data, error, loading, run };
}
