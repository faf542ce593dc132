import { http } from './http';
import type { Building, Page } from './types';

/** Enterprise file, "building" tab, and the building page: the building with its landlord, all its tenants and the server's warnings. */
export function getBuilding(id: number): Promise<Building> {
  return http.get<Building>(`/buildings/${id}`);
}

export interface BuildingListParams {
  q?: string;
  region_id?: number;
  page?: number;
  page_size?: number;
}

/** Buildings list (/buildings): the caller's scope, paged; each with its tenant count and warnings. */
export function listBuildings(params: BuildingListParams = {}): Promise<Page<Building>> {
  return http.get<Page<Building>>('/buildings', { ...params });
}

/** The facts a building form edits (POST sends grid_id too; PATCH every field with the version shown). */
export interface BuildingInput {
  name: string;
  address: string;
  landlord_name: string;
  landlord_phone: string;
  floors: number | null;
  area_m2: number | null;
  height_m: number | null;
  people_sleeping: number;
  sleeping_separated: boolean;
  sandwich_panels: boolean;
}

/** One Idempotency-Key per form as filled in: a retry after a lost answer creates the building once. */
export function createBuilding(input: BuildingInput & { grid_id: number | null }, idempotencyKey?: string): Promise<Building> {
  return http.post<Building>('/buildings', input, { idempotencyKey });
}

/** A stale `version` answers 409 version_conflict: the form reloads, it never overwrites. */
export function updateBuilding(id: number, input: BuildingInput, version: number): Promise<Building> {
  return http.patch<Building>(`/buildings/${id}`, input, version);
}
