// The browser scenarios of the issue, run against the real server on a seeded demo store.
// Each runs once; any failure (a missing endpoint included) fails it.
import { readFileSync } from 'node:fs';
import { DESKTOP, PASSWORD, PHONE, PNG, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';
import { evidenceScenarios } from './evidence.mjs';
import { findingsScenarios } from './findings.mjs';
import { phoneScenarios } from './phone.mjs';
import { smallScenarios } from './small.mjs';
import { citizenScenarios } from './citizen.mjs';
import { notifyScenarios } from './notify.mjs';
import { listScenarios } from './lists.mjs';
import { wordsScenarios } from './words.mjs';
import { riskScenarios } from './risk.mjs';
import { importScenarios } from './import.mjs';
import { buildingScenarios } from './buildings.mjs';
import { posterScenarios } from './posters.mjs';
import { registryScenarios } from './registry.mjs';
import { mapLayerScenarios } from './maplayers.mjs';
import { kindsScenarios } from './kinds.mjs';
import { planScenarios } from './plan.mjs';
import { stationScenarios } from './stations.mjs';
import { scorecardScenarios } from './scorecards.mjs';
import { reportScenarios } from './reports.mjs';
import { trainingScenarios } from './training.mjs';
import { signinScenarios } from './signin.mjs';
import { campaignScenarios } from './campaigns.mjs';
import { boundaryScenarios } from './boundary.mjs';
import { deviceScenarios } from './devices.mjs';
import { alarmScenarios } from './alarms.mjs';
import { countyScenarios } from './county.mjs';

const HAZARD_STATUSES = ['reported', 'rectifying', 'submitted', 'closed', 'rejected'];
const percent = (r) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
const CJK = /[\u4e00-\u9fff]/;

/** Logs in through the login page with a password other than the demo one. */
async function loginWith(page, base, username, password) {
  await page.goto(`${base}/login`);
  await page.locator('[data-testid=login-username]').fill(username);
  await page.locator('[data-testid=login-password]').fill(password);
  await page.locator('[data-testid=login-submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Saves a screenshot, and checks that the page fits its viewport's width (390 and 1440 px alike). */
async function shot(page, name) {
  await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: false });
  const { overflow, width } = await page.evaluate(() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth, width: window.innerWidth }));
  assert(overflow <= 0, `${name}: the page is ${overflow} px wider than the ${width} px viewport`);
}

function noProblems(problems, where) {
  assert(problems.length === 0, `${where}: ${problems.join(' | ')}`);
}

