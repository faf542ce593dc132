import { http } from './http';
import type { Figures, RegionFigures, TrendPoint } from './types';

/** Dashboard KPI cards, status/severity/risk charts. */
export function getOverview(regionId?: number): Promise<Figures> {
  return http.get<Figures>('/stats/overview', { region_id: regionId });
}

/** Dashboard ranking of the children of a region (villages, then grids). */
export function getRegionStats(parentId?: number): Promise<RegionFigures[]> {
  return http.get<RegionFigures[]>('/stats/regions', { parent_id: parentId });
}

/** Dashboard monthly trend (not in CONTRACT.md v1 yet: the card shows its error state without it). */
export function getTrend(regionId?: number, months = 12): Promise<TrendPoint[]> {
  return http.get<TrendPoint[]>('/stats/trend', { region_id: regionId, months });
}
