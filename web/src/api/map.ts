import { http } from './http';
import type { RegionKind, RiskLevel } from './types';

/** A region's boundary: a GeoJSON Polygon or MultiPolygon ([lng, lat] positions). */
export type Boundary =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface MapEnterprise {
  id: number;
  name: string;
  lat: number;
  lng: number;
  risk_level: RiskLevel;
  open_hazards: number;
}

export interface MapBoundary {
  region_id: number;
  name: string;
  kind: RegionKind;
  boundary: Boundary;
}

export interface MapLayers {
  enterprises: MapEnterprise[];
  boundaries: MapBoundary[];
  truncated: { enterprises: boolean; boundaries: boolean };
  limits: { enterprises: number; boundaries: number };
}

/** The map page: every layer for the caller's scope (or one region of it) in one answer. */
export function getMapLayers(regionId?: number): Promise<MapLayers> {
  return http.get<MapLayers>('/map/layers', { region_id: regionId });
}
