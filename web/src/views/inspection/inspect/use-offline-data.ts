// The inspector's enterprises and the checklists: fresh from the server when online (and then
// saved on the phone), the saved copy when not.
import { ref, shallowRef } from 'vue';
import { listAllEnterprises } from '@/api/enterprises';
import { listChecklists } from '@/api/inspections';
import { isApiError, toApiError, type ApiError } from '@/api/errors';
import type { Checklist, Enterprise } from '@/api/types';
import { cacheGet, cacheSet } from '@/offline/cache';

// 50 pages of 200 = 10,000 enterprises: far more than one grid holds.
const allEnterprises = async (): Promise<Enterprise[]> => (await listAllEnterprises({}, 50)).items;

export function useOfflineData(userId: () => number | undefined) {
  const enterprises = shallowRef<Enterprise[]>([]);
  const checklists = shallowRef<Checklist[]>([]);
  const savedAt = ref<number | null>(null); // set when showing the saved copy
  const loading = ref(false);
  const error = ref<ApiError | null>(null);

  async function load(): Promise<void> {
    const id = userId();
    if (id === undefined) return;
    loading.value = true;
    error.value = null;
    try {
      const [e, c] = await Promise.all([allEnterprises(), listChecklists()]);
      enterprises.value = e;
      checklists.value = c;
      savedAt.value = null;
      await Promise.all([cacheSet(id, 'enterprises', e), cacheSet(id, 'checklists', c)]).catch(() => undefined);
    } catch (thrown) {
      const failure = isApiError(thrown) ? thrown : toApiError(thrown);
      const [e, c] = await Promise.all([
        cacheGet<Enterprise[]>(id, 'enterprises').catch(() => undefined),
        cacheGet<Checklist[]>(id, 'checklists').catch(() => undefined),
      ]);
      if (e && c) {
        enterprises.value = e.value;
        checklists.value = c.value;
        savedAt.value = Math.min(e.savedAt, c.savedAt);
      } else {
        error.value = failure;
      }
    } finally {
      loading.value = false;
    }
  }

  return { enterprises, checklists, savedAt, loading, error, load };
}
