// Browser scenario of the import page (issue 7, point 5): the town uploads a sheet with two
// problems in one row and sees both, with the row's cells; uploads the fixed sheet (GBK-encoded,
// as Excel on a Chinese Windows saves CSV), the dry run is clean, it imports, and the enterprises
// are in the registry. Spread into scenarios.mjs.
import { apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';
import { untranslated } from './words.mjs';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A valid unified social credit code (GB 32100, with the GB 11714 check) for an 8-digit body. */
function creditCode(body8) {
  const org = 11 - ([...body8].reduce((s, c, i) => s + Number(c) * ORG_WEIGHTS[i], 0) % 11);
  const first17 = `91330282${body8}${org === 10 ? 'X' : org === 11 ? '0' : String(org)}`;
  const sum = [...first17].reduce((s, c, i) => s + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}

/** The same code with a wrong check character. */
function broken(code) {
  return code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
}

function firstGrid(nodes) {
  for (const n of nodes ?? []) {
    if (n.kind === 'grid' && n.code) return n;
    const below = firstGrid(n.children);
    if (below) return below;
  }
  return null;
}

// GBK bytes of the fixed sheet's Chinese text (written out, so no encoder is needed).
const GBK = {
  header: 'c6f3d2b5c3fbb3c62ccdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2ccbf9caf4cdf8b8f12cb4d3d2b5c8cbcafd', // 企业名称,统一社会信用代码,所属网格,从业人数
  clothes: 'b4c8cfaacad0b5bcc8ebd1ddc1b7b7fecaceb3a7', // 慈溪市导入演练服饰厂
  hardware: 'b4c8cfaacad0b5bcc8ebd1ddc1b7cee5bdf0b3a7', // 慈溪市导入演练五金厂
};

export const importScenarios = [
  {
    name: 'import: a row with two problems shows both with its cells; the fixed GBK sheet dry-runs clean and imports',
    async run({ browser, base }) {
      const api = apiClient(base);
      const grid = firstGrid((await api.as('town', 'GET', '/regions')).body);
      assert(grid, 'the demo town has a grid with a code');
      const codes = [creditCode('98765401'), creditCode('98765402')];

      const { page, problems } = await newPage(browser);
      await login(page, base, 'town');
      await page.locator('[data-menu=import]').first().click();
      await page.waitForURL(/\/import$/);
      await page.locator('[data-testid=import-choose]').waitFor();

      // The template downloads as a workbook.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=import-template]').click()]);
      assert(download.suggestedFilename().endsWith('.xlsx'), `template name «${download.suggestedFilename()}»`);
      // On the demo town, both templates (their example rows made from the seed's grids and
      // enterprises) pass the dry run as downloaded.
      const token = await api.token('town');
      for (const kind of ['enterprises', 'hazards']) {
        const file = await fetch(`${base}/api/v1/import/${kind}/template.xlsx`, { headers: { Authorization: `Bearer ${token}` } });
        assertEqual(file.status, 200, `${kind} template`);
        const dry = await fetch(`${base}/api/v1/import/${kind}?dry_run=true`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
          body: Buffer.from(await file.arrayBuffer()),
        });
        const report = await dry.json();
        assertEqual(dry.status, 200, `${kind} template dry run`);
        assert(report.valid_rows === 1 && report.errors.length === 0 && report.warnings.length === 0, `${kind} template dry run: ${JSON.stringify(report)}`);
      }

      // Row 2: a credit code with a wrong check character and a head count in words.
      const bad = [
        '企业名称,统一社会信用代码,所属网格,从业人数',
        `慈溪市导入演练服饰厂,${broken(codes[0])},${grid.code},十二`,
        `慈溪市导入演练五金厂,${codes[1]},${grid.code},8`,
      ].join('\r\n');
      await page.locator('[data-testid=import-file]').setInputFiles({ name: '企业台账.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
      await page.locator('[data-testid=import-report]').waitFor();
      const issues = page.locator('[data-testid=import-issue][data-row="2"]');
      assertEqual(await issues.count(), 2, 'problems listed for row 2');
      const columns = await issues.locator('[data-testid=import-issue-column]').allInnerTexts();
      assertEqual(columns.map((c) => c.trim()), ['统一社会信用代码', '从业人数'], 'the columns named, as the sheet heads them');
      const cells = await page.locator('[data-testid=import-row-cells]').first().innerText();
      assert(cells.includes('十二') && cells.includes(broken(codes[0])), `the row's cells are shown: «${cells}»`);
      assert(await page.locator('[data-testid=import-run]').isDisabled(), 'import is disabled while the dry run has errors');
      await page.screenshot({ path: artifactPath('import-report.png'), fullPage: true });
      const words = untranslated(await page.locator('[data-testid=import-report]').innerText());
      assert(words.length === 0, `codes on the page: ${words.join(' | ')}`);

      // The fixed sheet, saved as GBK.
      const line = (nameHex, code, count) => Buffer.concat([Buffer.from(nameHex, 'hex'), Buffer.from(`,${code},${grid.code},${count}\r\n`, 'ascii')]);
      const fixed = Buffer.concat([Buffer.from(GBK.header, 'hex'), Buffer.from('\r\n'), line(GBK.clothes, codes[0], 12), line(GBK.hardware, codes[1], 8)]);
      await page.locator('[data-testid=import-file]').setInputFiles({ name: '企业台账-改.csv', mimeType: 'text/csv', buffer: fixed });
      await page.locator('[data-testid=import-clean]').waitFor();
      assertEqual(await page.locator('[data-testid=import-issue]').count(), 0, 'problems after the fix');
      await page.locator('[data-testid=import-run]').click();
      const result = page.locator('[data-testid=import-result]');
      await result.waitFor();
      assert((await result.innerText()).includes('2'), `the result says two rows: «${await result.innerText()}»`);

      for (const [i, name] of ['慈溪市导入演练服饰厂', '慈溪市导入演练五金厂'].entries()) {
        const found = await api.as('town', 'GET', `/enterprises?q=${encodeURIComponent(name)}`);
        assertEqual(found.body?.items?.length, 1, `${name} in the registry`);
        assertEqual(found.body.items[0].credit_code, codes[i], `${name}'s credit code`);
        assertEqual(found.body.items[0].grid_id, grid.id, `${name}'s grid`);
      }
      assert(problems.length === 0, problems.join(' | '));
    },
  },
];
