// Browser scenarios of inspection kinds on the phone (issue 7, point 6): inspector1 makes a campaign
// inspection at an enterprise of the seeded open campaign, leaving half-way and resuming the draft
// (the inspection and its hazard carry the campaign's id), and enterprise1 makes a self-check whose hazard waits for the grid (reported).
// Spread into scenarios.mjs.
import { PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

/** The town's calendar day (Asia/Shanghai, the demo's zone), YYYY-MM-DD. */
const townToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

/** Answers the open checklist: the first item fails, the rest pass; then sends it and waits until it is sent. */
async function answerAndSend(page) {
  await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
  const items = page.locator('[data-item]');
  const n = await items.count();
  assert(n > 0, 'the checklist has items');
  for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
  await page.locator('[data-testid=inspect-submit]').click();
  await page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();
}

export const kindsScenarios = [
  {
    name: 'inspection kinds: inspector1 inspects for the open campaign on the phone; the inspection and its hazard carry the campaign',
    async run({ browser, base }) {
      const api = apiClient(base);
      const open = await api.as('inspector1', 'GET', `/campaigns?open_on=${townToday()}`);
      assertEqual(open.status, 200, 'GET /campaigns');
      assert(open.body.total > 0, 'the seed has a campaign open today in inspector1\'s scope');
      const campaign = open.body.items[0];
      // An enterprise of inspector1's grid in the campaign's scope, as the server answers it.
      const mine = await api.as('inspector1', 'GET', '/enterprises?page_size=100');
      let target;
      for (const e of mine.body.items) {
        const covering = await api.as('inspector1', 'GET', `/campaigns?open_on=${townToday()}&enterprise_id=${e.id}`);
        if (covering.body.items.some((c) => c.id === campaign.id)) {
          target = e;
          break;
        }
      }
      assert(target, `an enterprise of inspector1's grid in the scope of «${campaign.name}»`);

      const { page, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.goto(`${base}/inspect?enterprise_id=${target.id}`);
      await page.locator('[data-testid=inspect-kinds]').waitFor();
      await page.locator('[data-testid=inspect-kinds] [data-kind=campaign]').click();
      await page.locator(`[data-testid=inspect-campaigns] [data-campaign="${campaign.id}"]`).click();
      await page.locator(`[data-testid=inspect-campaigns] [data-campaign="${campaign.id}"][aria-checked=true]`).waitFor();
      // Half-way, the inspector leaves (a call, a reload) and resumes the draft from /inspect's list:
      // it is still a campaign inspection.
      const first = page.locator('[data-testid=inspect-checklists] [data-checklist]').first();
      const checklistId = await first.getAttribute('data-checklist');
      await first.click();
      await page.locator('[data-item]').first().locator('[data-result=fail]').click();
      await page.waitForTimeout(600); // the draft is saved 400 ms after a change
      await page.goto(`${base}/inspect`);
      await page.locator(`[data-testid=inspect-drafts] [data-draft="${target.id}:${checklistId}"]`).click();
      const items = page.locator('[data-item]');
      await items.first().locator('[data-result=fail][aria-checked=true]').waitFor(); // the answer came back
      const n = await items.count();
      for (let i = 1; i < n; i++) await items.nth(i).locator('[data-result=pass]').click();
      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();

      const listed = await api.as('inspector1', 'GET', `/inspections?enterprise_id=${target.id}&page_size=1`);
      const inspection = listed.body.items[0];
      assertEqual(inspection.kind, 'campaign', 'the inspection\'s kind');
      assertEqual(inspection.campaign_id, campaign.id, 'the inspection\'s campaign_id');
      assertEqual(inspection.hazard_ids.length, 1, 'hazards opened by the one failed item');
      const hazard = await api.as('inspector1', 'GET', `/hazards/${inspection.hazard_ids[0]}`);
      assertEqual(hazard.body.campaign_id, campaign.id, 'the hazard\'s campaign_id');
      assertEqual(hazard.body.status, 'rectifying', 'the hazard\'s status');
      const progress = await api.as('town', 'GET', `/campaigns/${campaign.id}`);
      assert(progress.body.progress.inspected >= 1, 'the campaign counts the inspected enterprise');
      assert(problems.length === 0, problems.join(' | '));
    },
  },
  {
    name: 'inspection kinds: enterprise1 self-checks its own enterprise on the phone; the hazard goes to the grid as reported',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = await api.as('enterprise1', 'GET', '/me');
      const own = me.body.enterprise_id ?? me.body.user?.enterprise_id;
      assert(own, 'enterprise1 acts for an enterprise');
      const { page, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'enterprise1');
      await page.locator('[data-menu=inspect]').first().waitFor();
      await page.goto(`${base}/inspect`);
      // Its own enterprise, already chosen; no kind to pick: a self-check.
      await page.locator('[data-testid=inspect-kind][data-kind=self_check]').waitFor();
      assertEqual(await page.locator('[data-testid=inspect-kinds]').count(), 0, 'kind choices shown to the enterprise');
      await answerAndSend(page);
      await page.locator('[data-testid=inspect-self-check-note]').waitFor();

      const listed = await api.as('enterprise1', 'GET', `/inspections?enterprise_id=${own}&page_size=1`);
      const inspection = listed.body.items[0];
      assertEqual(inspection.kind, 'self_check', 'the inspection\'s kind');
      assertEqual(inspection.campaign_id, null, 'the self-check\'s campaign_id');
      const hazard = await api.as('enterprise1', 'GET', `/hazards/${inspection.hazard_ids[0]}`);
      assertEqual(hazard.body.status, 'reported', 'the self-check\'s hazard waits for the grid');
      assert(problems.length === 0, problems.join(' | '));
    },
  },
];
