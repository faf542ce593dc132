import { http } from './http';
import type { PublicReport, PublicReportReply, PublicReportStatus } from './types';

/** Citizen report form (no login); one key per report, so a retry after a lost answer files it once. */
export function addPublicReport(body: PublicReport, idempotencyKey?: string): Promise<{ tracking_code: string }> {
  return http.post<{ tracking_code: string }>('/public/reports', body, { idempotencyKey });
}

/** Citizen status page (no login). */
export function getPublicReport(code: string): Promise<PublicReportStatus> {
  return http.get<PublicReportStatus>(`/public/reports/${encodeURIComponent(code)}`);
}

/** Citizen status page (no login): the status plus the officer's reason when rejected or closed. */
export function getPublicReportReply(code: string): Promise<PublicReportReply> {
  return http.get<PublicReportReply>(`/public/reports/${encodeURIComponent(code)}/reply`);
}
