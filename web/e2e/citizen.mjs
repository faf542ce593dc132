// Browser scenarios of issue 12 point 4, "what citizens wrote reaches the officer": the report's
// address, place and contact on the hazard page (the contact for staff only), staff rewording a
// report (编辑, with the someone-else-changed-it path), and the officer's reason on the citizen's
// status page. Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

const HERE = { latitude: 30.184321, longitude: 121.265432 };

/** The hazard a citizen's report became, found by its (unique) description. */
async function hazardOf(api, description) {
  const list = (await api.as('town', 'GET', `/hazards?status=reported&q=${encodeURIComponent(description)}&page_size=5`)).body;
  const mine = list.items.find((h) => h.description === description);
  assert(mine, `the report "${description}" is among the town's reported hazards`);
  return mine.id;
}

export const citizenScenarios = [
  {
    name: 'citizen: a report\'s address, place and contact reach the town, which rewords it and rejects it with a reason the citizen reads',
    async run({ browser, base }) {
      const api = apiClient(base);
      const stamp = Date.now().toString(36);
      const description = `菜场后门消防通道被三轮车堵住 ${stamp}`;
      const address = '匡堰镇农贸市场后门';
      const contact = '13905741234';

      // The citizen, on a phone, with its position.
      const citizen = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: HERE });
      await citizen.page.goto(`${base}/report`);
      await citizen.page.locator('[data-testid=report-description]').fill(description);
      await citizen.page.locator('[data-testid=report-address]').fill(address);
      await citizen.page.locator('[data-testid=report-locate]').click();
      await citizen.page.getByText(String(HERE.latitude)).first().waitFor();
      await citizen.page.locator('[data-testid=report-contact]').fill(contact);
      await citizen.page.locator('[data-testid=report-submit]').click();
      const code = (await citizen.page.locator('[data-testid=tracking-code]').textContent()).trim();
      const id = await hazardOf(api, description);

      // The town officer's hazard page: the 群众举报 panel with address, contact and a marker.
      const town = await newPage(browser, { viewport: DESKTOP });
      await login(town.page, base, 'town');
      await town.page.goto(`${base}/hazards/${id}`);
      const panel = town.page.locator('[data-testid=citizen-report]');
      await panel.waitFor();
      assertEqual((await panel.locator('[data-testid=citizen-report-address]').textContent()).trim(), address, 'the address the citizen typed');
      assertEqual((await panel.locator('[data-testid=citizen-report-contact]').textContent()).trim(), contact, 'the contact, for the town');
      await panel.locator(`[data-testid=citizen-report-map] .sg-marker-${id}`).waitFor();
      await town.page.screenshot({ path: artifactPath('citizen-report-panel.png') });

      // 编辑: the citizen's sentence becomes an official title.
      const title = `农贸市场后门消防通道被占用 ${stamp}`;
      await town.page.locator('[data-testid=hazard-edit]').click();
      await town.page.locator('[data-testid=hazard-edit-title]').fill(title);
      await town.page.locator('[data-testid=hazard-edit-submit]').click();
      await town.page.locator('[data-testid=hazard-title]', { hasText: title }).waitFor();
      await town.page.locator('[data-testid=hazard-timeline] [data-entry=edit]').first().waitFor();

      // Someone else edits in between: the form's save is refused (409), the page reloads and says so.
      await town.page.locator('[data-testid=hazard-edit]').click();
      await town.page.locator('[data-testid=hazard-edit-title]').fill(`${title}（草稿）`);
      const current = (await api.as('town', 'GET', `/hazards/${id}`)).body;
      const other = `${title}（他人已改）`;
      const patched = await api.call('PATCH', `/hazards/${id}`, { token: await api.token('town'), body: { title: other, version: current.version } });
      assertEqual(patched.status, 200, 'PATCH /hazards/{id} by someone else');
      await town.page.locator('[data-testid=hazard-edit-submit]').click();
      await town.page.locator('.el-message--warning').waitFor();
      await town.page.locator('[data-testid=hazard-title]', { hasText: other }).waitFor();

      // Rejected with a reason written for the reporter.
      const reason = '经现场核实，三轮车系临时卸货，已当场劝离，通道畅通。';
      await town.page.locator('[data-testid=hazard-actions] [data-action=reject]').click();
      await town.page.locator('[data-testid=action-comment]').fill(reason);
      await town.page.locator('[data-testid=action-submit]').click();
      await town.page.locator('[data-testid=hazard-status][data-status=rejected]').waitFor();

      // The citizen's status page shows that reason, as text.
      await citizen.page.goto(`${base}/report/${encodeURIComponent(code)}`);
      await citizen.page.locator('[data-testid=report-status][data-status=rejected]').waitFor();
      assertEqual((await citizen.page.locator('[data-testid=report-reason]').textContent()).trim(), reason, 'the officer\'s reason on the status page');
      await citizen.page.screenshot({ path: artifactPath('citizen-status-reason-390.png') });
      const status = await fetch(`${base}/api/v1/public/reports/${encodeURIComponent(code)}`);
      assertEqual(Object.keys(await status.json()).sort(), ['status', 'updated_at'], 'the status endpoint keeps its two fields');

      assertEqual(citizen.problems, [], 'citizen pages');
      assertEqual(town.problems, [], 'town pages');
      await citizen.context.close();
      await town.context.close();
    },
  },

  {
    name: 'citizen: the enterprise a report is assigned to reads the report but never who made it',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('enterprise1', 'GET', '/me')).body;
      const stamp = Date.now().toString(36);
      const description = `车间窗户被铁栅栏焊死 ${stamp}`;
      const contact = '13905745678';
      const reported = await api.call('POST', '/public/reports', { body: { description, address: '匡堰镇工业园区', lat: 30.18, lng: 121.26, contact } });
      assertEqual(reported.status, 201, 'POST /public/reports');
      const id = await hazardOf(api, description);
      const assigned = await api.as('town', 'POST', `/hazards/${id}/actions`, { action: 'assign', enterprise_id: me.enterprise_id });
      assertEqual(assigned.status, 200, 'assign to enterprise1');
      assertEqual(assigned.body.report?.contact, contact, 'the town reads the contact');

      const seen = await api.as('enterprise1', 'GET', `/hazards/${id}`);
      assertEqual(seen.status, 200, 'enterprise1 reads its assigned report');
      assert(seen.body.report && !('contact' in seen.body.report), 'no contact in the enterprise\'s answer');
      assert(!JSON.stringify(seen.body).includes(contact), 'the contact appears nowhere in the enterprise\'s answer');

      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'enterprise1');
      await page.goto(`${base}/hazards/${id}`);
      const panel = page.locator('[data-testid=citizen-report]');
      await panel.waitFor();
      assertEqual((await panel.locator('[data-testid=citizen-report-address]').textContent()).trim(), '匡堰镇工业园区', 'the address, for the enterprise');
      assertEqual(await page.locator('[data-testid=citizen-report-contact]').count(), 0, 'no contact row for the enterprise');
      assert(!(await page.locator('body').textContent()).includes(contact), 'the contact is nowhere on the enterprise\'s page');
      assertEqual(await page.locator('[data-testid=hazard-edit]').count(), 0, 'the enterprise is offered no 编辑');
      await panel.locator(`[data-testid=citizen-report-map] .sg-marker-${id}`).waitFor();
      await page.screenshot({ path: artifactPath('citizen-report-enterprise-390.png') });
      assertEqual(problems, [], 'enterprise page');
      await context.close();
    },
  },
];
