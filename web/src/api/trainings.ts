// Training sessions (百万员工消防安全大培训), their attendance and the coverage figures
// (CONTRACT "Training, micro fire stations, scorecards"; docs/training.md). The server decides
// scope, the 12-month window and coverage; the pages only show its answers.
import { http } from './http';
import type { Page } from './types';

export type TrainingKind = 'fire' | 'production' | 'drill';
export const TRAINING_KINDS: readonly TrainingKind[] = ['fire', 'production', 'drill'];

export interface Training {
  id: number;
  title: string;
  kind: TrainingKind;
  held_on: string;
  hours: number;
  region_id: number;
  region_name: string;
  /** Attendance rows (enterprises) and their people. */
  enterprises: number;
  people: number;
  created_at: string;
}

export interface Attendance {
  training_id: number;
  enterprise_id: number;
  enterprise_name: string;
  enterprise: { id: number; name: string };
  people: number;
  recorded_at: string;
}

export interface TrainingDetail extends Training {
  attendance: Attendance[];
}

export interface TrainingInput {
  title: string;
  kind: TrainingKind;
  held_on: string;
  region_id: number;
  hours: number;
}

export interface Coverage {
  enterprises: number;
  covered: number;
  /** covered / enterprises, 0..1 */
  coverage: number;
  people: number;
}

export interface TrainingStats extends Coverage {
  window: { after: string; through: string };
  by_region: (Coverage & { region: { id: number; name: string; kind: string } })[];
}

export interface EnterpriseTraining {
  id: number;
  title: string;
  kind: TrainingKind;
  held_on: string;
  hours: number;
  region_id: number;
  region_name: string;
  /** This enterprise's people at the session. */
  people: number;
}

export interface EnterpriseTrainings {
  items: EnterpriseTraining[];
  total: number;
  covered: boolean;
  last_held_on: string | null;
}

export function listTrainings(
  query: { region_id?: number; kind?: string; from?: string; to?: string; page?: number; page_size?: number } = {},
): Promise<Page<Training>> {
  return http.get<Page<Training>>('/trainings', query);
}

export function getTraining(id: number): Promise<TrainingDetail> {
  return http.get<TrainingDetail>(`/trainings/${id}`);
}

export function createTraining(input: TrainingInput): Promise<TrainingDetail> {
  return http.post<TrainingDetail>('/trainings', input);
}

export function recordAttendance(id: number, enterpriseId: number, people: number): Promise<Attendance> {
  return http.post<Attendance>(`/trainings/${id}/attendance`, { enterprise_id: enterpriseId, people });
}

export function deleteAttendance(id: number, enterpriseId: number): Promise<void> {
  return http.request<void>(`/trainings/${id}/attendance/${enterpriseId}`, { method: 'DELETE' });
}

export function getTrainingStats(regionId?: number): Promise<TrainingStats> {
  return http.get<TrainingStats>('/stats/training', { region_id: regionId });
}

export function getEnterpriseTrainings(enterpriseId: number): Promise<EnterpriseTrainings> {
  return http.get<EnterpriseTrainings>(`/enterprises/${enterpriseId}/trainings`);
}

// QR sign-in (docs/training.md "QR sign-in"): the server decides the code, the days, who may sign in
// and how sign-ins become attendance; the pages only show its answers.
export interface SigninLink {
  code: string;
  url: string;
}

export interface SigninGroup {
  enterprise: { id: number; name: string };
  count: number;
  /** The people recorded for the enterprise now, or null. */
  attendance: number | null;
  signins: { id: number; name: string; phone: string; created_at: string }[];
}

export interface SigninSheet {
  open: boolean;
  link: SigninLink | null;
  accepts_from: string;
  accepts_through: string;
  accepting: boolean;
  total: number;
  by_enterprise: SigninGroup[];
}

export interface PublicTraining {
  title: string;
  kind: TrainingKind;
  held_on: string;
  hours: number;
  region_name: string;
  accepts_from: string;
  accepts_through: string;
  accepting: boolean;
  enterprises: { id: number; name: string }[];
}

export interface PublicSignin {
  id: number;
  training_id: number;
  name: string;
  enterprise: { id: number; name: string };
  created_at: string;
}

export function openSignin(id: number): Promise<SigninLink> {
  return http.post<SigninLink>(`/trainings/${id}/signin`, {});
}

export function closeSignin(id: number): Promise<void> {
  return http.request<void>(`/trainings/${id}/signin`, { method: 'DELETE' });
}

export function getSignins(id: number): Promise<SigninSheet> {
  return http.get<SigninSheet>(`/trainings/${id}/signins`);
}

/** 计入出勤: the enterprise's sign-in count becomes its attendance (a larger count is kept). */
export function acceptSignins(id: number, enterpriseId: number): Promise<Attendance> {
  return http.post<Attendance>(`/trainings/${id}/signins/attendance`, { enterprise_id: enterpriseId });
}

/** The sign-in poster as PDF, for a link (the session cookie authorises it). */
export function signinPosterUrl(id: number): string {
  return http.url(`/trainings/${id}/signin-poster.pdf`);
}

/** The worker's sign-in page (no login). */
export function getPublicTraining(code: string): Promise<PublicTraining> {
  return http.get<PublicTraining>(`/public/trainings/${encodeURIComponent(code)}`);
}

export function signIn(code: string, body: { name: string; phone: string; enterprise_id: number | null }): Promise<PublicSignin> {
  return http.post<PublicSignin>(`/public/trainings/${encodeURIComponent(code)}/signins`, body);
}
