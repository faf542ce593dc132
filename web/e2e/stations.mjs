// Browser scenario of the micro fire stations (issue 8, point 3): the town opens a station, sets an
// item's expiry to next week, and the station page shows it as expiring (the server's answer); the
// responsible user's inbox holds the expiry reminder of the seed's run of the reminder job; the
// list shows the stations with their badges and the coverage gaps. Spread into scenarios.mjs.
import { PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

function isoDay(offsetDays) {
  // The demo town's zone is UTC+8: today there, plus the offset.
  const d = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

export const stationScenarios = [
  {
    name: 'micro fire stations: the town sets an item to expire next week, the station shows it expiring, the reminder is in the responsible user\'s inbox',
    async run({ browser, base }) {
      const api = apiClient(base);
      const listed = (await api.as('town', 'GET', '/stations?page_size=200')).body;
      assert(listed.total >= 1, `the seed made stations, got ${JSON.stringify(listed).slice(0, 200)}`);
      const station = listed.items[0];
      const coverage = (await api.as('town', 'GET', '/stats/coverage')).body;
      assert(coverage.enterprises > coverage.covered && coverage.covered > 0, `some enterprises covered, some not: ${coverage.covered}/${coverage.enterprises}`);

      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.locator('[data-testid=side-menu] [data-menu=stations]').click();
      await page.waitForURL((u) => u.pathname === '/stations');
      await page.locator('[data-testid=coverage-gaps] li').first().waitFor();
      await page.locator(`[data-testid=station-list] [data-station="${station.id}"]`).first().click();
      await page.waitForURL((u) => u.pathname === `/stations/${station.id}`);
      await page.locator('[data-testid=station-name]').waitFor();
      // The station page lists the coverage gaps of its village (the server's answer).
      await page.locator('[data-testid=station-coverage]').waitFor();

      // 水枪 (MFS-EQ-02) expires next week.
      const nextWeek = isoDay(7);
      await page.locator('[data-testid=equipment-item]').selectOption('MFS-EQ-02');
      await page.locator('[data-testid=equipment-count] input').fill('2');
      await page.locator('[data-testid=equipment-expires]').fill(nextWeek);
      await page.locator('[data-testid=equipment-save]').click();
      await page.locator('[data-testid=station-expiring] [data-item="MFS-EQ-02"]').waitFor();
      const text = await page.locator('[data-testid=station-expiring] [data-item="MFS-EQ-02"]').innerText();
      assert(text.includes(nextWeek), `the expiring row names ${nextWeek}: ${text}`);
      const after = (await api.as('town', 'GET', `/stations/${station.id}`)).body;
      const row = after.expiring.find((e) => e.item === 'MFS-EQ-02');
      assert(row && row.expires_on === nextWeek && row.expired === false, `the server lists it expiring: ${JSON.stringify(after.expiring)}`);
      assert(problems.length === 0, `stations: ${problems.join(' | ')}`);
      await context.close();

      // The first station's extinguishers expire within 10 days (seed): its responsible user, the
      // village officer, has the reminder linking to the station.
      const first = listed.items.find((s) => s.responsible_user_id !== null && s.expiring.length > 0);
      assert(first, 'a seeded station with a responsible user and an expiring item');
      let found = null;
      for (const who of ['village1', 'town']) {
        const me = (await api.as(who, 'GET', '/me')).body;
        const id = me.user ? me.user.id : me.id;
        if (id !== first.responsible_user_id) continue;
        const inbox = (await api.as(who, 'GET', '/notifications?page_size=200')).body.items;
        found = inbox.find((n) => n.kind === 'station_expiry' && String(n.link ?? '').endsWith(`/stations/${first.id}`));
        assert(found, `${who}'s inbox has the expiry reminder of station ${first.id}`);
      }
      assertEqual(first.responsible_user_id !== null, true, 'the responsible user is set');
      assert(found !== null, `the responsible user (${first.responsible_user_id}) of station ${first.id} is one of the demo logins`);

      // On a 390 px phone the village officer's list and station page fit the screen.
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'village1');
      for (const path of ['/stations', `/stations/${first.id}`]) {
        await phone.page.goto(`${base}${path}`);
        await phone.page.locator(path === '/stations' ? '[data-testid=station-list]' : '[data-testid=station-name]').first().waitFor();
        const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 1, `${path} is ${overflow} px wider than a 390 px phone`);
      }
      await phone.page.screenshot({ path: artifactPath('station-phone.png'), fullPage: true });
      assert(phone.problems.length === 0, `stations on a phone: ${phone.problems.join(' | ')}`);
      await phone.context.close();
    },
  },
];
