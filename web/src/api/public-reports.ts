import { http } from './http';
import type { PublicReport, PublicReportStatus } from './types';

/** Citizen report form (no login). */
export function addPublicReport(body: PublicReport): Promise<{ tracking_code: string }> {
  return http.post<{ tracking_code: string }>('/public/reports', body);
}

/** Citizen status page (no login). */
export function getPublicReport(code: string): Promise<PublicReportStatus> {
  return http.get<PublicReportStatus>(`/public/reports/${encodeURIComponent(code)}`);
}
