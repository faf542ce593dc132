// Browser scenario of a campaign's life (issue 8, point 1): the town creates a campaign over
// inspector1's grid with the form (which first shows the server's 422 at its field), inspector1
// inspects an enterprise for it from the campaign's own link on the phone (the /inspect campaign
// kind), the campaign page shows inspected 1 and the hazard, the hazard is put right and signed off,
// the town starts the re-check round (回头看) and sees its scope (the one enterprise with a hazard),
// and inspector1 finds the same item failing again there: the round shows it recurred.
// Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

/** The town's calendar day (Asia/Shanghai, the demo's zone) `days` from now, YYYY-MM-DD. */
const townDay = (days = 0) => new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);

/**
 * On the phone, from the campaign page's 开始检查 link (which preselects the campaign): the first
 * checklist, its first item failed and the rest passed, submitted.
 */
async function inspectFromCampaignPage(page, base, campaignId, enterpriseId) {
  await page.goto(`${base}/campaigns/${campaignId}`);
  await page.locator(`[data-testid=campaign-pending] [data-enterprise="${enterpriseId}"] [data-testid=campaign-inspect]`).click();
  await page.locator(`[data-testid=inspect-campaigns] [data-campaign="${campaignId}"][aria-checked=true]`).waitFor();
  await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
  const items = page.locator('[data-item]');
  const n = await items.count();
  assert(n > 0, 'the checklist has items');
  for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
  await page.locator('[data-testid=inspect-submit]').click();
  await page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();
}

/** The campaign's hazards at one enterprise, oldest first. */
async function campaignHazards(api, campaignId, enterpriseId) {
  const r = await api.as('town', 'GET', `/hazards?enterprise_id=${enterpriseId}&page_size=100`);
  assertEqual(r.status, 200, 'GET /hazards?enterprise_id=');
  return r.body.items.filter((h) => h.campaign_id === campaignId).sort((a, b) => a.id - b.id);
}

/** The figure shown on a campaign page. */
async function figure(page, name) {
  return Number((await page.locator(`[data-testid=campaign-progress] [data-figure=${name}] b`).textContent()).trim());
}

