import { http } from './http';
import type { PublicReport, PublicReportStatus } from './types';

/** Citizen report form (no login); one key per report, so a retry after a lost answer files it once. */
export function addPublicReport(body: PublicReport, idempotencyKey?: string): Promise<{ tracking_code: string }> {
  return http.post<{ tracking_code: string }>('/public/reports', body, { idempotencyKey });
}

/** Citizen status page (no login). */
export function getPublicReport(code: string): Promise<PublicReportStatus> {
  return http.get<PublicReportStatus>(`/public/reports/${encodeURIComponent(code)}`);
}
