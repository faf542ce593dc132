// The new-user form's rules, the same as the server's (which decides in the end: its 422 field
// errors are shown at the fields too). Messages are i18n keys.
import type { NewUser, Region, RegionKind, Role } from '@/api/types';

export interface UserForm {
  username: string;
  display_name: string;
  phone: string;
  password: string;
  role: Role | '';
  region_id: number | undefined;
  enterprise_id: number | undefined;
}

export const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;
export const PASSWORD_MIN = 8;
const PHONE = /^[0-9+\-() ]{5,20}$/;

/** The kind of region an account of this role answers for (none: admin, enterprise). */
export const REGION_KIND: Partial<Record<Role, RegionKind>> = { town: 'town', village: 'village', inspector: 'grid' };

/** Roles the caller may create: the admin any, the town staff everything below the admin. */
export function creatableRoles(caller: Role | null): Role[] {
  if (caller === 'admin') return ['admin', 'town', 'village', 'inspector', 'enterprise'];
  if (caller === 'town') return ['town', 'village', 'inspector', 'enterprise'];
  return [];
}

/** The regions of the visible tree that fit the role (flat, with their path for the label). */
export function regionsFor(tree: Region[], role: Role | ''): { id: number; label: string }[] {
  const kind = role ? REGION_KIND[role] : undefined;
  if (!kind) return [];
  const out: { id: number; label: string }[] = [];
  const walk = (nodes: Region[], path: string[]) => {
    for (const n of nodes) {
      const here = [...path, n.name];
      if (n.kind === kind) out.push({ id: n.id, label: here.join(' / ') });
      walk(n.children ?? [], here);
    }
  };
  walk(tree, []);
  return out;
}

/** Field → i18n key of what is wrong; empty when the form may be sent. */
export function validateUser(form: UserForm, tree: Region[]): Record<string, string> {
  const e: Record<string, string> = {};
  if (!USERNAME.test(form.username.trim())) e.username = 'users.errUsername';
  if (form.password.length < PASSWORD_MIN) e.password = 'users.errPassword';
  if (form.phone.trim() && !PHONE.test(form.phone.trim())) e.phone = 'users.errPhone';
  if (!form.role) e.role = 'users.errRole';
  else if (REGION_KIND[form.role]) {
    if (!form.region_id) e.region_id = 'users.errRegion';
    else if (tree.length && !regionsFor(tree, form.role).some((r) => r.id === form.region_id)) e.region_id = `users.errRegionKind.${REGION_KIND[form.role]}`;
  } else if (form.role === 'enterprise' && !form.enterprise_id) e.enterprise_id = 'users.errEnterprise';
  return e;
}

/** The request body: only what the role needs. */
export function userBody(form: UserForm): NewUser {
  const role = form.role as Role;
  const body: NewUser = { username: form.username.trim(), password: form.password, role };
  if (form.display_name.trim()) body.display_name = form.display_name.trim();
  if (form.phone.trim()) body.phone = form.phone.trim();
  if (REGION_KIND[role] && form.region_id) body.region_id = form.region_id;
  if (role === 'enterprise' && form.enterprise_id) body.enterprise_id = form.enterprise_id;
  return body;
}
