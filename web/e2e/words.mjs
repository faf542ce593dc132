// Words, not codes (issue 12 point 5): every page of the app (pages.mjs), a hazard with a long
// history and the audit log, opened in zh-CN, must not show a code where a word belongs —
//   - an action, entity, role, status, severity, category, region kind, tag or risk code as a whole
//     ASCII word (the list is built from the locale files' keys and the server's enums);
//   - a `#<number>` reference to a record;
//   - a locale key (`words.action.list`, `hazard.history`);
//   - a demo login name (inspector1, village1, …) where a person's name belongs;
//   - a history row saying "整改中 → 整改中" (a status that did not change).
// Spread into scenarios.mjs.
import { readFileSync } from 'node:fs';
import { apiClient, artifactPath, assert, login, newPage, waitForQuietNetwork, writeArtifact } from './lib.mjs';
import { PAGES, pageIds, pagePath } from './pages.mjs';

const zh = JSON.parse(readFileSync(new URL('../src/locales/zh-CN.json', import.meta.url), 'utf8'));

// The codes the server answers that a person must never read as such.
const SERVER_ACTIONS = ['create', 'confirm', 'reject', 'submit', 'approve', 'return', 'extend', 'assign', 'link', 'list', 'escalate', 'edit', 'notice', 'update', 'login', 'logout', 'logout_all', 'password_set', 'password_change', 'disable', 'enable', 'purge'];
const SERVER_ENTITIES = ['hazard', 'enterprise', 'region', 'inspection', 'user', 'attachment', 'public_report', 'building', 'checklist_template'];
const SERVER_ROLES = ['admin', 'town', 'village', 'inspector', 'enterprise'];
const SERVER_STATUSES = ['reported', 'rectifying', 'submitted', 'closed', 'rejected'];

export const CODES = [
  ...new Set([
    ...SERVER_ACTIONS,
    ...SERVER_ENTITIES,
    ...SERVER_ROLES,
    ...SERVER_STATUSES,
    ...Object.keys(zh.words?.action ?? {}), // (optional: the same walk runs against an older tree)
    ...Object.keys(zh.words?.entity ?? {}),
    ...Object.keys(zh.roles),
    ...Object.keys(zh.status),
    ...Object.keys(zh.severity),
    ...Object.keys(zh.category),
    ...Object.keys(zh.region.kind),
    ...Object.keys(zh.tags),
    ...Object.keys(zh.risk).filter((k) => typeof zh.risk[k] === 'string'),
  ]),
].filter((code) => /^[a-z][a-z_]*$/.test(code));

// Demo logins (src/services/seed/seed_demo.cpp): names people must not be shown by.
const LOGIN = /(?<![\w.@-])(inspector\d+|village\d+|enterprise\d+)(?![\w-])/g;
const CODE = new RegExp(`(?<![\\w./@-])(${CODES.join('|')})(?![\\w-])`, 'g');
const RECORD_REF = /#\d+/g;
const LOCALE_KEY = new RegExp(`(?<![\\w./@-])(${Object.keys(zh).join('|')})\\.[A-Za-z_]+(\\.[A-Za-z_]+)*(?![\\w-])`, 'g');
const SAME_STATUS = new RegExp(`(${Object.values(zh.status).join('|')}) → \\1(?!\\S)`, 'g');

/** Every problem in one page's visible text. */
export function untranslated(text) {
  const found = [];
  const add = (what, re) => {
    for (const m of text.matchAll(re)) found.push(`${what} "${m[0]}" in «${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ')}»`);
  };
  add('code', CODE);
  add('record reference', RECORD_REF);
  add('locale key', LOCALE_KEY);
  add('unchanged status', SAME_STATUS);
  add('login name', LOGIN);
  return found;
}

/**
 * A hazard with a long history by several people: found by an inspector, extended by the town
 * (a row whose status stays), submitted by the enterprise, returned, submitted again, approved.
 */
