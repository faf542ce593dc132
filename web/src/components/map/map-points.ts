// What the maps draw, kept free of Leaflet so it can be unit-tested and used by pages that only
// decide whether to show a map.
import type { Enterprise, RiskLevel } from '@/api/types';

export interface MapPoint {
  id: number;
  name: string;
  lat: number;
  lng: number;
  risk?: RiskLevel | null;
  /** Drawn larger and outlined (the enterprise whose file is open). */
  main?: boolean;
}

/** An outline to draw: `rings` are polygons of rings of [lat, lng] (Leaflet's order, not GeoJSON's). */
export interface MapPolygon {
  id: number;
  name: string;
  rings: [number, number][][][];
}

/** A number beside a place (open hazards at an enterprise). */
/** A circle of `radius_m` metres around a place (a micro fire station's coverage). */
export interface MapCircle {
  id: number;
  name: string;
  lat: number;
  lng: number;
  radius_m: number;
  /** The server says something is missing or expiring: drawn in the warning colour. */
  warn: boolean;
}

/** A ring around a place that needs attention (an enterprise outside every station's radius). */
export interface MapRing {
  id: number;
  lat: number;
  lng: number;
}

export interface MapBadge {
  id: number;
  lat: number;
  lng: number;
  count: number;
  /** Tooltip / accessible name (plain text). */
  title: string;
}

export const RISK_COLORS: Record<RiskLevel, string> = {
  red: '#d93026',
  orange: '#f07c1c',
  yellow: '#e3b505',
  blue: '#2f7dd1',
};
export const NO_RISK_COLOR = '#8c959f';

/** A usable position: both numbers, in range, and not the 0,0 that a blank spreadsheet cell gives. */
export function hasPosition(e: { lat: number | null | undefined; lng: number | null | undefined }): e is { lat: number; lng: number } {
  const { lat, lng } = e;
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return false;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return false;
  return !(lat === 0 && lng === 0);
}

export function toPoints(enterprises: readonly Enterprise[], mainId?: number): MapPoint[] {
  const points: MapPoint[] = [];
  for (const e of enterprises) {
    if (!hasPosition(e)) continue;
    points.push({ id: e.id, name: e.name, lat: e.lat as number, lng: e.lng as number, risk: e.risk_level, main: e.id === mainId });
  }
  return points;
}
