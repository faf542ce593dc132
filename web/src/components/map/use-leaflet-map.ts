// The Leaflet set-up every map of the app shares: the runtime tile config (app-config.json), the
// no-tiles fallback (a plain background with a scale, so a town without a tile server or a phone
// offline still sees what is near), resizing with its box, and removal on unmount. A component gives
// its element and draws its own layers in `ready`.
import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map-base.css';
import { loadAppConfig, type AppConfig } from '@/utils/app-config';

export function useLeafletMap(el: Ref<HTMLElement | undefined>, ready: (map: L.Map, config: AppConfig) => void, options: L.MapOptions = {}) {
  const config = shallowRef<AppConfig | null>(null);
  const tiles = ref(false);
  /** A tile failed to load (offline, or the server is down): show the plain background again. */
  const tileErrors = ref(false);
  const map = shallowRef<L.Map | null>(null);
  let resize: ResizeObserver | null = null;

  onMounted(async () => {
    const c = await loadAppConfig();
    config.value = c;
    if (!el.value) return; // unmounted while the config loaded
    // Without tiles the zoom need not snap to tile levels: fit the content snugly.
    const m = L.map(el.value, { attributionControl: Boolean(c.tileUrl), maxZoom: c.tileUrl ? c.tileMaxZoom : 19, zoomSnap: c.tileUrl ? 1 : 0.25, ...options });
    if (c.tileUrl) {
      tiles.value = true;
      const tileLayer = L.tileLayer(c.tileUrl, { maxZoom: c.tileMaxZoom, subdomains: c.tileSubdomains, attribution: c.tileAttribution });
      tileLayer.on('tileerror', () => (tileErrors.value = true));
      tileLayer.on('tileload', () => (tileErrors.value = false));
      tileLayer.addTo(m);
    }
    L.control.scale({ imperial: false }).addTo(m);
    map.value = m;
    ready(m, c);
    resize = new ResizeObserver(() => m.invalidateSize());
    resize.observe(el.value);
  });

  onBeforeUnmount(() => {
    resize?.disconnect();
    map.value?.remove();
    map.value = null;
  });

  /** The class of the map's element: the plain background while no tiles show. */
  const noTiles = () => !tiles.value || tileErrors.value;
  return { config, tiles, tileErrors, map, noTiles };
}
