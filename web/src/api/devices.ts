// Monitoring devices (智慧防控 设备登记, docs/devices.md): the server checks every rule (kinds,
// protocols, the unit address range, duplicates) and answers the device; the page shows its answer.
import { http } from './http';
import type { Page } from './types';

export const deviceKinds = ['smoke_detector', 'electrical_fire', 'fire_panel', 'gas_detector', 'water_pressure', 'other'] as const;
export type DeviceProtocol = 'gb26875' | 'mqtt';

export interface DeviceComponent {
  system_type: number;
  system_address: number;
  component_type: number;
  component_address: number;
  state: string;
  last_seen_at: string;
}
export interface Device {
  id: number;
  enterprise_id: number;
  enterprise: { id: number; name: string };
  building_id: number | null;
  kind: string;
  serial: string;
  protocol: DeviceProtocol;
  unit_address: number | null;
  state: 'normal' | 'fire' | 'fault' | 'offline';
  online: boolean;
  last_seen_at: string | null;
  version: number;
  components?: DeviceComponent[];
}
export interface DeviceInput {
  enterprise_id?: number;
  kind?: string;
  serial?: string;
  protocol?: DeviceProtocol;
  unit_address?: number | null;
  building_id?: number | null;
}

export function listDevices(query: { enterprise_id?: number; online?: boolean; page?: number; page_size?: number } = {}): Promise<Page<Device>> {
  return http.get<Page<Device>>('/devices', query);
}
export function getDevice(id: number): Promise<Device> {
  return http.get<Device>(`/devices/${id}`);
}
export function createDevice(input: DeviceInput): Promise<Device> {
  return http.post<Device>('/devices', input);
}
export function updateDevice(id: number, input: DeviceInput, version: number): Promise<Device> {
  return http.patch<Device>(`/devices/${id}`, input, version);
}
