import { describe, expect, it } from 'vitest';
import { parsePastedBoundary, pointsFromBoundary, polygonFromPoints } from './boundary-draft';

const A = { lat: 30.18, lng: 121.32 };
const B = { lat: 30.18, lng: 121.33 };
const C = { lat: 30.19, lng: 121.33 };

describe('a boundary drawn on the map', () => {
  it('is a closed GeoJSON ring of [lng, lat] from three points, rounded to the 7 decimals the server keeps', () => {
    expect(polygonFromPoints([A, B, { lat: 30.123456789, lng: 121.987654321 }])).toEqual({
      type: 'Polygon',
      coordinates: [[[121.32, 30.18], [121.33, 30.18], [121.9876543, 30.1234568], [121.32, 30.18]]],
    });
  });

  it('is nothing yet with fewer than three points', () => {
    expect(polygonFromPoints([])).toBeNull();
    expect(polygonFromPoints([A, B])).toBeNull();
  });

  it('comes back as the points it was drawn from, for more editing', () => {
    expect(pointsFromBoundary(polygonFromPoints([A, B, C]))).toEqual([A, B, C]);
    expect(pointsFromBoundary(null)).toEqual([]);
    const multi = { type: 'MultiPolygon' as const, coordinates: [polygonFromPoints([A, B, C])!.coordinates as number[][][]] };
    expect(pointsFromBoundary(multi)).toEqual([]); // several polygons: replaced, not edited point by point
  });
});

describe('a boundary pasted from a GIS tool', () => {
  const polygon = polygonFromPoints([A, B, C])!;
  it('takes a geometry, a Feature or a FeatureCollection of one', () => {
    expect(parsePastedBoundary(JSON.stringify(polygon))).toEqual({ boundary: polygon });
    expect(parsePastedBoundary(JSON.stringify({ type: 'Feature', properties: {}, geometry: polygon }))).toEqual({ boundary: polygon });
    const collection = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon }] };
    expect(parsePastedBoundary(JSON.stringify(collection))).toEqual({ boundary: polygon });
  });

  it('says why anything else is not one', () => {
    expect(parsePastedBoundary('{not json')).toEqual({ error: 'json' });
    expect(parsePastedBoundary('[1,2]')).toEqual({ error: 'geometry' });
    expect(parsePastedBoundary(JSON.stringify({ type: 'Point', coordinates: [121, 30] }))).toEqual({ error: 'geometry' });
    const two = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon }, { type: 'Feature', geometry: polygon }] };
    expect(parsePastedBoundary(JSON.stringify(two))).toEqual({ error: 'geometry' });
  });
});
