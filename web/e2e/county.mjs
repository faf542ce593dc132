// Browser scenario of the county overseer (issue 11 point 4, docs/county.md). The shared e2e store
// is one town, so this scenario seeds its own: `seed-demo --towns 2` (the county 慈溪市 over two
// towns) on its own server. The `county` login reads both towns: its menus, the statistics table of
// its towns (镇/街道) adding up to the county, a town's hazard list and a hazard, with no write
// button anywhere (the server's `read_only` and `allowed_actions` say so), and a write sent from the
// page itself is refused with 403 `forbidden` by the service. Zh first; en checked once.
// Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage, startServer } from './lib.mjs';

const COUNTY_MENU = ['dashboard', 'regions', 'enterprises', 'hazards', 'inbox'];

async function menuNames(page, selector) {
  await page.locator(`${selector} [data-menu]`).first().waitFor();
  return page.locator(`${selector} [data-menu]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')));
}

async function shot(page, name) {
  await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: false });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `${name}: the page is ${overflow} px wider than its viewport`);
}

/** A write from the page's own context, with the session cookie and the CSRF token a real click sends. */
async function writeFromPage(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('sg_csrf='))?.slice('sg_csrf='.length) ?? '';
      const r = await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
        body: JSON.stringify(body),
      });
      let json = null;
      try {
        json = await r.json();
      } catch {
        // no body
      }
      return { status: r.status, body: json };
    },
    { method, path, body },
  );
}

async function countyRun({ browser }) {
  const server = await startServer({ seedArgs: ['--towns', '2', '--enterprises', '30', '--hazards', '200'] });
  try {
    const { base } = server;
    const api = apiClient(base);
    const me = (await api.as('county', 'GET', '/me')).body;
    assertEqual(me.role, 'county', 'the county login');
    assertEqual(me.read_only, true, 'GET /me says the county writes nothing');
    assertEqual((await api.as('town', 'GET', '/me')).body.read_only, false, 'GET /me says a town officer writes');

    // The figures the page must show: one row per town, adding up to the county.
    const rows = (await api.as('county', 'GET', '/stats/regions')).body;
    const overview = (await api.as('county', 'GET', '/stats/overview')).body;
    assertEqual(rows.length, 2, 'the county has two towns');
    assert(rows.every((r) => r.region.kind === 'town' && !r.direct), `rows are towns, got ${JSON.stringify(rows.map((r) => r.region))}`);
    assertEqual(rows.reduce((s, r) => s + r.hazards.total, 0), overview.hazards.total, 'the towns add up to the county');
    assert(rows.every((r) => r.hazards.total > 0), 'both towns have hazards');
    const town = rows[1];

    // Desktop, zh: the side menu, the table of its towns, one town's open hazards.
    {
      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'county');
      await page.waitForURL((u) => u.pathname === '/dashboard');
      assertEqual(await menuNames(page, '[data-testid=side-menu]'), COUNTY_MENU, "the county's side menu");
      const table = page.locator('[data-testid=ranking-table]').last();
      await table.waitFor();
      const header = await table.locator('thead').textContent();
      assert(header.includes('镇/街道'), `the first column names towns (镇/街道), got ${header}`);
      for (const r of rows) await table.getByText(r.region.name, { exact: true }).waitFor();
      await shot(page, 'county-dashboard-1440');

      const open = (await api.as('county', 'GET', `/hazards?region_id=${town.region.id}&status=open&page_size=1`)).body.total;
      await page.locator(`[data-testid=ranking-open-${town.region.id}]`).click();
      await page.waitForURL((u) => u.pathname === '/hazards' && u.searchParams.get('region_id') === String(town.region.id));
      await page.locator(`[data-testid=hazard-total][data-loading=false][data-total="${open}"]`).waitFor();
      assertEqual(await page.locator('[data-testid=hazard-new]').count(), 0, 'no 新建隐患 for the county');
      await shot(page, 'county-hazards-1440');

      await page.locator('[data-testid=hazard-list] tbody tr').first().click();
      await page.waitForURL(/\/hazards\/\d+$/);
      const hazardId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.locator('[data-testid=hazard-title]').waitFor();
      const hazard = (await api.as('county', 'GET', `/hazards/${hazardId}`)).body;
      assertEqual(hazard.allowed_actions, [], 'the server offers the county no action');
      assertEqual(hazard.editable === true, false, 'the server does not let the county edit');
      assertEqual(await page.locator('[data-testid=hazard-actions]').count(), 0, 'no action buttons');
      assertEqual(await page.locator('[data-testid=hazard-edit]').count(), 0, 'no edit button');

      // A write sent by the page itself (cookie and CSRF token included) is refused by the service.
      const act = await writeFromPage(page, 'POST', `/hazards/${hazardId}/actions`, { action: 'reject', comment: '县级越权' });
      assertEqual(act.status, 403, `POST /hazards/${hazardId}/actions from the page`);
      assertEqual(act.body?.error?.code, 'forbidden', 'the refusal is `forbidden`, not a CSRF failure');
      const enterpriseId = (await api.as('county', 'GET', '/enterprises?page_size=1')).body.items[0].id;
      const created = await writeFromPage(page, 'POST', '/hazards', { enterprise_id: enterpriseId, title: '县级越权', description: 'x', severity: 'general', category: 'exits', due_at: new Date(Date.now() + 7 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z') });
      assertEqual(created.status, 403, `POST /hazards from the page: ${JSON.stringify(created.body)}`);
      const after = (await api.as('county', 'GET', `/hazards/${hazardId}`)).body;
      assertEqual(after.version, hazard.version, 'the hazard is unchanged');
      assert(problems.length === 0, `county desktop: ${problems.join(' | ')}`);
      await context.close();
    }

    // Phone, zh: the tabs hold the same five entries; the towns as cards.
    {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'county');
      const tabs = await menuNames(page, '[data-testid=tab-bar]');
      let more = [];
      if (await page.locator('[data-testid=tab-more]').count()) {
        await page.locator('[data-testid=tab-more]').click();
        more = await menuNames(page, '.more-list');
        await page.keyboard.press('Escape');
      }
      assertEqual([...tabs, ...more].sort(), [...COUNTY_MENU].sort(), "the county's phone tabs and 更多");
      assert(tabs.includes('hazards') && tabs.includes('inbox'), `hazards and inbox are tabs, got ${tabs}`);
      for (const r of rows) await page.locator(`[data-testid=ranking-table] [data-region="${r.region.id}"]`).waitFor();
      await shot(page, 'county-dashboard-390');
      await page.goto(`${base}/hazards?region_id=${town.region.id}`);
      await page.locator('[data-testid=hazard-total][data-loading=false]').waitFor();
      assertEqual(await page.locator('[data-testid=hazard-new]').count(), 0, 'no 新建隐患 on the phone');
      await shot(page, 'county-hazards-390');
      assert(problems.length === 0, `county phone: ${problems.join(' | ')}`);
      await context.close();
    }

    // English once: the column says towns in English too.
    {
      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP, locale: 'en-US' });
      await login(page, base, 'county');
      await page.evaluate(() => localStorage.setItem('safegrid.locale', 'en-US'));
      await page.reload();
      await page.waitForFunction(() => document.documentElement.lang === 'en-US');
      const header = await page.locator('[data-testid=ranking-table]').last().locator('thead').textContent();
      assert(header.includes('Town / subdistrict'), `the English column names towns, got ${header}`);
      await shot(page, 'county-dashboard-en-1440');
      assert(problems.length === 0, `county en: ${problems.join(' | ')}`);
      await context.close();
    }
  } finally {
    await server.stop();
  }
}

export const countyScenarios = [
  {
    name: 'county: reads its towns on a phone and a desktop, the figures roll up, no write is offered or accepted',
    run: countyRun,
  },
];
