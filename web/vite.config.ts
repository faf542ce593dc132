// Build settings only (runtime settings would live in public/). Chunks:
//   vue-vendor    vue, vue-router, pinia, vue-i18n: every page needs them
//   element-plus  Element Plus and what only it uses (+ its CSS): staff pages, never /report
//   echarts       echarts + zrender: the dashboard alone
//   leaflet       Leaflet (+ its CSS): the maps of the enterprise pages and /inspect, loaded with
//                 the map component only (defineAsyncComponent)
// Route components are lazy, so the citizen pages (/report, /report/:code) load the entry,
// vue-vendor and their own small chunk. scripts/size-report.mjs checks that budget.
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precacheManifest } from './vite-plugins/precache-manifest';

const vendor = /[\\/]node_modules[\\/](vue|@vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/;
const elementPlus =
  /[\\/]node_modules[\\/](element-plus|@element-plus|@vueuse|lodash-es|lodash-unified|lodash|dayjs|async-validator|@floating-ui|@popperjs|@sxzz|@ctrl|memoize-one|normalize-wheel-es)[\\/]/;
const echarts = /[\\/]node_modules[\\/](echarts|zrender|tslib)[\\/]/;
const leaflet = /[\\/]node_modules[\\/]leaflet[\\/]/;

export default defineConfig({
  plugins: [vue(), precacheManifest()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    target: 'es2020',
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Highest first: a group also takes the dependencies of its modules, so Vue must be
            // claimed by vue-vendor before Element Plus would pull it into its own chunk.
            { name: 'vue-vendor', test: vendor, priority: 30 },
            { name: 'echarts', test: echarts, priority: 20 },
            { name: 'leaflet', test: leaflet, priority: 20 },
            { name: 'element-plus', test: elementPlus, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev` against a server on :8080 (make run).
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
