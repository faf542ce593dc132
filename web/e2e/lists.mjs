// Browser scenarios of the dashboard's figures and the lists they open, and of the hazard list's
// keyword search and order (issue 12, point 3 and part of 11): spread into scenarios.mjs.
import { DESKTOP, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

/** Waits until the hazard list has answered for the current URL and returns its total. */
async function listTotal(page) {
  const total = page.locator('[data-testid=hazard-total]');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=hazard-total]');
    return el && el.getAttribute('data-loading') === 'false' && el.getAttribute('data-total') !== '';
  });
  return Number(await total.getAttribute('data-total'));
}

/** The hazard ids of the list's rows, top to bottom. */
function rowIds(page) {
  return page.locator('[data-testid=hazard-list] [data-hazard]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-hazard'))));
}

/** Tables whose last column is cut off or that scroll sideways, by their nearest data-testid. */
function clippedTables(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.el-table')]
      .filter((table) => table.offsetParent !== null)
      .flatMap((table) => {
        const name = table.closest('[data-testid]')?.getAttribute('data-testid') ?? 'table';
        const box = table.getBoundingClientRect();
        const heads = [...table.querySelectorAll('.el-table__header th')];
        const last = heads[heads.length - 1]?.getBoundingClientRect();
        const wrap = table.querySelector('.el-table__body-wrapper .el-scrollbar__wrap');
        const out = [];
        if (last && last.right > box.right + 1) out.push(`${name}: last column ends ${Math.round(last.right - box.right)} px past the table`);
        if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push(`${name}: scrolls sideways by ${wrap.scrollWidth - wrap.clientWidth} px`);
        return out;
      }),
  );
}

/** Waits until the dashboard's cards show their counts (not the loading state or '—'). */
function dashboardFigures(page) {
  return page.waitForFunction(() =>
    ['open', 'overdue', 'major'].every((k) => /^\d+$/.test(document.querySelector(`[data-testid=kpi-${k}] [data-testid=kpi-value]`)?.textContent?.trim() ?? '')),
  );
}

function params(page) {
  return new URL(page.url()).searchParams;
}