async function hazardWithLongHistory(api) {
  const days = (n) => new Date(Date.now() + n * 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const me = (await api.as('enterprise1', 'GET', '/me')).body;
  const created = await api.as('inspector1', 'POST', '/hazards', { enterprise_id: me.enterprise_id, title: `e2e 配电箱未上锁 ${Date.now() % 100000}`, description: '一楼配电箱门敞开', severity: 'general', category: 'electrical', due_at: days(10) });
  assert(created.status === 201, `hazard created: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const steps = [
    ['town', { action: 'extend', due_at: days(20), comment: '等待配件' }],
    ['enterprise1', { action: 'submit', comment: '已加装门锁' }],
    ['town', { action: 'return', due_at: days(25), comment: '门锁损坏，重新整改' }],
    ['enterprise1', { action: 'submit', comment: '已更换新锁' }],
    ['town', { action: 'approve', comment: '复查合格' }],
  ];
  for (const [user, body] of steps) {
    const r = await api.as(user, 'POST', `/hazards/${id}/actions`, body);
    assert(r.status === 200, `${user} ${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return id;
}

/** A hazard of the seeded town whose history has a row where the status stayed (a listing, an escalation). */
async function hazardWithUnchangedStatus(api) {
  const page = await api.as('town', 'GET', '/hazards?status=rectifying&severity=major&page_size=50');
  let best = null;
  for (const h of page.body?.items ?? []) {
    const detail = await api.as('town', 'GET', `/hazards/${h.id}`);
    const history = detail.body?.history ?? [];
    const unchanged = history.filter((e) => e.from && e.from === e.to).length;
    if (!best || unchanged > best.unchanged || (unchanged === best.unchanged && history.length > best.length)) {
      best = { id: h.id, unchanged, length: history.length };
    }
    if (best.unchanged >= 2) break;
  }
  assert(best, 'no major rectifying hazard in the seeded store');
  return best;
}

async function walk(browser, base, visits) {
  const problems = [];
  for (const { name, user, path, ready, loginColumn } of visits) {
    const { page, context } = await newPage(browser, { locale: 'zh-CN' });
    if (user) await login(page, base, user);
    await page.goto(`${base}${path}`);
    await page.locator(ready).first().waitFor();
    await waitForQuietNetwork(page);
    // The data each page shows has arrived once no loading mask is left.
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask:not([style*="display: none"])'), null, { timeout: 10_000 }).catch(() => undefined);
    await page.screenshot({ path: artifactPath(`words-${name}.png`), fullPage: true });
    // The users page lists logins on purpose, in its own column: that column is left out.
    const text = await page.evaluate((column) => {
      if (column) {
        for (const table of document.querySelectorAll('.el-table')) {
          const heads = [...table.querySelectorAll('.el-table__header th')].map((th) => th.innerText.trim());
          const index = heads.indexOf(column);
          if (index < 0) continue;
          for (const row of table.querySelectorAll('.el-table__body tr')) {
            const cell = row.children[index];
            if (cell) cell.textContent = '';
          }
        }
      }
      return document.body.innerText;
    }, loginColumn ?? null);
    for (const p of untranslated(text)) problems.push(`${name} (${path}, as ${user ?? 'nobody'}): ${p}`);
    await context.close();
  }
  return problems;
}

export const wordsScenarios = [
  {
    name: 'words: every page in zh-CN shows words, not codes, ids, keys or logins',
    async run({ browser, base }) {
      const api = apiClient(base);
      const ids = await pageIds(base);
      const listed = await hazardWithUnchangedStatus(api);
      const long = await hazardWithLongHistory(api);
      const visits = PAGES.map((p) => ({ name: p.name, user: p.user, path: pagePath(p, ids), ready: p.ready, loginColumn: p.name === 'users' ? zh.users.username : null }));
      visits.push({ name: 'hazard-listed', user: 'town', path: `/hazards/${listed.id}`, ready: '[data-testid=hazard-timeline]' });
      visits.push({ name: 'hazard-long-history', user: 'town', path: `/hazards/${long}`, ready: '[data-testid=hazard-timeline]' });
      visits.push({ name: 'hazard-long-history-enterprise', user: 'enterprise1', path: `/hazards/${long}`, ready: '[data-testid=hazard-timeline]' });
      visits.push({ name: 'audit-log', user: 'town', path: '/audit?page_size=100', ready: '[data-testid=audit-list]' });
      const problems = await walk(browser, base, visits);
      writeArtifact('words-problems.txt', problems.join('\n') + '\n');
      // The distinct findings first (the runner prints a failure's first lines), then each one.
      const distinct = [...new Set(problems.map((p) => p.replace(/^(\S+) .*?: (\w[\w ]*?) "([^"]*)".*$/, '$1: $3')))];
      assert(problems.length === 0, `${problems.length} untranslated (words-problems.txt): ${distinct.join(' | ')}`);
    },
  },
];
