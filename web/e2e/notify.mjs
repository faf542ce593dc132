// Browser scenarios of issue 12 point 8 (notifications people notice): the unread badge on the
// inbox's menu entry and tab, and the toast that says what happened and what comes next.
// Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

function isoDays(n) {
  return new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
}

/** A hazard of enterprise1's enterprise (inspector1's grid), recorded by the town: inspector1 and the enterprise are told. */
async function townHazard(api, title, dueInDays) {
  const me = (await api.as('enterprise1', 'GET', '/me')).body;
  const due = new Date(Date.now() + dueInDays * 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const created = await api.as('town', 'POST', '/hazards', { enterprise_id: me.enterprise_id, title, description: '安全出口被货物堵塞', severity: 'general', category: 'evacuation', due_at: due });
  assertEqual(created.status, 201, 'the town records a hazard');
  return created.body.id;
}

async function unreadOf(api, who) {
  const r = await api.as(who, 'GET', '/notifications?unread=true&page_size=1');
  assertEqual(r.status, 200, 'GET /notifications?unread=true');
  return r.body.total;
}

async function badge(page, selector) {
  const b = page.locator(`${selector} [data-menu=inbox] [data-testid=unread-badge]`);
  await b.waitFor();
  return b;
}

async function waitForCount(page, selector, n) {
  const b = await badge(page, selector);
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(`${sel} [data-menu=inbox] [data-testid=unread-badge]`)?.getAttribute('data-count') === String(want),
    [selector, n],
  ).catch(() => undefined);
  assertEqual(Number(await b.getAttribute('data-count')), n, `the unread badge in ${selector}`);
  assertEqual((await b.textContent()).trim(), n > 99 ? '99+' : String(n), `the badge's text in ${selector}`);
}

export const notifyScenarios = [
  {
    name: 'notify: inspector1 sees the unread count on the inbox entry (desktop) and tab (phone); reading one lowers it',
    async run({ browser, base }) {
      const api = apiClient(base);
      await townHazard(api, `e2e 安全出口堵塞 ${Date.now() % 100000}`, 10);
      const unread = await unreadOf(api, 'inspector1');
      assert(unread >= 1, `inspector1 has unread notifications (got ${unread})`);

      const desk = await newPage(browser, { viewport: DESKTOP });
      await login(desk.page, base, 'inspector1');
      await waitForCount(desk.page, '[data-testid=side-menu]', unread);
      await desk.page.screenshot({ path: artifactPath('notify-badge-desktop.png') });
      await desk.page.locator('[data-testid=side-menu] [data-menu=inbox]').click();
      await desk.page.waitForURL(/\/inbox/);
      const first = desk.page.locator('[data-testid=inbox-list] li.unread button').first();
      await first.waitFor();
      const title = (await first.locator('strong').textContent()).trim();
      // the message names the enterprise and the hazard
      assert(/^【.+】隐患《.+》/.test(title) || /^新【.+】隐患《.+》/.test(title), `the message names the enterprise and the hazard: ${title}`);
      await first.click();
      await desk.page.waitForURL(/\/hazards\/\d+$/);
      if (unread - 1 > 0) await waitForCount(desk.page, '[data-testid=side-menu]', unread - 1);
      else assertEqual(await desk.page.locator('[data-testid=side-menu] [data-testid=unread-badge]').count(), 0, 'no badge at zero');
      assertEqual(await unreadOf(api, 'inspector1'), unread - 1, 'the server counts one fewer');
      assert(desk.problems.length === 0, desk.problems.join(' | '));
      await desk.context.close();

      await townHazard(api, `e2e 配电箱无盖 ${Date.now() % 100000}`, 10); // one more, so the phone has something to show
      const now = await unreadOf(api, 'inspector1');
      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'inspector1');
      await waitForCount(phone.page, '[data-testid=tab-bar]', now);
      await phone.page.screenshot({ path: artifactPath('notify-badge-phone.png') });
      await phone.page.locator('[data-testid=tab-bar] [data-menu=inbox]').click();
      await phone.page.waitForURL(/\/inbox/);
      await phone.page.locator('[data-testid=inbox-read-all]').click();
      await phone.page.locator('[data-testid=tab-bar] [data-testid=unread-badge]').waitFor({ state: 'detached' });
      assertEqual(await unreadOf(api, 'inspector1'), 0, 'all read');
      assert(phone.problems.length === 0, phone.problems.join(' | '));
      await phone.context.close();
    },
  },

  {
    name: "notify: inspector1 returns the enterprise's rectification; the toast names the new deadline",
    async run({ browser, base }) {
      const api = apiClient(base);
      const id = await townHazard(api, `e2e 疏散指示灯不亮 ${Date.now() % 100000}`, 1);
      const submitted = await api.as('enterprise1', 'POST', `/hazards/${id}/actions`, { action: 'submit', comment: '已更换指示灯' });
      assertEqual(submitted.status, 200, 'the enterprise submits');

      const insp = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(insp.page, base, 'inspector1');
      await insp.page.goto(`${base}/hazards/${id}`);
      await insp.page.locator('[data-action=return]').click();
      await insp.page.locator('[data-testid=action-comment]').fill('二楼仍有一盏不亮');
      const picked = isoDays(12);
      const due = insp.page.locator('[data-testid=action-form-return] .el-date-editor input');
      await due.click();
      await due.fill(picked);
      await due.press('Enter');
      const send = insp.page.locator('[data-testid=action-submit]');
      if (await send.isVisible()) await send.click();
      await insp.page.locator('[data-testid=hazard-status][data-status=rectifying]').waitFor();
      const [, month, day] = picked.split('-').map(Number);
      const toast = insp.page.locator('.el-message--success');
      await toast.first().waitFor();
      assertEqual((await toast.first().textContent()).trim(), `已退回，新期限 ${month}月${day}日`, 'the toast');
      await insp.page.screenshot({ path: artifactPath('notify-return-toast.png') });

      // and the enterprise's message names the enterprise, the hazard and the same day
      const inbox = (await api.as('enterprise1', 'GET', '/notifications?page_size=5')).body.items;
      const told = inbox.find((n) => n.kind === 'hazard_returned' && n.hazard_id === id);
      assert(told, 'the enterprise is told of the return');
      assert(/^【.+】隐患《e2e 疏散指示灯不亮 \d+》整改未通过复查/.test(told.title), `the message: ${told.title}`);
      assert(told.body.startsWith(`整改期限：${month}月${day}日`), `the message's deadline: ${told.body}`);
      assert(insp.problems.length === 0, insp.problems.join(' | '));
      await insp.context.close();
    },
  },
];
