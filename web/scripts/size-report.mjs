#!/usr/bin/env node
// Bundle sizes from dist/.vite/manifest.json: every chunk gzipped, and what the citizen's pages
// (/report, /report/:code) load — the entry, its static imports and the page's own chunks.
//   node scripts/size-report.mjs          print the table
//   node scripts/size-report.mjs --check  also fail when the citizen page breaks its budget
//                                         (150 KB gzipped, and no ECharts, Element Plus or Leaflet)
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = 150 * 1024;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function closure(keys) {
  const files = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`not in the manifest: ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return [...files];
}

const rows = readdirSync(join(dist, 'assets'))
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => ({ file: `assets/${f}`, gz: gz(`assets/${f}`) }))
  .sort((a, b) => b.gz - a.gz);
const total = rows.reduce((s, r) => s + r.gz, 0);

const pages = {
  'citizen /report': ['index.html', 'src/views/public/report/index.vue'],
  'citizen /report/:code': ['index.html', 'src/views/public/report/status.vue'],
  'inspector /inspect': ['index.html', 'src/layouts/app-layout.vue', 'src/views/inspection/inspect/index.vue'],
  'town /dashboard': ['index.html', 'src/layouts/app-layout.vue', 'src/views/dashboard/overview/index.vue'],
  'desk /enterprises': ['index.html', 'src/layouts/app-layout.vue', 'src/views/registry/enterprise/index.vue'],
  'desk /users': ['index.html', 'src/layouts/app-layout.vue', 'src/views/system/user/index.vue'],
  '+ the map (Leaflet)': ['src/components/map/enterprise-map.vue'],
};

const quiet = process.argv.includes('--quiet');
const log = (...a) => quiet || console.log(...a);
log('chunk (gzipped)');
for (const r of rows.filter((r) => r.gz > 2048)) log(`  ${kb(r.gz).padStart(9)}  ${r.file}`);
log(`  ${kb(total).padStart(9)}  all ${rows.length} chunks`);
log('page (gzipped, what it loads)');
let failed = false;
const shared = new Set(closure(['index.html', 'src/layouts/app-layout.vue']));
for (const [name, keys] of Object.entries(pages)) {
  // "+ ..." rows: what a lazy part adds on top of the staff shell.
  const files = name.startsWith('+') ? closure(keys).filter((f) => !shared.has(f)) : closure(keys);
  const size = files.reduce((s, f) => s + gz(f), 0);
  log(`  ${kb(size).padStart(9)}  ${name} (${files.length} files)`);
  if (name.startsWith('citizen')) {
    const heavy = files.filter((f) => /(echarts|element-plus|app-layout|leaflet|enterprise-map)/.test(f));
    if (size > BUDGET || heavy.length) {
      console.error(`size: ${name} is ${kb(size)} (budget ${kb(BUDGET)})${heavy.length ? `; loads ${heavy.join(', ')}` : ''}`);
      failed = true;
    }
  }
}
if (process.argv.includes('--check') && failed) process.exit(1);
