// Every page of the web app, as the user who would open it: the one list that the page walks
// (screenshots at both sizes, phone overflow and clipping, untranslated codes) go through, so a
// new page is added here once and every walk covers it.
//   user: the demo login that opens it (null: no login)
//   path: the address, or a function of `ids` (looked up once by pageIds) for pages of one record
//   ready: a selector that is on screen once the page has its data
import { apiClient } from './lib.mjs';

export const PAGES = [
  { name: 'login', user: null, path: '/login', ready: '[data-testid=login-submit]' },
  { name: 'report', user: null, path: '/report', ready: 'form' },
  { name: 'report-status', user: null, path: (ids) => `/report/${ids.trackingCode}`, ready: 'main' },
  { name: 'not-found', user: null, path: '/no/such/page', ready: '[data-testid=not-found]' },
  { name: 'dashboard-town', user: 'town', path: '/dashboard', ready: 'main' },
  { name: 'dashboard-village', user: 'village1', path: '/dashboard', ready: 'main' },
  { name: 'regions', user: 'town', path: '/regions', ready: 'main' },
  { name: 'enterprises', user: 'town', path: '/enterprises', ready: 'main' },
  { name: 'enterprise', user: 'town', path: (ids) => `/enterprises/${ids.enterpriseId}`, ready: 'main' },
  { name: 'enterprise-risk', user: 'town', path: (ids) => `/enterprises/${ids.enterpriseId}?tab=risk`, ready: '[data-testid=risk-panel]' },
  { name: 'enterprise-new', user: 'town', path: '/enterprises/new', ready: '[data-testid=enterprise-form]' },
  { name: 'enterprise-edit', user: 'town', path: (ids) => `/enterprises/${ids.enterpriseId}/edit`, ready: '[data-testid=enterprise-form]' },
  { name: 'enterprises-due', user: 'town', path: '/enterprises?due=true', ready: '[data-testid=enterprise-due-total]' },
  { name: 'buildings', user: 'town', path: '/buildings', ready: '[data-testid=building-list]' },
  { name: 'building', user: 'town', path: (ids) => `/buildings/${ids.buildingId}`, ready: '[data-testid=building-title]' },
  { name: 'trainings', user: 'village1', path: '/trainings', ready: '[data-testid=training-list]' },
  { name: 'training', user: 'village1', path: (ids) => `/trainings/${ids.trainingId}`, ready: '[data-testid=attendance-list]' },
  { name: 'hazards', user: 'town', path: '/hazards', ready: 'main' },
  { name: 'hazard', user: 'town', path: (ids) => `/hazards/${ids.hazardId}`, ready: 'main' },
  { name: 'hazard-reported', user: 'town', path: (ids) => `/hazards/${ids.reportedHazardId}`, ready: 'main' },
  { name: 'inspect', user: 'inspector1', path: '/inspect', ready: 'main' },
  { name: 'map', user: 'village1', path: '/map', ready: '[data-testid=map-layers]' },
  { name: 'map-inspector', user: 'inspector1', path: '/map', ready: '[data-testid=map-layers]' },
  { name: 'plan', user: 'inspector1', path: '/plan', ready: '[data-testid=plan-summary]' },
  { name: 'hazards-inspector', user: 'inspector1', path: '/hazards', ready: 'main' },
  { name: 'inbox', user: 'inspector1', path: '/inbox', ready: 'main' },
  { name: 'my-enterprise', user: 'enterprise1', path: '/my-enterprise', ready: 'main' },
  { name: 'hazards-enterprise', user: 'enterprise1', path: '/hazards', ready: 'main' },
  { name: 'import', user: 'town', path: '/import', ready: '[data-testid=import-choose]' },
  { name: 'inspect-enterprise', user: 'enterprise1', path: '/inspect', ready: '[data-testid=inspect-kind]' },
  { name: 'devices', user: 'village1', path: '/devices', ready: '[data-testid=devices-list]' },
  { name: 'alarms', user: 'village1', path: '/alarms', ready: '[data-testid=alarm-total]' },
  { name: 'audit', user: 'town', path: '/audit', ready: 'main' },
  { name: 'users', user: 'admin', path: '/users', ready: 'main' },
];

/** The record ids the one-record pages need, from the seeded store (a public report is made for them). */
export async function pageIds(base) {
  const api = apiClient(base);
  const enterprises = await api.as('town', 'GET', '/enterprises?page_size=1');
  const hazards = await api.as('town', 'GET', '/hazards?status=rectifying&page_size=1');
  const report = await api.call('POST', '/public/reports', { body: { description: '厂房二楼安全出口被纸箱堵住', address: '匡堰镇样例路1号' } });
  const reported = await api.as('town', 'GET', '/hazards?status=reported&page_size=1');
  const buildings = await api.as('town', 'GET', '/buildings?page_size=1');
  // A village session with attendance (the demo's newest may be one nobody attended yet).
  const trainings = await api.as('village1', 'GET', '/trainings?page_size=50');
  const ids = {
    enterpriseId: enterprises.body?.items?.[0]?.id,
    hazardId: hazards.body?.items?.[0]?.id,
    reportedHazardId: reported.body?.items?.[0]?.id,
    trackingCode: report.body?.tracking_code,
    buildingId: buildings.body?.items?.[0]?.id,
    trainingId: trainings.body?.items?.find((t) => t.enterprises > 0)?.id,
  };
  for (const [key, value] of Object.entries(ids)) {
    if (value === undefined) throw new Error(`pageIds: no ${key} in the seeded store`);
  }
  return ids;
}

/** The address of a page for these ids. */
export function pagePath(page, ids) {
  return typeof page.path === 'function' ? page.path(ids) : page.path;
}
