// Who sees what: the role → home page rule and the menu built from the route table.
import type { RouteRecordRaw } from 'vue-router';
import type { Role, User } from '@/api/types';
import { appChildren } from './routes';

export function homeFor(user: Pick<User, 'role' | 'enterprise_id'> | null): string {
  switch (user?.role) {
    case 'admin':
    case 'town':
    case 'village':
      return '/dashboard';
    case 'inspector':
      return '/inspect';
    case 'enterprise':
      return '/hazards';
    default:
      return '/login';
  }
}

export interface MenuItem {
  name: string;
  path: string;
  title: string;
  icon: string;
}

export function menuFor(role: Role | null, user?: Pick<User, 'enterprise_id'> | null): MenuItem[] {
  if (!role) return [];
  return appChildren
    .filter((r: RouteRecordRaw) => r.meta?.menu && (r.meta.menuRoles ?? r.meta.roles ?? []).includes(role))
    .sort((a, b) => (a.meta?.rank ?? 0) - (b.meta?.rank ?? 0))
    .map((r) => ({
      name: String(r.name),
      path: r.name === 'my-enterprise' && user?.enterprise_id ? `/enterprises/${user.enterprise_id}` : r.path,
      title: r.meta?.title ?? '',
      icon: r.meta?.icon ?? 'Menu',
    }));
}
