// Browser scenarios of issue 12, point 11 ("smaller"): deadline pickers offer only the days the
// server accepts; a dialog whose action succeeded leaves no empty box behind; 其余全部合格 on the
// inspector's checklist; the page says "已上传" once the queue sent a submission; logging out
// with unsent work asks first. Spread into scenarios.mjs.
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

const pad = (n) => String(n).padStart(2, '0');
const ymd = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** The end of day `d` in the town's zone (the demo's Asia/Shanghai, UTC+8), as the app sends a
 * picked day (utils/format.ts endOfDayUtc). */
function endOfDay(d) {
  return new Date(`${ymd(d)}T23:59:59+08:00`).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** Today in the town's zone, as a local date (the picker offers days by the town's calendar). */
function townToday() {
  return new Date(`${new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)}T12:00:00`);
}
const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

/** Whether the open date picker offers day `d` of the month it shows; null when the
 * day is not in the month shown. */
async function dayOffered(page, d) {
  const cells = page.locator('.el-picker__popper:visible .el-date-table td:not(.prev-month):not(.next-month)');
  const n = await cells.count();
  for (let i = 0; i < n; i++) {
    const cell = cells.nth(i);
    if ((await cell.innerText()).trim() === String(d.getDate())) return !(await cell.getAttribute('class')).split(/\s+/).includes('disabled');
  }
  return null;
}

