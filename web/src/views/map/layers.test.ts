import { describe, expect, it } from 'vitest';
import type { MapLayers } from '@/api/map';
import { boundaryRings, drawnLayers, withOpenHazards, type LayerName } from './layers';

const square = { type: 'Polygon' as const, coordinates: [[[121, 30], [121.01, 30], [121.01, 30.01], [121, 30]]] };
const data: MapLayers = {
  enterprises: [
    { id: 1, name: '甲厂', lat: 30.005, lng: 121.005, risk_level: 'red', open_hazards: 2 },
    { id: 2, name: '乙厂', lat: 30.006, lng: 121.006, risk_level: 'blue', open_hazards: 0 },
    { id: 3, name: '丙厂', lat: 0, lng: 0, risk_level: 'yellow', open_hazards: 5 },
    { id: 4, name: '丁厂', lat: 30.007, lng: 121.007, risk_level: 'orange', open_hazards: 3 },
  ],
  boundaries: [{ region_id: 9, name: '第一网格', kind: 'grid', boundary: square }],
  stations: [{ id: 7, name: '甲站', kind: 'community', lat: 30.005, lng: 121.005, radius_m: 500, missing: 0, expiring: 1 }],
  uncovered: [{ id: 4, nearest_m: 900 }, { id: 3, nearest_m: null }],
  truncated: { enterprises: false, boundaries: false },
  limits: { enterprises: 5000, boundaries: 500 },
};
const all = new Set<LayerName>(['enterprises', 'hazards', 'boundaries', 'stations', 'gaps']);
const title = (name: string, n: number) => `${name} ${n}`;

describe('map layers', () => {
  it('turns GeoJSON [lng, lat] into Leaflet [lat, lng], polygon and multipolygon alike', () => {
    expect(boundaryRings(square)).toEqual([[[[30, 121], [30, 121.01], [30.01, 121.01], [30, 121]]]]);
    expect(boundaryRings({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] })).toHaveLength(2);
  });

  it('draws every layer that is on, and skips places at 0,0', () => {
    const drawn = drawnLayers(data, all, title);
    expect(drawn.points.map((p) => [p.id, p.risk])).toEqual([[1, 'red'], [2, 'blue'], [4, 'orange']]);
    expect(drawn.badges.map((b) => [b.id, b.count, b.title])).toEqual([[1, 2, '甲厂 2'], [4, 3, '丁厂 3']]);
    expect(drawn.polygons).toEqual([{ id: 9, name: '第一网格', rings: boundaryRings(square) }]);
    // The station's circle warns (the server lists an expiring item); the gap at 0,0 is not drawn.
    expect(drawn.circles).toEqual([{ id: 7, name: '甲站', lat: 30.005, lng: 121.005, radius_m: 500, warn: true }]);
    expect(drawn.rings.map((r) => r.id)).toEqual([4]);
  });

  it('leaves out a layer that is off', () => {
    const drawn = drawnLayers(data, new Set<LayerName>(['hazards']), title);
    expect(drawn.points).toEqual([]);
    expect(drawn.polygons).toEqual([]);
    expect(drawn.badges).toHaveLength(2);
    expect(drawn.circles).toEqual([]);
    expect(drawn.rings).toEqual([]);
    expect(drawnLayers(undefined, all, title)).toEqual({ points: [], badges: [], polygons: [], circles: [], rings: [] });
  });

  it('lists the enterprises with open hazards, most first', () => {
    expect(withOpenHazards(data).map((e) => e.id)).toEqual([3, 4, 1]);
  });
});
