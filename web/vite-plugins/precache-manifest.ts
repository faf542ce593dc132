// After the build: writes dist/precache-manifest.json (what public/sw.js caches for offline use)
// and a .gz sibling of every text file, which the server sends to clients that accept gzip.
// The dashboard's ECharts chunk is left out of the precache: phones never need it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const compressible = /\.(js|mjs|css|html|json|svg|webmanifest|txt)$/;
const neverPrecache = /(^|\/)(echarts-[^/]*\.js|\.vite\/|precache-manifest\.json|sw\.js)|\.(map|gz)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function precacheManifest(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'safegrid-precache-manifest',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      const outDir = config.build.outDir;
      const files = walk(outDir)
        .map((path) => relative(outDir, path).split('\\').join('/'))
        .filter((file) => !neverPrecache.test(file))
        .sort();
      const hash = createHash('sha256');
      for (const file of files) hash.update(file).update(readFileSync(join(outDir, file)));
      const manifest = {
        version: hash.digest('hex').slice(0, 16),
        files: ['/', ...files.filter((f) => f !== 'index.html').map((f) => `/${f}`)],
      };
      writeFileSync(join(outDir, 'precache-manifest.json'), JSON.stringify(manifest, null, 1));
      for (const path of walk(outDir)) {
        if (!compressible.test(path) || statSync(path).size < 1024) continue;
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
      }
    },
  };
}
