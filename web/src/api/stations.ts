// Micro fire stations (微型消防站): the server decides what is missing and what expires; the page
// only shows its answer (docs/stations.md).
import { http } from './http';
import type { Page } from './types';

export interface StationEquipment { item: string; name: string; count: number; min: number; expires_on: string | null }
export interface StationMissing { item: string; name: string; have: number; min: number }
export interface StationExpiring { item: string; name: string; expires_on: string; expired: boolean }
export interface StationDrill { id: number; station_id: number; held_on: string; response_s: number; note: string; created_at: string }
export interface Station {
  id: number;
  name: string;
  kind: string;
  town_id: number;
  village_id: number | null;
  region_id: number;
  region: { id: number; name: string };
  village: { id: number; name: string } | null;
  lat: number;
  lng: number;
  staff: number;
  radius_m: number;
  responsible_user_id: number | null;
  version: number;
  equipment: StationEquipment[];
  missing: StationMissing[];
  expiring: StationExpiring[];
  drills?: StationDrill[];
}
export interface StationInput { name?: string; kind?: string; region_id?: number; lat?: number; lng?: number; staff?: number; radius_m?: number }
export interface StationStandard { kinds: { type: string }[]; items: { item: string; name: string; min: Record<string, number> }[]; warning_days: number }
export interface Coverage { enterprises: number; covered: number; uncovered: { id: number; name: string; nearest_m: number | null }[] }

export function listStations(query: { region_id?: number; page?: number; page_size?: number } = {}): Promise<Page<Station>> {
  return http.get<Page<Station>>('/stations', query);
}
export function getStation(id: number): Promise<Station> {
  return http.get<Station>(`/stations/${id}`);
}
export function createStation(input: StationInput): Promise<Station> {
  return http.post<Station>('/stations', input);
}
/** A stale `version` answers 409 version_conflict with the station now: the page never overwrites. */
export function updateStation(id: number, input: StationInput, version: number): Promise<Station> {
  return http.patch<Station>(`/stations/${id}`, input, version);
}
export function setStationEquipment(id: number, row: { item: string; count: number; expires_on: string | null }): Promise<Station> {
  return http.post<Station>(`/stations/${id}/equipment`, row);
}
export function addStationDrill(id: number, drill: { held_on: string; response_s: number; note: string }): Promise<StationDrill> {
  return http.post<StationDrill>(`/stations/${id}/drills`, drill);
}
export function getStationStandard(): Promise<StationStandard> {
  return http.get<StationStandard>('/station-standard');
}
export function getCoverage(query: { region_id?: number } = {}): Promise<Coverage> {
  return http.get<Coverage>('/stats/coverage', query);
}
