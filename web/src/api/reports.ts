import { http } from './http';

/** The monthly report's figures (GET /reports/monthly): the server computes every number, the page
 * only shows them (docs/reports.md). */
export interface MonthlyPlace {
  region_id: number;
  name: string;
  found: number;
  closed: number;
  overdue: number;
}

export interface MonthlyReport {
  period: string;
  region: { id: number; name: string; kind: 'town' | 'village' };
  as_of: string;
  hazards: { found: number; closed: number; overdue: number; majors_found: number; majors_open: number };
  by_region: MonthlyPlace[];
  training: { enterprises: number; covered: number; coverage: number; people: number };
}

export interface StoredReport {
  id: number;
  town: { id: number; name: string };
  period: string;
  generated_at: string;
  size: number;
  url: string;
}

export interface MonthlyQuery {
  period: string;
  region_id?: number;
}

export function getMonthlyReport(query: MonthlyQuery): Promise<MonthlyReport> {
  return http.get<MonthlyReport>('/reports/monthly', { ...query });
}

export function monthlyPdf(query: MonthlyQuery): Promise<Blob> {
  return http.get<Blob>('/reports/monthly.pdf', { ...query }, { responseType: 'blob' });
}

export function monthlyXlsx(query: MonthlyQuery): Promise<Blob> {
  return http.get<Blob>('/reports/monthly.xlsx', { ...query }, { responseType: 'blob' });
}

export function listStoredReports(): Promise<{ items: StoredReport[] }> {
  return http.get<{ items: StoredReport[] }>('/reports');
}

/** A stored report's PDF; `url` is the list item's (/api/v1/reports/{id}/report.pdf). */
export function storedReportPdf(id: number): Promise<Blob> {
  return http.get<Blob>(`/reports/${id}/report.pdf`, {}, { responseType: 'blob' });
}
