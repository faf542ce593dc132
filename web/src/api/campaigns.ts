import { http } from './http';
import type { Campaign, Page } from './types';

/** Campaigns (专项整治) in the caller's scope; `open_on` (YYYY-MM-DD) keeps the ones open that day,
 * `enterprise_id` the ones whose scope holds that enterprise (the server decides). */
export function listCampaigns(query: { open_on?: string; enterprise_id?: number; page?: number; page_size?: number } = {}): Promise<Page<Campaign>> {
  return http.get<Page<Campaign>>('/campaigns', query);
}
