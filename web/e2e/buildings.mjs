// Browser scenarios of buildings as pages of their own (issue 7 point 4, the buildings half): the
// town creates a building whose facts trigger the server's 三合一 warnings and sees them, with its
// tenants' risk naming the people sleeping on site; an edit from a stale window gets the conflict
// (what the other person changed, the current values loaded) and overwrites nothing.
// Spread into scenarios.mjs.
import { apiClient, assert, assertEqual, login, newPage } from './lib.mjs';
import { untranslated } from './words.mjs';

/** Fills an Element Plus number input (the test id is on its wrapper). */
async function fillNumber(page, testId, value) {
  const input = page.locator(`[data-testid=${testId}] input`);
  await input.fill(String(value));
  await input.blur();
}

async function warningCodes(page) {
  return page.locator('[data-testid=building-warnings] [data-warning]').evaluateAll((els) => els.map((e) => e.getAttribute('data-warning')));
}

export const buildingScenarios = [
  {
    name: 'buildings: the town creates a building where 25 people sleep, moves a workshop in, and sees the 三合一 warnings and the tenant\'s risk factor',
    async run({ browser, base }) {
      const api = apiClient(base);
      const { page, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.goto(`${base}/buildings`);
      await page.locator('[data-testid=building-list]').first().waitFor();
      await page.locator('[data-testid=building-new]').click();
      const name = `测试住人厂房${Date.now() % 100000}`;
      await page.locator('[data-testid=building-grid]').click();
      const option = page.locator('.el-select-dropdown__item[data-grid]').first();
      const gridId = Number(await option.getAttribute('data-grid'));
      await option.click();
      await page.locator('[data-testid=building-name]').fill(name);
      await page.locator('[data-testid=building-landlord]').fill('测试房东');
      await fillNumber(page, 'building-floors', 3);
      await fillNumber(page, 'building-area', 1200);
      await fillNumber(page, 'building-sleeping', 25);
      await page.locator('[data-testid=building-submit]').click();
      await page.waitForURL((u) => /^\/buildings\/\d+$/.test(u.pathname));
      const buildingId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.locator('[data-testid=building-title]').waitFor();
      assertEqual(await page.locator('[data-testid=building-title]').innerText(), name, 'the new building\'s page');
      assertEqual(await page.locator('[data-testid=building-people-sleeping]').innerText(), '25', 'people sleeping shown');
      assertEqual((await warningCodes(page)).length, 0, 'no warnings while the building has no tenant');

      // A workshop of the same grid moves in (the enterprise form is another page's business: API).
      const list = await api.as('town', 'GET', `/enterprises?region_id=${gridId}&page_size=100`);
      const tenant = list.body.items.find((e) => !e.building_id);
      assert(tenant, `an enterprise without a building in grid ${gridId}`);
      const moved = await api.as('town', 'PATCH', `/enterprises/${tenant.id}`, { building_id: buildingId, version: tenant.version });
      assertEqual(moved.status, 200, `moving enterprise ${tenant.id} in: ${JSON.stringify(moved.body)}`);

      await page.reload();
      await page.locator('[data-testid=building-warnings] [data-warning=three_in_one]').waitFor();
      const codes = await warningCodes(page);
      assert(codes.includes('ga703_full_separation'), `more than 20 sleepers: full separation, got ${codes.join(', ')}`);
      const server = await api.as('town', 'GET', `/buildings/${buildingId}`);
      assertEqual(codes, server.body.warnings.map((w) => w.code), 'the warnings shown are the server\'s, in its order');
      const alert = await page.locator('[data-warning=three_in_one]').innerText();
      assert(alert.includes('GA 703'), `the legal basis is shown: «${alert}»`);
      await page.locator(`[data-testid=building-tenants] [data-tenant="${tenant.id}"]`).first().click();
      await page.waitForURL((u) => u.pathname === `/enterprises/${tenant.id}`);
      await page.locator('[data-testid=building-link]').waitFor({ state: 'attached' });
      const risk = await api.as('town', 'GET', `/enterprises/${tenant.id}/risk`);
      const factor = risk.body.factors.find((f) => f.code === 'people_sleeping');
      assert(factor && factor.points > 0 && factor.value === 25, `the tenant's risk names the people sleeping on site: ${JSON.stringify(risk.body.factors)}`);
      const panel = await page.locator('[data-testid=enterprise-file]').innerText();
      assertEqual(untranslated(panel).length, 0, 'no codes on the enterprise file');
      assert(problems.length === 0, problems.join(' | '));
    },
  },
  {
    name: 'buildings: an edit from a stale window gets the conflict, sees the other change and overwrites nothing',
    async run({ browser, base }) {
      const api = apiClient(base);
      const listed = await api.as('town', 'GET', '/buildings?page_size=1');
      const building = listed.body.items[0];
      assert(building, 'the seed has buildings');
      const first = await newPage(browser);
      const second = await newPage(browser);
      for (const w of [first, second]) {
        await login(w.page, base, 'town');
        await w.page.goto(`${base}/buildings/${building.id}`);
        await w.page.locator('[data-testid=building-title]').waitFor();
        await w.page.locator('[data-testid=building-edit]').click();
        await w.page.locator('[data-testid=building-form]').waitFor();
      }
      const sleepers = (building.people_sleeping ?? 0) + 7;
      await fillNumber(first.page, 'building-sleeping', sleepers);
      await first.page.locator('[data-testid=building-submit]').click();
      await first.page.locator('[data-testid=building-dialog]').waitFor({ state: 'hidden' });
      assertEqual(await first.page.locator('[data-testid=building-people-sleeping]').innerText(), String(sleepers), 'the first window saved');

      // The second window still shows the old version: its save is refused and explained.
      const landlord = '过期窗口的房东';
      await second.page.locator('[data-testid=building-landlord]').fill(landlord);
      await second.page.locator('[data-testid=building-submit]').click();
      await second.page.locator('[data-testid=building-conflict]').waitFor();
      const changes = await second.page.locator('[data-testid=building-conflict-changes] [data-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
      assertEqual(changes, ['people_sleeping'], 'the other person\'s change is named');
      const said = await second.page.locator('[data-testid=building-conflict]').innerText();
      assert(said.includes(String(sleepers)), `the new value is shown: «${said}»`);
      const me = (await api.as('town', 'GET', '/me')).body;
      const townName = me.display_name || me.user?.display_name;
      const who = await second.page.locator('[data-testid=building-conflict-by]').innerText();
      assert(townName && who.includes(townName), `the conflict names who saved first «${townName}»: «${who}»`);
      assertEqual(await second.page.locator('[data-testid=building-sleeping] input').inputValue(), String(sleepers), 'the form holds the current values');
      assertEqual(await second.page.locator('[data-testid=building-landlord]').inputValue(), building.landlord_name ?? '', 'what was typed is not kept over the current values');
      const stored = await api.as('town', 'GET', `/buildings/${building.id}`);
      assertEqual(stored.body.people_sleeping, sleepers, 'the first save stands');
      assertEqual(stored.body.landlord_name, building.landlord_name, 'the stale save wrote nothing');

      // Saved again on top of the current version: accepted.
      await second.page.locator('[data-testid=building-landlord]').fill(landlord);
      await second.page.locator('[data-testid=building-submit]').click();
      await second.page.locator('[data-testid=building-dialog]').waitFor({ state: 'hidden' });
      const after = await api.as('town', 'GET', `/buildings/${building.id}`);
      assertEqual(after.body.landlord_name, landlord, 'the second save, made knowingly');
      assertEqual(after.body.people_sleeping, sleepers, 'and the first one kept');
      assert(first.problems.length === 0 && second.problems.length === 0, [...first.problems, ...second.problems].join(' | '));
    },
  },
];
