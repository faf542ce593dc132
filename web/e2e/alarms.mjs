// Browser scenarios of issue 9's web part: the /devices page (runs on any server with GET /devices),
// the /alarms page and the dashboard's live alarms (they need GET /alarms and GET /events: on a
// server without them each says so and stops there, passing; on the merged tree they run whole).
// Spread into scenarios.mjs.
//
// The live scenario's fire comes from a real GB/T 26875.3 frame sent to the server's gateway.
import net from 'node:net';
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

const LIVE_MS = 1000; // issue 9: a fire alarm on the town's dashboard within a second

async function noOverflow(page, what) {
  const { overflow, width } = await page.evaluate(() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth, width: window.innerWidth }));
  assert(overflow <= 0, `${what}: the page is ${overflow} px wider than the ${width} px viewport`);
}

/** A GET that must answer 200. */
async function get200(api, user, path) {
  const r = await api.as(user, 'GET', path);
  assertEqual(r.status, 200, `GET ${path} as ${user}`);
  return r;
}

/** Status and content type of GET /events, reading no further than the headers. */
async function eventsEndpoint(base, token) {
  const controller = new AbortController();
  try {
    const r = await fetch(`${base}/api/v1/events`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: controller.signal });
    return { status: r.status, type: r.headers.get('content-type') ?? '' };
  } finally {
    controller.abort();
  }
}

// R01 of tests/core/gb26875/vectors.json, a published frame: a transmission unit reports a smoke
// detector (system 1 address 1, component type 40) in the fire state. The unit address, serial and
// time label are patched in below, as a real unit would send them.
const R01 =
  '404001000101203a091a090c790300000000385b0100000030000202010101280a000200020020202020202020202020202020202020202020202020202020202020202000023a091a090c462323';

/** The frame R01 from `address` with `serial`, its time label now (Beijing time), checksum redone. */
function fireFrame(address, serial) {
  const f = Buffer.from(R01, 'hex');
  f.writeUInt16LE(serial, 2);
  const bj = new Date(Date.now() + 8 * 3600_000);
  f.set([bj.getUTCSeconds(), bj.getUTCMinutes(), bj.getUTCHours(), bj.getUTCDate(), bj.getUTCMonth() + 1, bj.getUTCFullYear() % 100], 6);
  f.writeUIntLE(address, 12, 6);
  const adu = f.readUInt16LE(24);
  let sum = 0;
  for (let i = 2; i <= 26 + adu; i++) sum += f[i];
  f[27 + adu] = sum & 0xff;
  return f;
}

/** Sends one frame to the gateway as a unit and waits for its confirm (command 3). */
function sendAsUnit({ host, port }, frame) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => socket.write(frame));
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('no answer from the GB26875 gateway within 5 s'))), 5000);
    socket.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 30 && got.subarray(-2).toString() === '##') {
        clearTimeout(timer);
        socket.end();
        resolve(got[26]);
      }
    });
    socket.on('error', (e) => (clearTimeout(timer), reject(e)));
  });
}

/**
 * Makes a GB/T 26875.3 unit in village1's area report a fire through the server's gateway (started
 * by startServer with --gb26875-listen) and answers the alarm the server raised ({id}).
 */
