// What the map page draws, from GET /map/layers, kept free of Leaflet and Vue for unit tests.
import type { MapLayers } from '@/api/map';
import { boundaryRings } from '@/components/map/boundary-draft';
import { hasPosition, type MapBadge, type MapCircle, type MapPoint, type MapPolygon, type MapRing } from '@/components/map/map-points';

export type LayerName = 'enterprises' | 'hazards' | 'boundaries' | 'stations' | 'gaps';
// Micro fire stations (微型消防站): each station's radius_m as a circle (warning colour when the
// server lists missing or expiring equipment), and the server's coverage gaps as rings around the
// enterprises outside every circle. Nothing of either is computed here.
export { boundaryRings };
export const LAYERS: readonly LayerName[] = ['enterprises', 'hazards', 'boundaries', 'stations', 'gaps'];

export interface DrawnLayers {
  points: MapPoint[];
  badges: MapBadge[];
  polygons: MapPolygon[];
  circles: MapCircle[];
  rings: MapRing[];
}

/** The layers switched on, ready for the map component. `badgeTitle` names a count for screen readers. */
export function drawnLayers(data: MapLayers | undefined, on: ReadonlySet<LayerName>, badgeTitle: (name: string, count: number) => string): DrawnLayers {
  if (!data) return { points: [], badges: [], polygons: [], circles: [], rings: [] };
  const placed = data.enterprises.filter((e) => hasPosition(e));
  const gapIds = new Set((data.uncovered ?? []).map((u) => u.id));
  return {
    points: on.has('enterprises') ? placed.map((e) => ({ id: e.id, name: e.name, lat: e.lat, lng: e.lng, risk: e.risk_level })) : [],
    badges: on.has('hazards')
      ? placed.filter((e) => e.open_hazards > 0).map((e) => ({ id: e.id, lat: e.lat, lng: e.lng, count: e.open_hazards, title: badgeTitle(e.name, e.open_hazards) }))
      : [],
    polygons: on.has('boundaries') ? data.boundaries.map((b) => ({ id: b.region_id, name: b.name, rings: boundaryRings(b.boundary) })) : [],
    circles: on.has('stations')
      ? (data.stations ?? []).map((s) => ({ id: s.id, name: s.name, lat: s.lat, lng: s.lng, radius_m: s.radius_m, warn: s.missing > 0 || s.expiring > 0 }))
      : [],
    rings: on.has('gaps') ? placed.filter((e) => gapIds.has(e.id)).map((e) => ({ id: e.id, lat: e.lat, lng: e.lng })) : [],
  };
}

/** The enterprises with open hazards, most first (the list under the map links each to its hazards). */
export function withOpenHazards(data: MapLayers | undefined): MapLayers['enterprises'] {
  if (!data) return [];
  return data.enterprises.filter((e) => e.open_hazards > 0).sort((a, b) => b.open_hazards - a.open_hazards || a.id - b.id);
}
