// Settings a deployer changes without rebuilding: dist/app-config.json (from public/), read once
// per page load. Only the staff pages with a map read it; the citizen pages never do.
//   tileUrl         Leaflet tile URL template ("https://{s}.example/{z}/{x}/{y}.png"); empty = no
//                   tiles: the maps draw their markers on a plain background (offline, intranet)
//   tileAttribution shown in the map's corner when tiles are drawn
//   tileSubdomains  the {s} values, "abc" by default
//   tileMaxZoom     18 by default
//   center, zoom    where a map with nothing to show starts ([lat, lng], the town)
export interface AppConfig {
  tileUrl: string;
  tileAttribution: string;
  tileSubdomains: string;
  tileMaxZoom: number;
  center: [number, number];
  zoom: number;
}

export const DEFAULT_CONFIG: AppConfig = {
  tileUrl: '',
  tileAttribution: '',
  tileSubdomains: 'abc',
  tileMaxZoom: 18,
  center: [30.16, 121.33],
  zoom: 13,
};

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Takes what is usable from the file and the defaults for the rest (a typo must not break the maps). */
export function normalizeConfig(raw: unknown): AppConfig {
  const c = { ...DEFAULT_CONFIG };
  if (typeof raw !== 'object' || raw === null) return c;
  const r = raw as Record<string, unknown>;
  if (typeof r.tileUrl === 'string') c.tileUrl = r.tileUrl.trim();
  if (typeof r.tileAttribution === 'string') c.tileAttribution = r.tileAttribution;
  if (typeof r.tileSubdomains === 'string' && r.tileSubdomains) c.tileSubdomains = r.tileSubdomains;
  if (isNumber(r.tileMaxZoom) && r.tileMaxZoom >= 1 && r.tileMaxZoom <= 22) c.tileMaxZoom = Math.round(r.tileMaxZoom);
  if (Array.isArray(r.center) && r.center.length === 2 && isNumber(r.center[0]) && isNumber(r.center[1]) && Math.abs(r.center[0]) <= 90 && Math.abs(r.center[1]) <= 180) {
    c.center = [r.center[0], r.center[1]];
  }
  if (isNumber(r.zoom) && r.zoom >= 1 && r.zoom <= 22) c.zoom = r.zoom;
  return c;
}

let loading: Promise<AppConfig> | null = null;

/** The file once per page load; the defaults when it is missing or unreadable (offline without a cached copy). */
export function loadAppConfig(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Promise<AppConfig> {
  if (!loading) {
    loading = fetchImpl('/app-config.json', { cache: 'no-cache', credentials: 'same-origin' })
      .then(async (r) => (r.ok ? normalizeConfig(await r.json()) : DEFAULT_CONFIG))
      .catch(() => DEFAULT_CONFIG);
  }
  return loading;
}

/** For tests. */
export function resetAppConfig(): void {
  loading = null;
}
