// Browser scenario of the device registry (issue 9, point 1): village1 opens enterprise1's file on
// the 物联设备 tab, sees the seeded devices with their state, registers a GB/T 26875 transmission
// unit (a seven-byte address is refused by the server and the field says so; then a valid one is
// saved and listed); enterprise1 sees its devices on the phone and has no register button.
// Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

const input = (scope, id) => scope.locator(`input[data-testid=${id}], [data-testid=${id}] input`).first();

export const deviceScenarios = [
  {
    name: 'devices: village1 registers a transmission unit on the enterprise file (the server refuses a bad address first); enterprise1 sees its devices on the phone',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = await api.as('enterprise1', 'GET', '/me');
      const enterpriseId = me.body.enterprise_id ?? me.body.user?.enterprise_id;
      assert(enterpriseId, 'enterprise1 has an enterprise');
      const seeded = (await api.as('village1', 'GET', `/devices?enterprise_id=${enterpriseId}`)).body;
      assert(seeded.total > 0, 'the seed gives enterprise1 devices');
      const serial = `UITD-E2E-${Date.now() % 100000}`;

      const { page, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'village1');
      await page.goto(`${base}/enterprises/${enterpriseId}?tab=devices`);
      const tab = page.locator('[data-testid=enterprise-devices]');
      await tab.locator(`[data-testid=enterprise-device-list] [data-device="${seeded.items[0].id}"]`).waitFor();
      await tab.locator('[data-testid=device-add]').click();
      const form = tab.locator('[data-testid=device-form]');
      await form.locator('[data-protocol=gb26875]').click();
      await input(form, 'device-serial').fill(serial);
      await input(form, 'device-unit-address').fill('281474976710656'); // 2^48: seven bytes
      await form.locator('[data-testid=device-save]').click();
      await form.locator('[data-testid=device-form-error]').waitFor();
      await form.locator('.el-form-item.is-error').first().waitFor();
      await input(form, 'device-unit-address').fill('20015998343868');
      await form.locator('[data-testid=device-save]').click();
      await form.waitFor({ state: 'detached' });
      const after = (await api.as('village1', 'GET', `/devices?enterprise_id=${enterpriseId}`)).body;
      const made = after.items.find((d) => d.serial === serial);
      assert(made, 'the new device is registered');
      assertEqual(made.unit_address, 20015998343868, 'its unit address');
      assertEqual(made.protocol, 'gb26875', 'its protocol');
      await tab.locator(`[data-testid=enterprise-device-list] [data-device="${made.id}"]`).waitFor();
      await page.screenshot({ path: artifactPath('devices-enterprise-tab-village1.png') });
      assertEqual(problems, [], 'no page errors for village1');

      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'enterprise1');
      await phone.page.goto(`${base}/enterprises/${enterpriseId}?tab=devices`);
      await phone.page.locator(`[data-testid=enterprise-device-list] [data-device="${made.id}"]`).waitFor();
      assertEqual(await phone.page.locator('[data-testid=device-add]').count(), 0, 'an enterprise registers no device');
      await phone.page.screenshot({ path: artifactPath('devices-enterprise-tab-390.png') });
      assertEqual(phone.problems, [], 'no page errors for enterprise1');
    },
  },
];
