import { http } from './http';
import type { Boundary, RegionKind, RiskLevel } from './types';

export type { Boundary };


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

/** A micro fire station with its coverage radius and the server's missing / expiring counts. */
export interface MapStation {
  id: number;
  name: string;
  kind: string;
  lat: number;
  lng: number;
  radius_m: number;
  missing: number;
  expiring: number;
}

export interface MapLayers {
  enterprises: MapEnterprise[];
  boundaries: MapBoundary[];
  /** Absent from a server without stations. */
  stations?: MapStation[];
  /** Enterprises outside every station's radius (the server's coverage gaps), by id. */
  uncovered?: { id: number; nearest_m: number | null }[];
  truncated: { enterprises: boolean; boundaries: boolean; stations?: boolean };
  limits: { enterprises: number; boundaries: number; stations?: number };
}

/** The map page: every layer for the caller's scope (or one region of it) in one answer. */
export function getMapLayers(regionId?: number): Promise<MapLayers> {
  return http.get<MapLayers>('/map/layers', { region_id: regionId });
}
