// Browser scenario of the training QR sign-in (issue 8 point 2, docs/training.md "QR sign-in"):
// village1 opens sign-in on today's session in the browser, a phone with no login opens /t/{code},
// signs a worker in, village1 sees the sign-in grouped under the enterprise and takes it into the
// attendance with 计入出勤. Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

/** The town's calendar day (Asia/Shanghai, the demo's zone), YYYY-MM-DD. */
const townToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

export const signinScenarios = [
  {
    name: 'signin: village1 opens QR sign-in, a phone signs in at /t/{code}, village1 takes it into the attendance',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('village1', 'GET', '/me')).body;
      const regionId = me.region_id ?? me.user?.region_id;
      assert(regionId, `village1 has a region, got ${JSON.stringify(me).slice(0, 200)}`);
      const title = `e2e 扫码签到培训 ${Date.now()}`;
      const created = await api.as('village1', 'POST', '/trainings', { title, kind: 'fire', held_on: townToday(), region_id: regionId, hours: 1.5 });
      assertEqual(created.status, 201, `create the session: ${JSON.stringify(created.body)}`);
      const trainingId = created.body.id;

      // Staff open the sign-in on the session's page.
      const staff = await newPage(browser, { viewport: DESKTOP });
      await login(staff.page, base, 'village1');
      await staff.page.goto(`${base}/trainings/${trainingId}`);
      await staff.page.locator('[data-testid=signin-panel]').waitFor();
      await staff.page.locator('[data-testid=signin-open]').click();
      const linkText = (await staff.page.locator('[data-testid=signin-link]').textContent()).trim();
      const code = linkText.split('/t/').pop();
      assert(/^[2-9A-Z]{10}$/.test(code), `a sign-in code in the link: ${linkText}`);
      const poster = await fetch(`${base}/api/v1/trainings/${trainingId}/signin-poster.pdf`, { headers: { Authorization: `Bearer ${await api.token('village1')}` } });
      assertEqual(poster.status, 200, 'the sign-in poster');
      assertEqual(poster.headers.get('content-type'), 'application/pdf', 'the poster is a PDF');
      await staff.page.screenshot({ path: artifactPath('signin-panel-open.png') });

      // A worker's phone, no login.
      const lookup = (await api.call('GET', `/public/trainings/${code}`)).body;
      assert(lookup.accepting && lookup.enterprises.length > 0, `the public session takes sign-ins today: ${JSON.stringify(lookup).slice(0, 200)}`);
      const enterprise = lookup.enterprises[0];
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await phone.page.goto(`${base}/t/${code}`);
      await phone.page.locator('[data-testid=signin-title]').getByText(title).waitFor();
      await phone.page.locator('[data-testid=signin-name]').fill('王小明');
      const number = `139${String(Date.now()).slice(-8)}`;
      await phone.page.locator('[data-testid=signin-phone]').fill(number);
      await phone.page.locator('[data-testid=signin-search]').fill(enterprise.name);
      await phone.page.locator('[data-testid=signin-enterprise]').selectOption(String(enterprise.id));
      await phone.page.screenshot({ path: artifactPath('signin-phone-390.png') });
      await phone.page.locator('[data-testid=signin-submit]').click();
      await phone.page.locator('[data-testid=signin-done]').getByText(enterprise.name).waitFor();
      const { overflow } = await phone.page.evaluate(() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth }));
      assert(overflow <= 0, `the sign-in page fits 390 px (overflow ${overflow})`);
      assertEqual(phone.problems, [], 'no page errors on the phone');
      // The same phone again is the same sign-in, not a second one.
      const again = await api.call('POST', `/public/trainings/${code}/signins`, { body: { name: '王小明', phone: number, enterprise_id: enterprise.id } });
      assertEqual(again.status, 200, 'a repeat sign-in answers 200');

      // Staff see it under the enterprise and take it into the attendance.
      await staff.page.reload();
      const group = staff.page.locator(`[data-testid=signin-groups] [data-signin-enterprise="${enterprise.id}"]`);
      await group.waitFor();
      await staff.page.locator('[data-testid=signin-total]').getByText('1').waitFor();
      await staff.page.locator('[data-testid=signin-accept]').first().click();
      await staff.page.locator(`[data-testid=attendance-list] [data-attendance="${enterprise.id}"]`).waitFor();
      const session = (await api.as('village1', 'GET', `/trainings/${trainingId}`)).body;
      const row = session.attendance.find((a) => a.enterprise_id === enterprise.id);
      assert(row, 'the enterprise has an attendance row');
      assertEqual(row.people, 1, 'one signed-in worker became one attendee');
      await staff.page.screenshot({ path: artifactPath('signin-panel-accepted.png') });

      // Closed: the link stops working.
      await staff.page.locator('[data-testid=signin-close]').click();
      await staff.page.locator('[data-testid=signin-open]').waitFor();
      assertEqual((await api.call('GET', `/public/trainings/${code}`)).status, 404, 'a closed code is 404');
      assertEqual(staff.problems, [], 'no page errors for village1');
    },
  },
];
