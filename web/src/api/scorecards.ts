import { http } from './http';

/** One item of a scorecard: the server decides points and the figure behind them; the web never
 * re-computes a score (docs/scorecards.md). */
export interface ScoreItem {
  code: string;
  label?: string;
  max: number;
  points: number;
  figure: string;
  manual?: boolean;
  value?: number | null;
}

export interface Scorecard {
  region?: { id: number; name: string };
  enterprise?: { id: number; name: string };
  score: number;
  rank: number;
  items: ScoreItem[];
}

export type ScoreLevel = 'village' | 'enterprise';

export interface ScorecardQuery {
  period: string;
  level: ScoreLevel;
  region_id?: number;
}

export interface ManualEntry {
  period: string;
  level: ScoreLevel;
  region_id?: number;
  enterprise_id?: number;
  code: string;
  points: number;
}

export function listScorecards(query: ScorecardQuery): Promise<Scorecard[]> {
  return http.get<Scorecard[]>('/scorecards', { ...query });
}

export function putManualScore(entry: ManualEntry): Promise<ManualEntry & { max: number }> {
  return http.put<ManualEntry & { max: number }>('/scorecards/manual', entry);
}

export function exportScorecards(query: ScorecardQuery): Promise<Blob> {
  return http.get<Blob>('/scorecards/export.xlsx', { ...query }, { responseType: 'blob' });
}