/** Records, frame by frame, whether a dialog is on screen with nothing in it. */
async function watchEmptyDialogs(page) {
  await page.evaluate(() => {
    window.__emptyDialogFrames = 0;
    const tick = () => {
      for (const overlay of document.querySelectorAll('.el-overlay')) {
        if (getComputedStyle(overlay).display === 'none') continue;
        const body = overlay.querySelector('.el-dialog__body');
        if (body && body.children.length === 0) window.__emptyDialogFrames++;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export const smallScenarios = [
  {
    name: 'small: deadline pickers offer only days the server accepts (new hazard, extend)',
    async run({ browser, base }) {
      const api = apiClient(base);
      const today = townToday();
      const enterprise = (await api.as('town', 'GET', '/enterprises?page_size=1')).body.items[0];
      // A hazard due at the end of today: extending it must offer only later days.
      const made = await api.as('town', 'POST', '/hazards', {
        enterprise_id: enterprise.id,
        title: 'e2e 期限选择',
        description: '灭火器过期',
        severity: 'general',
        category: 'extinguisher',
        due_at: endOfDay(today),
      });
      assertEqual(made.status, 201, `create the hazard (${JSON.stringify(made.body)})`);
      const hazard = made.body;

      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');

      // The new-hazard form: no day before today.
      await page.goto(`${base}/hazards?new=1`);
      await page.locator('[data-testid=hazard-create-form] .el-date-editor input').click();
      await page.locator('.el-picker__popper:visible .el-date-table').waitFor();
      if (today.getDate() > 1) assertEqual(await dayOffered(page, addDays(today, -1)), false, 'create: yesterday offered');
      assertEqual(await dayOffered(page, today), true, 'create: today offered');
      await page.screenshot({ path: artifactPath('small-create-due-picker.png') });
      await page.keyboard.press('Escape');

      // Extend: the day of the current deadline (and before) is refused, the next day offered.
      await page.goto(`${base}/hazards/${hazard.id}`);
      await page.locator('[data-testid=hazard-actions] [data-action=extend]').click();
      await page.locator('[data-testid=action-form-extend] .el-date-editor input').click();
      await page.locator('.el-picker__popper:visible .el-date-table').waitFor();
      assertEqual(await dayOffered(page, today), false, "extend: the current deadline's day offered");
      const tomorrow = addDays(today, 1);
      const offered = await dayOffered(page, tomorrow);
      if (offered !== null) assertEqual(offered, true, 'extend: the day after the deadline offered');
      await page.screenshot({ path: artifactPath('small-extend-due-picker.png') });
      await page.keyboard.press('Escape');
      assertEqual(problems, [], 'problems');
      await context.close();
    },
  },

  {
    name: 'small: a hazard action that succeeded closes its dialog at once, leaving no empty box',
    async run({ browser, base }) {
      const api = apiClient(base);
      const today = townToday();
      const tomorrow = addDays(today, 1);
      const enterprise = (await api.as('town', 'GET', '/enterprises?page_size=1')).body.items[0];
      const made = await api.as('town', 'POST', '/hazards', {
        enterprise_id: enterprise.id,
        title: 'e2e 延期',
        description: '疏散指示灯损坏',
        severity: 'general',
        category: 'evacuation',
        due_at: endOfDay(today),
      });
      assertEqual(made.status, 201, `create the hazard (${JSON.stringify(made.body)})`);
      const hazard = made.body;
      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.goto(`${base}/hazards/${hazard.id}`);
      await page.locator('[data-testid=hazard-actions] [data-action=extend]').click();
      await page.locator('[data-testid=action-form-extend] .el-date-editor input').fill(ymd(tomorrow));
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=action-comment] textarea, textarea[data-testid=action-comment]').first().fill('企业申请延期，已核实');
      await watchEmptyDialogs(page);
      await page.locator('[data-testid=action-submit]').click();
      await page.locator('.el-message--success').waitFor();
      await page.locator('.el-overlay-dialog').first().waitFor({ state: 'hidden' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assertEqual(await page.evaluate(() => window.__emptyDialogFrames), 0, 'frames with an empty dialog on screen after the action');
      const after = (await api.as('town', 'GET', `/hazards/${hazard.id}`)).body;
      assertEqual(after.due_at, endOfDay(tomorrow), 'the new deadline');
      assertEqual(problems, [], 'problems');
      await context.close();
    },
  },

  {
    name: 'small: 其余全部合格 marks only unanswered items, with a confirmation that says how many',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').first().click();
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      assert(n >= 3, `the checklist has items (${n})`);
      // Answers given by hand (a draft restored may have more): the first fails, the second n.a.
      await items.nth(0).locator('[data-result=fail]').click();
      await page.locator('[data-testid=inspect-note]').first().fill('一楼安全出口被货物堵塞');
      await items.nth(1).locator('[data-result=na]').click();
      const before = await items.evaluateAll((els) => els.map((el) => el.querySelector('[aria-checked=true]')?.getAttribute('data-result') ?? null));
      const rest = before.filter((r) => r === null).length;
      assert(rest > 0, 'items left to answer');

      await page.locator('[data-testid=inspect-pass-rest]').click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      assert((await box.innerText()).includes(String(rest)), `the confirmation names how many (${rest}): ${await box.innerText()}`);
      await page.screenshot({ path: artifactPath('small-pass-rest-confirm.png') });
      await box.locator('.el-button--primary').click();
      const answers = await items.evaluateAll((els) => els.map((el) => el.querySelector('[aria-checked=true]')?.getAttribute('data-result') ?? null));
      assertEqual(answers, before.map((r) => r ?? 'pass'), 'answers after 其余全部合格 (answered items unchanged)');
      assertEqual(await page.locator('[data-testid=inspect-pass-rest]').count(), 0, 'the button once nothing is left');
      assertEqual(problems, [], 'problems');
      await context.close();
    },
  },

  {
    name: 'small: an inspection queued offline: once the queue sent it, the page says 已上传',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').nth(2).click();
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = page.locator('[data-item]');
      const n = await items.count();
      for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
      await page.locator('[data-testid=inspect-note]').first().fill('配电箱前堆放杂物');

      // Submitted without signal: the done page says it waits; back online, that it is uploaded.
      await context.setOffline(true);
      await page.locator('[data-testid=inspect-submit]').click();
      const done = page.locator('[data-testid=inspect-done]');
      await done.waitFor();
      assert((await done.innerText()).includes('联网后'), `offline: the page says it will be sent: ${await done.innerText()}`);
      await context.setOffline(false);
      // The queue sends it on the `online` event; the waiting list goes when it is empty.
      await page.locator('[data-testid=pending-count-inspect]').waitFor({ state: 'detached' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const text = await done.innerText();
      assert(text.includes('已上传') && !text.includes('联网后'), `uploaded: the page says so, not that it waits: ${text}`);
      assertEqual(await done.getAttribute('data-sent'), 'true', 'the done page once uploaded');
      await done.locator('a[href^="/hazards/"]').first().waitFor(); // the hazard the failed item opened
      await page.screenshot({ path: artifactPath('small-uploaded.png') });
      assertEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), [], 'problems');
      await context.close();
    },
  },

  {
    name: 'small: logging out with an unfinished checklist asks first and keeps it on the device',
    async run({ browser, base }) {
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.waitForURL(/\/inspect/);
      await page.locator('[data-testid=inspect-enterprises] [data-enterprise]').nth(1).click();
      await page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      await page.locator('[data-item]').first().locator('[data-result=pass]').click();
      await page.locator('[data-testid=inspect-progress]').waitFor();
      await page.locator('.back').first().click(); // leaving the checklist saves the draft
      await page.locator('[data-testid=inspect-checklists] [data-testid=checklist-draft]').first().waitFor();

      await page.locator('[data-testid=logout]').first().click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      const text = await box.innerText();
      assert(/\d+ 份检查未填完/.test(text) && text.includes('保存在本设备上'), `the question names the drafts and where they stay: ${text}`);
      await page.screenshot({ path: artifactPath('small-logout-confirm.png') });
      await box.locator('.el-button:not(.el-button--primary)').first().click(); // cancel: still logged in
      await box.waitFor({ state: 'hidden' });
      assert(!page.url().includes('/login'), 'still logged in after cancelling');

      await page.locator('[data-testid=logout]').first().click();
      await box.waitFor();
      await box.locator('.el-button--primary').click();
      await page.waitForURL(/\/login/);
      // The same user, on the same device, finds the checklist again.
      await login(page, base, 'inspector1');
      await page.locator('[data-testid=inspect-drafts] [data-draft]').first().waitFor();
      assertEqual(problems, [], 'problems');
      await context.close();
    },
  },
];
