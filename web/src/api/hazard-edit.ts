import { http } from './http';
import { normaliseHazard } from './hazards';
import type { Hazard } from './types';

/** What staff may reword on a hazard (PATCH /hazards/{id}); absent fields stay as they are. */
export interface HazardEditBody {
  title?: string;
  description?: string;
  category?: string;
}

/** Staff edit a reported or rectifying hazard's words; `version` is the one shown (409 when stale). */
export async function editHazard(id: number, body: HazardEditBody, version: number): Promise<Hazard> {
  return normaliseHazard(await http.patch<Hazard>(`/hazards/${id}`, body, version));
}
