// Browser scenarios of risk grading explained (issue 7, points 1–2): the enterprise file's 风险分级
// tab shows the factors whose points add up to the score, and the dashboard's 待检查企业 figure
// opens the enterprise list filtered to the same total. Spread into scenarios.mjs.
import { PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';
import { untranslated } from './words.mjs';

const number = (text) => Number(String(text).replace(/[^\d]/g, ''));

/** The score shown and the points of every factor shown, on the page as it is laid out. */
async function shownScore(page) {
  await page.locator('[data-testid=risk-panel]').waitFor();
  const score = number(await page.locator('[data-testid=risk-score]').innerText());
  const points = (await page.locator('[data-testid=risk-panel] [data-factor-points]:visible').allInnerTexts()).map(number);
  return { score, points };
}

export const riskScenarios = [
  {
    name: 'risk grading: the enterprise file shows the factors whose points add up to the score, on a desktop and on a 360 px phone',
    async run({ browser, base }) {
      const api = apiClient(base);
      const list = await api.as('town', 'GET', '/enterprises?page_size=50');
      // An enterprise with several factors and a history of colour changes, as the seed makes them.
      let chosen;
      for (const e of list.body.items) {
        const r = await api.as('town', 'GET', `/enterprises/${e.id}/risk`);
        if (r.status === 200 && r.body.factors.length >= 3 && r.body.history.length >= 2) {
          chosen = { id: e.id, risk: r.body };
          break;
        }
      }
      assert(chosen, 'no enterprise with three factors and two colour changes in the first 50 of the seed');

      const desk = await newPage(browser);
      await login(desk.page, base, 'town');
      await desk.page.goto(`${base}/enterprises/${chosen.id}`);
      await desk.page.locator('[data-testid=enterprise-name]').waitFor();
      // The score beside the colour opens the 风险分级 tab.
      await desk.page.locator('[data-testid=risk-score-link]').click();
      const seen = await shownScore(desk.page);
      assertEqual(seen.points.length, chosen.risk.factors.length, 'factors shown');
      assertEqual(seen.points.reduce((a, b) => a + b, 0), seen.score, 'the sum of the points shown (the score shown)');
      assertEqual(seen.score, chosen.risk.score, 'the score shown (the server\'s)');
      const sum = await desk.page.locator('[data-testid=risk-sum]').innerText();
      assert(sum.includes(`${seen.points.join(' + ')} = ${seen.score}`), `the addition is shown: «${sum}»`);
      for (const f of chosen.risk.factors) assert((await desk.page.locator('[data-testid=risk-factors]').innerText()).includes(f.label), `factor label «${f.label}» shown`);
      const panel = await desk.page.locator('[data-testid=risk-panel]').innerText();
      const problems = untranslated(panel);
      assert(problems.length === 0, `codes in the risk tab: ${problems.join(' | ')}`);
      for (const h of chosen.risk.history) assert(!panel.includes(h.reason), `raw reason «${h.reason}» shown`);
      const rows = await desk.page.locator('[data-testid=risk-history] .el-table__body tr').count();
      assertEqual(rows, chosen.risk.history.length, 'colour changes shown');
      assert(desk.problems.length === 0, desk.problems.join(' | '));

      // The same on a 360 px phone, opened by its address (?tab=risk): cards, nothing wider than the screen.
      const phone = await newPage(browser, { viewport: { width: 360, height: PHONE.height }, mobile: true });
      await login(phone.page, base, 'town');
      await phone.page.goto(`${base}/enterprises/${chosen.id}?tab=risk`);
      const small = await shownScore(phone.page);
      assertEqual(small, seen, 'the phone\'s score and points');
      await phone.page.locator('[data-testid=risk-factors][data-shape=cards]').waitFor();
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the risk tab is ${overflow} px wider than a 360 px phone`);
      assert(phone.problems.length === 0, phone.problems.join(' | '));
    },
  },
  {
    name: 'risk grading: the dashboard\'s 待检查企业 figure opens the enterprise list with the same total, and the chip removes the filter',
    async run({ browser, base }) {
      const api = apiClient(base);
      const overview = await api.as('town', 'GET', '/stats/overview');
      const expected = overview.body.enterprises.due;
      assert(expected > 0, 'the seed has enterprises due for inspection');
      const { page, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.goto(`${base}/dashboard`);
      const card = page.locator('[data-testid=kpi-due]');
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=kpi-due] [data-testid=kpi-value]')?.textContent ?? ''));
      const figure = number(await card.locator('[data-testid=kpi-value]').innerText());
      assertEqual(figure, expected, 'the 待检查企业 figure (the server\'s enterprises.due)');

      // The ranking shows each village's due count, as the server counts it.
      const regions = (await api.as('town', 'GET', '/stats/regions')).body;
      const village = regions.find((r) => !r.direct && r.enterprises.due > 0);
      assert(village, 'a village with enterprises due');
      assertEqual(number(await page.locator(`[data-testid=ranking-due-${village.region.id}]`).innerText()), village.enterprises.due, `due at ${village.region.name}`);
      // Each village's area colour is the server's roll-up (enterprises.risk_level), not one the page works out.
      for (const row of regions.filter((r) => !r.direct)) {
        const shown = await page.locator(`[data-testid=ranking-risk-${row.region.id}]`).getAttribute('data-risk');
        assertEqual(shown, row.enterprises.risk_level ?? null, `area colour of ${row.region.name}`);
      }

      await card.click();
      await page.waitForURL((url) => url.pathname === '/enterprises' && url.searchParams.get('due') === 'true');
      const chip = page.locator('[data-testid=enterprise-due-filter]');
      await chip.waitFor();
      await page.locator('[data-testid=enterprise-due-total]').waitFor();
      assertEqual(number(await page.locator('[data-testid=enterprise-due-total]').innerText()), figure, 'the list\'s total (the card\'s figure)');
      assertEqual(number(await page.locator('.el-pagination__total').innerText()), figure, 'the pager\'s total');

      // Paging keeps the filter in the address.
      await page.locator('.el-pager li', { hasText: /^2$/ }).click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2' && url.searchParams.get('due') === 'true');

      // Removing the chip lists every enterprise again.
      await chip.locator('.el-tag__close').click();
      await page.waitForURL((url) => !url.searchParams.has('due'));
      const all = (await api.as('town', 'GET', '/enterprises?page_size=1')).body.total;
      await page.waitForFunction((n) => document.querySelector('.el-pagination__total')?.textContent?.replace(/[^\d]/g, '') === String(n), all);
      assert(problems.length === 0, problems.join(' | '));
    },
  },
];
