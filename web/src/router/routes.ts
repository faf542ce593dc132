// Every route of CONTRACT.md "Web app routes", plus /regions, /inbox, /audit, /users and a not-found page.
// meta.roles: who may open the page (absent = any logged-in user); meta.public: no login;
// meta.menu: shown in the side menu / bottom tab bar, ordered by meta.rank; meta.title: i18n key.
// Components are lazy: the citizen pages never load the staff layout, Element Plus or ECharts.
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '@/api/types';
import { useUserStore } from '@/stores/user';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    public?: boolean;
    roles?: readonly Role[];
    menu?: boolean;
    /** Roles that see the menu entry (defaults to `roles`). */
    menuRoles?: readonly Role[];
    rank?: number;
    icon?: string;
  }
}

export const DESK: readonly Role[] = ['admin', 'town', 'village'];
export const STAFF: readonly Role[] = ['admin', 'town', 'village', 'inspector'];
export const ALL: readonly Role[] = ['admin', 'town', 'village', 'inspector', 'enterprise'];
/** The county overseer reads its towns (the server answers 403 to its writes): these pages and no more. */
export const COUNTY: readonly Role[] = ['county'];

export const appChildren: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/overview/index.vue'),
    meta: { title: 'menu.dashboard', roles: [...DESK, ...COUNTY], menu: true, rank: 10, icon: 'DataAnalysis' },
  },
  {
    path: '/inspect',
    name: 'inspect',
    component: () => import('@/views/inspection/inspect/index.vue'),
    meta: { title: 'menu.inspect', roles: ['inspector', 'village', 'town', 'enterprise'], menuRoles: ['inspector', 'enterprise'], menu: true, rank: 15, icon: 'Finished' },
  },
  {
    path: '/plan',
    name: 'plan',
    component: () => import('@/views/inspection/plan/index.vue'),
    meta: { title: 'plan.title', roles: ['inspector', 'village', 'town', 'admin'], menuRoles: ['inspector'], menu: true, rank: 16, icon: 'Guide' },
  },
  {
    path: '/regions',
    name: 'regions',
    component: () => import('@/views/registry/region/index.vue'),
    meta: { title: 'menu.regions', roles: [...DESK, ...COUNTY], menu: true, rank: 20, icon: 'Share' },
  },
  {
    path: '/enterprises',
    name: 'enterprises',
    component: () => import('@/views/registry/enterprise/index.vue'),
    meta: { title: 'menu.enterprises', roles: [...STAFF, ...COUNTY], menu: true, rank: 30, icon: 'OfficeBuilding' },
  },
  {
    path: '/enterprises/new',
    name: 'enterprise-new',
    component: () => import('@/views/registry/enterprise/form.vue'),
    meta: { title: 'registryEdit.newEnterprise', roles: STAFF },
  },
  {
    path: '/enterprises/:id(\\d+)/edit',
    name: 'enterprise-edit',
    component: () => import('@/views/registry/enterprise/form.vue'),
    meta: { title: 'registryEdit.editEnterprise', roles: STAFF },
  },
  {
    path: '/enterprises/:id(\\d+)',
    name: 'enterprise',
    component: () => import('@/views/registry/enterprise/detail.vue'),
    meta: { title: 'menu.enterprise', roles: [...ALL, ...COUNTY] },
  },
  {
    path: '/buildings',
    name: 'buildings',
    component: () => import('@/views/registry/building/index.vue'),
    meta: { title: 'buildings.menu', roles: STAFF, menuRoles: DESK, menu: true, rank: 35, icon: 'OfficeBuilding' },
  },
  {
    path: '/buildings/:id(\\d+)',
    name: 'building',
    component: () => import('@/views/registry/building/detail.vue'),
    meta: { title: 'buildings.detailTitle', roles: STAFF },
  },
  {
    path: '/trainings',
    name: 'trainings',
    component: () => import('@/views/training/index.vue'),
    meta: { title: 'training.menu', roles: STAFF, menuRoles: ['town', 'village'], menu: true, rank: 38, icon: 'Reading' },
  },
  {
    path: '/trainings/:id(\\d+)',
    name: 'training',
    component: () => import('@/views/training/detail.vue'),
    meta: { title: 'training.detailTitle', roles: STAFF },
  },
  {
    path: '/hazards',
    name: 'hazards',
    component: () => import('@/views/rectification/hazard/index.vue'),
    meta: { title: 'menu.hazards', roles: [...ALL, ...COUNTY], menu: true, rank: 40, icon: 'Warning' },
  },
  {
    path: '/hazards/:id(\\d+)',
    name: 'hazard',
    component: () => import('@/views/rectification/hazard/detail.vue'),
    meta: { title: 'menu.hazard', roles: [...ALL, ...COUNTY] },
  },
  {
    // 告警 (docs/alarms.md): every role reads the alarms of its scope; the actions are the server's.
    path: '/alarms',
    name: 'alarms',
    component: () => import('@/views/alarm/index.vue'),
    meta: { title: 'alarms.menu', roles: ALL, menu: true, rank: 41, icon: 'AlarmClock' },
  },
  {
    path: '/map',
    name: 'map',
    component: () => import('@/views/map/index.vue'),
    meta: { title: 'maplayers.title', roles: STAFF, menu: true, rank: 42, icon: 'MapLocation' },
  },
  {
    path: '/campaigns',
    name: 'campaigns',
    component: () => import('@/views/campaign/index.vue'),
    meta: { title: 'menu.campaigns', roles: STAFF, menuRoles: ['town', 'village', 'inspector'], menu: true, rank: 43, icon: 'Flag' },
  },
  {
    path: '/campaigns/:id(\\d+)',
    name: 'campaign',
    component: () => import('@/views/campaign/detail.vue'),
    meta: { title: 'campaigns.title', roles: STAFF },
  },
  {
    path: '/stations',
    name: 'stations',
    component: () => import('@/views/stations/index.vue'),
    meta: { title: 'stations.menu', roles: STAFF, menuRoles: ['town', 'village'], menu: true, rank: 44, icon: 'FirstAidKit' },
  },
  {
    path: '/stations/:id(\\d+)',
    name: 'station',
    component: () => import('@/views/stations/detail.vue'),
    meta: { title: 'stations.detailTitle', roles: STAFF },
  },
  {
    // 物联设备 (docs/devices.md): the desk's overview; an enterprise has its file's 物联设备 tab.
    path: '/devices',
    name: 'devices',
    component: () => import('@/views/device/index.vue'),
    meta: { title: 'devicesPage.menu', roles: ALL, menuRoles: DESK, menu: true, rank: 46, icon: 'Cpu' },
  },
  {
    path: '/my-enterprise',
    name: 'my-enterprise',
    redirect: () => {
      const id = useUserStore().user?.enterprise_id;
      return id ? `/enterprises/${id}` : '/hazards';
    },
    meta: { title: 'menu.myEnterprise', roles: ['enterprise'], menu: true, rank: 45, icon: 'OfficeBuilding' },
  },
  {
    path: '/inbox',
    name: 'inbox',
    component: () => import('@/views/message/inbox/index.vue'),
    meta: { title: 'menu.inbox', roles: [...ALL, ...COUNTY], menu: true, rank: 50, icon: 'Bell' },
  },
  {
    path: '/import',
    name: 'import',
    component: () => import('@/views/registry/import/index.vue'),
    meta: { title: 'imports.menu', roles: ['admin', 'town'], menu: true, rank: 36, icon: 'Document' },
  },
  {
    path: '/scorecards',
    name: 'scorecards',
    component: () => import('@/views/assessment/scorecard/index.vue'),
    meta: { title: 'scorecards.menu', roles: DESK, menu: true, rank: 55, icon: 'Trophy' },
  },
  {
    path: '/monthly-reports',
    name: 'monthly-reports',
    component: () => import('@/views/assessment/report/index.vue'),
    meta: { title: 'reports.menu', roles: DESK, menu: true, rank: 56, icon: 'Document' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('@/views/system/audit/index.vue'),
    meta: { title: 'menu.audit', roles: ['admin', 'town'], menu: true, rank: 60, icon: 'Document' },
  },
  {
    path: '/users',
    name: 'users',
    component: () => import('@/views/system/user/index.vue'),
    meta: { title: 'menu.users', roles: ['admin', 'town'], menu: true, rank: 70, icon: 'User' },
  },
  {
    path: '/403',
    name: 'forbidden',
    component: () => import('@/views/error/forbidden.vue'),
    meta: { title: 'error.forbiddenTitle' },
  },
];

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/login/index.vue'),
    meta: { title: 'login.title', public: true },
  },
  {
    path: '/report',
    name: 'report',
    component: () => import('@/views/public/report/index.vue'),
    meta: { title: 'report.title', public: true },
  },
  {
    path: '/report/:code',
    name: 'report-status',
    component: () => import('@/views/public/report/status.vue'),
    meta: { title: 'report.statusTitle', public: true },
  },
  {
    // A training session's QR sign-in (docs/training.md): workers on their phones, no login.
    path: '/t/:code',
    name: 'training-signin',
    component: () => import('@/views/public/signin/index.vue'),
    meta: { title: 'signin.title', public: true },
  },
  {
    path: '/',
    name: 'home',
    component: () => import('@/layouts/app-layout.vue'),
    children: appChildren,
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/not-found.vue'),
    meta: { title: 'error.notFoundTitle', public: true },
  },
];
