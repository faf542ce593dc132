// Every page on a phone (issue 12, point 7): the walk of web/e2e/pages.mjs at 360×640 and 390×844
// fails on a page wider than the screen and on text that a person cannot read whole (cut titles,
// names, deadlines; tags broken over two lines); the same walk writes the screenshots of every page
// at 1440×900 and 390×844 (test-artifacts/web/pages/<name>-desktop.png, <name>-phone.png).
// Spread into scenarios.mjs.
import { mkdirSync } from 'node:fs';
import { DESKTOP, PHONE, artifactPath, assert, login, newPage, waitForQuietNetwork, writeArtifact } from './lib.mjs';
import { PAGES, pageIds, pagePath } from './pages.mjs';

const SMALL_PHONE = { width: 360, height: 640 };

/**
 * Runs in the page: what a person on this screen cannot read whole. One finding per problem:
 *  - the document is wider than the viewport (the page scrolls sideways);
 *  - a text is cut: an element that holds text itself (not only its children), is visible, and
 *    (a) clips its own content sideways (overflow-x not visible, which text-overflow: ellipsis
 *        needs) while its content is wider than its box (scrollWidth > clientWidth), or
 *    (b) is cut to some lines by -webkit-line-clamp while its content is taller than its box, or
 *    (c) lies, even partly, outside the box of an ancestor that clips or scrolls sideways (a table
 *        column pushed out of a narrow table, a name under the edge of a card);
 *  - a text is squeezed: it runs over 4 lines or more in a box narrower than 60% of the screen (a
 *    title in a narrow table column);
 *  - a tag (status, severity, risk, the tags of an enterprise) takes more than one line.
 * Form controls (what the user types or picks), hidden and screen-reader-only text, maps and
 * charts (they draw their own labels), and a tab strip's own scroller (it has arrows) are not text
 * of the page for this check.
 */
export function readabilityProblems() {
  const TAG = '.sg-tag, .sg-risk, .el-tag, [data-tag]';
  const SKIP = 'input, textarea, select, .el-select, .el-input, .el-input-number, .el-date-editor, .el-cascader, .sg-visually-hidden, [aria-hidden=true], .leaflet-container, canvas, [data-testid^=chart-], .el-popper, .el-tabs__nav-wrap';
  const SIDEWAYS_CLIP = new Set(['hidden', 'clip', 'auto', 'scroll']);
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(`the page is ${doc.scrollWidth - window.innerWidth} px wider than the ${window.innerWidth} px screen`);

  const describe = (el) => {
    const text = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ');
    const id = el.closest('[data-testid]')?.getAttribute('data-testid');
    return `"${text.slice(0, 40)}" (${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${id ? ` in ${id}` : ''})`;
  };
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  // Rendered and seen: not in a closed <details>, a hidden tab, or transparent.
  const visible = (el) => el.getClientRects().length > 0 && el.checkVisibility({ contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true });
  const textRects = (el) => {
    const rects = [];
    for (const n of el.childNodes) {
      if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
    }
    return rects;
  };

  // Line boxes of one line share their middle within a few px (an icon and its text).
  const lineCount = (rects) => {
    const middles = [...new Set(rects.map((r) => Math.round(r.top + r.height / 2)))].sort((x, y) => x - y);
    return middles.filter((m, i) => i === 0 || m - middles[i - 1] > 6).length;
  };

  for (const el of document.body.querySelectorAll('*')) {
    if (!ownText(el) || el.closest(SKIP) || !visible(el)) continue;
    const s = getComputedStyle(el);
    if (SIDEWAYS_CLIP.has(s.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`cut${s.textOverflow === 'ellipsis' ? ' with …' : ''}: ${describe(el)} needs ${el.scrollWidth} px, has ${el.clientWidth}`);
      continue;
    }
    if (s.webkitLineClamp && s.webkitLineClamp !== 'none' && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`cut to ${s.webkitLineClamp} lines: ${describe(el)}`);
      continue;
    }
    const rects = textRects(el);
    const lines = lineCount(rects);
    if (lines >= 4 && el.getBoundingClientRect().width < 0.6 * window.innerWidth) {
      problems.push(`squeezed into ${lines} lines ${Math.round(el.getBoundingClientRect().width)} px wide: ${describe(el)}`);
      continue;
    }
    let clipper = null;
    for (let a = el.parentElement; a && a !== document.body && !clipper; a = a.parentElement) {
      if (!SIDEWAYS_CLIP.has(getComputedStyle(a).overflowX)) continue;
      const box = a.getBoundingClientRect();
      if (rects.some((r) => r.left < box.left - 1 || r.right > box.right + 1)) clipper = a;
    }
    if (clipper) problems.push(`outside the edge of ${clipper.tagName.toLowerCase()}.${String(clipper.className).trim().split(/\s+/)[0] ?? ''}: ${describe(el)}`);
  }

  for (const tag of document.body.querySelectorAll(TAG)) {
    if (tag.closest(SKIP) || !visible(tag)) continue;
    const range = document.createRange();
    range.selectNodeContents(tag);
    const lines = lineCount([...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0));
    if (lines > 1) problems.push(`tag in ${lines} lines: ${describe(tag)}`);
  }
  return problems;
}

