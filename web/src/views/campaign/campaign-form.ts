// The campaign form's fields and the body POST /campaigns takes; the rules are the server's.
import type { CampaignInput } from '@/api/types';

export interface CampaignForm {
  name: string;
  starts_on: string;
  ends_on: string;
  region_ids: number[];
  tags: string[];
  categories: string[];
}

/** Element Plus tag colours of the server's status. */
export const STATUS_TYPE = { upcoming: 'info', open: 'success', finished: 'warning' } as const;

export function campaignBody(form: CampaignForm): CampaignInput {
  return {
    name: form.name,
    starts_on: form.starts_on ?? '',
    ends_on: form.ends_on ?? '',
    scope: { region_ids: [...form.region_ids], tags: [...form.tags] },
    categories: [...form.categories],
  };
}
