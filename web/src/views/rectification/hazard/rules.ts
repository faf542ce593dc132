// The closed loop of CONTRACT.md, as the UI needs it: which actions a role may take on a hazard
// in its current state, and what each action's form requires. The server decides in the end
// (409 invalid_transition, 403); this only keeps the UI from offering what would be refused.
import type { Hazard, HazardAction, Role } from '@/api/types';

interface Rule {
  from: Hazard['status'];
  roles: readonly Role[];
  /** For approve/return of a major hazard only the town may act. */
  majorRoles?: readonly Role[];
  needs: readonly ('due_at' | 'comment' | 'comment_or_attachments' | 'enterprise_id' | 'later_due_at')[];
}

export const ACTION_RULES: Record<HazardAction, Rule> = {
  confirm: { from: 'reported', roles: ['town', 'village', 'inspector'], needs: ['due_at'] },
  reject: { from: 'reported', roles: ['town', 'village', 'inspector'], needs: ['comment'] },
  submit: { from: 'rectifying', roles: ['enterprise', 'inspector'], needs: ['comment_or_attachments'] },
  approve: { from: 'submitted', roles: ['town', 'village', 'inspector'], majorRoles: ['town'], needs: [] },
  return: { from: 'submitted', roles: ['town', 'village', 'inspector'], majorRoles: ['town'], needs: ['comment'] },
  extend: { from: 'rectifying', roles: ['town', 'village'], needs: ['later_due_at', 'comment'] },
  assign: { from: 'reported', roles: ['town', 'village'], needs: ['enterprise_id'] },
};

export const ACTION_ORDER: HazardAction[] = ['confirm', 'assign', 'reject', 'submit', 'approve', 'return', 'extend'];

export function allowedActions(hazard: Pick<Hazard, 'status' | 'severity' | 'enterprise_id'>, role: Role | null): HazardAction[] {
  if (!role) return [];
  return ACTION_ORDER.filter((action) => {
    const rule = ACTION_RULES[action];
    if (rule.from !== hazard.status) return false;
    const roles = hazard.severity === 'major' && rule.majorRoles ? rule.majorRoles : rule.roles;
    if (!roles.includes(role)) return false;
    // `confirm` needs an enterprise: a public report must be assigned first.
    if (action === 'confirm' && hazard.enterprise_id === null) return false;
    return true;
  });
}

export interface ActionForm {
  comment: string;
  due_at: string; // yyyy-mm-dd from the date picker, '' when unset
  severity: '' | 'general' | 'major';
  enterprise_id: number | undefined;
  photos: Blob[];
}

/** Client-side checks; keys are the contract's field names, values i18n keys. */
export function validateAction(action: HazardAction, form: ActionForm, hazard: Pick<Hazard, 'due_at'>, today = new Date()): Record<string, string> {
  const errors: Record<string, string> = {};
  const needs = ACTION_RULES[action].needs;
  const day = (value: string) => new Date(`${value}T23:59:59`);
  if (needs.includes('due_at')) {
    if (!form.due_at) errors.due_at = 'action.errDueRequired';
    else if (day(form.due_at) < today) errors.due_at = 'action.errDuePast';
  }
  if (needs.includes('later_due_at')) {
    if (!form.due_at) errors.due_at = 'action.errDueRequired';
    else if (hazard.due_at && day(form.due_at) <= new Date(hazard.due_at)) errors.due_at = 'action.errDueNotLater';
  }
  if (needs.includes('comment') && !form.comment.trim()) errors.comment = 'action.errCommentRequired';
  if (needs.includes('comment_or_attachments') && !form.comment.trim() && form.photos.length === 0) {
    errors.comment = 'action.errCommentOrPhoto';
  }
  if (needs.includes('enterprise_id') && !form.enterprise_id) errors.enterprise_id = 'action.errEnterpriseRequired';
  return errors;
}
