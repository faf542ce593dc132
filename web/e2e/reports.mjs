// Browser scenario of the monthly report (issue 8, point 5): the town opens 月报, sees last month's
// figures as the API computes them, downloads the PDF (a non-empty application/pdf) and sees the
// stored reports the seed generated; on a phone the list is cards. Spread into scenarios.mjs.
import { readFile } from 'node:fs/promises';
import { DESKTOP, PHONE, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

function lastMonth() {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export const reportScenarios = [
  {
    name: 'monthly report: the town sees the figures, downloads the PDF and sees the stored reports',
    async run({ browser, base }) {
      const api = apiClient(base);
      const period = lastMonth();
      const figures = (await api.as('town', 'GET', `/reports/monthly?period=${period}`)).body;
      assert(figures && figures.hazards, `the figures of ${period}: ${JSON.stringify(figures).slice(0, 200)}`);
      const stored = (await api.as('town', 'GET', '/reports')).body;
      assert(stored.items.length >= 2, `the seed stored two months of reports, got ${stored.items.length}`);

      const { page, context, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.locator('[data-menu="monthly-reports"]').first().click();
      await page.waitForURL(/\/monthly-reports/);
      await page.locator('[data-testid=report-found]').waitFor();
      assertEqual((await page.locator('[data-testid=report-found]').textContent()).trim(), String(figures.hazards.found), 'found this month');
      const periods = page.locator('[data-testid=report-stored-period]');
      await periods.first().waitFor();
      assertEqual(await periods.allTextContents(), stored.items.map((s) => s.period), 'the stored reports, newest first');

      const [response, download] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/reports/monthly.pdf')),
        page.waitForEvent('download'),
        page.locator('[data-testid=report-pdf]').click(),
      ]);
      assertEqual(response.status(), 200, 'the PDF answers 200');
      assert((response.headers()['content-type'] ?? '').startsWith('application/pdf'), `content type ${response.headers()['content-type']}`);
      // What the browser saved: the file the page handed over.
      const saved = await readFile(await download.path());
      assert(saved.length > 1000 && saved.subarray(0, 5).toString() === '%PDF-', `a PDF of ${saved.length} bytes`);
      assert(problems.length === 0, `monthly report: ${problems.join(' | ')}`);
      await context.close();

      const phone = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(phone.page, base, 'town');
      await phone.page.goto(`${base}/monthly-reports?period=${period}`);
      await phone.page.locator(`[data-testid=report-stored][data-shape=cards] [data-period="${stored.items[0].period}"]`).waitFor();
      assert(phone.problems.length === 0, `monthly report on a phone: ${phone.problems.join(' | ')}`);
      await phone.context.close();
    },
  },
];
