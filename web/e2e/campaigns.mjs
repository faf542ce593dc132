// Browser scenario of a campaign's life (issue 8, point 1): the town creates a campaign over
// inspector1's grid (the form shows the server's 422 at its field first), inspector1 inspects an
// enterprise for it from the campaign's own link on the phone (the /inspect campaign kind), the
// campaign page shows inspected 1 and the hazard, and the town starts the re-check round (回头看)
// and sees its scope: the one enterprise with a hazard. Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

/** The town's calendar day (Asia/Shanghai, the demo's zone) `days` from now, YYYY-MM-DD. */
const townDay = (days = 0) => new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);

/** The figure shown on a campaign page. */
async function figure(page, name) {
  return Number((await page.locator(`[data-testid=campaign-progress] [data-figure=${name}] b`).textContent()).trim());
}

export const campaignScenarios = [
  {
    name: 'campaigns: the town creates one, inspector1 inspects for it, the page counts it, the town starts the re-check round',
    async run({ browser, base }) {
      const api = apiClient(base);
      const mine = await api.as('inspector1', 'GET', '/enterprises?page_size=1');
      assertEqual(mine.status, 200, 'GET /enterprises as inspector1');
      const grid = mine.body.items[0]?.grid_id;
      assert(grid, "inspector1's grid");

      // The town's form: what the server refuses is shown at its field.
      const desk = await newPage(browser, { viewport: DESKTOP });
      await login(desk.page, base, 'town');
      await desk.page.goto(`${base}/campaigns`);
      await desk.page.locator('[data-testid=campaigns-page]').waitFor();
      await desk.page.locator('[data-testid=campaign-new]').click();
      await desk.page.locator('input[data-testid=campaign-name], [data-testid=campaign-name] input').first().fill('e2e 消防通道专项整治');
      await desk.page.locator('[data-testid=campaign-save]').click();
      await desk.page.locator('[data-testid=campaign-form-error]').waitFor();
      const fieldError = await desk.page.locator('[data-testid=campaign-dialog] .el-form-item__error').first().textContent();
      assert(fieldError && fieldError.trim().length > 0, 'the 422 is shown at a field');
      await desk.page.keyboard.press('Escape');

      const created = await api.as('town', 'POST', '/campaigns', {
        name: 'e2e 消防通道专项整治',
        starts_on: townDay(-1),
        ends_on: townDay(30),
        scope: { region_ids: [grid], tags: [] },
        categories: ['evacuation'],
      });
      assertEqual(created.status, 201, 'POST /campaigns');
      const id = created.body.id;
      // The first enterprise not yet inspected, as the campaign page lists it.
      const todo = await api.as('town', 'GET', `/campaigns/${id}/enterprises?inspected=false`);
      assertEqual(todo.status, 200, 'GET /campaigns/{id}/enterprises');
      assertEqual(todo.body.total, created.body.progress.in_scope, 'nothing inspected yet');
      const target = todo.body.items[0];
      assert(target, 'an enterprise in scope');
      await desk.page.reload();
      await desk.page.locator(`[data-testid=campaigns-page] [data-campaign="${id}"]`).first().waitFor();
      const status = await desk.page.locator(`tr:has([data-campaign="${id}"]) [data-status]`).getAttribute('data-status');
      assertEqual(status, 'open', 'the list shows the server status');

      // inspector1 on the phone: the campaign page's 开始检查 link preselects the campaign.
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'inspector1');
      await phone.page.goto(`${base}/campaigns/${id}`);
      await phone.page.locator(`[data-testid=campaign-pending] [data-enterprise="${target.id}"] [data-testid=campaign-inspect]`).click();
      await phone.page.locator(`[data-testid=inspect-campaigns] [data-campaign="${id}"][aria-checked=true]`).waitFor();
      await phone.page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = phone.page.locator('[data-item]');
      const n = await items.count();
      assert(n > 0, 'the checklist has items');
      for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
      await phone.page.locator('[data-testid=inspect-submit]').click();
      await phone.page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();

      // The town's page: inspected 1, one hazard, the enterprise no longer pending.
      await desk.page.goto(`${base}/campaigns/${id}`);
      await desk.page.locator('[data-testid=campaign-progress]').waitFor();
      assertEqual(await figure(desk.page, 'inspected'), 1, 'inspected on the page');
      assertEqual(await figure(desk.page, 'hazards'), 1, 'hazards on the page');
      assertEqual(await desk.page.locator(`[data-testid=campaign-pending] [data-enterprise="${target.id}"]`).count(), 0, 'the inspected enterprise is no longer pending');
      await desk.page.locator('[data-testid=campaign-chart][data-ready=true]').waitFor();

      // 发起回头看: the round's scope is the enterprise where a hazard was found.
      await desk.page.locator('[data-testid=campaign-recheck]').click();
      const dates = desk.page.locator('[data-testid=recheck-dialog] input');
      await dates.nth(0).fill(townDay(0));
      await dates.nth(0).press('Enter');
      await dates.nth(1).fill(townDay(20));
      await dates.nth(1).press('Enter');
      await desk.page.locator('[data-testid=recheck-save]').click();
      await desk.page.waitForURL((u) => /^\/campaigns\/\d+$/.test(u.pathname) && u.pathname !== `/campaigns/${id}`);
      const roundId = Number(new URL(desk.page.url()).pathname.split('/').pop());
      await desk.page.locator('[data-testid=campaign-parent]').waitFor();
      assertEqual(await figure(desk.page, 'in_scope'), 1, "the round's scope on the page");
      assertEqual(await figure(desk.page, 'recurred'), 0, 'nothing recurred yet');
      const round = await api.as('town', 'GET', `/campaigns/${roundId}`);
      assertEqual(round.body.parent_id, id, 'the round names its parent');
      assertEqual(round.body.progress.in_scope, 1, "the round's in_scope");
      const pending = await api.as('town', 'GET', `/campaigns/${roundId}/enterprises`);
      assertEqual(pending.body.items.map((e) => e.id), [target.id], "the round's enterprises to inspect");
      assert(desk.problems.length === 0 && phone.problems.length === 0, [...desk.problems, ...phone.problems].join(' | '));
    },
  },
];
