// Browser scenario of training (issue 8, point 2): village1 creates a session in the browser,
// records an attendance for enterprise1's enterprise (the seed leaves it untrained), the
// enterprise's 培训 tab shows the session, and the dashboard's coverage figure moves by one.
// Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

/** The town's calendar day (Asia/Shanghai, the demo's zone), YYYY-MM-DD. */
const townToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

export const trainingScenarios = [
  {
    name: 'training: village1 creates a session, records an enterprise, its 培训 tab shows it and the coverage moves',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = await api.as('enterprise1', 'GET', '/me');
      const enterpriseId = me.body.enterprise_id ?? me.body.user?.enterprise_id;
      assert(enterpriseId, `enterprise1 has an enterprise, got ${JSON.stringify(me.body).slice(0, 200)}`);
      const enterprise = (await api.as('village1', 'GET', `/enterprises/${enterpriseId}`)).body;
      const before = (await api.as('village1', 'GET', '/stats/training')).body;
      assert(before.by_region.length > 0, 'the village has grids in the coverage');
      assert(before.covered > 0 && before.covered < before.enterprises, `the demo village is partly trained: ${before.covered}/${before.enterprises}`);
      const file = (await api.as('enterprise1', 'GET', `/enterprises/${enterpriseId}/trainings`)).body;
      assertEqual(file.covered, false, "enterprise1's enterprise is untrained in the demo");

      const { page, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'village1');
      await page.locator('[data-testid=side-menu] [data-menu=trainings]').click();
      await page.waitForURL(/\/trainings/);
      await page.locator('[data-testid=training-list] [data-training]').first().waitFor();
      const title = `e2e 消防培训 ${Date.now()}`;
      await page.locator('[data-testid=training-new]').click();
      const dialog = page.locator('[data-testid=training-dialog]');
      await dialog.locator('input[data-testid=training-title], [data-testid=training-title] input').first().fill(title);
      await dialog.locator('[data-testid=training-kind] [data-kind=drill]').click();
      const day = dialog.locator('.el-date-editor input').first();
      await day.fill(townToday());
      await day.press('Enter');
      await dialog.locator('[data-testid=training-save]').click();
      await page.waitForURL(/\/trainings\/\d+$/);
      await page.locator('[data-testid=training-title-text]').getByText(title).waitFor();
      const trainingId = Number(new URL(page.url()).pathname.split('/').pop());
      const created = (await api.as('village1', 'GET', `/trainings/${trainingId}`)).body;
      assertEqual(created.kind, 'drill', 'the session kind');
      assertEqual(created.held_on, townToday(), 'the session day');

      await page.locator('[data-testid=attendance-enterprise]').click();
      await page.keyboard.type(enterprise.name);
      await page.locator('.el-select-dropdown__item', { hasText: enterprise.name }).first().click();
      await page.locator('input[data-testid=attendance-people], [data-testid=attendance-people] input').first().fill('17');
      await page.locator('[data-testid=attendance-add]').click();
      await page.locator(`[data-testid=attendance-list] [data-attendance="${enterpriseId}"]`).waitFor();
      const recorded = (await api.as('village1', 'GET', `/trainings/${trainingId}`)).body;
      assertEqual(recorded.attendance.length, 1, 'one attendance row');
      assertEqual(recorded.attendance[0].people, 17, 'people recorded');

      const after = (await api.as('village1', 'GET', '/stats/training')).body;
      assertEqual(after.covered, before.covered + 1, 'covered moves by one');
      assertEqual(after.people, before.people + 17, 'people move by 17');
      await page.goto(`${base}/dashboard`);
      const figure = page.locator('[data-testid=training-coverage-total]');
      await page.locator(`[data-testid=training-coverage-total][data-covered="${after.covered}"]`).waitFor();
      assert((await figure.textContent()).includes('%'), 'the coverage figure is a percentage');
      await page.locator('[data-testid=training-coverage]').screenshot({ path: artifactPath('training-coverage-village1.png') });
      assertEqual(problems, [], 'no page errors for village1');

      // The enterprise sees the session on its own file's 培训 tab, on its phone.
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'enterprise1');
      await phone.page.goto(`${base}/enterprises/${enterpriseId}?tab=training`);
      await phone.page.locator(`[data-testid=enterprise-training-list] [data-training="${trainingId}"]`).waitFor();
      await phone.page.locator('[data-testid=enterprise-trained][data-covered=true]').waitFor();
      await phone.page.screenshot({ path: artifactPath('training-enterprise-tab-390.png') });
      assertEqual(phone.problems, [], 'no page errors for enterprise1');
    },
  },
];
