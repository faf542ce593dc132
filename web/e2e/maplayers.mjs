// Browser scenarios of the map page (issue 7, point 8): village1 opens 地图 and sees its enterprises
// as markers in their risk colours and its grids' boundaries as labelled outlines (the demo seed
// draws the first village's grids), switches a layer off and it disappears, and a count of open
// hazards opens that enterprise's open hazards. Spread into scenarios.mjs.
import { PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

// Leaflet writes a circle marker's colour as the SVG path's fill attribute.
const RISK_FILLS = { red: '#d93026', orange: '#f07c1c', yellow: '#e3b505', blue: '#2f7dd1' };

export const mapLayerScenarios = [
  {
    name: 'map layers: village1 sees enterprises by risk colour and its grid boundaries, switches layers off and on, and opens an enterprise\'s open hazards',
    async run({ browser, base }) {
      const api = apiClient(base);
      const layers = (await api.as('village1', 'GET', '/map/layers')).body;
      assert(layers.enterprises.length > 0, 'the seed places enterprises in the first village');
      assert(layers.boundaries.length > 0, 'the seed draws boundaries for the first village\'s grids');
      const placed = layers.enterprises.filter((e) => !(e.lat === 0 && e.lng === 0));

      const { page, context, problems } = await newPage(browser);
      await login(page, base, 'village1');
      // The menu has the entry 地图.
      await page.locator('[data-testid=side-menu] [data-menu=map]').click();
      await page.waitForURL((u) => u.pathname === '/map');
      const map = page.locator('[data-testid=map-layers]');
      await map.waitFor();
      const markers = map.locator('path.sg-marker');
      const outlines = map.locator('path.sg-boundary');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=map-layers] path.sg-marker').length === n, placed.length);
      assertEqual(await outlines.count(), layers.boundaries.length, 'boundary outlines drawn');
      // Every marker in its enterprise's risk colour.
      for (const e of placed.slice(0, 20)) {
        const fill = await map.locator(`path.sg-marker-${e.id}`).getAttribute('fill');
        assertEqual(fill, RISK_FILLS[e.risk_level], `marker colour of enterprise ${e.id} (${e.risk_level})`);
      }
      // Each outline is labelled with its grid's name.
      const labels = await page.locator('.sg-boundary-label').allInnerTexts();
      for (const b of layers.boundaries) assert(labels.includes(b.name), `the label «${b.name}» is shown, got ${JSON.stringify(labels)}`);

      await page.screenshot({ path: artifactPath('map-village1.png') });

      // Boundaries off: the outlines go, the markers stay; on again: back.
      await page.locator('[data-testid=layer-boundaries]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-layers] path.sg-boundary').length === 0);
      // Leaflet fades a label out before it removes it.
      await page.waitForFunction(() => document.querySelectorAll('.sg-boundary-label').length === 0);
      assertEqual(await markers.count(), placed.length, 'markers after switching boundaries off');
      await page.locator('[data-testid=layer-enterprises]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-layers] path.sg-marker').length === 0);
      await page.locator('[data-testid=layer-boundaries]').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=map-layers] path.sg-boundary').length === n, layers.boundaries.length);

      // Open hazards: a count per enterprise that has some, and its link opens the filtered list.
      const withOpen = placed.filter((e) => e.open_hazards > 0);
      assertEqual(await map.locator('.sg-badge').count(), withOpen.length, 'open-hazard badges');
      if (withOpen.length > 0) {
        const top = [...withOpen].sort((a, b) => b.open_hazards - a.open_hazards || a.id - b.id)[0];
        assertEqual((await map.locator(`.sg-badge-${top.id}`).innerText()).trim(), String(top.open_hazards), 'the badge shows the count');
        await page.locator('[data-testid=layer-hazards]').click();
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-layers] .sg-badge').length === 0);
        await page.locator('[data-testid=layer-hazards]').click();
        await map.locator(`.sg-badge-${top.id}`).click();
        await page.waitForURL((u) => u.pathname === '/hazards' && u.searchParams.get('enterprise_id') === String(top.id) && u.searchParams.get('status') === 'open');
        await page.locator('[data-testid=hazard-list]').waitFor();
      }
      assert(problems.length === 0, problems.join(' | '));
      await context.close();
    },
  },
  {
    name: 'map layers: on a 390 px phone an inspector sees the map of its grid without tiles and nothing is wider than the screen',
    async run({ browser, base }) {
      const api = apiClient(base);
      const layers = (await api.as('inspector1', 'GET', '/map/layers')).body;
      const { page, context, problems } = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(page, base, 'inspector1');
      await page.goto(`${base}/map`);
      const map = page.locator('[data-testid=map-layers]');
      await map.waitFor();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=map-layers] path.sg-boundary').length === n, layers.boundaries.length);
      assertEqual(layers.boundaries.length, 1, 'inspector1 sees its one grid\'s boundary');
      await page.screenshot({ path: artifactPath('map-inspector1-390.png') });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the map page is ${overflow} px wider than a 390 px phone`);
      assert(problems.length === 0, problems.join(' | '));
      await context.close();
    },
  },
];
