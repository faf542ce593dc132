// What each hazard action's form asks for — presentation only. WHO may take WHICH action WHEN
// is the server's rule alone: the hazard's `allowed_actions` (core/hazard/state_machine.cpp),
// which the page shows as buttons as they come. The checks below only spare a round trip for
// a field left empty; whether a date is late enough, or a comment is needed for this hazard,
// the server answers, and its field errors show at the field.
import type { Hazard, HazardAction } from '@/api/types';

export type Requirement = 'required' | 'optional' | 'hidden';

export interface ActionFormSpec {
  due_at: Requirement; // a deadline (confirm) or a new one (extend)
  comment: Requirement | 'or_photos'; // submit: a comment or photos of the fix
  photos: boolean;
  severity: boolean; // confirm may re-grade the hazard
  enterprise_id: boolean; // assign: to which enterprise
  /** The new deadline must be later than the hazard's current one (extend; return when it asks one). */
  due_later: boolean;
}

const spec = (over: Partial<ActionFormSpec>): ActionFormSpec => ({ due_at: 'hidden', comment: 'optional', photos: false, severity: false, enterprise_id: false, due_later: false, ...over });

export const ACTION_FORMS: Record<HazardAction, ActionFormSpec> = {
  confirm: spec({ due_at: 'required', severity: true }),
  reject: spec({ comment: 'required', photos: true }),
  submit: spec({ comment: 'or_photos', photos: true }),
  approve: spec({ photos: true }), // photos of the re-check (复查)
  return: spec({ comment: 'required', photos: true, due_later: true }),
  extend: spec({ due_at: 'required', comment: 'required', due_later: true }),
  assign: spec({ enterprise_id: true }),
};

const KNOWN = new Set<string>(Object.keys(ACTION_FORMS));

/** The server's `allowed_actions`, less any this app has no form for (a newer server's). */
export function actionsOffered(allowed: readonly string[] | null | undefined): HazardAction[] {
  return (allowed ?? []).filter((a): a is HazardAction => KNOWN.has(a));
}

export interface ActionForm {
  comment: string;
  due_at: string; // yyyy-mm-dd from the date picker, '' when unset
  severity: '' | 'general' | 'major';
  enterprise_id: number | undefined;
  photos: Blob[];
}

/** The form of `action` on this hazard: return asks a new deadline when the server says one is
 * needed (`return_needs_due_at`); the rule behind it is the server's alone. */
export function formSpec(action: HazardAction, hazard?: Pick<Hazard, 'return_needs_due_at'>): ActionFormSpec {
  const base = ACTION_FORMS[action];
  if (action === 'return' && hazard?.return_needs_due_at) return { ...base, due_at: 'required' };
  return base;
}

/** Fields left empty that the form asks for; keys are the contract's field names, values i18n keys. */
export function missingFields(action: HazardAction, form: ActionForm, hazard?: Pick<Hazard, 'return_needs_due_at'>): Record<string, string> {
  const f = formSpec(action, hazard);
  const errors: Record<string, string> = {};
  if (f.due_at === 'required' && !form.due_at) errors.due_at = 'action.errDueRequired';
  if (f.comment === 'required' && !form.comment.trim()) errors.comment = 'action.errCommentRequired';
  if (f.comment === 'or_photos' && !form.comment.trim() && form.photos.length === 0) errors.comment = 'action.errCommentOrPhoto';
  if (f.enterprise_id && !form.enterprise_id) errors.enterprise_id = 'action.errEnterpriseRequired';
  return errors;
}
