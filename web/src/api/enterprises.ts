import { http } from './http';
import type { Enterprise, EnterpriseRisk, Page, Query } from './types';

export interface EnterpriseQuery extends Query {
  region_id?: number;
  q?: string;
  tag?: string;
  risk_level?: string;
  building_id?: number;
  due?: boolean; // due for inspection (by the risk colour's interval)
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

/** The enterprise's risk grade explained: factors, inspection dates, colour history. */
export function getEnterpriseRisk(id: number): Promise<EnterpriseRisk> {
  return http.get<EnterpriseRisk>(`/enterprises/${id}/risk`);
}

/**
 * Every enterprise matching the filters, page after page (the inspector's offline copy, the map
 * view). Stops after `maxPages` pages of 200; `truncated` tells the page to say so.
 */
export async function listAllEnterprises(query: Omit<EnterpriseQuery, 'page' | 'page_size'> = {}, maxPages = 50): Promise<{ items: Enterprise[]; total: number; truncated: boolean }> {
  const PAGE = 200;
  const items: Enterprise[] = [];
  let total = 0;
  for (let page = 1; page <= maxPages; page++) {
    const batch = await listEnterprises({ ...query, page, page_size: PAGE });
    items.push(...batch.items);
    total = batch.total;
    if (batch.items.length < PAGE || items.length >= batch.total) return { items, total, truncated: false };
  }
  return { items, total, truncated: items.length < total };
}
