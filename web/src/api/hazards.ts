import { http } from './http';
import type { Hazard, HazardActionBody, NewHazard, Page, Query } from './types';

export interface HazardQuery extends Query {
  region_id?: number;
  enterprise_id?: number;
  status?: string;
  severity?: string;
  overdue?: boolean;
  /** part of the title, the description or the enterprise's name (≤ 100 characters) */
  q?: string;
  /** -created_at (default) | created_at | due_at | -due_at */
  sort?: string;
  page?: number;
  page_size?: number;
}

/**
 * The server's hazard detail lists its photos as `[{"id", "role": "before|after|evidence"}]`
 * (history entries as plain ids): the app keeps `attachments` as ids and the roles beside them.
 */
export function normaliseHazard(h: Hazard): Hazard {
  const raw = (h.attachments ?? []) as unknown as (number | { id: number; role?: string })[];
  const roles: Record<number, string> = {};
  const ids = raw.map((a) => {
    if (typeof a === 'number') return a;
    if (a.role) roles[a.id] = a.role;
    return a.id;
  });
  return { ...h, attachments: ids, attachment_roles: roles };
}

/** Hazard list, dashboard overdue list, enterprise file. */
export async function listHazards(query: HazardQuery = {}): Promise<Page<Hazard>> {
  const page = await http.get<Page<Hazard>>('/hazards', query);
  return { ...page, items: page.items.map(normaliseHazard) };
}

/** Hazard page (with its history). */
export async function getHazard(id: number): Promise<Hazard> {
  return normaliseHazard(await http.get<Hazard>(`/hazards/${id}`));
}

/** New hazard (staff) or self-report (enterprise). */
export async function addHazard(body: NewHazard, idempotencyKey?: string): Promise<Hazard> {
  return normaliseHazard(await http.post<Hazard>('/hazards', body, { idempotencyKey }));
}

/** Hazard page actions: confirm, reject, submit, approve, return, extend, assign. */
export async function runHazardAction(id: number, body: HazardActionBody, idempotencyKey?: string): Promise<Hazard> {
  return normaliseHazard(await http.post<Hazard>(`/hazards/${id}/actions`, body, { idempotencyKey }));
}

/** Hazard list "export": the same filters as an .xlsx file. */
export function exportHazards(query: HazardQuery): Promise<Blob> {
  return http.get<Blob>('/hazards/export.xlsx', query, { responseType: 'blob' });
}

/** Hazard page: the rectification notice (整改通知书) as PDF, for a link (the session cookie authorises it). */
export function hazardNoticeUrl(id: number): string {
  return http.url(`/hazards/${id}/notice.pdf`);
}