export async function raiseFireAlarm({ api, gb26875 }) {
  assert(gb26875, 'the e2e server runs the GB26875 gateway');
  const devices = (await api.as('village1', 'GET', '/devices?page_size=200')).body?.items ?? [];
  const device = devices.find((d) => d.protocol === 'gb26875' && Number.isInteger(d.unit_address));
  assert(device, 'village1 has a GB26875 demo device');
  const before = new Set(((await api.as('town', 'GET', `/alarms?device_id=${device.id}&page_size=100`)).body?.items ?? []).map((a) => a.id));
  const command = await sendAsUnit(gb26875, fireFrame(device.unit_address, 1 + Math.floor(Math.random() * 60000)));
  assertEqual(command, 3, 'the gateway confirms the fire frame (command 3)');
  for (let i = 0; i < 100; i++) {
    const now = (await api.as('town', 'GET', `/alarms?device_id=${device.id}&kind=fire&status=active&page_size=100`)).body?.items ?? [];
    const made = now.find((a) => !before.has(a.id));
    if (made) return made;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no fire alarm raised for unit ${device.unit_address} within 5 s of its confirmed frame`);
}

export const alarmScenarios = [
  {
    name: 'devices page: village1 lists its devices, filters the offline ones and opens an enterprise file; on a phone as cards; enterprise1 sees only its own',
    async run({ browser, base }) {
      const api = apiClient(base);
      const all = (await api.as('village1', 'GET', '/devices?page_size=20')).body;
      const offline = (await api.as('village1', 'GET', '/devices?online=false&page_size=20')).body;
      assert(all.total > 0, 'the seed gives village1 devices');

      const { page, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'village1');
      await page.goto(`${base}/devices`);
      const list = page.locator('[data-testid=devices-list]');
      await list.locator(`[data-device="${all.items[0].id}"]`).first().waitFor();
      assert((await page.locator('[data-testid=device-total]').textContent()).includes(String(all.total)), 'the total is the server\'s');
      await page.locator('[data-online-filter=false]').click();
      await page.waitForURL((u) => u.searchParams.get('online') === 'false');
      await page.waitForFunction((n) => document.querySelector('[data-testid=device-total]')?.textContent?.includes(String(n)), offline.total);
      const shown = await list.locator('[data-testid=device-enterprise-link]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-device'))));
      assertEqual(shown, offline.items.map((d) => d.id), 'the offline filter lists what GET /devices?online=false answers');
      await page.screenshot({ path: artifactPath('devices-page-village1.png') });
      if (offline.items.length) {
        await list.locator('[data-testid=device-enterprise-link]').first().click();
        await page.waitForURL((u) => u.pathname === `/enterprises/${offline.items[0].enterprise_id}` && u.searchParams.get('tab') === 'devices');
        await page.locator('[data-testid=enterprise-devices]').waitFor();
      }
      assertEqual(problems, [], 'no page errors for village1');

      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'village1');
      await phone.page.goto(`${base}/devices`);
      const cards = phone.page.locator('[data-testid=devices-list][data-shape=cards] [data-device]');
      await cards.first().waitFor();
      assertEqual(await cards.count(), all.items.length, 'one card per device of the first page');
      await noOverflow(phone.page, 'devices at 390 px');
      await phone.page.screenshot({ path: artifactPath('devices-page-390.png') });
      assertEqual(phone.problems, [], 'no page errors on the phone');

      const me = (await api.as('enterprise1', 'GET', '/me')).body;
      const own = (await api.as('enterprise1', 'GET', '/devices?page_size=20')).body;
      assert(own.items.every((d) => d.enterprise_id === me.enterprise_id), 'GET /devices scopes enterprise1 to its own');
      const ent = await newPage(browser, { viewport: DESKTOP });
      await login(ent.page, base, 'enterprise1');
      await ent.page.goto(`${base}/devices`);
      await ent.page.locator(`[data-testid=devices-list] [data-device="${own.items[0].id}"]`).first().waitFor();
      const entShown = await ent.page.locator('[data-testid=device-enterprise-link]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-device'))));
      assertEqual(entShown, own.items.map((d) => d.id), "enterprise1's devices page");
      assertEqual(ent.problems, [], 'no page errors for enterprise1');
    },
  },
  {
    name: 'alarms page: town filters and acknowledges then converts an alarm (the actions are the server\'s), the hazard is linked; village2 cannot open it; enterprise1 on a phone',
    async run({ browser, base }) {
      const api = apiClient(base);
      const listed = await get200(api, 'town', '/alarms?status=active&page_size=100');
      const target = listed.body.items.find((a) => a.allowed_actions.includes('acknowledge'));
      assert(target, 'the demo has an active alarm town may acknowledge');

      const { page, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.goto(`${base}/alarms?status=active`);
      await page.locator(`[data-testid=alarms-list] [data-alarm="${target.id}"]`).first().waitFor();
      assert((await page.locator('[data-testid=alarm-total]').textContent()).includes(String(listed.body.total)), 'the total is the server\'s');
      await page.locator(`[data-testid=alarms-list] [data-alarm="${target.id}"]`).first().click();
      const detail = page.locator(`[data-testid=alarm-detail][data-alarm="${target.id}"]`);
      await detail.locator('[data-testid=alarm-actions]').waitFor();
      const offered = await detail.locator('[data-testid=alarm-actions] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      const fresh = (await api.as('town', 'GET', `/alarms/${target.id}`)).body;
      assertEqual(offered, fresh.allowed_actions, 'the buttons are the allowed_actions of GET /alarms/{id}');
      await detail.locator('[data-action=acknowledge]').click();
      await detail.locator('[data-testid=alarm-action-done]').waitFor();
      const acked = (await api.as('town', 'GET', `/alarms/${target.id}`)).body;
      assertEqual(acked.status, 'acknowledged', 'the server acknowledged it');
      await detail.locator('[data-step=acknowledged]').waitFor();
      if (acked.allowed_actions.includes('convert')) {
        await detail.locator('[data-action=convert]').click();
        await detail.locator('[data-testid=alarm-confirm] textarea').fill('e2e: 现场核实为真实火情隐患');
        await detail.locator('[data-testid=alarm-confirm-submit]').click();
        const link = detail.locator('[data-testid=alarm-hazard-link]');
        await link.waitFor();
        const converted = (await api.as('town', 'GET', `/alarms/${target.id}`)).body;
        assert(converted.hazard_id, 'convert linked a hazard');
        assertEqual(await link.getAttribute('href'), `/hazards/${converted.hazard_id}`, 'the hazard link');
      }
      await page.screenshot({ path: artifactPath('alarms-page-town.png') });
      assertEqual(problems, [], 'no page errors for town');

      // scope: village2 neither gets it from the server nor sees it in its page
      const village1 = (await api.as('village1', 'GET', '/alarms?page_size=100')).body.items;
      if (village1.length) {
        const other = await api.as('village2', 'GET', `/alarms/${village1[0].id}`);
        assertEqual(other.status, 404, "village1's alarm is outside village2's scope");
        const v2 = await newPage(browser, { viewport: DESKTOP });
        await login(v2.page, base, 'village2');
        await v2.page.goto(`${base}/alarms?open=${village1[0].id}`);
        await v2.page.locator('[data-testid=alarm-drawer] [data-state=error]').waitFor();
        assertEqual(await v2.page.locator(`[data-testid=alarms-list] [data-alarm="${village1[0].id}"]`).count(), 0, 'not in village2\'s list');
      }

      const own = (await api.as('enterprise1', 'GET', '/alarms?page_size=20')).body;
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'enterprise1');
      await phone.page.goto(`${base}/alarms`);
      if (own.items.length) {
        const a = own.items[0];
        await phone.page.locator(`[data-testid=alarms-list][data-shape=cards] [data-alarm="${a.id}"]`).click();
        const d = phone.page.locator(`[data-testid=alarm-detail][data-alarm="${a.id}"]`);
        await d.locator('[data-testid=alarm-history]').waitFor();
        const buttons = await d.locator('[data-testid=alarm-actions] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
        assertEqual(buttons, (await api.as('enterprise1', 'GET', `/alarms/${a.id}`)).body.allowed_actions, "enterprise1's buttons are the server's");
        assert(buttons.every((b) => b === 'acknowledge'), 'an enterprise only acknowledges');
      } else {
        await phone.page.locator('[data-testid=alarms-page] [data-state=empty]').waitFor();
      }
      await noOverflow(phone.page, 'alarms at 390 px');
      await phone.page.screenshot({ path: artifactPath('alarms-page-enterprise1-390.png') });
      assertEqual(phone.problems, [], 'no page errors for enterprise1');
    },
  },
  {
    name: 'alarms live: the dashboard panel follows the event stream within a second (town), and only in scope (village2); a new fire alarm flashes and shows the phone banner',
    async run({ browser, base, gb26875 }) {
      const api = apiClient(base);
      const listed = await get200(api, 'town', '/alarms?status=active&page_size=100');
      const events = await eventsEndpoint(base, await api.token('town'));
      assertEqual(events.status, 200, 'GET /events');
      assert(events.type.startsWith('text/event-stream'), `GET /events is an event stream, got ${events.type}`);

      const streamed = [];
      const town = await newPage(browser, { viewport: DESKTOP });
      town.page.on('response', (r) => r.url().includes('/api/v1/events') && streamed.push(r.headers()['content-type'] ?? ''));
      await login(town.page, base, 'town');
      await town.page.goto(`${base}/dashboard`);
      const panel = town.page.locator('[data-testid=live-alarms]');
      await town.page.locator('[data-testid=live-alarms][data-live=open]').waitFor();
      assert(streamed.some((t) => t.startsWith('text/event-stream')), 'the page opened the event stream');

      const village2 = await newPage(browser, { viewport: DESKTOP });
      await login(village2.page, base, 'village2');
      await village2.page.goto(`${base}/dashboard`);
      await village2.page.locator('[data-testid=live-alarms][data-live=open]').waitFor();

      // alarm.updated: an active alarm acknowledged through the API leaves the town's panel.
      const target = listed.body.items.find((a) => a.allowed_actions.includes('acknowledge'));
      if (target) {
        await panel.locator(`li[data-alarm="${target.id}"]`).waitFor();
        const acted = await api.as('town', 'POST', `/alarms/${target.id}/actions`, { action: 'acknowledge' });
        assertEqual(acted.status, 200, 'acknowledge through the API');
        const t0 = Date.now();
        await panel.locator(`li[data-alarm="${target.id}"]`).waitFor({ state: 'detached', timeout: LIVE_MS * 5 });
        const took = Date.now() - t0;
        assert(took < LIVE_MS, `the acknowledged alarm left the panel after ${took} ms (limit ${LIVE_MS})`);
      }

      // alarm.raised: a device reports a fire (the alarm source of this run, if any).
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'village1');
      const phoneStream = phone.page.waitForResponse((r) => r.url().includes('/api/v1/events'));
      await phone.page.goto(`${base}/hazards`);
      await phoneStream;
      const t0 = Date.now();
      const raised = await raiseFireAlarm({ api, gb26875 });
      await panel.locator(`li[data-alarm="${raised.id}"]`).waitFor({ timeout: LIVE_MS * 5 });
      const took = Date.now() - t0;
      assert(took < LIVE_MS, `the fire alarm reached the town's dashboard after ${took} ms (limit ${LIVE_MS})`);
      assertEqual(await panel.getAttribute('data-flash'), 'true', 'the panel flashes for a new fire alarm');
      await phone.page.locator(`[data-testid=alarm-banner][data-alarm="${raised.id}"]`).waitFor();
      await noOverflow(phone.page, 'the fire banner at 390 px');
      await phone.page.screenshot({ path: artifactPath('alarm-banner-390.png') });
      await phone.page.locator('[data-testid=alarm-banner-open]').click();
      await phone.page.waitForURL((u) => u.pathname === '/alarms' && u.searchParams.get('open') === String(raised.id));
      await village2.page.waitForTimeout(LIVE_MS);
      assertEqual(await village2.page.locator(`[data-testid=live-alarms] li[data-alarm="${raised.id}"]`).count(), 0, "village1's fire is not on village2's dashboard");
      await town.page.screenshot({ path: artifactPath('dashboard-live-alarms-town.png') });
      assertEqual(town.problems, [], 'no page errors for town');
      assertEqual(village2.problems, [], 'no page errors for village2');
      assertEqual(phone.problems, [], 'no page errors on the phone');
    },
  },
];
