export type { Query } from './client';

// Shapes of CONTRACT.md, field for field. Optional fields marked "(extra)" are not in the contract:
// the UI shows them when the server sends them and does without otherwise.

export type Role = 'admin' | 'town' | 'village' | 'inspector' | 'enterprise' | 'county';
export const ROLES: Role[] = ['admin', 'town', 'village', 'inspector', 'enterprise'];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface User {
  id: number;
  username: string;
  role: Role;
  region_id: number | null;
  enterprise_id: number | null;
  display_name?: string; // (extra)
  /** The server writes nothing for this role but its own account (the county): offer no write. */
  read_only?: boolean;
}

/** An account as user management sees it (GET /users). */
export interface UserAccount extends User {
  display_name?: string;
  phone?: string;
  disabled?: boolean;
  created_at?: string;
  updated_at?: string;
  version?: number;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  region_id?: number;
  enterprise_id?: number;
  display_name?: string;
  phone?: string;
}

export interface LoginResult {
  token: string;
  /** Echoed as X-CSRF-Token by requests that change something (api/http.ts). */
  csrf_token?: string;
  expires_at?: string;
  user: User;
}

/** GET /me: the user, and the session's CSRF token when the session is the cookie. */
export type MeResult = User & { csrf_token?: string };

export type RegionKind = 'county' | 'town' | 'village' | 'grid';

export interface Responsible {
  name?: string;
  phone?: string;
  user_id?: number | null;
}

export interface Region {
  id: number;
  name: string;
  kind: RegionKind;
  code: string;
  parent_id: number | null;
  children?: Region[];
  version?: number;
  responsible?: Responsible | null; // (extra) the person who answers for the node
  responsible_name?: string; // (extra)
  responsible_phone?: string; // (extra)
  /** GET /regions/{id} only (the tree leaves it out): the outline on the map, or null. */
  boundary?: Boundary | null;
}

/** A region's boundary: a GeoJSON Polygon or MultiPolygon ([lng, lat] positions). */
export type Boundary =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };


export const TAGS = ['three_in_one', 'group_rented', 'key_unit', 'hazardous_chemicals', 'dust', 'confined_space'] as const;
export type Tag = (typeof TAGS)[number];
export const RISK_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface Enterprise {
  id: number;
  name: string;
  credit_code: string;
  grid_id: number;
  address: string;
  industry_code: string;
  employees: number;
  tags: Tag[];
  lat: number | null;
  lng: number | null;
  contact_name: string;
  contact_phone: string;
  risk_level: RiskLevel | null;
  risk_score?: number; // (extra) the sum of the risk factors' points (GET /enterprises/{id}/risk)
  version: number;
  building_id?: number | null; // (extra) enterprises sharing a building
  building_name?: string; // (extra)
  grid_name?: string | null; // (extra)
  industry_name?: string | null; // (extra) GB/T 4754 name; null for a code the server does not know
  industry_name_en?: string | null; // (extra)
}

/** A building shared by enterprises (群租厂房), with its landlord (GET /buildings/{id}). */
export interface Building {
  id: number;
  name: string;
  address: string;
  grid_id: number;
  landlord_name?: string;
  landlord_phone?: string;
  floors?: number | null;
  area_m2?: number | null;
  /** People sleeping in the building (0: nobody); a risk factor of every tenant. */
  people_sleeping?: number;
  /** The sleeping part is fully fire-separated with its own escape (GA 703 A.1.2). */
  sleeping_separated?: boolean;
  height_m?: number | null;
  sandwich_panels?: boolean;
  tenant_count?: number;
  tenants?: Enterprise[];
  /** The 群租厂房 / 三合一 rules, computed by the server (never re-implemented here). */
  warnings?: BuildingWarning[];
  version?: number;
}

export interface BuildingWarning {
  code: string;
  message: string; // in the request's language
  rule: string; // the legal basis
}

