// The registry kept in the web app (issue 7 point 4): the town creates a village and a grid under
// it on the regions page, then an enterprise in that grid — its credit code checked by the server
// while it is typed, in a building that already has a tenant, its place picked on the map — and
// the same enterprise edited from two windows: the second sees who changed what, and nothing is
// overwritten. Spread into scenarios.mjs.
import { apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';

// GB 32100 / GB 11714 check characters, so the test makes codes no other run has used.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function orgCheck(body8) {
  const value = (c) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const sum = [...body8].reduce((acc, c, i) => acc + value(c) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
export function creditCode(n) {
  const body = `MA${String(n % 1e6).padStart(6, '0')}`;
  const first17 = `91330282${body}${orgCheck(body)}`;
  const sum = [...first17].reduce((acc, c, i) => acc + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}
function wrongCheck(code) {
  return code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A');
}

function findRegion(nodes, name) {
  for (const n of nodes ?? []) {
    if (n.name === name) return n;
    const inner = findRegion(n.children, name);
    if (inner) return inner;
  }
  return null;
}

/** The error shown at the form item holding `testId`, or '' when there is none. */
async function fieldError(page, testId) {
  const item = page.locator('.el-form-item', { has: page.locator(`[data-testid=${testId}]`) }).last();
  const error = item.locator('.el-form-item__error');
  return (await error.count()) ? (await error.innerText()).trim() : '';
}

async function pick(page, selectTestId, optionText) {
  await page.locator(`[data-testid=${selectTestId}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click();
}

async function regionForm(page, { name, code, person, phone }) {
  const dialog = page.locator('[data-testid=region-form]');
  await dialog.waitFor();
  await dialog.locator('[data-testid=region-name]').fill(name);
  await dialog.locator('[data-testid=region-code]').fill(code);
  await dialog.locator('[data-testid=region-responsible-name]').fill(person);
  await dialog.locator('[data-testid=region-responsible-phone]').fill(phone);
  await dialog.locator('[data-testid=region-save]').click();
  await dialog.waitFor({ state: 'detached' });
}

export const registryScenarios = [
  {
    name: 'registry: the town creates a village, a grid and an enterprise in a building with tenants (credit code checked as typed, place picked on the map); two windows edit it and the second sees the conflict',
    async run({ browser, base }) {
      const api = apiClient(base);
      const run = Date.now() % 1e6;
      const villageName = `试点新村${run}`;
      const gridName = `试点新村第一网格${run}`;

      // 1. The regions page: a village under the town, then a grid under the village.
      const town = await newPage(browser);
      await login(town.page, base, 'town');
      await town.page.goto(`${base}/regions`);
      await town.page.locator('[data-testid=region-new-village]').click();
      await regionForm(town.page, { name: villageName, code: `3302821${String(run).padStart(6, '0')}`.slice(0, 12), person: '周立新', phone: '13700001234' });
      await town.page.locator('[data-testid=region-detail] h2', { hasText: villageName }).waitFor();
      let tree = (await api.as('town', 'GET', '/regions')).body;
      const village = findRegion(tree, villageName);
      assert(village && village.kind === 'village', `the village «${villageName}» was created under the town`);
      await town.page.locator('[data-testid=region-new-grid]').click();
      await regionForm(town.page, { name: gridName, code: '', person: '吴海燕', phone: '13700005678' });
      await town.page.locator('[data-testid=region-detail] h2', { hasText: gridName }).waitFor();
      // Edit the grid's responsible phone from the same page.
      await town.page.locator('[data-testid=region-edit]').click();
      await town.page.locator('[data-testid=region-form] [data-testid=region-responsible-phone]').fill('13700009999');
      await town.page.locator('[data-testid=region-form] [data-testid=region-save]').click();
      await town.page.locator('[data-testid=region-responsible]', { hasText: '13700009999' }).waitFor();
      tree = (await api.as('town', 'GET', '/regions')).body;
      const grid = findRegion(tree, gridName);
      assert(grid && grid.kind === 'grid' && grid.parent_id === village.id, 'the grid sits under the new village');
      assertEqual(grid.responsible.phone, '13700009999', "the grid's responsible phone (edited)");

      // 2. A building in that grid with one tenant already (through the API: buildings have their own pages).
      const building = await api.as('town', 'POST', '/buildings', { grid_id: grid.id, name: `试点标准厂房${run}`, address: '匡堰镇试点路8号', landlord_name: '孙国强', landlord_phone: '13600001111', floors: 3, area_m2: 2400 });
      assertEqual(building.status, 201, 'building created');
      const buildingId = building.body.id ?? building.body.building?.id;
      const tenant = await api.as('town', 'POST', '/enterprises', { grid_id: grid.id, building_id: buildingId, name: `试点织造厂${run}`, credit_code: creditCode(run * 2 + 1), address: '匡堰镇试点路8号一楼' });
      assertEqual(tenant.status, 201, 'first tenant created');

      // 3. The enterprise form: a wrong check character is named while typing, before any save.
      const creates = [];
      town.page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/enterprises') creates.push(r.url());
      });
      await town.page.goto(`${base}/enterprises`);
      await town.page.locator('[data-testid=enterprise-new]').click();
      await town.page.waitForURL(/\/enterprises\/new$/);
      await town.page.locator('[data-testid=enterprise-form]').waitFor();
      const name = `慈溪市试点服饰有限公司${run}`;
      await town.page.locator('[data-testid=ent-name]').fill(name);
      await pick(town.page, 'ent-grid', gridName);
      const code = creditCode(run * 2);
      await town.page.locator('[data-testid=ent-credit-code]').fill(wrongCheck(code));
      await town.page.waitForFunction(() => {
        const input = document.querySelector('[data-testid=ent-credit-code]');
        return Boolean(input?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim());
      });
      const shown = await fieldError(town.page, 'ent-credit-code');
      assert(/校验/.test(shown), `the credit code's error while typing names the check character: «${shown}»`);
      assertEqual(creates.length, 0, 'nothing was saved while typing');
      await town.page.locator('[data-testid=ent-credit-code]').fill(code);
      await town.page.waitForFunction(() => {
        const input = document.querySelector('[data-testid=ent-credit-code]');
        return !input?.closest('.el-form-item')?.querySelector('.el-form-item__error');
      });

      // The building (with its tenant count), tags, head count, contact, and the place on the map.
      await pick(town.page, 'ent-building', `试点标准厂房${run}`);
      await town.page.locator('[data-testid=ent-tags] [data-tag=dust]').click();
      await town.page.locator('[data-testid=ent-tags] [data-tag=group_rented]').click();
      await town.page.locator('input[data-testid=ent-employees], [data-testid=ent-employees] input').first().fill('35');
      await town.page.locator('[data-testid=ent-contact-name]').fill('钱丽华');
      await town.page.locator('[data-testid=ent-contact-phone]').fill('13512345678');
      await town.page.locator('[data-testid=ent-address]').fill('匡堰镇试点路8号二楼');
      const picker = town.page.locator('[data-testid=location-picker]');
      await picker.waitFor();
      await picker.click({ position: { x: 220, y: 140 } });
      await town.page.waitForFunction(() => document.querySelector('[data-testid=location-picker]')?.getAttribute('data-lat'));
      const clicked = { lat: Number(await picker.getAttribute('data-lat')), lng: Number(await picker.getAttribute('data-lng')) };
      // Dragging the marker moves the place.
      const pin = town.page.locator('[data-testid=location-picker] .sg-pin');
      const box = await pin.boundingBox();
      assert(box, 'the marker is on the map');
      await town.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await town.page.mouse.down();
      await town.page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20, { steps: 5 });
      await town.page.mouse.up();
      await town.page.waitForFunction((lat) => Number(document.querySelector('[data-testid=location-picker]')?.getAttribute('data-lat')) !== lat, clicked.lat);
      const placed = { lat: Number(await picker.getAttribute('data-lat')), lng: Number(await picker.getAttribute('data-lng')) };
      assert(placed.lat < clicked.lat && placed.lng > clicked.lng, `the marker was dragged south-east: ${JSON.stringify(clicked)} → ${JSON.stringify(placed)}`);
      await town.page.screenshot({ path: artifactPath('registry-enterprise-form.png'), fullPage: false });
      assertEqual(new URL(town.page.url()).pathname, '/enterprises/new', 'still on the form before saving');
      await town.page.locator('[data-testid=ent-save]').click();
      await town.page.waitForURL(/\/enterprises\/\d+$/);
      const id = Number(new URL(town.page.url()).pathname.split('/').pop());
      const saved = (await api.as('town', 'GET', `/enterprises/${id}`)).body;
      assertEqual([saved.name, saved.credit_code, saved.grid_id, saved.building_id, saved.employees], [name, code, grid.id, buildingId, 35], 'the enterprise as saved');
      assertEqual([...saved.tags].sort(), ['dust', 'group_rented'], 'its tags');
      assertEqual([saved.lat, saved.lng], [placed.lat, placed.lng], 'its place is where the marker was dropped');
      const tenants = (await api.as('town', 'GET', `/enterprises?building_id=${buildingId}`)).body;
      assertEqual(tenants.total, 2, 'tenants of the building');
      assert(town.problems.length === 0, town.problems.join(' | '));

      // 4. Two windows on the same enterprise: the town saves first, the admin second.
      const admin = await newPage(browser);
      await login(admin.page, base, 'admin');
      await town.page.goto(`${base}/enterprises/${id}/edit`);
      await admin.page.goto(`${base}/enterprises/${id}/edit`);
      for (const p of [town.page, admin.page]) await p.locator('[data-testid=ent-name]').waitFor();
      await town.page.waitForFunction((n) => document.querySelector('[data-testid=ent-name]')?.value === n, name);
      await admin.page.waitForFunction((n) => document.querySelector('[data-testid=ent-name]')?.value === n, name);
      await town.page.locator('[data-testid=ent-contact-phone]').fill('13822223333');
      await town.page.locator('[data-testid=ent-save]').click();
      await town.page.waitForURL(/\/enterprises\/\d+$/);
      await admin.page.locator('[data-testid=ent-address]').fill('匡堰镇试点路8号三楼');
      await admin.page.locator('[data-testid=ent-save]').click();
      const alert = admin.page.locator('[data-testid=conflict-alert]');
      await alert.waitFor();
      const me = (await api.as('town', 'GET', '/me')).body;
      const townName = me.display_name || me.user?.display_name;
      assert(townName, 'the town officer has a display name');
      const who = await admin.page.locator('[data-testid=conflict-who]').innerText();
      assert(who.includes(townName), `the conflict names the other person «${townName}»: «${who}»`);
      const phoneChange = await admin.page.locator('[data-testid=conflict-changes] [data-field=contact_phone]').innerText();
      assert(phoneChange.includes('联系电话') && phoneChange.includes('13822223333'), `the conflict shows the changed field: «${phoneChange}»`);
      await admin.page.screenshot({ path: artifactPath('registry-conflict.png'), fullPage: false });
      let now = (await api.as('admin', 'GET', `/enterprises/${id}`)).body;
      assertEqual([now.contact_phone, now.address, now.version], ['13822223333', '匡堰镇试点路8号二楼', saved.version + 1], 'after the stale save nothing was overwritten');

      // Re-applying the admin's own change onto the new version keeps the town's.
      await admin.page.locator('[data-testid=conflict-reapply]').click();
      await alert.waitFor({ state: 'detached' });
      assertEqual(await admin.page.locator('[data-testid=ent-contact-phone]').inputValue(), '13822223333', "the form shows the town's phone");
      await admin.page.locator('[data-testid=ent-save]').click();
      await admin.page.waitForURL(/\/enterprises\/\d+$/);
      now = (await api.as('admin', 'GET', `/enterprises/${id}`)).body;
      assertEqual([now.contact_phone, now.address], ['13822223333', '匡堰镇试点路8号三楼', ], 'both changes kept');
      assert(admin.problems.length === 0, admin.problems.join(' | '));
    },
  },
];
