// Findings, not questions (issue 7 point 9): the inspector answers the checklist's question; a
// failed item shows what the hazard will say (the server's finding), and the hazard it opens is
// titled with that finding. Spread into scenarios.mjs.
import { PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

export const findingsScenarios = [
  {
    name: 'findings: a failed fire item shows its finding and opens a hazard titled with it, not with the question',
    async run({ browser, base }) {
      const api = apiClient(base);
      const checklists = (await api.as('inspector1', 'GET', '/checklists')).body;
      const fire = checklists.find((c) => c.code === 'fire-small-workshop');
      assert(fire, 'the fire checklist is served');
      const first = fire.items[0];
      assert(first.finding && first.finding !== first.text, `the first fire item has a finding of its own: ${JSON.stringify(first)}`);

      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').nth(1).click();
      await page.locator(`[data-testid=inspect-checklists] [data-checklist="${fire.id}"]`).click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      assertEqual(n, fire.items.length, 'every item of the fire checklist');
      // The inspector reads the question…
      assert((await items.nth(0).locator('.text').innerText()).includes(first.text), 'the item shows its question');
      for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
      // …and, once it fails, what the hazard will state.
      const hint = items.nth(0).locator('[data-testid=inspect-finding]');
      assertEqual(await hint.innerText(), `登记为隐患：${first.finding}`, 'the finding shown on fail');
      assertEqual(await items.nth(1).locator('[data-testid=inspect-finding]').count(), 0, 'no finding on a pass');
      await items.nth(0).screenshot({ path: artifactPath('findings-fail-hint.png') });

      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();
      await page.locator('[data-testid=inspect-done] .hazard-links a').first().click();
      await page.waitForURL(/\/hazards\/\d+$/);
      const title = page.locator('[data-testid=hazard-title]');
      await title.waitFor();
      assertEqual(await title.innerText(), first.finding, 'the hazard is titled with the finding');
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const hazard = (await api.as('inspector1', 'GET', `/hazards/${id}`)).body;
      assertEqual(hazard.title, first.finding, 'the stored title');
      assert(!hazard.title.includes('是否'), `no question in the title: ${hazard.title}`);
      assert(hazard.description.startsWith(`检查项 ${first.code} 不合格`), `without a note, the description names the item: ${hazard.description}`);
      assertEqual(problems, [], 'problems');
      await context.close();
    },
  },
];
