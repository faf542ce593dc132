// Browser scenario of the inspector's day (issue 7, point 3): inspector1 opens /plan on a phone,
// goes offline, inspects the first stop not yet done, sees it done in the kept plan while still
// offline, comes back online; the inspection is recorded exactly once and the stop shows done. A
// campaign stop opens its inspection with the campaign chosen, and the inspection counts for it.
// Spread into scenarios.mjs.
import { PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

export const planScenarios = [
  {
    name: "the inspector's day: /plan on a phone, one stop inspected offline, recorded once, shown done",
    async run({ browser, base }) {
      const api = apiClient(base);
      const plan = (await api.as('inspector1', 'GET', '/plan')).body;
      assert(plan && Array.isArray(plan.stops) && plan.stops.length >= 3, `inspector1 has a plan for today, got ${JSON.stringify(plan).slice(0, 300)}`);
      const reasons = new Set(plan.stops.flatMap((s) => s.reasons));
      assert(reasons.size >= 2, `the demo plan has stops of two reasons or more, got ${[...reasons]}`);
      assertEqual(plan.total_m, plan.stops.reduce((sum, s) => sum + s.leg_m, 0), 'total_m is the sum of the legs');

      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      const posts = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/inspections')) posts.push(r.status());
      });
      await login(page, base, 'inspector1');
      await page.locator('[data-testid=tab-bar] [data-menu=plan]').click();
      await page.waitForURL(/\/plan/);
      await page.locator('[data-testid=plan-stops] [data-stop]').first().waitFor();
      assertEqual(await page.locator('[data-testid=plan-stops] [data-stop]').count(), plan.stops.length, 'stops shown');
      const stop = page.locator('[data-testid=plan-stops] [data-stop][data-done=false]').first();
      await stop.waitFor();
      const enterpriseId = Number(await stop.getAttribute('data-stop'));
      const before = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.total;

      await context.setOffline(true);
      await stop.locator('[data-testid=plan-stop-inspect]').click();
      await page.waitForURL(new RegExp(`/inspect\\?enterprise_id=${enterpriseId}`));
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      for (let i = 0; i < n; i++) await items.nth(i).locator('[data-result=pass]').click();
      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done][data-sent=false]').waitFor();

      // Still offline, back to the plan: the kept copy, with the stop done (it waits in the queue).
      await page.locator('[data-testid=tab-bar] [data-menu=plan]').click();
      await page.locator('[data-testid=plan-offline-note]').waitFor();
      await page.locator(`[data-testid=plan-stops] [data-stop="${enterpriseId}"][data-done=true]`).waitFor();

      await context.setOffline(false);
      await page.locator('[data-testid=pending-count]').waitFor({ state: 'detached' });
      await page.locator('[data-testid=plan-offline-note]').waitFor({ state: 'detached' });
      await page.locator(`[data-testid=plan-stops] [data-stop="${enterpriseId}"][data-done=true]`).waitFor();
      const after = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.total;
      assertEqual(after - before, 1, 'inspections recorded (exactly once)');
      assertEqual(posts.filter((s) => s >= 200 && s < 300).length, 1, 'accepted POSTs');

      // A fresh load (online) still shows it done: the server lists today's inspection.
      await page.reload();
      await page.locator(`[data-testid=plan-stops] [data-stop="${enterpriseId}"][data-done=true]`).waitFor();
      assert(problems.length === 0, `plan: ${problems.join(' | ')}`);
      await context.close();
    },
  },
  {
    name: "the inspector's day: a campaign stop opens its inspection with the campaign chosen",
    async run({ browser, base }) {
      const api = apiClient(base);
      const plan = (await api.as('inspector1', 'GET', '/plan')).body;
      const target = plan.stops.find((s) => s.reasons.includes('campaign'));
      assert(target, `the demo plan has a campaign stop, got ${JSON.stringify(plan.stops.map((s) => s.reasons))}`);
      const campaignId = target.campaign_ids[0];
      assert(campaignId, 'a campaign stop names its campaign');
      const enterpriseId = target.enterprise.id;

      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.goto(`${base}/plan`);
      await page.locator(`[data-testid=plan-stops] [data-stop="${enterpriseId}"] [data-testid=plan-stop-inspect]`).click();
      await page.waitForURL((u) => u.pathname === '/inspect' && u.searchParams.get('campaign_id') === String(campaignId));
      await page.locator(`[data-testid=inspect-campaigns] [data-campaign="${campaignId}"][aria-checked=true]`).waitFor();
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      for (let i = 0; i < n; i++) await items.nth(i).locator('[data-result=pass]').click();
      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();
      const [inspection] = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.items;
      assertEqual([inspection.kind, inspection.campaign_id], ['campaign', campaignId], 'the inspection counts for the campaign');
      const after = (await api.as('inspector1', 'GET', '/plan')).body.stops.find((s) => s.enterprise.id === enterpriseId);
      assert(!after || !after.reasons.includes('campaign'), 'the stop is no longer a campaign stop');
      assert(problems.length === 0, `plan: ${problems.join(' | ')}`);
      await context.close();
    },
  },
];
