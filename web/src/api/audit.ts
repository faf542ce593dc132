import { http } from './http';
import type { AuditEntry, Page } from './types';

/** Audit page (town, admin). */
export function listAudit(query: { entity?: string; entity_id?: string | number; page?: number; page_size?: number }): Promise<Page<AuditEntry>> {
  return http.get<Page<AuditEntry>>('/audit', query);
}
