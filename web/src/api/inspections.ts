import { http } from './http';
import type { Checklist, Inspection, InspectionCreated, NewInspection, Page } from './types';

/** Inspector's phone: checklist templates (cached offline). */
export function listChecklists(): Promise<Checklist[]> {
  return http.get<Checklist[]>('/checklists');
}

/** Inspector's phone: submit one inspection (the offline queue passes its own key). */
export function addInspection(body: NewInspection, idempotencyKey?: string): Promise<InspectionCreated> {
  return http.post<InspectionCreated>('/inspections', body, { idempotencyKey });
}

/** Enterprise file: inspections. */
export function listInspections(query: { enterprise_id?: number; region_id?: number; page?: number; page_size?: number }): Promise<Page<Inspection>> {
  return http.get<Page<Inspection>>('/inspections', query);
}
