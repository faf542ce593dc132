// The hazard list's URL (/hazards?status=open&q=灭火器&sort=due_at…): what the list page reads
// from it, and the links the dashboard builds into it. One module for both sides, so a card's
// link and the list that opens it cannot drift apart. The server's rules (docs/hazard-list.md):
// `status` is one status, several separated by commas, or "open" (neither closed nor rejected);
// `sort` is one of HAZARD_SORTS; `q` has at most 100 characters.
import type { HazardQuery } from '@/api/hazards';
import { HAZARD_STATUSES, SEVERITIES, type HazardStatus } from '@/api/types';

export const OPEN_STATUS = 'open';
/** What "open" stands for: every status but closed and rejected (the dashboard's 未销号). */
export const OPEN_STATUSES: readonly HazardStatus[] = ['reported', 'rectifying', 'submitted'];
/** Confirmed and not yet closed: the dashboard's 重大隐患挂牌督办 counts major ones in these. */
export const SUPERVISED_STATUSES: readonly HazardStatus[] = ['rectifying', 'submitted'];

export const HAZARD_SORTS = ['-created_at', 'created_at', 'due_at', '-due_at'] as const;
export type HazardSort = (typeof HAZARD_SORTS)[number];
export const DEFAULT_SORT: HazardSort = '-created_at';
export const KEYWORD_MAX = 100;

type RawQuery = Record<string, unknown>;

function text(query: RawQuery, name: string): string {
  const value = query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

function positiveInt(query: RawQuery, name: string): number | undefined {
  const raw = text(query, name);
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}

/** The statuses a `status` parameter names, in the order given without repeats; undefined if any name is unknown. */
export function statusesOf(param: string): HazardStatus[] | undefined {
  if (param.trim() === OPEN_STATUS) return [...OPEN_STATUSES];
  const out: HazardStatus[] = [];
  for (const part of param.split(',')) {
    const name = part.trim() as HazardStatus;
    if (!HAZARD_STATUSES.includes(name)) return undefined;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** A `status` parameter as the server takes it ("open" stays "open"), or undefined when empty or unknown. */
export function normaliseStatus(param: string): string | undefined {
  if (param.trim() === OPEN_STATUS) return OPEN_STATUS;
  const statuses = param.trim() === '' ? undefined : statusesOf(param);
  return statuses ? statuses.join(',') : undefined;
}

export function normaliseSort(param: string): HazardSort | undefined {
  return (HAZARD_SORTS as readonly string[]).includes(param) ? (param as HazardSort) : undefined;
}

/** The keyword, trimmed and cut to KEYWORD_MAX characters (code points, as the server counts); undefined when empty. */
export function normaliseKeyword(param: string): string | undefined {
  const trimmed = param.trim();
  if (!trimmed) return undefined;
  return Array.from(trimmed).slice(0, KEYWORD_MAX).join('');
}

/** The list request a URL query stands for. Values the server would refuse are left out, not sent. */
export function hazardQueryFromRoute(query: RawQuery): HazardQuery {
  const severity = text(query, 'severity');
  const sort = normaliseSort(text(query, 'sort'));
  return {
    region_id: positiveInt(query, 'region_id'),
    enterprise_id: positiveInt(query, 'enterprise_id'),
    status: normaliseStatus(text(query, 'status')),
    severity: (SEVERITIES as readonly string[]).includes(severity) ? severity : undefined,
    overdue: text(query, 'overdue') === 'true' ? true : undefined,
    q: normaliseKeyword(text(query, 'q')),
    sort: sort === DEFAULT_SORT ? undefined : sort,
    page: positiveInt(query, 'page') ?? 1,
    page_size: positiveInt(query, 'page_size') ?? 20,
  };
}

export interface HazardListFilter {
  region_id?: number;
  enterprise_id?: number;
  status?: string;
  severity?: string;
  overdue?: boolean;
  q?: string;
  sort?: HazardSort;
}

/** A link to the hazard list showing exactly `filter` (the dashboard's cards, charts and rows). */
export function hazardListLink(filter: HazardListFilter): { path: string; query: Record<string, string> } {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    query[key] = String(value);
  }
  return { path: '/hazards', query };
}
