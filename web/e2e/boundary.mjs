// Browser scenario of the boundary form (issue 7's last registry piece): the town opens a grid under
// 一区一档, draws its outline by clicking four corners on the map (no tiles needed), undoes one, is
// refused a paste that is not GeoJSON, saves, and the map layers answer the saved polygon.
// Spread into scenarios.mjs.
import { DESKTOP, apiClient, assert, assertEqual, login, newPage } from './lib.mjs';

export const boundaryScenarios = [
  {
    name: 'boundary: the town draws a grid outline on the map, corner by corner, and the map layers carry it',
    async run({ browser, base }) {
      const api = apiClient(base);
      const tree = (await api.as('town', 'GET', '/regions')).body;
      const grids = tree.flatMap((town) => (town.children ?? []).flatMap((v) => v.children ?? []));
      const grid = grids.at(-1);
      assert(grid, 'a grid in the demo town');

      const { page, problems } = await newPage(browser, { viewport: DESKTOP });
      await login(page, base, 'town');
      await page.goto(`${base}/regions?id=${grid.id}`);
      await page.locator('[data-testid=region-boundary]').click();
      const map = page.locator('[data-testid=boundary-picker]');
      await map.waitFor();
      const box = await map.boundingBox();
      const corners = [[0.3, 0.3], [0.7, 0.3], [0.7, 0.7], [0.5, 0.8], [0.3, 0.7]];
      for (const [x, y] of corners) await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
      await page.locator('[data-testid=boundary-picker][data-corners="5"]').waitFor();
      await page.locator('[data-testid=boundary-undo]').click();
      await page.locator('[data-testid=boundary-picker][data-corners="4"]').waitFor();

      await page.locator('[data-testid=boundary-paste-open]').click();
      await page.locator('textarea[data-testid=boundary-paste], [data-testid=boundary-paste] textarea').first().fill('{"type":"Point"');
      await page.locator('[data-testid=boundary-paste-apply]').click();
      await page.locator('[data-testid=boundary-paste-error]').waitFor();
      await page.locator('[data-testid=boundary-picker][data-corners="4"]').waitFor(); // the drawing is kept

      await page.locator('[data-testid=boundary-save]').click();
      await page.locator('[data-testid=region-boundary-state][data-set=true]').waitFor();
      const saved = (await api.as('town', 'GET', `/regions/${grid.id}`)).body.boundary;
      assertEqual(saved?.type, 'Polygon', 'the saved boundary');
      const ring = saved.coordinates[0];
      assertEqual(ring.length, 5, 'four corners and the closing repeat');
      assertEqual(ring[0], ring[4], 'the ring is closed');
      const layers = (await api.as('town', 'GET', '/map/layers')).body;
      const drawn = layers.boundaries.find((b) => b.region_id === grid.id);
      assertEqual(drawn?.boundary, saved, 'the map layers answer the same outline');
      assert(problems.length === 0, problems.join(' | '));
    },
  },
];
