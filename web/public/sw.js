/* SafeGrid service worker: keeps the app shell available offline for the inspector's phone.
 *
 * - Navigations (any page: the server answers every app path with index.html): network first,
 *   the cached shell when offline.
 * - /assets/* (hashed, immutable): cache first, filled on install from precache-manifest.json and
 *   on every fetch.
 * - /api/* is never touched: data for offline use lives in IndexedDB (src/offline/), per user,
 *   and submissions are queued there with their Idempotency-Key.
 * The page posts {type: 'precache'} at start-up when online, so a new build is fetched without a
 * change to this file; assets no longer listed are dropped.
 */
const CACHE = 'safegrid-shell-v1';
const SHELL = '/';

// An asset must never be cached as the app's HTML page (a server answering a missing /assets/
// file with index.html would otherwise break the offline app until the cache is cleared).
const isHtml = (response) => (response.headers.get('content-type') || '').startsWith('text/html');

async function precache() {
  const response = await fetch('/precache-manifest.json', { cache: 'no-store' });
  if (!response.ok) return;
  const manifest = await response.json();
  const cache = await caches.open(CACHE);
  const wanted = new Set(manifest.files.map((f) => new URL(f, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith('/assets/') && !wanted.has(request.url)) {
      await cache.delete(request);
    }
  }
  for (const url of wanted) {
    const path = new URL(url).pathname;
    if (path.startsWith('/assets/') && (await cache.match(url))) continue;
    try {
      const fresh = await fetch(url, { cache: 'no-cache' });
      if (fresh.ok && !(path.startsWith('/assets/') && isHtml(fresh))) await cache.put(path === '/index.html' ? SHELL : url, fresh);
    } catch (_) {
      return; // offline part-way: the next start-up finishes the job
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('safegrid-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'precache') event.waitUntil(precache().catch(() => undefined));
});

async function shellFirstOffline(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') || '').startsWith('text/html')) {
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && !isHtml(response)) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/metrics') return;
  if (request.mode === 'navigate') {
    event.respondWith(shellFirstOffline(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(
      fetch(request).catch(() => caches.open(CACHE).then((c) => c.match(request)).then((r) => r || Response.error())),
    );
  }
});