async function menuNames(page, selector) {
  await page.locator(`${selector} [data-menu]`).first().waitFor();
  return page.locator(`${selector} [data-menu]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')));
}

function isoDays(n) {
  return new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
}

export const scenarios = [
  {
    name: 'deep links load the app; unknown pages show its not-found page',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser);
      await page.goto(`${base}/hazards/12`);
      await page.waitForURL(/\/login\?redirect=/);
      assertEqual(new URL(page.url()).searchParams.get('redirect'), '/hazards/12', 'redirect after login');
      await page.goto(`${base}/no/such/page`);
      await page.locator('[data-testid=not-found]').waitFor();
      await shot(page, 'not-found');
      const api = await fetch(`${base}/api/v1/no-such-endpoint`);
      assertEqual(api.status, 404, 'unknown /api/ path status');
      const body = await api.json();
      assert(typeof body?.error?.code === 'string', `unknown /api/ path answers the error body, got ${JSON.stringify(body)}`);
      noProblems(problems, 'deep links');
      await context.close();
    },
  },

  {
    name: 'each role logs in and sees its own menus (desktop and phone)',
    async run({ browser, base }) {
      const expected = {
        admin: { home: '/dashboard', menu: ['dashboard', 'regions', 'enterprises', 'buildings', 'import', 'hazards', 'alarms', 'map', 'devices', 'inbox', 'scorecards', 'monthly-reports', 'audit', 'users'] },
        town: { home: '/dashboard', menu: ['dashboard', 'regions', 'enterprises', 'buildings', 'import', 'trainings', 'hazards', 'alarms', 'map', 'campaigns', 'stations', 'devices', 'inbox', 'scorecards', 'monthly-reports', 'audit', 'users'] },
        village1: { home: '/dashboard', menu: ['dashboard', 'regions', 'enterprises', 'buildings', 'trainings', 'hazards', 'alarms', 'map', 'campaigns', 'stations', 'devices', 'inbox', 'scorecards', 'monthly-reports'] },
        inspector1: { home: '/inspect', menu: ['inspect', 'plan', 'enterprises', 'hazards', 'alarms', 'map', 'campaigns', 'inbox'] },
        enterprise1: { home: '/hazards', menu: ['inspect', 'hazards', 'alarms', 'my-enterprise', 'inbox'] },
      };
      for (const [user, want] of Object.entries(expected)) {
        const { page, context, problems } = await newPage(browser);
        await login(page, base, user);
        await page.waitForURL((u) => u.pathname === want.home);
        assertEqual(await menuNames(page, '[data-testid=side-menu]'), want.menu, `${user}'s side menu`);
        await shot(page, `menu-${user}`);
        if (user === 'enterprise1') {
          await page.goto(`${base}/dashboard`);
          await page.locator('[data-testid=forbidden]').waitFor();
        }
        noProblems(problems, user);
        await context.close();
      }
      // On a phone: five tabs at most, the hazards and the inbox always there, the rest under 更多.
      const phone = {
        inspector1: { tabs: ['inspect', 'plan', 'hazards', 'inbox'], more: ['enterprises', 'alarms', 'map', 'campaigns'] },
        enterprise1: { tabs: ['inspect', 'hazards', 'alarms', 'my-enterprise', 'inbox'], more: [] },
        village1: { tabs: ['dashboard', 'regions', 'hazards', 'inbox'], more: ['enterprises', 'buildings', 'trainings', 'alarms', 'map', 'campaigns', 'stations', 'devices', 'scorecards', 'monthly-reports'] },
      };
      for (const [user, want] of Object.entries(phone)) {
        const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
        await login(page, base, user);
        assertEqual(await menuNames(page, '[data-testid=tab-bar]'), want.tabs, `${user}'s tab bar`);
        assertEqual(await page.locator('[data-testid=tab-more]').count(), want.more.length ? 1 : 0, `${user}'s 更多 tab`);
        if (want.more.length) {
          await page.locator('[data-testid=tab-more]').click();
          assertEqual(await menuNames(page, '.more-list'), want.more, `${user}'s 更多 entries`);
          await shot(page, `tabs-more-${user}-390`);
          await page.locator(`.more-list [data-menu=${want.more.at(-1)}]`).click();
          await page.waitForURL((u) => u.pathname === `/${want.more.at(-1)}`);
          await page.keyboard.press('Escape');
        }
        await shot(page, `tabs-${user}-390`);
        noProblems(problems, `${user} phone`);
        await context.close();
      }
    },
  },

  {
    name: "the town dashboard draws its cards and charts with the API's figures",
    async run({ browser, base }) {
      const api = apiClient(base);
      const tree = (await api.as('town', 'GET', '/regions')).body;
      const root = tree[0].id;
      const f = (await api.as('town', 'GET', `/stats/overview?region_id=${root}`)).body;
      const rows = (await api.as('town', 'GET', `/stats/regions?parent_id=${root}`)).body;
      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.waitForURL(/\/dashboard/);
      const kpi = (key) => page.locator(`[data-testid=kpi-${key}] [data-testid=kpi-value]`);
      await page.waitForFunction(() => document.querySelector('[data-testid=kpi-open] [data-testid=kpi-value]')?.textContent?.trim() !== '—');
      const s = f.hazards.by_status;
      assertEqual((await kpi('open').textContent()).trim(), String(f.hazards.total - (s.closed ?? 0) - (s.rejected ?? 0)), 'open hazards card');
      assertEqual((await kpi('overdue').textContent()).trim(), String(f.hazards.overdue), 'overdue card');
      assertEqual((await kpi('major').textContent()).trim(), String(f.hazards.major_open ?? f.hazards.by_severity.major ?? 0), 'major card');
      assertEqual((await kpi('rectification').textContent()).trim(), percent(f.rectification_rate), 'rectification rate card');
      assertEqual((await kpi('ontime').textContent()).trim(), percent(f.on_time_rate), 'on-time rate card');

      const series = async (id) => {
        const el = page.locator(`[data-testid=${id}]`);
        await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-ready') === 'true' || document.querySelector(`${sel} [data-state]`), `[data-testid=${id}]`);
        const raw = await el.getAttribute('data-series');
        return raw ? JSON.parse(raw) : null;
      };
      assert(f.hazards.total > 0 && f.enterprises.total > 0 && rows.length > 0, `the demo town has hazards, enterprises and regions, got ${JSON.stringify(f).slice(0, 200)}`);
      {
        assertEqual(await series('chart-status'), [HAZARD_STATUSES.map((k) => s[k] ?? 0)], 'status chart');
        assertEqual(await series('chart-severity'), [[f.hazards.by_severity.general ?? 0, f.hazards.by_severity.major ?? 0]], 'severity chart');
        assert((await page.locator('[data-testid=chart-status] canvas').count()) > 0, 'the status chart has a canvas');
      }
      {
        const r = f.enterprises.by_risk_level;
        assertEqual(await series('chart-risk'), [[r.red ?? 0, r.orange ?? 0, r.yellow ?? 0, r.blue ?? 0]], 'risk colour chart');
      }
      const points = (await api.as('town', 'GET', `/stats/trend?region_id=${root}&months=12`)).body;
      assert(Array.isArray(points) && points.length > 0 && points.every((p) => typeof p.month === 'string' && typeof p.found === 'number' && typeof p.closed === 'number'), `GET /stats/trend answers [{month, found, closed}], got ${JSON.stringify(points).slice(0, 200)}`);
      assertEqual(await series('chart-trend'), [points.map((p) => p.found), points.map((p) => p.closed)], 'trend chart');
      {
        await page.locator('[data-testid=ranking-table] .el-table__body tr').first().waitFor();
        assertEqual(await page.locator('[data-testid=ranking-table] .el-table__body tr').count(), rows.length, 'ranking rows');
      }
      await shot(page, 'dashboard-town-1440');
      // drill: the overdue card opens the overdue list
      await page.locator('[data-testid=kpi-overdue]').click();
      await page.waitForURL(/\/hazards\?.*overdue=true/);
      await page.locator('[data-testid=hazard-list]').waitFor();
      await shot(page, 'dashboard-drill-overdue');
      noProblems(problems, 'dashboard');
      await context.close();
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'town');
      await phone.page.locator('[data-testid=kpi-open]').waitFor();
      await phone.page.waitForTimeout(500);
      await shot(phone.page, 'dashboard-town-390');
      noProblems(phone.problems, 'dashboard on a phone');
      await phone.context.close();
    },
  },

  {
    name: 'search an enterprise and open its file',
    async run({ browser, base }) {
      const api = apiClient(base);
      const list = (await api.as('town', 'GET', '/enterprises?page_size=5')).body;
      assert(list.items.length > 0, 'the demo town has enterprises');
      const target = list.items[list.items.length - 1];
      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.goto(`${base}/enterprises`);
      await page.locator('[data-testid=enterprise-search]').fill(target.name);
      await page.locator('[data-testid=enterprise-search-submit]').click();
      await page.waitForURL(/[?&]q=/);
      const link = page.locator(`[data-testid=enterprise-list] [data-enterprise="${target.id}"]`);
      await link.waitFor();
      await shot(page, 'enterprise-search');
      await link.click();
      await page.waitForURL(new RegExp(`/enterprises/${target.id}$`));
      assertEqual((await page.locator('[data-testid=enterprise-name]').textContent()).trim(), target.name, 'file title');
      assert((await page.locator('[data-testid=enterprise-details]').textContent()).includes(target.credit_code), 'the file shows the credit code');
      await shot(page, 'enterprise-file');
      noProblems(problems, 'enterprise file');
      await context.close();
    },
  },

  {
    name: 'a citizen reports on a 390×844 phone, gets a tracking code, and its status page works',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      const loaded = [];
      page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
      await page.goto(`${base}/report`);
      await page.locator('[data-testid=report-submit]').click();
      await page.locator('[data-testid=error-description]').waitFor();
      await page.locator('[data-testid=report-description]').fill('厂房一楼生产、二楼住人，楼梯堆满布料');
      await page.locator('[data-testid=report-address]').fill('匡堰镇倡隆村工业路 18 号');
      await page.locator('[data-testid=report-contact]').fill('13900000000');
      await page.locator('[data-testid=report-photo]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
      await shot(page, 'report-form-390');
      await page.locator('[data-testid=report-submit]').click();
      const code = (await page.locator('[data-testid=tracking-code]').textContent()).trim();
      assert(code.length >= 4, `a tracking code is shown, got "${code}"`);
      const link = await page.locator('[data-testid=status-link]').inputValue();
      assertEqual(link, `${base}/report/${encodeURIComponent(code)}`, 'copyable status link');
      await shot(page, 'report-done-390');
      assertEqual(await page.locator('[data-testid=photo-skipped]').count(), 0, 'the photo went with the report (POST /public/attachments)');
      const heavy = loaded.filter((p) => /(echarts|element-plus|app-layout)/.test(p));
      assertEqual(heavy, [], 'the citizen page loads no ECharts, Element Plus or staff layout');
      await page.locator('[data-testid=open-status]').click();
      await page.waitForURL(new RegExp(`/report/${code}$`));
      const status = page.locator('[data-testid=report-status]');
      await status.waitFor();
      assertEqual(await status.getAttribute('data-status'), 'reported', 'status of a new report');
      await shot(page, 'report-status-390');
      const r = await fetch(`${base}/api/v1/public/reports/${encodeURIComponent(code)}`);
      assertEqual(r.status, 200, 'GET /public/reports/{code}');
      const seen = await r.json();
      assertEqual(Object.keys(seen).sort(), ['status', 'updated_at'], 'the public status page gets the status and nothing else');
      {
        // The town sees the report as a reported hazard, with the citizen's photo.
        const api = apiClient(base);
        let mine;
        for (let p = 1; p <= 50 && !mine; p++) {
          const list = (await api.as('town', 'GET', `/hazards?status=reported&page_size=200&page=${p}`)).body;
          mine = list.items.find((h) => h.description === '厂房一楼生产、二楼住人，楼梯堆满布料');
          if (list.items.length < 200) break;
        }
        assert(mine, 'the report is in the town\'s reported hazards');
        const full = (await api.as('town', 'GET', `/hazards/${mine.id}`)).body;
        assertEqual(full.attachments?.length, 1, 'the report carries the citizen\'s photo');
      }
      noProblems(problems, 'citizen report');
      await context.close();
    },
  },

  {
    name: 'switching to English changes the texts, is remembered, and asks the server for English',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser);
      const languages = [];
      let switched = false; // the page's first load asks in Chinese (GET /config): count from the switch on
      // The event stream is opened by EventSource, which cannot set headers; it carries no words.
      page.on('request', (r) => switched && r.url().includes('/api/v1/') && !r.url().includes('/api/v1/events') && languages.push(r.headers()['accept-language']));
      await page.goto(`${base}/login`);
      const submit = page.locator('[data-testid=login-submit]');
      assert((await submit.textContent()).includes('登录'), 'Chinese by default');
      switched = true;
      await page.locator('[data-locale="en-US"]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en-US');
      assertEqual((await submit.textContent()).trim(), 'Log in', 'login button in English');
      await page.reload();
      assertEqual((await page.locator('[data-testid=login-submit]').textContent()).trim(), 'Log in', 'English remembered after reload');
      await page.locator('[data-testid=login-username]').fill('town');
      await page.locator('[data-testid=login-password]').fill('wrong-password');
      await page.locator('[data-testid=login-submit]').click();
      const error = (await page.locator('[data-testid=login-error]').textContent()).trim();
      assert(error && !CJK.test(error), `the server's error is shown in English, got "${error}"`);
      await login(page, base, 'town');
      const menu = await page.locator('[data-testid=side-menu]').textContent();
      assert(menu.includes('Dashboard') && menu.includes('Hazards') && !CJK.test(menu), `menu in English, got "${menu}"`);
      await page.locator('[data-testid=chart-trend][data-ready=true]').waitFor();
      const cards = await page.locator('[data-testid=kpi-open]').textContent();
      assert(cards.includes('Open hazards') && !CJK.test(cards), `dashboard cards in English, got "${cards}"`);
      await shot(page, 'english-dashboard');
      assert(languages.length > 0 && languages.every((l) => l === 'en'), `API requests send Accept-Language: en, got ${[...new Set(languages)]}`);
      noProblems(problems, 'English');
      await context.close();
    },
  },

  {
    name: 'a hazard goes round the closed loop across three roles (inspector → enterprise → inspector)',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('enterprise1', 'GET', '/me')).body;
      const own = (await api.as('enterprise1', 'GET', `/enterprises/${me.enterprise_id}`)).body;

      // 1. the inspector inspects the enterprise on a phone: one item fails, with a note and a photo
      const insp = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(insp.page, base, 'inspector1');
      await insp.page.waitForURL(/\/inspect/);
      await insp.page.locator('[data-testid=inspect-search]').fill(own.name);
      await insp.page.locator(`[data-testid=inspect-enterprises] [data-enterprise="${own.id}"]`).click();
      await insp.page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = insp.page.locator('[data-item]');
      const n = await items.count();
      assert(n > 0, 'the checklist has items');
      for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
      await insp.page.locator('[data-testid=inspect-note]').fill('一楼疏散通道堆满布料卷');
      await insp.page.locator('[data-testid=inspect-photo]').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: PNG });
      await items.nth(0).locator('.sg-photos img').waitFor();
      await shot(insp.page, 'lifecycle-0-inspection');
      await insp.page.locator('[data-testid=inspect-submit]').click();
      await insp.page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();
      const opened = insp.page.locator('[data-testid=inspect-done] .hazard-links a');
      assertEqual(await opened.count(), 1, 'hazards opened by the one failed item');
      await opened.click();
      await insp.page.waitForURL(/\/hazards\/\d+$/);
      const id = Number(new URL(insp.page.url()).pathname.split('/').pop());
      await insp.page.locator('[data-testid=hazard-status][data-status=rectifying]').waitFor();
      await shot(insp.page, 'lifecycle-1-created');
      const created = (await api.as('inspector1', 'GET', `/hazards/${id}`)).body;
      assertEqual([created.enterprise_id, created.attachments?.length], [own.id, 1], "the hazard is the enterprise's, with the inspector's photo");
      assert(created.due_at, 'the hazard has a deadline');
      // He may submit an on-the-spot fix, but the next move is the enterprise's: not his main button.
      assertEqual(await insp.page.locator('[data-action=submit]').getAttribute('data-primary'), null, "the inspector's submit is not the main button");
      noProblems(insp.problems, 'inspector inspects');
      await insp.context.close();

      // 2. the enterprise owner submits the rectification with a photo
      const owner = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(owner.page, base, 'enterprise1');
      await owner.page.locator(`[data-testid=hazard-list] [data-hazard="${id}"]`).click();
      assertEqual(await owner.page.locator('[data-action=submit]').getAttribute('data-primary'), 'true', "the enterprise's main button is submit");
      await owner.page.locator('[data-action=submit]').click();
      await owner.page.locator('[data-testid=action-submit]').click();
      await owner.page.locator('[data-testid=action-form-submit] .el-form-item__error').first().waitFor();
      await owner.page.locator('[data-testid=action-comment]').fill('已清理通道，布料移至仓库');
      await owner.page.locator('[data-testid=action-photo]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PNG });
      await owner.page.locator('[data-testid=action-submit]').click();
      await owner.page.locator('[data-testid=hazard-status][data-status=submitted]').waitFor();
      await shot(owner.page, 'lifecycle-2-submitted');
      noProblems(owner.problems, 'enterprise submits');
      await owner.context.close();

      // 3. the inspector re-checks with a photo and approves: closed
      const back = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(back.page, base, 'inspector1');
      await back.page.goto(`${base}/hazards/${id}`);
      assertEqual(await back.page.locator('[data-action=approve]').getAttribute('data-primary'), 'true', "the reviewer's main button is approve");
      await back.page.locator('[data-action=approve]').click();
      await back.page.locator('[data-testid=action-photo]').setInputFiles({ name: 'recheck.png', mimeType: 'image/png', buffer: PNG });
      await back.page.locator('[data-testid=action-submit]').click();
      await back.page.locator('[data-testid=hazard-status][data-status=closed]').waitFor();
      await back.page.locator('[data-testid=hazard-timeline] [data-entry=approve]').waitFor();
      // one photo before (the inspector's); after: the enterprise's and the re-check's; all actually loaded
      for (const [which, n] of [['before', 1], ['after', 2]]) {
        const imgs = back.page.locator(`[data-testid=photos-${which}] img`);
        assertEqual(await imgs.count(), n, `${which} photos`);
        await imgs.first().scrollIntoViewIfNeeded();
        await back.page.waitForFunction((sel) => document.querySelector(sel)?.complete && document.querySelector(sel).naturalWidth > 0, `[data-testid=photos-${which}] img`);
      }
      assert((await back.page.locator('[data-testid=hazard-timeline] [data-entry=submit]').count()) === 1, 'the timeline shows the submission');
      await shot(back.page, 'lifecycle-3-closed');
      noProblems(back.problems, 'inspector approves');
      await back.context.close();

      const final = (await api.as('town', 'GET', `/hazards/${id}`)).body;
      assertEqual(final.status, 'closed', 'status seen by the town');
      assertEqual(final.history.map((h) => h.to).slice(-2), ['submitted', 'closed'], 'last transitions');
      assertEqual(final.history.at(-1).attachments.length, 1, 'the re-check photo is in the approval');
      assert(final.history.at(-1).actor_id !== final.history.at(-2).actor_id, 'approved by someone other than the submitter');
    },
  },

  {
    name: 'who submitted never signs off; a return asks the new deadline and the toast names it',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('enterprise1', 'GET', '/me')).body;
      const tomorrow = new Date(Date.now() + 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const title = `e2e 灭火器压力不足 ${Date.now() % 100000}`;
      const created = await api.as('inspector1', 'POST', '/hazards', { enterprise_id: me.enterprise_id, title, description: '二楼灭火器指针在红区', severity: 'general', category: 'extinguisher', due_at: tomorrow });
      assertEqual(created.status, 201, 'hazard created');
      const id = created.body.id;
      const submitted = await api.as('inspector1', 'POST', `/hazards/${id}/actions`, { action: 'submit', comment: '当场更换灭火器' });
      assertEqual(submitted.status, 200, 'the inspector submits an on-the-spot fix');
      const own = await api.as('inspector1', 'POST', `/hazards/${id}/actions`, { action: 'approve' });
      assertEqual([own.status, own.body?.error?.code], [409, 'same_person'], 'the submitter may not approve it');

      const insp = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(insp.page, base, 'inspector1');
      await insp.page.goto(`${base}/hazards/${id}`);
      await insp.page.locator('[data-testid=hazard-status][data-status=submitted]').waitFor();
      assertEqual(await insp.page.locator('[data-testid=hazard-actions]').count(), 0, 'no sign-off buttons for the submitter');
      noProblems(insp.problems, 'the submitter opens the hazard');
      await insp.context.close();

      const town = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(town.page, base, 'town');
      await town.page.goto(`${base}/hazards/${id}`);
      await town.page.locator('[data-action=approve]').waitFor();
      assertEqual(await town.page.locator('[data-action=approve]').getAttribute('data-primary'), 'true', 'approve is the main button');
      await town.page.locator('[data-action=return]').click();
      await town.page.locator('[data-testid=action-comment]').fill('型号不符，请更换 ABC 干粉灭火器');
      await town.page.locator('[data-testid=action-submit]').click();
      // The deadline is a day away: the form asks a new one (the hazard's return_needs_due_at).
      await town.page.locator('[data-testid=action-form-return] .el-form-item__error').first().waitFor();
      const picked = isoDays(10);
      const due = town.page.locator('[data-testid=action-form-return] .el-date-editor input');
      await due.click();
      await due.fill(picked);
      await due.press('Enter');
      const send = town.page.locator('[data-testid=action-submit]');
      if (await send.isVisible()) await send.click();
      await town.page.locator('[data-testid=hazard-status][data-status=rectifying]').waitFor();
      const [, month, day] = picked.split('-').map(Number);
      const toast = town.page.locator('.el-message--success').filter({ hasText: '已退回' });
      await toast.waitFor();
      assert((await toast.textContent()).includes(`新期限 ${month}月${day}日`), `the toast names the new deadline: ${await toast.textContent()}`);
      await shot(town.page, 'hazard-returned-new-deadline');
      const after = (await api.as('town', 'GET', `/hazards/${id}`)).body;
      const days = (Date.parse(after.due_at) - Date.now()) / 86400e3;
      assert(days > 9 && days < 11.1, `the new deadline is the picked day, got ${after.due_at}`);
      assertEqual(after.overdue, false, 'not overdue after the return');
      noProblems(town.problems, 'town returns');
      await town.context.close();
    },
  },

  {
    name: 'staff record a hazard with the form (deadline and photo); it starts in rectifying',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('enterprise1', 'GET', '/me')).body;
      const title = `e2e 疏散通道堵塞 ${Date.now() % 100000}`;
      const insp = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(insp.page, base, 'inspector1');
      await insp.page.goto(`${base}/hazards?new=1&enterprise_id=${me.enterprise_id}`);
      await insp.page.locator('[data-testid=hazard-create-title]').fill(title);
      await insp.page.locator('[data-testid=hazard-create-description]').fill('一楼疏散通道堆满布料卷');
      const due = insp.page.locator('[data-testid=hazard-create-form] .el-date-editor input');
      await due.click();
      await due.fill(isoDays(7));
      await due.press('Enter');
      await insp.page.locator('[data-testid=hazard-create-photo]').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: PNG });
      await insp.page.locator('[data-testid=hazard-create-submit]').click();
      await insp.page.waitForURL(/\/hazards\/\d+$/);
      const id = Number(new URL(insp.page.url()).pathname.split('/').pop());
      await insp.page.locator('[data-testid=hazard-status][data-status=rectifying]').waitFor();
      await shot(insp.page, 'hazard-form-created');
      const h = (await api.as('inspector1', 'GET', `/hazards/${id}`)).body;
      assertEqual([h.title, h.enterprise_id, h.attachments?.length], [title, me.enterprise_id, 1], 'the recorded hazard');
      const days = (Date.parse(h.due_at) - Date.now()) / 86400e3;
      assert(days > 6 && days < 8, `the deadline is the picked day, 7 days ahead, got ${h.due_at}`);
      noProblems(insp.problems, 'hazard form');
      await insp.context.close();
    },
  },

  {
    name: 'the inspector inspects offline; the submission is sent exactly once when back online',
    async run({ browser, base }) {
      const api = apiClient(base);
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first().waitFor();
      const ready = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 15000))]));
      assert(ready, 'the service worker is active');
      await page.reload(); // now controlled by the service worker
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first().waitFor();

      await context.setOffline(true);
      await page.reload();
      await page.locator('[data-testid=offline-banner]').waitFor();
      await page.locator('[data-testid=offline-data-note]').waitFor();
      const first = page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first();
      const enterpriseId = Number(await first.getAttribute('data-enterprise'));
      const before = (await api.as('inspector1', 'GET', `/hazards?enterprise_id=${enterpriseId}&page_size=1`)).body.total;
      const inspectionsBefore = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.total;
      await first.click();
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      assert(n > 0, 'the checklist has items');
      for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
      await page.locator('[data-testid=inspect-note]').fill('一楼安全出口被货物堵塞');
      await page.locator('[data-testid=inspect-photo]').setInputFiles({ name: 'fail.png', mimeType: 'image/png', buffer: PNG });
      await shot(page, 'offline-1-answers');
      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done][data-sent=false]').waitFor();
      await page.locator('[data-testid=pending-count-inspect][data-count="1"]').waitFor();
      await shot(page, 'offline-2-queued');

      // The first POST reaches the server but its answer is lost: the retry must not apply it twice.
      let intercepted = 0;
      await page.route('**/api/v1/inspections', async (route) => {
        if (route.request().method() === 'POST' && intercepted++ === 0) {
          await route.fetch();
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      await context.setOffline(false);
      await page.waitForFunction(() => !document.querySelector('[data-testid=offline-banner]'));
      const queue = page.locator('[data-testid=offline-queue]');
      for (let i = 0; i < 10 && (await queue.count()) > 0; i++) {
        const button = page.locator('[data-testid=sync-now]');
        if ((await button.count()) && (await button.isEnabled())) await button.click().catch(() => undefined);
        await page.waitForTimeout(700);
      }
      assertEqual(await queue.count(), 0, 'nothing left waiting');
      const after = (await api.as('inspector1', 'GET', `/hazards?enterprise_id=${enterpriseId}&page_size=1`)).body.total;
      assertEqual(after - before, 1, 'hazards opened by the one failed item');
      const inspectionsAfter = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.total;
      assertEqual(inspectionsAfter - inspectionsBefore, 1, 'inspections recorded (exactly once)');
      await shot(page, 'offline-3-synced');
      assert(intercepted >= 2, `the lost answer was retried (POSTs seen: ${intercepted})`);
      noProblems(problems, 'offline inspection');
      await context.close();
    },
  },

  {
    name: "the inspector's half-answered checklist is kept when they leave, and cleared on submit",
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      const first = page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first();
      await first.waitFor();
      const enterpriseId = await first.getAttribute('data-enterprise');
      await first.click();
      const checklist = page.locator('[data-testid=inspect-checklists] [data-checklist]').first();
      const checklistId = await checklist.getAttribute('data-checklist');
      await checklist.click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      assert(n >= 2, `the checklist has at least two items, got ${n}`);
      // half of it: a failure with a note and a photo, then a pass
      await items.nth(0).locator('[data-result=fail]').click();
      await page.locator('[data-testid=inspect-note]').fill('二楼疏散楼梯堆放纸箱');
      await page.locator('[data-testid=inspect-photo]').setInputFiles({ name: 'draft.png', mimeType: 'image/png', buffer: PNG });
      await items.nth(0).locator('.sg-photos img').waitFor();
      await items.nth(1).locator('[data-result=pass]').click();
      await page.waitForTimeout(800); // the draft is saved a moment after the last change

      // leave for another page, and reload the app for good measure
      await page.goto(`${base}/hazards`);
      await page.locator('[data-testid=hazard-list]').waitFor();
      await page.goto(`${base}/inspect`);
      const resume = page.locator(`[data-testid=inspect-drafts] [data-draft="${enterpriseId}:${checklistId}"]`);
      await resume.waitFor();
      await shot(page, 'draft-1-listed');
      await resume.click();
      await page.locator('[data-testid=inspect-draft-restored]').waitFor();
      const restored = page.locator('[data-item]');
      assertEqual(await restored.nth(0).locator('[data-result=fail]').getAttribute('aria-checked'), 'true', 'first answer restored');
      assertEqual(await restored.nth(1).locator('[data-result=pass]').getAttribute('aria-checked'), 'true', 'second answer restored');
      assertEqual(await page.locator('[data-testid=inspect-note]').inputValue(), '二楼疏散楼梯堆放纸箱', 'note restored');
      assertEqual(await restored.nth(0).locator('.sg-photos img').count(), 1, 'photo restored');
      await shot(page, 'draft-2-restored');

      // "start over" empties it; the answers are gone and so is the draft
      await page.locator('[data-testid=inspect-draft-discard]').click();
      await page.waitForFunction(() => !document.querySelector('[data-testid=inspect-draft-restored]'));
      assertEqual(await page.locator('[data-item] [aria-checked=true]').count(), 0, 'no answer after starting over');

      // answer again, submit offline (queued, nothing sent): the draft is cleared on submit
      await context.setOffline(true);
      for (let i = 0; i < n; i++) await page.locator('[data-item]').nth(i).locator('[data-result=na]').click();
      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done]').waitFor();
      await page.locator('[data-testid=inspect-again]').click();
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first().waitFor();
      await page.waitForTimeout(300);
      assertEqual(await page.locator(`[data-testid=inspect-drafts] [data-draft="${enterpriseId}:${checklistId}"]`).count(), 0, 'the draft is gone after submitting');
      // Nothing of this test must reach the server: throw the queued entry away.
      const queued = page.locator('[data-testid=offline-queue] [data-entry]');
      assertEqual(await queued.count(), 1, 'the submission waits in the queue');
      await page.evaluate(async () => {
        const db = await new Promise((res, rej) => {
          const r = indexedDB.open('safegrid');
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        await new Promise((res) => {
          const tx = db.transaction('queue', 'readwrite');
          tx.objectStore('queue').clear();
          tx.oncomplete = res;
        });
        db.close();
      });
      noProblems(problems, 'checklist draft');
      await context.close();
    },
  },

  {
    name: 'enterprises on a map without tiles (list page and file)',
    async run({ browser, base }) {
      const api = apiClient(base);
      const cfg = await fetch(`${base}/app-config.json`);
      assertEqual(cfg.status, 200, 'GET /app-config.json (runtime config served from web/dist)');
      const all = [];
      for (let p = 1; p <= 10; p++) {
        const batch = (await api.as('village1', 'GET', `/enterprises?page_size=200&page=${p}`)).body;
        all.push(...batch.items);
        if (batch.items.length < 200) break;
      }
      const placed = all.filter((e) => typeof e.lat === 'number' && typeof e.lng === 'number' && !(e.lat === 0 && e.lng === 0));
      const { page, context, problems } = await newPage(browser);
      const tiles = [];
      page.on('request', (r) => /\.(png|jpg|webp)(\?|$)/.test(r.url()) && !r.url().startsWith(base) && tiles.push(r.url()));
      await login(page, base, 'village1');
      await page.goto(`${base}/enterprises?view=map`);
      const map = page.locator('[data-testid=enterprise-map]');
      await map.waitFor();
      assertEqual(await map.getAttribute('data-tiles'), 'off', 'no tile URL configured: no tiles');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=enterprise-map] path.sg-marker').length === n, placed.length, { timeout: 20_000 });
      await shot(page, 'map-enterprises');
      assertEqual(tiles, [], 'no tile requests without a tile URL');
      assert(placed.length > 0, 'some of the village\'s enterprises have a position on file');
      {
        // a marker opens the file, whose details tab shows the enterprise on its own map
        const target = placed[0];
        // (co-tenants share a position: dispatch on the marker itself rather than click a point)
        await page.locator(`[data-testid=enterprise-map] path.sg-marker-${target.id}`).dispatchEvent('click');
        await page.waitForURL(new RegExp(`/enterprises/${target.id}$`));
        await page.locator('[data-testid=enterprise-file-map] path.sg-marker').first().waitFor();
        await shot(page, 'map-enterprise-file');
      }
      noProblems(problems, 'maps');
      await context.close();
    },
  },

  {
    name: 'the inspector finds the nearest enterprises by GPS, in a list and on a map',
    async run({ browser, base }) {
      const api = apiClient(base);
      const list = (await api.as('inspector1', 'GET', '/enterprises?page_size=200')).body.items;
      const placed = list.filter((e) => typeof e.lat === 'number' && typeof e.lng === 'number' && !(e.lat === 0 && e.lng === 0));
      assert(placed.length > 0, "some of the inspector's enterprises have a position on file");
      const target = placed[Math.floor(placed.length / 2)];
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: { latitude: target.lat, longitude: target.lng } });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first().waitFor();
      await page.locator('[data-testid=inspect-nearest]').click();
      await page.locator('[data-testid=inspect-map] path.sg-here').waitFor();
      const markers = await page.locator('[data-testid=inspect-map] path.sg-marker').count();
      assert(markers > 0 && markers <= 50, `the map shows the nearest enterprises, got ${markers} markers`);
      const nearest = await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first();
      const nearestId = Number(await nearest.getAttribute('data-enterprise'));
      const first = (await api.as('inspector1', 'GET', `/enterprises/${nearestId}`)).body;
      assertEqual([first.lat, first.lng], [target.lat, target.lng], 'the first in the list is where the phone is');
      await shot(page, 'inspect-nearest-390');
      await page.locator(`[data-testid=inspect-map] path.sg-marker-${nearestId}`).dispatchEvent('click');
      await page.locator('[data-testid=inspect-checklists]').waitFor();
      noProblems(problems, 'nearest by GPS');
      await context.close();
    },
  },

  {
    name: 'the admin creates a user; the form shows its own and the server\'s field errors',
    async run({ browser, base }) {
      const api = apiClient(base);
      const tree = (await api.as('admin', 'GET', '/regions')).body;
      const village = tree[0].children.find((r) => r.kind === 'village');
      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'admin');
      await page.goto(`${base}/users`);
      await page.locator('[data-testid=users-list] [data-user=town]').waitFor();
      await page.locator('[data-testid=users-new]').click();
      const form = page.locator('[data-testid=users-form]');
      await page.locator('[data-testid=users-submit]').click();
      await form.locator('.el-form-item__error').first().waitFor();
      assert((await form.locator('.el-form-item__error').count()) >= 3, 'username, password and role are marked');
      await page.locator('[data-testid=users-username]').fill('town'); // taken
      await page.locator('[data-testid=users-password]').fill('demo12345');
      await page.locator('[data-testid=users-role]').click();
      await page.locator('.el-select-dropdown__item[data-role=village]').click();
      await page.locator('[data-testid=users-region]').click();
      await page.locator(`.el-select-dropdown__item[data-region="${village.id}"]`).click();
      await page.locator('[data-testid=users-submit]').click();
      const usernameError = form.locator('.el-form-item:has([data-testid=users-username]) .el-form-item__error');
      await usernameError.waitFor();
      const said = (await usernameError.textContent()).trim();
      assert(said.length > 0, 'the server says at the username field that it is taken');
      await shot(page, 'users-taken');
      const name = `e2e${Date.now() % 1000000}`;
      await page.locator('[data-testid=users-username]').fill(name);
      await page.locator('[data-testid=users-display-name]').fill('测试村干部');
      await page.locator('[data-testid=users-submit]').click();
      await page.locator(`[data-testid=users-list] [data-user=${name}]`).waitFor();
      await shot(page, 'users-created');
      const login2 = await api.call('POST', '/auth/login', { body: { username: name, password: 'demo12345' } });
      assertEqual(login2.status, 200, 'the new user can log in');
      assertEqual([login2.body.user.role, login2.body.user.region_id], ['village', village.id], 'role and region of the new user');
      noProblems(problems, 'users');
      await context.close();
    },
  },

  {
    name: 'documents: the hazard list exports to Excel; the notice PDF opens with the session cookie alone',
    async run({ browser, base }) {
      const api = apiClient(base);
      const h = (await api.as('town', 'GET', '/hazards?status=rectifying&page_size=1')).body.items[0];
      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.goto(`${base}/hazards?status=rectifying`);
      await page.locator('[data-testid=hazard-list]').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=hazard-export]').click()]);
      assert(download.suggestedFilename().endsWith('.xlsx'), `an .xlsx file, got ${download.suggestedFilename()}`);
      const bytes = readFileSync(await download.path());
      assertEqual(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the export is an .xlsx (zip) file');
      await page.goto(`${base}/hazards/${h.id}`);
      const href = await page.locator('[data-testid=hazard-notice]').getAttribute('href');
      assertEqual(href, `/api/v1/hazards/${h.id}/notice.pdf`, 'the notice link');
      // No Authorization header here: the HttpOnly session cookie alone must do.
      const got = await page.evaluate(async (url) => {
        const r = await fetch(url, { credentials: 'same-origin' });
        const b = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get('content-type') ?? '', head: String.fromCharCode(...b.slice(0, 5)) };
      }, href);
      assertEqual(got.status, 200, 'GET notice.pdf with the session cookie');
      assert(got.type.startsWith('application/pdf'), `Content-Type application/pdf, got ${got.type}`);
      assertEqual(got.head, '%PDF-', 'the notice is a PDF');
      noProblems(problems, 'documents');
      await context.close();
    },
  },

  {
    name: "the inbox lists the user's notifications and marks them all read",
    async run({ browser, base }) {
      const api = apiClient(base);
      const user = 'inspector1';
      const unread = (await api.as(user, 'GET', '/notifications?unread=true&page_size=1')).body;
      assert(typeof unread?.total === 'number' && Array.isArray(unread.items), `GET /notifications answers a page, got ${JSON.stringify(unread).slice(0, 200)}`);
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, user);
      await page.goto(`${base}/inbox`);
      await page.waitForFunction(() => document.querySelector('[data-testid=inbox-list]') || document.querySelector('[data-state=empty]'));
      await shot(page, 'inbox-390');
      assert(unread.total > 0, `the demo inspector has unread notifications (new hazards in the grid), got ${unread.total}`);
      await page.locator('[data-testid=inbox-list] li.unread').first().waitFor();
      await page.locator('[data-testid=inbox-read-all]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=inbox-list] li.unread').length === 0);
      assertEqual((await api.as(user, 'GET', '/notifications?unread=true&page_size=1')).body.total, 0, 'nothing unread after "mark all read"');
      noProblems(problems, 'inbox');
      await context.close();
    },
  },

  {
    name: "a group-rented building: the enterprise's file shows the building, its landlord and the co-tenants",
    async run({ browser, base }) {
      const api = apiClient(base);
      const buildings = (await api.as('village1', 'GET', '/buildings?page_size=50')).body.items;
      const b = buildings.find((x) => (x.tenant_count ?? 0) >= 2);
      assert(b, 'the demo village has a building with two tenants or more');
      const full = (await api.as('village1', 'GET', `/buildings/${b.id}`)).body;
      const tenant = full.tenants[0];
      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'village1');
      await page.goto(`${base}/enterprises/${tenant.id}`);
      await page.locator('[data-testid=enterprise-name]').waitFor();
      await page.getByRole('tab', { name: '建筑与同楼企业' }).click();
      const details = page.locator('[data-testid=building-details]');
      await details.waitFor();
      const text = await details.textContent();
      assert(text.includes(full.name) && (!full.landlord_name || text.includes(full.landlord_name)), `building and landlord shown, got "${text}"`);
      assertEqual(await page.locator('[data-testid=co-tenants] li').count(), full.tenants.length - 1, 'co-tenants listed');
      await shot(page, 'enterprise-building');
      noProblems(problems, 'building');
      await context.close();
    },
  },

  {
    name: 'a hostile enterprise or region name shows as text on the list, the maps and the dashboard (stored XSS)',
    async run({ browser, base }) {
      const HOSTILE = '<img src=x onerror="window.__xss=1">';
      const api = apiClient(base);
      const token = await api.token('town');
      const patch = async (path, body, version) => {
        const r = await fetch(`${base}/api/v1${path}`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': String(version) }, body: JSON.stringify(body) });
        const json = await r.json().catch(() => undefined);
        assertEqual(r.status, 200, `PATCH ${path} ${JSON.stringify(json)}`);
        return json;
      };
      const tree = (await api.as('town', 'GET', '/regions')).body;
      const village = tree[0].children.find((c) => c.kind === 'village');
      assert(village, 'the demo town has a village');
      const list = (await api.as('town', 'GET', `/enterprises?region_id=${village.id}&page_size=200`)).body.items;
      const target = list.find((e) => typeof e.lat === 'number' && typeof e.lng === 'number' && !(e.lat === 0 && e.lng === 0));
      assert(target, 'an enterprise of the village has a position');
      const regionBefore = (await api.as('town', 'GET', `/regions/${village.id}`)).body;
      let enterprise = await patch(`/enterprises/${target.id}`, { name: HOSTILE }, target.version);
      let region = await patch(`/regions/${village.id}`, { name: HOSTILE }, regionBefore.version);
      try {
        const { page, context, problems } = await newPage(browser);
        await login(page, base, 'town');
        // Nothing the page writes may run the name: no <img src=x> in the DOM, no window.__xss.
        const safe = async (where) => {
          assertEqual(await page.locator('img[src="x"]').count(), 0, `${where}: an <img> made from the name`);
          assertEqual(await page.evaluate(() => typeof window.__xss), 'undefined', `${where}: window.__xss`);
        };

        await page.waitForURL(/\/dashboard/);
        await page.locator('[data-testid=ranking-table] .el-table__body tr').first().waitFor();
        await page.locator('[data-testid=ranking-table]').getByText(HOSTILE, { exact: true }).first().waitFor();
        // the ranking chart's tooltip (HTML) names the region: hover every bar row until it shows
        const chart = page.locator('[data-testid=chart-ranking] canvas').first();
        if (await chart.count()) {
          const box = await chart.boundingBox();
          for (let y = 8; box && y < box.height - 36; y += 12) await page.mouse.move(box.x + box.width / 2, box.y + y);
        }
        await safe('dashboard');
        await shot(page, 'xss-dashboard');

        await page.goto(`${base}/enterprises?region_id=${village.id}&q=${encodeURIComponent('onerror')}`);
        await page.getByText(HOSTILE, { exact: true }).first().waitFor();
        await safe('enterprise list');

        await page.goto(`${base}/enterprises?view=map&region_id=${village.id}`);
        const marker = page.locator(`[data-testid=enterprise-map] path.sg-marker-${target.id}`);
        await marker.waitFor();
        await marker.dispatchEvent('mouseover');
        await page.locator('.leaflet-tooltip', { hasText: HOSTILE }).first().waitFor();
        await safe('enterprise map');
        await shot(page, 'xss-map');

        await page.goto(`${base}/enterprises/${target.id}`);
        await page.getByText(HOSTILE, { exact: true }).first().waitFor();
        const fileMap = page.locator('[data-testid=enterprise-file-map] .leaflet-tooltip');
        if (await page.locator('[data-testid=enterprise-file-map]').count()) {
          await fileMap.first().waitFor();
          assertEqual((await fileMap.first().textContent()).trim(), HOSTILE, "the file map's tooltip");
        }
        await safe('enterprise file');

        await page.goto(`${base}/hazards?enterprise_id=${target.id}`);
        await page.locator('[data-testid=hazard-list]').waitFor();
        await safe('hazard list');
        noProblems(problems, 'hostile names');
        await context.close();
      } finally {
        enterprise = (await api.as('town', 'GET', `/enterprises/${target.id}`)).body;
        await patch(`/enterprises/${target.id}`, { name: target.name }, enterprise.version);
        region = (await api.as('town', 'GET', `/regions/${village.id}`)).body;
        await patch(`/regions/${village.id}`, { name: regionBefore.name }, region.version);
      }
    },
  },

  {
    name: 'the web app keeps no token in localStorage and sends the CSRF token with its writes',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser);
      const writes = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/v1/') && !['GET', 'HEAD'].includes(r.method())) writes.push({ url: r.url(), headers: r.headers() });
      });
      await login(page, base, 'town');
      await page.waitForURL(/\/dashboard/);
      const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'sg_session');
      assert(session && session.httpOnly, `the session is an HttpOnly cookie, got ${JSON.stringify(cookies.map((c) => [c.name, c.httpOnly]))}`);
      assert(stored.every(([, v]) => !v.includes(session.value)), 'the session token is not in localStorage');
      assertEqual(await page.evaluate(() => document.cookie.includes('sg_session')), false, 'script cannot read the session cookie');
      // A write from the app: it carries X-CSRF-Token and no Authorization header.
      const loginWrite = writes.find((w) => w.url.endsWith('/auth/login'));
      assert(loginWrite && !loginWrite.headers.authorization, 'login sends no Authorization header');
      // the page reloads with only its cookie: GET /me says who is logged in
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.locator('[data-testid=side-menu]').waitFor();
      assert(!new URL(page.url()).pathname.startsWith('/login'), 'the cookie alone keeps the user logged in');
      const csrf = (await context.cookies()).find((c) => c.name === 'sg_csrf')?.value ?? null;
      writes.length = 0;
      await page.locator('[data-testid=logout]').first().click().catch(() => undefined);
      await page.waitForURL(/\/login/);
      const logout = writes.find((w) => w.url.endsWith('/auth/logout'));
      assert(logout, 'logging out asks the server');
      assert(!logout.headers.authorization, 'logout sends no Authorization header');
      if (csrf) assertEqual(logout.headers['x-csrf-token'], csrf, 'logout carries the CSRF token');
      noProblems(problems, 'cookie session');
      await context.close();
    },
  },

  {
    name: 'a phone whose session ended while offline asks for the password again and sends its queue once',
    async run({ browser, base }) {
      const api = apiClient(base);
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      const posts = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/inspections')) posts.push({ status: r.status(), key: r.request().headers()['idempotency-key'] });
      });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      const first = page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first();
      await first.waitFor();
      const enterpriseId = Number(await first.getAttribute('data-enterprise'));
      const before = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.total;

      await context.setOffline(true);
      await first.click();
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      for (let i = 0; i < n; i++) await items.nth(i).locator('[data-result=pass]').click();
      await page.locator('[data-testid=inspect-submit]').click();
      await page.locator('[data-testid=inspect-done][data-sent=false]').waitFor();
      await page.locator('[data-testid=pending-count-inspect][data-count="1"]').waitFor();

      // Days later the session is gone (the cookie expired with it).
      await context.clearCookies();
      await context.setOffline(false);
      const dialog = page.locator('[data-testid=relogin-dialog]');
      await dialog.waitFor();
      assertEqual(await page.locator('[data-testid=relogin-username]').inputValue(), 'inspector1', 'the dialog keeps the username');
      assert(new URL(page.url()).pathname.startsWith('/inspect'), `the user stays on the page, at ${page.url()}`);
      assertEqual(await page.locator('[data-testid=pending-count-inspect][data-count="1"]').count(), 1, 'the queued inspection is kept');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('.el-overlay')).opacity === '1');
      await shot(page, 'relogin-dialog-390');
      // the dialog covers the page: nothing behind it (sync, logout, tabs) takes a tap meanwhile
      for (const [x, y] of [[20, 20], [350, 28], [195, 820]]) {
        assert(await page.evaluate(([px, py]) => !!document.elementFromPoint(px, py)?.closest('.el-overlay'), [x, y]), `the overlay covers ${x},${y}`);
      }
      await page.locator('[data-testid=relogin-password]').fill(PASSWORD);
      await page.locator('[data-testid=relogin-submit]').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('[data-testid=offline-queue]').waitFor({ state: 'detached' });
      const after = (await api.as('inspector1', 'GET', `/inspections?enterprise_id=${enterpriseId}&page_size=1`)).body.total;
      assertEqual(after - before, 1, 'inspections recorded (exactly once)');
      assert(posts.some((p) => p.status === 401), `the first attempt met the ended session, got ${JSON.stringify(posts)}`);
      const accepted = posts.filter((p) => p.status >= 200 && p.status < 300);
      assertEqual(accepted.length, 1, 'accepted POSTs');
      assert(posts.every((p) => p.key === accepted[0].key), `every attempt used the same Idempotency-Key: ${JSON.stringify(posts)}`);
      noProblems(problems, 're-login');
      await context.close();
    },
  },

  {
    name: 'opened after its session ended, the app asks the same user to log in and comes back to the page',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await context.clearCookies();
      await page.goto(`${base}/hazards`);
      await page.waitForURL(/\/login\?redirect=/);
      assertEqual(await page.locator('[data-testid=login-username]').inputValue(), 'inspector1', 'the username is filled in');
      await page.locator('[data-testid=login-password]').fill(PASSWORD);
      await page.locator('[data-testid=login-submit]').click();
      await page.waitForURL((u) => u.pathname === '/hazards');
      noProblems(problems, 'login after an ended session');
      await context.close();
    },
  },
  ...evidenceScenarios,
  ...findingsScenarios,
  ...phoneScenarios,
  ...smallScenarios,
  ...citizenScenarios,
  ...notifyScenarios,
  ...listScenarios,
  ...wordsScenarios,
  ...riskScenarios,
  ...importScenarios,
  ...buildingScenarios,
  ...posterScenarios,
  ...registryScenarios,
  ...mapLayerScenarios,
  ...kindsScenarios,
  ...planScenarios,
  ...countyScenarios,
  ...stationScenarios,
  ...scorecardScenarios,
  ...reportScenarios,
  ...trainingScenarios,
  ...signinScenarios,
  ...campaignScenarios,
  ...boundaryScenarios,
  ...deviceScenarios,
  ...alarmScenarios,

  {
    name: 'an admin disables a user on the users page: its session ends at once and it cannot log in',
    async run({ browser, base }) {
      const api = apiClient(base);
      const village = (await api.as('admin', 'GET', '/regions')).body[0].children.find((r) => r.kind === 'village');
      const made = await api.as('admin', 'POST', '/users', { username: 'e2e_victim', role: 'village', region_id: village.id, password: 'victim-pass-1', display_name: '<b>停用</b>测试' });
      assertEqual(made.status, 201, `create the user to disable (${JSON.stringify(made.body)})`);

      const victim = await newPage(browser);
      await loginWith(victim.page, base, 'e2e_victim', 'victim-pass-1');
      const victimToken = (await api.call('POST', '/auth/login', { body: { username: 'e2e_victim', password: 'victim-pass-1' } })).body.token;

      const admin = await newPage(browser);
      await login(admin.page, base, 'admin');
      const total = (await api.as('admin', 'GET', '/users?page_size=100')).body.total;
      await admin.page.goto(`${base}/users?page=${Math.ceil(total / 100)}&page_size=100`);
      await admin.page.locator('[data-testid=user-disable][data-account=e2e_victim]').click();
      const box = admin.page.locator('.el-message-box');
      await box.waitFor();
      // The name is shown as text: the markup in it is not interpreted.
      assert((await box.textContent()).includes('<b>停用</b>测试'), `the confirmation names the user as text, got "${await box.textContent()}"`);
      await box.locator('.el-button--primary').click();
      await admin.page.locator('[data-testid=user-enable][data-account=e2e_victim]').waitFor();
      await shot(admin.page, 'users-disabled');

      assertEqual((await api.call('GET', '/me', { token: victimToken })).status, 401, "the disabled user's API session");
      assertEqual((await api.call('POST', '/auth/login', { body: { username: 'e2e_victim', password: 'victim-pass-1' } })).status, 401, 'login of a disabled user');
      // The victim's open page: the next request finds the session gone and goes to the login.
      await victim.page.goto(`${base}/hazards`);
      await victim.page.waitForURL(/\/login/);
      noProblems(admin.problems, 'admin disables');
      await admin.context.close();
      await victim.context.close();
    },
  },

  {
    name: 'a user changes the password in the dialog (other sessions end), logs out everywhere and logs in with the new one',
    async run({ browser, base }) {
      const api = apiClient(base);
      const village = (await api.as('admin', 'GET', '/regions')).body[0].children.find((r) => r.kind === 'village');
      const made = await api.as('admin', 'POST', '/users', { username: 'e2e_pw', role: 'village', region_id: village.id, password: 'first-pass-1' });
      assertEqual(made.status, 201, `create the user (${JSON.stringify(made.body)})`);
      const phoneToken = (await api.call('POST', '/auth/login', { body: { username: 'e2e_pw', password: 'first-pass-1' } })).body.token;

      const { page, context, problems } = await newPage(browser);
      await loginWith(page, base, 'e2e_pw', 'first-pass-1');
      await page.locator('[data-testid=account-menu-button]').click();
      await page.locator('[data-testid=account-change-password]').click();
      const dialog = page.locator('[data-testid=password-dialog]');
      await page.locator('[data-testid=password-old]').fill('wrong-pass-9');
      await page.locator('[data-testid=password-new]').fill('second-pass-2');
      await page.locator('[data-testid=password-confirm]').fill('second-pass-2');
      await page.locator('[data-testid=password-submit]').click();
      // The server's answer (422 on "old") is shown at the field.
      await dialog.locator('.el-form-item__error').first().waitFor();
      await shot(page, 'password-wrong-old');
      await page.locator('[data-testid=password-old]').fill('first-pass-1');
      await page.locator('[data-testid=password-new]').fill('second-pass-2');
      await page.locator('[data-testid=password-confirm]').fill('second-pass-2');
      await page.locator('[data-testid=password-submit]').click();
      await page.locator('.el-message--success').waitFor();
      assertEqual((await api.call('GET', '/me', { token: phoneToken })).status, 401, 'the other session after the change');
      // This session stays.
      await page.goto(`${base}/hazards`);
      await page.locator('[data-testid=account-menu-button]').waitFor();
      assert(!page.url().includes('/login'), `still logged in after changing the password, at ${page.url()}`);

      await page.locator('[data-testid=account-menu-button]').click();
      await page.locator('[data-testid=account-logout-all]').click();
      await page.locator('.el-message-box .el-button--primary').click();
      await page.waitForURL(/\/login/);
      assertEqual((await api.call('POST', '/auth/login', { body: { username: 'e2e_pw', password: 'first-pass-1' } })).status, 401, 'login with the old password');
      await loginWith(page, base, 'e2e_pw', 'second-pass-2');
      noProblems(problems, 'password change');
      await context.close();
    },
  },
];