export const campaignScenarios = [
  {
    name: 'campaigns: the town creates one with the form, inspector1 inspects for it, the hazard is closed, the re-check round finds it again',
    async run({ browser, base }) {
      const api = apiClient(base);
      const mine = await api.as('inspector1', 'GET', '/enterprises?page_size=1');
      assertEqual(mine.status, 200, 'GET /enterprises as inspector1');
      const grid = mine.body.items[0]?.grid_id;
      assert(grid, "inspector1's grid");

      // The town's form: what the server refuses is shown at its field.
      const name = `e2e 消防通道专项整治 ${Date.now() % 100000}`;
      const desk = await newPage(browser, { viewport: DESKTOP });
      await login(desk.page, base, 'town');
      await desk.page.goto(`${base}/campaigns`);
      await desk.page.locator('[data-testid=campaigns-page]').waitFor();
      await desk.page.locator('[data-testid=campaign-new]').click();
      await desk.page.locator('input[data-testid=campaign-name], [data-testid=campaign-name] input').first().fill(name);
      await desk.page.locator('[data-testid=campaign-save]').click();
      await desk.page.locator('[data-testid=campaign-form-error]').waitFor();
      const fieldError = await desk.page.locator('[data-testid=campaign-dialog] .el-form-item__error').first().textContent();
      assert(fieldError && fieldError.trim().length > 0, 'the 422 is shown at a field');

      // Filled in as the town would: the name, the period, the grid from the region tree, a category.
      const gridName = (await api.as('town', 'GET', `/regions/${grid}`)).body.name;
      assert(gridName, "the grid's name");
      const dialog = desk.page.locator('[data-testid=campaign-dialog]');
      await dialog.locator('[data-testid=campaign-name] input, input[data-testid=campaign-name]').first().fill(name);
      const period = dialog.locator('.dates input');
      for (const [i, day] of [[0, townDay(-1)], [1, townDay(30)]]) {
        await period.nth(i).fill(day);
        await period.nth(i).press('Enter');
      }
      const regions = dialog.locator('[data-testid=campaign-regions]').first();
      await regions.click();
      await desk.page.keyboard.type(gridName);
      await desk.page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: gridName }).first().click();
      await desk.page.keyboard.press('Escape');
      await dialog.locator('[data-testid=campaign-categories]').first().click();
      await desk.page.locator('.el-select-dropdown__item:visible', { hasText: '疏散通道' }).first().click();
      await desk.page.keyboard.press('Escape');
      await dialog.locator('[data-testid=campaign-save]').click();
      await desk.page.waitForURL((u) => /^\/campaigns\/\d+$/.test(u.pathname));
      const id = Number(new URL(desk.page.url()).pathname.split('/').pop());
      await desk.page.locator('[data-testid=campaign-progress]').waitFor();

      // What the form sent is what the server holds.
      const created = await api.as('town', 'GET', `/campaigns/${id}`);
      assertEqual(created.status, 200, 'GET /campaigns/{id}');
      assertEqual(
        [created.body.name, created.body.starts_on, created.body.ends_on, created.body.scope.region_ids, created.body.categories],
        [name, townDay(-1), townDay(30), [grid], ['evacuation']],
        'the campaign the form created',
      );
      // The first enterprise not yet inspected, as the campaign page lists it.
      const todo = await api.as('town', 'GET', `/campaigns/${id}/enterprises?inspected=false`);
      assertEqual(todo.status, 200, 'GET /campaigns/{id}/enterprises');
      assertEqual(todo.body.total, created.body.progress.in_scope, 'nothing inspected yet');
      const target = todo.body.items[0];
      assert(target, 'an enterprise in scope');
      await desk.page.goto(`${base}/campaigns`);
      await desk.page.locator(`[data-testid=campaigns-page] [data-campaign="${id}"]`).first().waitFor();
      const status = await desk.page.locator(`tr:has([data-campaign="${id}"]) [data-status]`).getAttribute('data-status');
      assertEqual(status, 'open', 'the list shows the server status');

      // inspector1 on the phone: the campaign page's 开始检查 link preselects the campaign.
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'inspector1');
      await inspectFromCampaignPage(phone.page, base, id, target.id);

      // The town's page: inspected 1, one hazard, the enterprise no longer pending.
      await desk.page.goto(`${base}/campaigns/${id}`);
      await desk.page.locator('[data-testid=campaign-progress]').waitFor();
      assertEqual(await figure(desk.page, 'inspected'), 1, 'inspected on the page');
      assertEqual(await figure(desk.page, 'hazards'), 1, 'hazards on the page');
      assertEqual(await desk.page.locator(`[data-testid=campaign-pending] [data-enterprise="${target.id}"]`).count(), 0, 'the inspected enterprise is no longer pending');
      await desk.page.locator('[data-testid=campaign-chart][data-ready=true]').waitFor();

      // The hazard is put right and signed off (the closed loop), so that finding it again is a recurrence.
      const [found] = await campaignHazards(api, id, target.id);
      assert(found, "the campaign's hazard");
      const submitted = await api.as('inspector1', 'POST', `/hazards/${found.id}/actions`, { action: 'submit', comment: '通道已清理' });
      assertEqual(submitted.status, 200, 'the fix is submitted');
      const approved = await api.as('town', 'POST', `/hazards/${found.id}/actions`, { action: 'approve' });
      assertEqual([approved.status, approved.body.status], [200, 'closed'], 'the town signs it off');

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

      // 回头看 on the phone: the same item fails again at the same enterprise; the round counts it recurred.
      await inspectFromCampaignPage(phone.page, base, roundId, target.id);
      const [again] = await campaignHazards(api, roundId, target.id);
      assert(again, "the round's hazard");
      assertEqual(again.recurrence_of, found.id, 'the new hazard names the one it repeats');
      await desk.page.reload();
      await desk.page.locator('[data-testid=campaign-progress]').waitFor();
      assertEqual(await figure(desk.page, 'inspected'), 1, "the round's inspected on the page");
      assertEqual(await figure(desk.page, 'recurred'), 1, 'the recurrence on the page');
      await desk.page.goto(`${base}/hazards/${again.id}`);
      const link = desk.page.locator('[data-testid=hazard-recurrence-of]');
      assertEqual(await link.getAttribute('href'), `/hazards/${found.id}`, "the hazard's page links the one it repeats");
      const after = await api.as('town', 'GET', `/campaigns/${roundId}`);
      assertEqual(after.body.progress.recurred, 1, "the round's recurred in the API");
      assert(desk.problems.length === 0 && phone.problems.length === 0, [...desk.problems, ...phone.problems].join(' | '));
    },
  },
];
