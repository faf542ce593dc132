import { http } from './http';
import type { Campaign, CampaignDetail, CampaignEnterprise, CampaignInput, Page } from './types';

/** Campaigns (专项整治) in the caller's scope; `open_on` (YYYY-MM-DD) keeps the ones open that day,
 * `enterprise_id` the ones whose scope holds that enterprise (the server decides). */
export function listCampaigns(query: { open_on?: string; enterprise_id?: number; page?: number; page_size?: number } = {}): Promise<Page<Campaign>> {
  return http.get<Page<Campaign>>('/campaigns', query);
}

/** One campaign with its progress in the caller's area (`by: 'grid'` groups the town's view by grid). */
export function getCampaign(id: number, query: { by?: 'village' | 'grid' } = {}): Promise<CampaignDetail> {
  return http.get<CampaignDetail>(`/campaigns/${id}`, query);
}

/** A new campaign (town, admin); the server's 422 names the field. */
export function createCampaign(body: CampaignInput, idempotencyKey?: string): Promise<CampaignDetail> {
  return http.post<CampaignDetail>('/campaigns', body, { idempotencyKey });
}

/** A re-check round (回头看) of a campaign (town, admin). */
export function recheckCampaign(id: number, body: { starts_on: string; ends_on: string; name?: string }, idempotencyKey?: string): Promise<CampaignDetail> {
  return http.post<CampaignDetail>(`/campaigns/${id}/recheck`, body, { idempotencyKey });
}

/** The enterprises in scope not yet inspected for it (or inspected, with `inspected: true`). */
export function listCampaignEnterprises(id: number, query: { inspected?: boolean; page?: number; page_size?: number } = {}): Promise<Page<CampaignEnterprise>> {
  return http.get<Page<CampaignEnterprise>>(`/campaigns/${id}/enterprises`, query);
}

/** The campaign as .xlsx (progress, by region, not yet inspected). */
export function exportCampaign(id: number): Promise<Blob> {
  return http.get<Blob>(`/campaigns/${id}/export.xlsx`, {}, { responseType: 'blob' });
}