export const listScenarios = [
  {
    name: "lists: each dashboard figure opens the hazard list with its filter, and the list's total equals it",
    async run({ browser, base }) {
      const api = apiClient(base);
      const root = (await api.as('town', 'GET', '/regions')).body[0].id;
      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.waitForURL(/\/dashboard/);
      await dashboardFigures(page);
      await page.locator('[data-testid=overdue-table] .el-table__body tr').first().waitFor();
      await page.locator('[data-testid=ranking-table] .el-table__body tr').first().waitFor();
      const dashboardClipped = await clippedTables(page);
      assert(dashboardClipped.length === 0, `dashboard tables at 1440×900: ${dashboardClipped.join('; ')}`);

      // The figures that count hazards, and the filter each must carry.
      const cards = [
        { key: 'open', want: { region_id: String(root), status: 'open' } },
        { key: 'overdue', want: { region_id: String(root), overdue: 'true', sort: 'due_at' } },
        { key: 'major', want: { region_id: String(root), severity: 'major', status: 'rectifying,submitted' } },
      ];
      for (const { key, want } of cards) {
        const figure = Number((await page.locator(`[data-testid=kpi-${key}] [data-testid=kpi-value]`).textContent()).trim());
        assert(Number.isInteger(figure) && figure > 0, `the demo town's ${key} card shows a count, got ${figure}`);
        await page.locator(`[data-testid=kpi-${key}]`).click();
        await page.waitForURL(/\/hazards\?/);
        const total = await listTotal(page);
        assertEqual(total, figure, `the ${key} card's figure and the total of the list it opens`);
        const got = Object.fromEntries(params(page));
        assertEqual(got, want, `the ${key} card's link`);
        assert((await page.locator('[data-testid=hazard-total]').textContent()).includes(String(figure)), `the list shows its total ${figure}`);
        if (key === 'overdue') {
          // most overdue first, each naming its enterprise, the same rows as the API's
          const ids = await rowIds(page);
          const expected = (await api.as('town', 'GET', `/hazards?region_id=${root}&overdue=true&sort=due_at&page_size=20`)).body.items;
          assertEqual(ids, expected.map((h) => h.id), 'the overdue list, in deadline order');
          const dues = expected.map((h) => Date.parse(h.due_at));
          assert(dues.every((d, i) => i === 0 || dues[i - 1] <= d), `overdue deadlines ascend: ${expected.map((h) => h.due_at).join(', ')}`);
          const names = await page.locator('[data-testid=hazard-list] .el-table__body tr td:nth-child(3)').allTextContents();
          assertEqual(names.map((n) => n.trim()), expected.map((h) => h.enterprise_name), 'enterprise names in the overdue list');
          assert(names.every((n) => n.trim().length > 0), 'every overdue hazard names its enterprise');
          await page.screenshot({ path: artifactPath('lists-overdue-1440.png') });
        }
        const listClipped = await clippedTables(page);
        assert(listClipped.length === 0, `hazard list table at 1440×900 (${key}): ${listClipped.join('; ')}`);
        // a reload keeps the filter and the total
        await page.reload();
        assertEqual(await listTotal(page), figure, `the ${key} list after a reload`);
        assertEqual(Object.fromEntries(params(page)), want, `the ${key} list's URL after a reload`);
        await page.goBack();
        await page.waitForURL(/\/dashboard/);
        await dashboardFigures(page);
      }

      // A region row's figures open that region's lists.
      await page.locator('[data-testid=ranking-table] .el-table__body tr').first().waitFor();
      const rowLink = page.locator('[data-testid=ranking-table] a[data-testid^=ranking-open-]').first();
      const regionId = (await rowLink.getAttribute('data-testid')).replace('ranking-open-', '');
      const rowFigure = Number((await rowLink.textContent()).trim());
      await rowLink.click();
      await page.waitForURL(/\/hazards\?/);
      assertEqual(Object.fromEntries(params(page)), { region_id: regionId, status: 'open' }, "a region row's open link");
      assertEqual(await listTotal(page), rowFigure, "a region row's open figure and its list");
      await page.goBack();
      await page.waitForURL(/\/dashboard/);
      const overdueLink = page.locator(`[data-testid=ranking-overdue-${regionId}]`);
      const overdueFigure = Number((await overdueLink.textContent()).trim());
      await overdueLink.click();
      await page.waitForURL(/\/hazards\?/);
      assertEqual(Object.fromEntries(params(page)), { region_id: regionId, overdue: 'true', sort: 'due_at' }, "a region row's overdue link");
      assertEqual(await listTotal(page), overdueFigure, "a region row's overdue figure and its list");
      await page.goBack();
      await page.waitForURL(/\/dashboard/);

      // The dashboard's own overdue list: deadline order, enterprise names.
      await page.locator('[data-testid=overdue-table] .el-table__body tr').first().waitFor();
      const dues = await page.locator('[data-testid=overdue-due]').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('data-due'))));
      assert(dues.length > 0 && dues.every((d, i) => i === 0 || dues[i - 1] <= d), `the dashboard's overdue list ascends by deadline: ${dues.join(', ')}`);
      const firstTen = (await api.as('town', 'GET', `/hazards?region_id=${root}&overdue=true&sort=due_at&page_size=10`)).body.items;
      const shown = (await page.locator('[data-testid=overdue-enterprise]').allTextContents()).map((s) => s.trim());
      assertEqual(shown, firstTen.map((h) => h.enterprise_name), "the dashboard's overdue list names the enterprises");
      await page.screenshot({ path: artifactPath('lists-dashboard-1440.png'), fullPage: true });
      assert(problems.length === 0, `dashboard and lists: ${problems.join(' | ')}`);
      await context.close();
    },
  },

  {
    name: 'lists: a keyword narrows the hazard list to matching titles, in the URL; the order is chosen in the URL',
    async run({ browser, base }) {
      const api = apiClient(base);
      const all = (await api.as('town', 'GET', '/hazards?page_size=1')).body.total;
      const sample = (await api.as('town', 'GET', '/hazards?status=rectifying&page_size=50')).body.items;
      // a word of a title that not every hazard has
      let keyword;
      let expected;
      for (const h of sample) {
        const word = Array.from(h.title).slice(0, 4).join('').trim(); // the page trims what is typed
        if (Array.from(word).length < 2) continue;
        const r = (await api.as('town', 'GET', `/hazards?q=${encodeURIComponent(word)}&page_size=200`)).body;
        if (r.total > 0 && r.total < all) {
          keyword = word;
          expected = r;
          break;
        }
      }
      assert(keyword, 'a title word that narrows the demo list');
      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.goto(`${base}/hazards`);
      assertEqual(await listTotal(page), all, 'the unfiltered list');
      await page.locator('[data-testid=hazard-keyword]').fill(keyword);
      await page.waitForURL((url) => url.searchParams.get('q') === keyword);
      const total = await listTotal(page);
      assertEqual(total, expected.total, `the list for "${keyword}"`);
      assert(total < all, `"${keyword}" narrows the list (${total} of ${all})`);
      const titles = await page.locator('[data-testid=hazard-list] [data-hazard]').allTextContents();
      const names = await page.locator('[data-testid=hazard-list] .el-table__body tr td:nth-child(3)').allTextContents();
      assert(titles.length > 0, 'rows for the keyword');
      titles.forEach((title, i) => assert(title.includes(keyword) || names[i].includes(keyword), `row ${i} "${title}" / "${names[i]}" matches "${keyword}"`));
      await page.screenshot({ path: artifactPath('lists-keyword-1440.png') });

      // the order: by deadline, in the URL, the rows in the API's order
      await page.locator('[data-testid=hazard-sort]').click();
      await page.locator('.el-select-dropdown__item', { hasText: '整改期限：最近在前' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'due_at' && url.searchParams.get('q') === keyword);
      await listTotal(page);
      const sorted = (await api.as('town', 'GET', `/hazards?q=${encodeURIComponent(keyword)}&sort=due_at&page_size=20`)).body.items;
      assertEqual(await rowIds(page), sorted.map((h) => h.id), 'rows sorted by deadline');
      // a reload keeps the keyword in its box, the order and the rows
      await page.reload();
      assertEqual(await listTotal(page), expected.total, 'the keyword list after a reload');
      assertEqual(await page.locator('[data-testid=hazard-keyword]').inputValue(), keyword, 'the keyword box after a reload');
      assertEqual(await rowIds(page), sorted.map((h) => h.id), 'the order after a reload');
      // clearing the keyword brings the whole list back
      await page.locator('[data-testid=hazard-keyword]').fill('');
      await page.waitForURL((url) => !url.searchParams.has('q'));
      assertEqual(await listTotal(page), all, 'the list without a keyword');
      assert(problems.length === 0, `keyword and order: ${problems.join(' | ')}`);
      await context.close();
    },
  },
];
