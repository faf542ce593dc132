import { http } from './http';
import type { Hazard, HazardActionBody, NewHazard, Page, Query } from './types';

export interface HazardQuery extends Query {
  region_id?: number;
  enterprise_id?: number;
  status?: string;
  severity?: string;
  overdue?: boolean;
  page?: number;
  page_size?: number;
}

/** Hazard list, dashboard overdue list, enterprise file. */
export function listHazards(query: HazardQuery = {}): Promise<Page<Hazard>> {
  return http.get<Page<Hazard>>('/hazards', query);
}

/** Hazard page (with its history). */
export function getHazard(id: number): Promise<Hazard> {
  return http.get<Hazard>(`/hazards/${id}`);
}

/** New hazard (staff) or self-report (enterprise). */
export function addHazard(body: NewHazard, idempotencyKey?: string): Promise<Hazard> {
  return http.post<Hazard>('/hazards', body, { idempotencyKey });
}

/** Hazard page actions: confirm, reject, submit, approve, return, extend, assign. */
export function runHazardAction(id: number, body: HazardActionBody, idempotencyKey?: string): Promise<Hazard> {
  return http.post<Hazard>(`/hazards/${id}/actions`, body, { idempotencyKey });
}

/** Hazard list "export": the same filters as an .xlsx file. */
export function exportHazards(query: HazardQuery): Promise<Blob> {
  return http.get<Blob>('/hazards/export.xlsx', query, { responseType: 'blob' });
}

/** Hazard page: the rectification notice (整改通知书) as PDF, for a link (the session cookie authorises it). */
export function hazardNoticeUrl(id: number): string {
  return http.url(`/hazards/${id}/notice.pdf`);
}
