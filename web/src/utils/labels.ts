// Words, not codes (issue 12 point 5): every action, entity, role, status, severity, category,
// region kind and industry a person reads goes through here and the locale files. The server
// answers the names it owns (people, grids, industries, an audit entry's target); the codes it
// answers are translated by key. A code with no key is shown as it is (never hidden), so the
// page walk in web/e2e/words.mjs can see it.
import { i18n } from '@/i18n';

/** The translator these helpers use: the app's i18n, or another one in tests. */
export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

const appTranslator: Translator = {
  t: (key, named) => (named ? i18n.global.t(key, named) : i18n.global.t(key)),
  te: (key) => i18n.global.te(key),
};

/** The text of `prefix.code`, or the code itself when the locale has no such key. */
export function codeLabel(prefix: string, code: string | null | undefined, tr: Translator = appTranslator): string {
  if (code === null || code === undefined || code === '') return '—';
  const key = `${prefix}.${code}`;
  return tr.te(key) ? tr.t(key) : code;
}

/** A hazard or audit action: "escalate" → "逾期升级". */
export const actionLabel = (action: string, tr: Translator = appTranslator) => codeLabel('words.action', action, tr);
/** An audited thing: "public_report" → "群众举报". */
export const entityLabel = (entity: string, tr: Translator = appTranslator) => codeLabel('words.entity', entity, tr);
/** A user's role: "inspector" → "网格员". */
export const roleLabel = (role: string | null | undefined, tr: Translator = appTranslator) => codeLabel('roles', role, tr);
/** A hazard status: "rectifying" → "整改中". */
export const statusLabel = (status: string | null | undefined, tr: Translator = appTranslator) => codeLabel('status', status, tr);

/** Who acted, as people know them. */
export interface Actor {
  actor_id?: number | null;
  actor_name?: string | null;
  actor_role?: string | null;
}

/**
 * "沈建国（网格员）"; a person without a role on file by name alone. No actor at all is the system,
 * or the public with `{ public: true }` (a citizen's report).
 */
export function personLabel(actor: Actor, options: { public?: boolean } = {}, tr: Translator = appTranslator): string {
  const name = actor.actor_name?.trim();
  if (!name) {
    if (actor.actor_id === null || actor.actor_id === undefined) return tr.t(options.public ? 'words.public' : 'words.system');
    return tr.t('words.system');
  }
  if (!actor.actor_role) return name;
  // The role as said after a name (村社干部, not 村（社区） inside another pair of brackets).
  const role = tr.te(`words.role.${actor.actor_role}`) ? tr.t(`words.role.${actor.actor_role}`) : roleLabel(actor.actor_role, tr);
  return tr.t('words.person', { name, role });
}

/** A history row's status change: null when the status stayed (an escalation, a listing). */
export function statusChange(from: string | null | undefined, to: string | null | undefined, tr: Translator = appTranslator): string | null {
  if (!to || from === to) return null;
  return from ? `${statusLabel(from, tr)} → ${statusLabel(to, tr)}` : `→ ${statusLabel(to, tr)}`;
}

/** What an audit entry is about. */
export interface AuditTarget {
  entity: string;
  entity_id: number | string | null;
  entity_label?: string | null;
}

/** "隐患《灭火器过期》"; without a name "企业（编号 12）"; without an id the kind alone. */
export function auditTargetLabel(entry: AuditTarget, tr: Translator = appTranslator): string {
  const entity = entityLabel(entry.entity, tr);
  if (entry.entity_label) return tr.t('words.named', { entity, label: entry.entity_label });
  if (entry.entity_id === null || entry.entity_id === undefined || entry.entity_id === 0 || entry.entity_id === '0') return entity;
  return tr.t('words.numbered', { entity, id: entry.entity_id });
}

/** The page of an audited thing, where the app has one. */
export function auditTargetPath(entry: AuditTarget & { after?: unknown; before?: unknown }): string | null {
  const id = Number(entry.entity_id);
  if (!Number.isInteger(id) || id <= 0) return null;
  if (entry.entity === 'hazard') return `/hazards/${id}`;
  if (entry.entity === 'enterprise') return `/enterprises/${id}`;
  if (entry.entity === 'public_report') {
    const hazard = hazardIdOf(entry.after) ?? hazardIdOf(entry.before);
    return hazard ? `/hazards/${hazard}` : null;
  }
  return null;
}

function hazardIdOf(value: unknown): number | null {
  if (!value || typeof value !== 'object') return null;
  const id = (value as Record<string, unknown>).hazard_id;
  return typeof id === 'number' && id > 0 ? id : null;
}

/** "机织服装制造（1810）"; a code the server has no name for: "1810（未知行业）"; none: "—". */
export function industryLabel(
  enterprise: { industry_code?: string | null; industry_name?: string | null; industry_name_en?: string | null },
  tr: Translator = appTranslator,
  locale: string = String(i18n.global.locale.value),
): string {
  const code = enterprise.industry_code?.trim();
  if (!code) return '—';
  const name = locale.startsWith('en') ? enterprise.industry_name_en || enterprise.industry_name : enterprise.industry_name;
  return name ? tr.t('words.industry', { name, code }) : tr.t('words.unknownIndustry', { code });
}
