import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Enterprise } from '@/api/types';
import { DEFAULT_CONFIG, loadAppConfig, normalizeConfig, resetAppConfig } from '@/utils/app-config';
import { hasPosition, toPoints } from './map-points';

const e = (id: number, lat: number | null, lng: number | null): Enterprise =>
  ({ id, name: `E${id}`, lat, lng, risk_level: 'red' }) as unknown as Enterprise;

describe('map points', () => {
  it('keeps only enterprises with a usable position', () => {
    expect(hasPosition({ lat: 30.18, lng: 121.32 })).toBe(true);
    expect(hasPosition({ lat: null, lng: 121.32 })).toBe(false);
    expect(hasPosition({ lat: 0, lng: 0 })).toBe(false);
    expect(hasPosition({ lat: 95, lng: 10 })).toBe(false);
    expect(toPoints([e(1, 30.18, 121.32), e(2, null, null), e(3, 30.17, 121.3)], 3)).toEqual([
      { id: 1, name: 'E1', lat: 30.18, lng: 121.32, risk: 'red', main: false },
      { id: 3, name: 'E3', lat: 30.17, lng: 121.3, risk: 'red', main: true },
    ]);
  });
});

describe('runtime config (app-config.json)', () => {
  afterEach(() => resetAppConfig());

  it('takes the usable settings and defaults the rest', () => {
    expect(normalizeConfig({ tileUrl: ' https://t.example/{z}/{x}/{y}.png ', zoom: 'x', center: [30, 121], tileMaxZoom: 40 })).toEqual({
      ...DEFAULT_CONFIG,
      tileUrl: 'https://t.example/{z}/{x}/{y}.png',
      center: [30, 121],
    });
    expect(normalizeConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(normalizeConfig({ center: [200, 0] }).center).toEqual(DEFAULT_CONFIG.center);
  });

  it('reads the file once and falls back to no tiles when it cannot', async () => {
    const ok = vi.fn(async () => new Response(JSON.stringify({ tileUrl: 'https://t/{z}/{x}/{y}.png' }), { status: 200 }));
    expect((await loadAppConfig(ok as unknown as typeof fetch)).tileUrl).toBe('https://t/{z}/{x}/{y}.png');
    await loadAppConfig(ok as unknown as typeof fetch);
    expect(ok).toHaveBeenCalledTimes(1);
    resetAppConfig();
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await loadAppConfig(offline as unknown as typeof fetch)).toEqual(DEFAULT_CONFIG);
    resetAppConfig();
    const missing = vi.fn(async () => new Response('no', { status: 404 }));
    expect((await loadAppConfig(missing as unknown as typeof fetch)).tileUrl).toBe('');
  });
});
