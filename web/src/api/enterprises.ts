import { http } from './http';
import type { Enterprise, Page, Query } from './types';

export interface EnterpriseQuery extends Query {
  region_id?: number;
  q?: string;
  tag?: string;
  risk_level?: string;
  building_id?: number;
  page?: number;
  page_size?: number;
}

/** Enterprise list; the inspector's enterprise picker (cached offline). */
export function listEnterprises(query: EnterpriseQuery = {}): Promise<Page<Enterprise>> {
  return http.get<Page<Enterprise>>('/enterprises', query);
}

/** Enterprise file (一企一档). */
export function getEnterprise(id: number): Promise<Enterprise> {
  return http.get<Enterprise>(`/enterprises/${id}`);
}
