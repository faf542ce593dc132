import { http } from './http';
import type { Building } from './types';

/** Enterprise file, "building" tab: the building with its landlord and all its tenants. */
export function getBuilding(id: number): Promise<Building> {
  return http.get<Building>(`/buildings/${id}`);
}
