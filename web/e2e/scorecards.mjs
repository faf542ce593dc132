// Browser scenario of the scorecards (issue 8, point 4): the town opens /scorecards, sees its
// villages ranked with the figure behind a decided item, enters a manual item in the dialog, and
// the village's score and rank move as the server computes them. Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

function thisMonth() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

const exact = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

export const scorecardScenarios = [
  {
    name: 'scorecards: the town sees its villages ranked with the figures, enters a manual item, the score and rank move',
    async run({ browser, base }) {
      const api = apiClient(base);
      const period = thisMonth();
      const query = `/scorecards?period=${period}&level=village`;
      const before = (await api.as('town', 'GET', query)).body;
      assert(Array.isArray(before) && before.length >= 2, `the demo town has villages to rank, got ${JSON.stringify(before).slice(0, 200)}`);
      assert(before.some((c) => c.items.some((i) => i.manual && i.points > 0)), 'the demo has manual entries');
      assert(before.some((c) => c.items.some((i) => !i.manual && i.figure)), 'the demo has decided items with figures');
      // The lowest village whose empty manual item, entered at its maximum, lifts it over the one above.
      let target;
      let entry;
      for (let k = before.length - 1; k > 0 && !target; k--) {
        const item = before[k].items.filter((i) => i.manual && i.points === 0).sort((a, b) => b.max - a.max)[0];
        if (item && before[k].score + item.max > before[k - 1].score) {
          target = before[k];
          entry = item;
        }
      }
      assert(target, 'some village can move up by one manual item');
      const decided = target.items.find((i) => !i.manual && i.figure);

      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.locator('[data-menu=scorecards]').first().click();
      await page.waitForURL(/\/scorecards/);
      const names = page.locator('[data-testid=score-name]');
      await names.first().waitFor();
      assertEqual(await names.allTextContents(), before.map((c) => c.region.name), 'villages in rank order');

      const row = page.locator('tr.el-table__row').filter({ has: page.locator('[data-testid=score-name]', { hasText: exact(target.region.name) }) });
      await row.locator('.el-table__expand-icon').click();
      const items = page.locator('[data-testid=score-items]');
      await items.waitFor();
      const decidedRow = items.locator('tr').filter({ has: page.locator(`[data-code="${decided.code}"]`) });
      assertEqual((await decidedRow.locator('[data-testid=score-figure]').textContent()).trim(), decided.figure, `the figure behind ${decided.code}`);

      const manualRow = items.locator('tr').filter({ has: page.locator(`[data-code="${entry.code}"]`) });
      await manualRow.locator('[data-testid=score-edit]').click();
      const points = page.locator('[data-testid=score-points] input');
      await points.waitFor();
      await points.fill(String(entry.max));
      await points.press('Tab');
      await page.locator('[data-testid=score-save]').click();

      const after = (await (async () => {
        for (let i = 0; i < 50; i++) {
          const r = (await api.as('town', 'GET', query)).body;
          if (r.find((c) => c.region.id === target.region.id).score !== target.score) return r;
          await new Promise((f) => setTimeout(f, 200));
        }
        return (await api.as('town', 'GET', query)).body;
      })());
      const moved = after.find((c) => c.region.id === target.region.id);
      assertEqual(moved.score, Math.round((target.score + entry.max) * 10) / 10, 'the score after the entry');
      assert(moved.rank < target.rank, `the rank moved up: ${target.rank} → ${moved.rank}`);
      await page.locator('tr.el-table__row').filter({ has: page.locator('[data-testid=score-name]', { hasText: exact(target.region.name) }) })
        .locator('[data-testid=score-rank]', { hasText: exact(String(moved.rank)) }).waitFor();
      assertEqual(await names.allTextContents(), after.map((c) => c.region.name), 'villages in the new rank order');
      const audit = (await api.as('town', 'GET', '/audit?entity=scorecard')).body;
      assert(audit.items.some((e) => e.entity_id === target.region.id && e.action === 'manual'), 'the entry is in the audit log');
      assert(problems.length === 0, `scorecards: ${problems.join(' | ')}`);
      await context.close();

      // On a phone: cards, the rank and the score in each.
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'town');
      await phone.page.goto(`${base}/scorecards?period=${period}&level=village`);
      const card = phone.page.locator(`[data-testid=score-list][data-shape=cards] [data-subject="${target.region.name}"]`);
      await card.waitFor();
      assertEqual(await card.getAttribute('data-rank'), String(moved.rank), 'the card shows the new rank');
      assert(phone.problems.length === 0, `scorecards on a phone: ${phone.problems.join(' | ')}`);
      await phone.context.close();
    },
  },
];