export const HAZARD_STATUSES = ['reported', 'rectifying', 'submitted', 'closed', 'rejected'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
export const SEVERITIES = ['general', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const HAZARD_ACTIONS = ['confirm', 'reject', 'submit', 'approve', 'return', 'extend', 'assign'] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

export interface HazardHistoryEntry {
  action: string;
  from: HazardStatus | null;
  to: HazardStatus;
  actor_id: number | null;
  at: string;
  comment?: string | null;
  attachments?: number[] | null;
  actor_name?: string | null; // (extra) the display name; null for the public and the system
  actor_role?: string | null; // (extra)
  actor_login?: string; // (extra) the login the event recorded
}

export interface Hazard {
  id: number;
  enterprise_id: number | null;
  title: string;
  description: string;
  severity: Severity;
  category: string;
  status: HazardStatus;
  due_at: string | null;
  overdue: boolean;
  attachments?: number[];
  /** attachment id → "before" | "after" | "evidence" (see normaliseHazard in hazards.ts) */
  attachment_roles?: Record<number, string>;
  /** When it was found (发现时间); created_at is when it was recorded. */
  found_at?: string;
  created_at?: string;
  updated_at?: string;
  version?: number;
  region_id?: number; // (extra)
  enterprise_name?: string; // (extra)
  source?: string; // (extra) inspection | enterprise | public | device
  campaign_id?: number | null;
  /** A re-check round's hazard (回头看): the parent campaign's closed hazard it repeats. */
  recurrence_of?: number | null;
  history?: HazardHistoryEntry[];
  /** What the caller may do now (the hazard page's answer; the list leaves it out). The server's
   * rule, the only one: the app shows these and decides nothing of its own. */
  allowed_actions?: string[];
  /** The one of allowed_actions the caller's role is expected to take next (first in the list), or null. */
  primary_action?: string | null;
  /** Submitted, and a return must carry a new due_at (the server's rule; the app does not restate it). */
  return_needs_due_at?: boolean;
  /** The caller may reword title, description and category now (PATCH /hazards/{id}); the server's rule. */
  editable?: boolean;
  /** A citizen's report: what they wrote (detail answers only; null for other hazards). */
  report?: HazardReportOrigin | null;
}

/** GET /hazards/{id} "report": `contact` only for staff, absent for the enterprise role. */
export interface HazardReportOrigin {
  address: string;
  lat: number | null;
  lng: number | null;
  reported_at: string;
  contact?: string;
  /** The QR poster it was made from (a village's, a grid's or an enterprise's), or null. */
  place?: { code: string; kind: 'town' | 'village' | 'grid' | 'enterprise'; name: string } | null;
}

export interface HazardActionBody {
  action: HazardAction;
  comment?: string;
  due_at?: string;
  severity?: Severity;
  attachments?: number[];
  enterprise_id?: number;
}

export interface NewHazard {
  enterprise_id: number;
  title: string;
  description: string;
  severity: Severity;
  category: string;
  due_at?: string;
  attachments?: number[];
}

/** A checklist item: an integer id, and the standard's own id as `code` (e.g. "FS-EVA-03"). */
export interface ChecklistItem {
  id: number;
  code: string;
  text: string;
  text_en?: string;
  /** What a fail states: the title of the hazard it opens (absent in checklists cached before it existed). */
  finding?: string;
  finding_en?: string;
  category: string;
  category_label?: string;
  severity: Severity;
}

/** A checklist template: an integer id, and its own id as `code` (e.g. "fire-small-workshop"). */
export interface Checklist {
  id: number;
  code: string;
  title: string;
  title_en?: string;
  version?: number;
  effective_date?: string;
  items: ChecklistItem[];
}

export type ItemResult = 'pass' | 'fail' | 'na';

export interface InspectionItemAnswer {
  item_id: number;
  result: ItemResult;
  note?: string;
  attachments?: number[];
}

/** routine 日常检查, campaign 专项检查 (names campaign_id), self_check 企业自查, joint 联合检查. */
export type InspectionKind = 'routine' | 'campaign' | 'self_check' | 'joint';

export interface NewInspection {
  enterprise_id: number;
  checklist_id: number;
  items: InspectionItemAnswer[];
  kind?: InspectionKind;
  campaign_id?: number;
}

/** A campaign (专项整治) as GET /campaigns lists it. */
export interface Campaign {
  id: number;
  town_id: number;
  name: string;
  starts_on: string;
  ends_on: string;
  scope: { region_ids: number[]; tags: string[] };
  categories: string[];
  open: boolean;
  /** The server's answer: upcoming 未开始, open 进行中, finished 已结束. */
  status?: 'upcoming' | 'open' | 'finished';
  parent_id?: number | null;
  version: number;
}

export interface CampaignCounts {
  in_scope: number;
  inspected: number;
  hazards: number;
  closed: number;
  /** Re-check rounds only. */
  recurred?: number;
}

export interface CampaignDetail extends Campaign {
  progress: CampaignCounts & { coverage: number };
  by_region: (CampaignCounts & { region: { id: number; name: string; kind: string } })[];
  rounds?: CampaignDetail[];
}

export interface CampaignInput {
  name: string;
  starts_on: string;
  ends_on: string;
  scope: { region_ids: number[]; tags: string[] };
  categories: string[];
}

export interface CampaignEnterprise {
  id: number;
  name: string;
  address: string;
  village_id: number | null;
  grid_id: number | null;
  inspected_at: string | null;
}

export interface InspectionCreated {
  id: number;
  hazard_ids: number[];
}

export interface Inspection {
  id: number;
  enterprise_id: number;
  enterprise_name?: string;
  checklist_id: number;
  checklist_code?: string;
  checklist_title?: string;
  inspector_id?: number | null;
  inspector_name?: string;
  at?: string;
  created_at?: string;
  passed?: number;
  failed?: number;
  not_applicable?: number;
  hazard_ids?: number[];
  kind?: InspectionKind;
  campaign_id?: number | null;
}

export interface Attachment {
  id: number;
  sha256: string;
  size: number;
  content_type?: string;
  /** From the photo's EXIF (the server reads it): when and where it was taken; null without EXIF. */
  taken_at?: string | null;
  lat?: number | null;
  lng?: number | null;
  created_at?: string;
}

export interface PublicReport {
  description: string;
  address?: string;
  lat?: number;
  lng?: number;
  contact?: string;
  attachments?: number[];
  /** The code of the QR poster the form was opened from. */
  place?: string;
}

/** GET /public/places/{code}: the place a QR poster names. */
export interface PublicPlace {
  name: string;
  kind: 'town' | 'village' | 'grid' | 'enterprise';
}

export interface PublicReportStatus {
  status: HazardStatus;
  updated_at: string;
}

/** GET /public/reports/{code}/reply: the status and the officer's words to the reporter. */
export interface PublicReportReply extends PublicReportStatus {
  reason: string | null;
}

export interface Figures {
  hazards: {
    total: number;
    by_status: Partial<Record<HazardStatus, number>>;
    by_severity: Partial<Record<Severity, number>>;
    overdue: number;
    major_open?: number; // (extra) major hazards not yet closed or rejected (挂牌督办)
  };
  rectification_rate: number | null;
  on_time_rate: number | null;
  enterprises: { total: number; by_risk_level: Partial<Record<RiskLevel, number>>; due?: number /* (extra) due for inspection */; risk_level?: RiskLevel | null /* (extra) the area's colour, rolled up by the server */ };
}

export interface RegionFigures extends Figures {
  region: { id: number; name: string; kind: RegionKind };
  direct: boolean;
}

export interface TrendPoint {
  month: string; // "2026-01"
  found: number; // hazards found in the month
  closed: number; // hazards closed in the month
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name?: string | null; // the display name; null for system writes
  actor_role?: string | null;
  actor_login?: string; // the name the entry recorded (hashed)
  action: string;
  entity: string;
  entity_id: number | string | null;
  entity_label?: string | null; // the hazard's title, the enterprise's name, …
  before?: unknown;
  after?: unknown;
  hash?: string;
}

export interface Notification {
  id: number;
  title?: string;
  body?: string;
  message?: string;
  kind?: string;
  hazard_id?: number | null;
  link?: string | null;
  created_at: string;
  read_at?: string | null;
}

/** One factor of an enterprise's risk score: its label is in the request's language. */
export interface RiskFactor {
  code: string;
  label: string;
  value: string | number | boolean | null; // a tag true, a count a number, the industry its code, unknown null
  points: number;
}

/** A colour change, with the change that caused it (enterprise.create, hazard.<action>:<id>, inspection:<id>, daily…). */
export interface RiskHistoryEntry {
  level: RiskLevel;
  score: number;
  at: string;
  reason: string;
}

/** GET /enterprises/{id}/risk: the grade explained; score = the sum of the factors' points. */
export interface EnterpriseRisk {
  level: RiskLevel;
  score: number;
  method: string;
  factors: RiskFactor[];
  computed_at: string;
  last_inspected_at: string | null;
  next_inspection_due: string | null; // null: never inspected, due now
  history: RiskHistoryEntry[]; // newest first
}
