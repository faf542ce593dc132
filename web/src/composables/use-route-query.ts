// List filters and paging live in the URL (?status=rectifying&page=2), so a list can be
// bookmarked, drilled into from the dashboard and restored with the back button.
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export function useRouteQuery() {
  const route = useRoute();
  const router = useRouter();

  const query = computed(() => route.query);

  function str(name: string): string {
    const value = route.query[name];
    return typeof value === 'string' ? value : '';
  }

  function num(name: string, fallback?: number): number | undefined {
    const value = Number(str(name));
    return str(name) !== '' && Number.isFinite(value) ? value : fallback;
  }

  function update(changes: Record<string, string | number | boolean | null | undefined>, resetPage = true): void {
    const next: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...route.query, ...(resetPage ? { page: undefined } : {}), ...changes })) {
      if (value === undefined || value === null || value === '' || value === false) continue;
      next[key] = String(value);
    }
    void router.replace({ query: next });
  }

  return { query, str, num, update };
}
