// The enterprise form's data, free of Vue so it is unit-tested: the form from a record, what the
// user changed relative to the version they opened (an edit sends only that, so it never writes
// back a field someone else changed meanwhile), and re-applying those changes onto a newer version.
import type { EnterpriseInput } from '@/api/registry-edit';
import type { Enterprise, Region } from '@/api/types';

export type FormKey = keyof EnterpriseInput;
export const FORM_KEYS: readonly FormKey[] = ['name', 'credit_code', 'grid_id', 'building_id', 'address', 'industry_code', 'employees', 'tags', 'lat', 'lng', 'contact_name', 'contact_phone'];

export function emptyForm(): EnterpriseInput {
  return { name: '', credit_code: '', grid_id: null, building_id: null, address: '', industry_code: '', employees: null, tags: [], lat: null, lng: null, contact_name: '', contact_phone: '' };
}

export function formOf(e: Enterprise): EnterpriseInput {
  return {
    name: e.name,
    credit_code: e.credit_code,
    grid_id: e.grid_id,
    building_id: e.building_id ?? null,
    address: e.address,
    industry_code: e.industry_code,
    employees: e.employees ?? null,
    tags: [...e.tags],
    lat: e.lat,
    lng: e.lng,
    contact_name: e.contact_name,
    contact_phone: e.contact_phone,
  };
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return a === b;
}

/** The fields of `form` that differ from `base` (the version the user opened), trimmed text. */
export function changedFields(form: EnterpriseInput, base: EnterpriseInput): Partial<EnterpriseInput> {
  const out: Record<string, unknown> = {};
  for (const key of FORM_KEYS) {
    if (!same(form[key], base[key])) out[key] = form[key];
  }
  return out as Partial<EnterpriseInput>;
}

/** The newer version with the user's own changes (relative to the version they opened) on top. */
export function reapply(form: EnterpriseInput, openedBase: EnterpriseInput, current: Enterprise): EnterpriseInput {
  return { ...formOf(current), ...changedFields(form, openedBase) };
}

/** Server field errors keyed as the form shows them: lat/lng are the one location field. */
export function formErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...fields };
  for (const key of ['lat', 'lng']) {
    if (out[key] && !out.location) out.location = out[key];
  }
  return out;
}

export interface GridOption {
  id: number;
  label: string;
}

/** Every grid of the visible tree, labelled "村 / 网格" (a root grid, for an inspector, by its name). */
export function gridOptions(tree: readonly Region[]): GridOption[] {
  const out: GridOption[] = [];
  const walk = (nodes: readonly Region[], village: string | null) => {
    for (const n of nodes) {
      if (n.kind === 'grid') out.push({ id: n.id, label: village ? `${village} / ${n.name}` : n.name });
      else walk(n.children ?? [], n.kind === 'village' ? n.name : village);
    }
  };
  walk(tree, null);
  return out;
}
