// Who sees what: the role → home page rule and the menu built from the route table.
import type { RouteRecordRaw } from 'vue-router';
import type { Role, User } from '@/api/types';
import { appChildren } from './routes';

export function homeFor(user: Pick<User, 'role' | 'enterprise_id'> | null): string {
  switch (user?.role) {
    case 'admin':
    case 'county':
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

/** The phone's bottom tab bar has room for five entries. */
export const TAB_SLOTS = 5;

/** Entries a phone always shows, when the role has them: the hazards (the daily work) and the inbox
 * (its unread badge is how a phone learns of new work). */
const PINNED_TABS = ['hazards', 'inbox'];

/**
 * The menu split for the phone's tab bar: up to five entries fit; a longer menu keeps the pinned
 * entries, fills the other slots in menu order and ends with a 更多 tab that opens the rest, so no
 * page of the role is out of reach on a phone.
 */
export function tabsFor(menu: MenuItem[], slots = TAB_SLOTS): { tabs: MenuItem[]; more: MenuItem[] } {
  if (menu.length <= slots) return { tabs: menu, more: [] };
  const pinned = menu.filter((m) => PINNED_TABS.includes(m.name));
  const others = menu.filter((m) => !PINNED_TABS.includes(m.name));
  const kept = new Set([...others.slice(0, slots - 1 - pinned.length), ...pinned]); // one slot is 更多
  return { tabs: menu.filter((m) => kept.has(m)), more: menu.filter((m) => !kept.has(m)) };
}
