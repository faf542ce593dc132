// The building form (create and edit dialogs of /buildings and /buildings/{id}): the values it
// edits, the body it sends, and what someone else changed when a save comes back 409 stale.
// The 群租厂房 / 三合一 warnings are the server's (Building.warnings): nothing here computes them.
import type { BuildingInput } from '@/api/buildings';
import type { Building, Region } from '@/api/types';

/** The form as typed: numbers may be left empty (undefined) until sent. */
export interface BuildingForm {
  grid_id: number | undefined;
  name: string;
  address: string;
  landlord_name: string;
  landlord_phone: string;
  floors: number | undefined;
  area_m2: number | undefined;
  height_m: number | undefined;
  people_sleeping: number | undefined;
  sleeping_separated: boolean;
  sandwich_panels: boolean;
}

/** The fields the form shows, in its order (also the order of a conflict's list of changes). */
export const BUILDING_FIELDS = [
  'name',
  'address',
  'landlord_name',
  'landlord_phone',
  'floors',
  'area_m2',
  'height_m',
  'people_sleeping',
  'sleeping_separated',
  'sandwich_panels',
] as const;
export type BuildingField = (typeof BUILDING_FIELDS)[number];

export function blankBuildingForm(gridId?: number): BuildingForm {
  return {
    grid_id: gridId,
    name: '',
    address: '',
    landlord_name: '',
    landlord_phone: '',
    floors: undefined,
    area_m2: undefined,
    height_m: undefined,
    people_sleeping: 0,
    sleeping_separated: false,
    sandwich_panels: false,
  };
}

const orUndefined = (v: number | null | undefined): number | undefined => (v === null || v === undefined ? undefined : v);

/** The form filled with a building as the server has it now. */
export function formOf(b: Building): BuildingForm {
  return {
    grid_id: b.grid_id,
    name: b.name,
    address: b.address ?? '',
    landlord_name: b.landlord_name ?? '',
    landlord_phone: b.landlord_phone ?? '',
    floors: orUndefined(b.floors),
    area_m2: orUndefined(b.area_m2),
    height_m: orUndefined(b.height_m),
    people_sleeping: b.people_sleeping ?? 0,
    sleeping_separated: b.sleeping_separated ?? false,
    sandwich_panels: b.sandwich_panels ?? false,
  };
}

/** The body sent: every edited field, an empty number as null (cleared), trimmed text; the server validates. */
export function buildingBody(form: BuildingForm): BuildingInput {
  const num = (v: number | undefined): number | null => (v === undefined || v === null || Number.isNaN(v) ? null : v);
  return {
    name: form.name.trim(),
    address: form.address.trim(),
    landlord_name: form.landlord_name.trim(),
    landlord_phone: form.landlord_phone.trim(),
    floors: num(form.floors),
    area_m2: num(form.area_m2),
    height_m: num(form.height_m),
    people_sleeping: num(form.people_sleeping) ?? 0,
    sleeping_separated: form.sleeping_separated,
    sandwich_panels: form.sandwich_panels,
  };
}

export interface BuildingChange {
  field: BuildingField;
  before: BuildingForm[BuildingField];
  after: BuildingForm[BuildingField];
}

/**
 * What changed between the building as this form opened it and as it is stored now (after a 409
 * stale edit): the other person's changes, field by field, in the form's order.
 */
export function changesBetween(opened: Building, current: Building): BuildingChange[] {
  const a = formOf(opened);
  const b = formOf(current);
  return BUILDING_FIELDS.filter((f) => a[f] !== b[f]).map((field) => ({ field, before: a[field], after: b[field] }));
}

/** The grids of the caller's region tree as "village / grid" choices (a building sits in one grid). */
export function gridOptions(tree: Region[]): { id: number; label: string }[] {
  const out: { id: number; label: string }[] = [];
  const walk = (nodes: Region[], path: string[]) => {
    for (const n of nodes) {
      const here = n.kind === 'town' ? path : [...path, n.name];
      if (n.kind === 'grid') out.push({ id: n.id, label: here.join(' / ') });
      walk(n.children ?? [], here);
    }
  };
  walk(tree, []);
  return out;
}
