// GET /api/v1/plan: the inspector's day (CONTRACT "Risk grading and plans").
import { http } from './http';
import type { RiskLevel } from './types';

export type PlanReason = 'recheck' | 'deadline' | 'due' | 'campaign';

export interface PlanStop {
  order: number;
  enterprise: { id: number; name: string; lat: number | null; lng: number | null; risk_level: RiskLevel | null };
  reasons: PlanReason[];
  hazard_ids: number[];
  /** The open campaigns that put it on the plan, lowest id first (optional: a plan cached before they were sent). */
  campaign_ids?: number[];
  /** Straight-line metres from the previous stop (0 for the first without a start, and for stops without a location). */
  leg_m: number;
}

export interface Plan {
  date: string;
  inspector_id: number;
  stops: PlanStop[];
  total_m: number;
}

export function getPlan(query: { date?: string; inspector_id?: number; start?: string } = {}): Promise<Plan> {
  return http.get<Plan>('/plan', query);
}
