// Browser scenarios of evidence photos and of the hazard actions the server allows (issue 10,
// points 5 and 8): spread into scenarios.mjs.
import { createHash } from 'node:crypto';
import { PHONE, apiClient, artifactPath, assert, assertEqual, login, newPage } from './lib.mjs';
import { decimal, exifSegment, jpegFacts, withExif } from './exif-fixture.mjs';

const LAT = [30, 7, 2444]; // 30.123456…
const LNG = [121, 14, 440]; // 121.234556…

/** A real photo the browser can decode, over 400 KB (so the app compresses it), with a phone's EXIF. */
async function phonePhoto(page) {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1800;
    canvas.height = 1350;
    const c = canvas.getContext('2d');
    const image = c.createImageData(canvas.width, canvas.height);
    let seed = 7;
    for (let i = 0; i < image.data.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff; // noise: JPEG cannot shrink it much
      image.data[i] = i % 4 === 3 ? 255 : seed >> 23;
    }
    c.putImageData(image, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  });
  const bare = Uint8Array.from(Buffer.from(base64, 'base64'));
  return Buffer.from(withExif(bare, exifSegment({ takenAt: '2026:12:05 14:03:27', offset: '+08:00', lat: LAT, lng: LNG, orientation: 6, width: 1800, height: 1350 })));
}

export const evidenceScenarios = [
  {
    name: 'an inspection photo keeps its EXIF time and GPS through the phone\'s compression, and the page shows them',
    async run({ browser, base }) {
      const api = apiClient(base);
      const me = (await api.as('enterprise1', 'GET', '/me')).body;
      const own = (await api.as('enterprise1', 'GET', `/enterprises/${me.enterprise_id}`)).body;
      const insp = await newPage(browser, { viewport: PHONE, mobile: true });
      await login(insp.page, base, 'inspector1');
      await insp.page.waitForURL(/\/inspect/);
      const photo = await phonePhoto(insp.page);
      assert(photo.length > 400 * 1024, `the test photo is ${photo.length} bytes, not over 400 KB`);

      await insp.page.locator('[data-testid=inspect-search]').fill(own.name);
      await insp.page.locator(`[data-testid=inspect-enterprises] [data-enterprise="${own.id}"]`).click();
      await insp.page.locator('[data-testid=inspect-checklists] [data-checklist]').first().click();
      const items = insp.page.locator('[data-item]');
      const n = await items.count();
      for (let i = 0; i < n; i++) await items.nth(i).locator(`[data-result=${i === 0 ? 'fail' : 'pass'}]`).click();
      await insp.page.locator('[data-testid=inspect-note]').fill('配电箱前堆放杂物');
      await insp.page.locator('[data-testid=inspect-photo]').setInputFiles({ name: 'IMG_20261205_140327.jpg', mimeType: 'image/jpeg', buffer: photo });
      await items.nth(0).locator('.sg-photos img').waitFor();
      await insp.page.locator('[data-testid=inspect-submit]').click();
      await insp.page.locator('[data-testid=inspect-done][data-sent=true]').waitFor();
      await insp.page.locator('[data-testid=inspect-done] .hazard-links a').first().click();
      await insp.page.waitForURL(/\/hazards\/\d+$/);
      const id = Number(new URL(insp.page.url()).pathname.split('/').pop());

      // the API: the uploaded file is the small one, and the server read its time and place
      const hazard = (await api.as('inspector1', 'GET', `/hazards/${id}`)).body;
      assertEqual(hazard.attachments?.length, 1, 'photos of the hazard');
      const attachment = hazard.attachments[0].id;
      const meta = await api.as('inspector1', 'GET', `/attachments/${attachment}/meta`);
      assertEqual(meta.status, 200, 'GET /attachments/{id}/meta');
      // (noise compresses badly: a real photo shrinks ~10×, this one to about half)
      assert(meta.body.size < photo.length * 0.8, `the phone sent the compressed photo (${meta.body.size} of ${photo.length} bytes)`);
      assert(meta.body.sha256 !== createHash('sha256').update(photo).digest('hex'), 'the upload is the re-encoded photo, not the original');
      assertEqual(meta.body.taken_at, '2026-12-05T06:03:27Z', 'EXIF time taken (14:03:27 +08:00)');
      assert(Math.abs(meta.body.lat - decimal(LAT)) < 1e-6 && Math.abs(meta.body.lng - decimal(LNG)) < 1e-6, `EXIF GPS, got ${meta.body.lat}, ${meta.body.lng}`);
      // stored upright: the browser turned the sideways pixels (orientation 6), so the tag now says 1
      const file = await fetch(`${base}/api/v1/attachments/${attachment}`, { headers: { Authorization: `Bearer ${await api.token('inspector1')}` } });
      assertEqual(jpegFacts(new Uint8Array(await file.arrayBuffer())), { width: 1200, height: 1600, orientation: 1 }, 'the stored JPEG');
      assertEqual(jpegFacts(photo), { width: 1800, height: 1350, orientation: 6 }, 'the phone\'s photo');
      // the town in scope reads the same
      assertEqual((await api.as('town', 'GET', `/attachments/${attachment}/meta`)).body.taken_at, meta.body.taken_at, "the town's reading");

      // the page: time and place under the photo
      const caption = insp.page.locator('[data-testid=photos-before] [data-testid=photo-exif]');
      await caption.waitFor();
      const text = (await caption.textContent()).trim();
      assert(/^拍摄于 2026年12月5日 \d\d:03 · 30\.12346, 121\.23456$/.test(text), `caption under the photo: ${text}`);
      assertEqual(await caption.getAttribute('data-taken-at'), meta.body.taken_at, 'caption time is the server\'s');
      await caption.scrollIntoViewIfNeeded();
      await insp.page.screenshot({ path: artifactPath('evidence-photo-caption.png') });
      assert(insp.problems.length === 0, insp.problems.join(' | '));
      await insp.context.close();
    },
  },

  {
    name: "each role sees exactly the hazard's allowed_actions as buttons",
    async run({ browser, base }) {
      const api = apiClient(base);
      const list = (await api.as('town', 'GET', '/hazards?status=rectifying&page_size=1')).body;
      const id = list.items[0].id;
      for (const who of ['town', 'admin']) {
        const expected = (await api.as(who, 'GET', `/hazards/${id}`)).body.allowed_actions;
        const { page, problems, context } = await newPage(browser);
        await login(page, base, who);
        await page.goto(`${base}/hazards/${id}`);
        await page.locator('[data-testid=hazard-status]').waitFor();
        if (expected.length) await page.locator('[data-testid=hazard-actions] [data-action]').first().waitFor();
        const shown = await page.locator('[data-testid=hazard-actions] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
        assertEqual(shown, expected, `${who}'s buttons on hazard ${id}`);
        assert(problems.length === 0, problems.join(' | '));
        await context.close();
      }
    },
  },
];
