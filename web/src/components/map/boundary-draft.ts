// A region's boundary as the town draws it (issue 7: the boundary form): the points clicked on the
// map, in order, become a GeoJSON Polygon of one closed ring; or a geometry pasted from a GIS tool.
// Whether a boundary is valid (size, self-closing, coordinates in range) is the server's rule
// (core/region/boundary, 422 "boundary"); this only shapes what the user gave into the request.
import type { Boundary } from '@/api/map';

export type LatLng = { lat: number; lng: number };

// The server keeps 7 decimals (about 1 cm); sending more only changes what it echoes back.
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Three points or more → a Polygon whose ring ends where it starts ([lng, lat] positions); fewer → null. */
export function polygonFromPoints(points: readonly LatLng[]): Boundary | null {
  if (points.length < 3) return null;
  const ring = points.map((p) => [round7(p.lng), round7(p.lat)]);
  ring.push([...ring[0]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The outer ring of a one-polygon boundary as points to keep editing (without the closing repeat); [] otherwise. */
export function pointsFromBoundary(boundary: Boundary | null | undefined): LatLng[] {
  if (!boundary || boundary.type !== 'Polygon' || boundary.coordinates.length !== 1) return [];
  const ring = boundary.coordinates[0].map(([lng, lat]) => ({ lat, lng }));
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (ring.length > 1 && first.lat === last.lat && first.lng === last.lng) ring.pop();
  return ring;
}

/** GeoJSON's [lng, lat] rings → Leaflet's [lat, lng], as polygons of rings; malformed positions are skipped. */
export function boundaryRings(boundary: Boundary): [number, number][][][] {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.type === 'MultiPolygon' ? boundary.coordinates : [];
  return polygons.map((polygon) =>
    polygon.map((ring) => ring.filter((p) => Array.isArray(p) && p.length >= 2).map((p) => [p[1], p[0]] as [number, number])),
  );
}

export type PastedBoundary = { boundary: Boundary } | { error: 'json' | 'geometry' };

/**
 * What a GIS tool exports: a Polygon or MultiPolygon geometry, a Feature holding one, or a
 * FeatureCollection of exactly one such Feature. Anything else names why it is not one.
 */
export function parsePastedBoundary(text: string): PastedBoundary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'json' };
  }
  const object = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  let geometry = object(value);
  if (geometry?.type === 'FeatureCollection') {
    const features = Array.isArray(geometry.features) ? geometry.features : [];
    geometry = features.length === 1 ? object(features[0]) : null;
  }
  if (geometry?.type === 'Feature') geometry = object(geometry.geometry);
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') || !Array.isArray(geometry.coordinates)) {
    return { error: 'geometry' };
  }
  return { boundary: { type: geometry.type, coordinates: geometry.coordinates } as Boundary };
}
