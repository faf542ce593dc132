// Browser scenario of issue 7 point 7, QR posters: the village officer downloads its village's poster
// from the regions page, a citizen opens the poster's link on a phone, sees the village named,
// reports, and the report lands in that village's hazard list (not the town's default).
// Spread into scenarios.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP, PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

/** The text of a PDF as poppler's pdftotext reads it (poppler-utils, as the C++ notice tests use). */
function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-poster-'));
  try {
    const file = join(dir, 'poster.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const posterScenarios = [
  {
    name: 'posters: the village prints its QR poster, a citizen reports through its link, and the village officer sees the report',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('village1', 'GET', '/me')).body;
      const villageId = me.region_id ?? me.user?.region_id;
      assert(villageId, 'village1 answers for a village');
      const village = (await api.as('village1', 'GET', `/regions/${villageId}`)).body;

      // The village officer: the regions page offers the poster of its village; the download is a PDF.
      const officer = await newPage(browser, { viewport: DESKTOP });
      await login(officer.page, base, 'village1');
      await officer.page.goto(`${base}/regions?id=${villageId}`);
      const button = officer.page.locator('[data-testid=region-detail] [data-testid=poster-download]');
      await button.waitFor();
      const href = await button.getAttribute('href');
      assert(href && href.endsWith(`/regions/${villageId}/poster.pdf`), `the poster link: ${href}`);
      const download = await officer.page.request.get(new URL(href, base).toString());
      assertEqual(download.status(), 200, 'GET the poster as the village officer (session cookie)');
      assert((download.headers()['content-type'] ?? '').startsWith('application/pdf'), 'the poster is a PDF');
      const bytes = await download.body();
      writeFileSync(artifactPath('poster-village.pdf'), bytes);
      const text = pdfText(bytes);
      assert(text.includes('查找身边隐患') && text.includes(village.name), `the poster names the village:\n${text}`);
      const link = text.replace(/\s+/g, '').match(/https?:\/\/[^\s]*?\/report\?place=([0-9A-Z]{8})/);
      assert(link, `the poster prints its full link:\n${text}`);
      const code = link[1];

      // The citizen scans it: the form names the village, and the report is filed there.
      const citizen = await newPage(browser, { viewport: PHONE, mobile: true });
      await citizen.page.goto(`${base}/report?place=${code}`);
      const place = citizen.page.locator('[data-testid=report-place]');
      await place.waitFor();
      assert((await place.textContent()).includes(village.name), 'the form shows the village\'s name');
      await citizen.page.screenshot({ path: artifactPath('poster-report-390.png') });
      const description = `村口仓库二楼住人，楼道里电动车充电 ${Date.now().toString(36)}`;
      await citizen.page.locator('[data-testid=report-description]').fill(description);
      await citizen.page.locator('[data-testid=report-submit]').click();
      await citizen.page.locator('[data-testid=tracking-code]').waitFor();

      // The village officer's hazard list has it, at the village, with no enterprise yet.
      const list = (await api.as('village1', 'GET', `/hazards?status=reported&q=${encodeURIComponent(description)}&page_size=5`)).body;
      const mine = list.items.find((h) => h.description === description);
      assert(mine, 'the report is in the village officer\'s hazard list');
      assertEqual(mine.village_id, villageId, 'the report belongs to the village of the poster');
      assert(mine.enterprise_id === null, 'no enterprise yet');
      await officer.page.goto(`${base}/hazards/${mine.id}`);
      await officer.page.locator('[data-testid=hazard-title]').waitFor();
      // Its 群众举报 panel names the poster it came from.
      const poster = officer.page.locator(`[data-testid=citizen-report-place][data-place="${code}"]`);
      await poster.waitFor();
      assert((await poster.textContent()).includes(village.name), "the panel names the village's poster");
      assert(officer.problems.length === 0 && citizen.problems.length === 0, [...officer.problems, ...citizen.problems].join(' | '));
    },
  },
];