/** Opens a page and waits until it has its data (its ready element, no loading state, no requests). */
async function openPage(page, base, entry, ids) {
  await page.goto(`${base}${pagePath(entry, ids)}`);
  await page.locator(entry.ready).first().waitFor();
  await settle(page);
}

async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('[data-state=loading], .el-loading-mask:not([style*="display: none"])'));
  await waitForQuietNetwork(page).catch(() => undefined);
  await page.evaluate(() => document.fonts?.ready);
  // Transitions (a tag zooming in) end first: a half-scaled element measures wrong.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
}

/** The problems of the page and of each of its tabs (the enterprise file hides its tables in tabs). */
async function problemsWithTabs(page) {
  const found = (await page.evaluate(readabilityProblems)).map((p) => p);
  const tabs = page.locator('.el-tabs__item');
  const n = await tabs.count();
  for (let i = 1; i < n; i++) {
    const label = (await tabs.nth(i).textContent()).trim();
    await tabs.nth(i).click();
    await settle(page);
    for (const p of await page.evaluate(readabilityProblems)) found.push(`[tab ${label}] ${p}`);
  }
  if (n > 1) await tabs.nth(0).click();
  return [...new Set(found)];
}

/** One logged-in context per user and screen size, reused across that user's pages. */
function contextPool(browser, base) {
  const pool = new Map();
  return {
    async get(user, size) {
      const key = `${user}@${size.width}`;
      if (!pool.has(key)) {
        const made = await newPage(browser, { viewport: size, mobile: size.width < 768 });
        if (user) await login(made.page, base, user);
        pool.set(key, made);
      }
      return pool.get(key);
    },
    problems: () => [...pool.entries()].flatMap(([key, p]) => p.problems.map((x) => `${key}: ${x}`)),
    async close() {
      for (const p of pool.values()) await p.context.close();
    },
  };
}

export const phoneScenarios = [
  {
    name: 'page walk: every page reads whole on 360 and 390 px phones (no sideways scroll, no cut text, tags on one line); screenshots of every page',
    async run({ browser, base }) {
      const ids = await pageIds(base);
      mkdirSync(artifactPath('pages'), { recursive: true });
      const pool = contextPool(browser, base);
      const failures = [];
      try {
        for (const entry of PAGES) {
          for (const size of [SMALL_PHONE, PHONE]) {
            const { page } = await pool.get(entry.user, size);
            await openPage(page, base, entry, ids);
            if (size === PHONE) await page.screenshot({ path: artifactPath(`pages/${entry.name}-phone.png`), fullPage: false, animations: 'disabled' });
            for (const p of await problemsWithTabs(page)) failures.push(`${entry.name} @${size.width}: ${p}`);
          }
          const desk = await pool.get(entry.user, DESKTOP);
          await openPage(desk.page, base, entry, ids);
          await desk.page.screenshot({ path: artifactPath(`pages/${entry.name}-desktop.png`), fullPage: false, animations: 'disabled' });
        }
        const errors = pool.problems();
        assert(errors.length === 0, `errors while walking the pages: ${errors.join(' | ')}`);
        writeArtifact('pages/phone-problems.txt', failures.length ? `${failures.join('\n')}\n` : 'none\n');
        const pages = [...new Set(failures.map((f) => f.split(' ')[0]))];
        assert(failures.length === 0, `${failures.length} problems on phones, on ${pages.join(', ')} (all in pages/phone-problems.txt):\n        ${failures.join('\n        ')}`);
      } finally {
        await pool.close();
      }
    },
  },
];
