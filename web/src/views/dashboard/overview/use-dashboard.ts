// The dashboard's data: everything comes from the statistics API (and the overdue list from
// the hazard list, most overdue first), for the region in the URL (?region_id=), defaulting to the caller's root.
import { computed, watch } from 'vue';
import { listRegions } from '@/api/regions';
import { getOverview, getRegionStats, getTrend } from '@/api/stats';
import { listHazards } from '@/api/hazards';
import type { Figures } from '@/api/types';
import { findPath } from '@/utils/regions';
import { useAsync } from '@/composables/use-async';

export function openCount(figures: Figures | undefined): number {
  if (!figures) return 0;
  const s = figures.hazards.by_status;
  return figures.hazards.total - (s.closed ?? 0) - (s.rejected ?? 0);
}

/** Major hazards not closed (挂牌督办): the server's own figure when it sends one. */
export function majorUnderSupervision(figures: Figures | undefined): number {
  if (!figures) return 0;
  return figures.hazards.major_open ?? figures.hazards.by_severity.major ?? 0;
}


export function useDashboard(regionParam: () => number | undefined) {
  const regions = useAsync(listRegions);
  const overview = useAsync((id: number | undefined) => getOverview(id));
  const ranking = useAsync((id: number | undefined) => getRegionStats(id));
  const trend = useAsync((id: number | undefined) => getTrend(id));
  const overdue = useAsync((id: number | undefined) => listHazards({ region_id: id, overdue: true, sort: 'due_at', page_size: 10 }));

  const regionId = computed(() => regionParam() ?? regions.data.value?.[0]?.id);
  const path = computed(() => (regionId.value && regions.data.value ? findPath(regions.data.value, regionId.value) : []));
  const current = computed(() => path.value[path.value.length - 1]);

  function load() {
    const id = regionId.value;
    void overview.run(id);
    void ranking.run(id);
    void trend.run(id);
    void overdue.run(id);
  }

  // Wait for the tree only when the URL names no region (the root comes from the tree).
  let loadedFor: number | undefined | null = null;
  void regions.run();
  watch(
    [regionId, regions.loading],
    ([id, treeLoading]) => {
      if (treeLoading && regionParam() === undefined) return;
      if (loadedFor === id) return;
      loadedFor = id;
      load();
    },
    { immediate: true },
  );

  return { regions, overview, ranking, trend, overdue, regionId, path, current, reload: load };
}
