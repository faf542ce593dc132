// What a toast says after an action on a hazard: what happened and what comes next, from the action
// and the server's answer ("已退回，新期限 12月20日", "已提交整改，等待复查"), never a bare "操作成功".
// The one place these sentences are built (hazard page actions and the create form).
import type { Hazard } from '@/api/types';
import { formatMonthDay } from './format';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type Answer = Pick<Hazard, 'status' | 'due_at'> & { enterprise_name?: string | null };

/** After POST /hazards/{id}/actions answered `updated`; `previousDue` is the deadline before it. */
export function actionToast(t: Translate, action: string, updated: Answer, previousDue?: string | null): string {
  const due = updated.due_at ? formatMonthDay(updated.due_at) : '';
  switch (action) {
    case 'confirm':
      return due ? t('notify.toast.confirm', { due }) : t('notify.toast.confirmNoDue');
    case 'reject':
      return t('notify.toast.reject');
    case 'submit':
      return t('notify.toast.submit');
    case 'approve':
      return t('notify.toast.approve');
    case 'return':
      if (!due) return t('notify.toast.returnNoDue');
      return updated.due_at !== previousDue ? t('notify.toast.returnNewDue', { due }) : t('notify.toast.returnSameDue', { due });
    case 'extend':
      return t('notify.toast.extend', { due });
    case 'assign':
      return updated.enterprise_name ? t('notify.toast.assignTo', { name: updated.enterprise_name }) : t('notify.toast.assign');
    default:
      return t('notify.toast.other');
  }
}

/** After POST /hazards answered `created`: staff's hazard is being rectified, an enterprise's waits. */
export function createdToast(t: Translate, created: Answer): string {
  if (created.status === 'reported') return t('notify.toast.createdReported');
  return created.due_at ? t('notify.toast.created', { due: formatMonthDay(created.due_at) }) : t('notify.toast.createdNoDue');
}
