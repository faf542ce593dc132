// The registry kept in the web app (issue 7 point 4): creating and editing regions and
// enterprises, checking an enterprise form with the server's own rules while it is typed, and
// reading the answer to a stale edit (409 version_conflict: who changed what, and the record now).
import { http } from './http';
import type { Boundary } from './map';
import { isApiError, type ApiError } from './errors';
import type { Building, Enterprise, Page, Region, RegionKind, Responsible, Tag } from './types';

export interface RegionInput {
  name: string;
  code: string;
  responsible: Responsible;
}

/** Regions page: a village under the town, a grid under a village (town and admin; 403 otherwise). */
export function createRegion(input: RegionInput & { kind: RegionKind; parent_id: number }): Promise<Region> {
  return http.post<Region>('/regions', input);
}

/** Regions page: name, code and responsible person; `version` is the one the form showed. */
export function updateRegion(id: number, input: RegionInput, version: number): Promise<Region> {
  return http.patch<Region>(`/regions/${id}`, input, version);
}

/** The region's outline (PATCH /regions/{id} {"boundary"}); null removes it. */
export function updateRegionBoundary(id: number, boundary: Boundary | null, version: number): Promise<Region> {
  return http.patch<Region>(`/regions/${id}`, { boundary }, version);
}

/** The body of POST /enterprises (and of a PATCH from the edit page: every field sent). */
export interface EnterpriseInput {
  name: string;
  credit_code: string;
  grid_id: number | null;
  building_id: number | null;
  address: string;
  industry_code: string;
  employees: number | null;
  tags: Tag[];
  lat: number | null;
  lng: number | null;
  contact_name: string;
  contact_phone: string;
}

export function createEnterprise(input: EnterpriseInput): Promise<Enterprise> {
  return http.post<Enterprise>('/enterprises', input);
}

export function updateEnterprise(id: number, input: Partial<EnterpriseInput>, version: number): Promise<Enterprise> {
  return http.patch<Enterprise>(`/enterprises/${id}`, input, version);
}

/**
 * The form as typed, checked by the server's own rules without saving: resolves {} when it would
 * pass, else the per-field reasons (a taken credit code is named at `credit_code`). With `id`, the
 * checks of an edit of that enterprise. Other failures (network, 403, 404) reject.
 */
export async function validateEnterprise(input: Partial<EnterpriseInput>, id?: number, signal?: AbortSignal): Promise<Record<string, string>> {
  try {
    await http.post<{ fields: Record<string, string> }>('/enterprises/validate', id ? { ...input, id } : input, { signal });
    return {};
  } catch (error) {
    if (isApiError(error) && error.status === 422) return error.fields;
    if (isApiError(error) && error.status === 409 && error.code === 'already_exists') return { credit_code: error.message };
    throw error;
  }
}

/** The buildings of one grid, for the enterprise form's building picker. */
export function listBuildingsInGrid(gridId: number): Promise<Page<Building>> {
  return http.get<Page<Building>>('/buildings', { region_id: gridId, page_size: 200 });
}

export interface FieldChange {
  field: string; // the audit entry's key: an API field, or a flattened one (responsible_name)
  before: unknown;
  after: unknown;
}

export interface LastChange {
  actor_id: number | null;
  actor_name: string | null; // null: a system write (import, command line)
  at: string;
  action: string;
  changes: FieldChange[];
}

export interface StaleEdit<T> {
  current: T;
  lastChange: LastChange | null;
}

/** The record as stored now and its last change, when `error` is a stale edit's 409; else null. */
export function staleEdit<T>(error: unknown): StaleEdit<T> | null {
  if (!isApiError(error) || error.status !== 409 || error.code !== 'version_conflict') return null;
  const extra = (error as ApiError).extra;
  if (!extra || typeof extra.current !== 'object' || extra.current === null) return null;
  const change = extra.last_change;
  return { current: extra.current as T, lastChange: typeof change === 'object' && change !== null ? (change as LastChange) : null };
}
