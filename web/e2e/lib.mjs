// Helpers for the browser scenarios: the server under test, Chromium, logins, API calls.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WEB = resolve(new URL('..', import.meta.url).pathname);
export const ROOT = resolve(WEB, '..');
export const ARTIFACTS = resolve(process.env.ARTIFACTS ?? join(ROOT, 'test-artifacts'), 'web');
export const PASSWORD = 'demo1234';
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
// 15 s per step, more when the machine is busy (the e2e shares 2 cores with C++ builds): a slow
// machine is not a failure of the app. E2E_TIMEOUT (ms) overrides.
const busy = loadavg()[0] / Math.max(1, cpus().length);
export const STEP_TIMEOUT = Number(process.env.E2E_TIMEOUT) || Math.round(15_000 * Math.min(3, Math.max(1, busy)));
// A real 1×1 PNG: the server checks that an upload's bytes match its type.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base, child, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return false;
}

/** Starts the real binary (or, with E2E_SERVER=mock, the front-end mock) on a free port.
 *  `seedArgs` go to `seed-demo` after the store (a scenario with its own store: county.mjs). */
export async function startServer({ seedArgs = [] } = {}) {
  const dist = join(WEB, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no web build in ${dist}: run scripts/build-web.sh first`);
  const work = mkdtempSync(join(tmpdir(), 'safegrid-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = join(work, 'server.log');
  const out = openSync(log, 'w');
  let child;
  let gb26875 = null;
  if (process.env.E2E_SERVER === 'mock') {
    child = spawn(process.execPath, [join(WEB, 'mock/server.mjs'), '--listen', `127.0.0.1:${port}`, '--web-dir', dist, '--disable', process.env.E2E_MOCK_DISABLE ?? ''], { stdio: ['ignore', out, out] });
  } else {
    const bin = process.env.SAFEGRID_BIN ?? join(ROOT, 'build/safegrid');
    if (!existsSync(bin)) throw new Error(`server binary ${bin} is missing: build the C++ side first (make build)`);
    const db = `sqlite:${join(work, 'e2e.db')}`;
    const seed = spawnSync(bin, ['seed-demo', '--db', db, ...seedArgs], { encoding: 'utf8', timeout: 120_000 });
    if (seed.status !== 0) throw new Error(`\`safegrid seed-demo\` failed (exit ${seed.status}):\n${(seed.stderr || seed.stdout || '').slice(-2000)}`);
    // The GB/T 26875.3 gateway too, so alarm scenarios can report a fire as a real unit does.
    gb26875 = { host: '127.0.0.1', port: await freePort() };
    child = spawn(
      bin,
      ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-dir', dist, '--data-dir', join(work, 'data'), '--gb26875-listen', `${gb26875.host}:${gb26875.port}`],
      { stdio: ['ignore', out, out] },
    );
  }
  if (!(await waitHealthy(base, child, 30))) {
    child.kill('SIGKILL');
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : '';
    rmSync(work, { recursive: true, force: true });
    throw new Error(`the server did not answer GET /healthz within 30 s.\n--- server log ---\n${tail}`);
  }
  return {
    base,
    log,
    gb26875,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (process.env.E2E_KEEP) console.log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Chinese text in screenshots needs a CJK font (Debian: fonts-wqy-microhei, from scripts/install-deps.sh). */
export function cjkFontWarning() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return null;
  return 'e2e: no Chinese font found (fc-list :lang=zh): screenshots will show boxes; install fonts-wqy-microhei (scripts/install-deps.sh does)';
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  // Playwright gives every launch a fresh temporary profile (user-data-dir), removed on close.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
}

/** JSON API calls from the test itself (not through the page). */
export function apiClient(base) {
  async function call(method, path, { token, body, lang } = {}) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (lang) headers['Accept-Language'] = lang;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: r.status, body: json };
  }
  const tokens = new Map();
  return {
    call,
    async token(username) {
      if (!tokens.has(username)) {
        const r = await call('POST', '/auth/login', { body: { username, password: PASSWORD } });
        if (r.status !== 200) throw new Error(`API login as ${username}: ${r.status} ${JSON.stringify(r.body)}`);
        tokens.set(username, r.body.token);
      }
      return tokens.get(username);
    },
    async as(username, method, path, body) {
      return call(method, path, { token: await this.token(username), body });
    },
  };
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export function writeArtifact(name, text) {
  writeFileSync(artifactPath(name), text);
}

const open = new Set();

/** Closes the contexts a failed scenario left open. */
export async function closeContexts() {
  await Promise.all([...open].map((c) => c.close().catch(() => undefined)));
  open.clear();
}

/** A page in its own context (fresh storage) that records console errors and page errors. */
export async function newPage(browser, { viewport = DESKTOP, mobile = false, locale = 'zh-CN', geolocation } = {}) {
  const context = await browser.newContext({
    viewport,
    isMobile: mobile,
    hasTouch: mobile,
    locale,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce', // finished charts in the screenshots (use-echarts.ts honours it)
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
  });
  open.add(context);
  context.on('close', () => open.delete(context));
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The browser logs every non-2xx response; the scenarios check statuses themselves.
    if (/^Failed to load resource/.test(m.text())) return;
    problems.push(`console.error: ${m.text()}`);
  });
  // A request built from a missing or wrong value (an object where an id belongs), and any
  // server error, is a bug of the app or the server, whatever the page shows.
  page.on('request', (r) => {
    if (/\/api\/v1\/.*(undefined|NaN|null|%5Bobject|\[object)/.test(r.url())) problems.push(`bad request: ${r.method()} ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`server error: ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  trackRequests(page);
  return { context, page, problems };
}

// Requests in flight per page, for waitForQuietNetwork. The live event stream (an EventSource on
// GET /api/v1/events) stays open as long as the page: it never lets 'networkidle' happen.
const inflight = new WeakMap();
function trackRequests(page) {
  const open = new Set();
  inflight.set(page, { open, lastChange: Date.now() });
  const touch = () => (inflight.get(page).lastChange = Date.now());
  page.on('request', (r) => {
    if (r.resourceType() === 'eventsource') return;
    open.add(r);
    touch();
  });
  const done = (r) => {
    if (open.delete(r)) touch();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** page.waitForLoadState('networkidle') without counting the live event stream: no request in
 *  flight for `idleMs`. */
export async function waitForQuietNetwork(page, { idleMs = 500, timeout = STEP_TIMEOUT } = {}) {
  const state = inflight.get(page);
  if (!state) return page.waitForLoadState('networkidle', { timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    if (state.open.size === 0 && Date.now() - state.lastChange >= idleMs) return;
    if (Date.now() > deadline) throw new Error(`network not quiet after ${timeout} ms: ${[...state.open].map((r) => r.url()).join(', ')}`);
    await sleep(50);
  }
}

export async function login(page, base, username) {
  await page.goto(`${base}/login`);
  await page.locator('[data-testid=login-username]').fill(username);
  await page.locator('[data-testid=login-password]').fill(PASSWORD);
  await page.locator('[data-testid=login-submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
